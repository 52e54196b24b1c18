#pragma once

#include "OperationContext.h"
#include "crypto/Outcome.h"
#include "model/domain/Vault.h"

#include <QCoro/QCoroTask>
#include <QObject>

namespace custos::model {

class ServicePath;

struct VaultCreateRequest
{
    VaultCreateRequest() = default;
    VaultCreateRequest(QString vaultName) : name(std::move(vaultName)) {} // NOLINT: implicit on purpose

    QString name; // 3-24 letters, digits, dashes
    Protection protection = Protection::Hsm;
    int retentionDays = 90; // 7..90
    bool purgeProtection = false;
    QMap<QString, QString> tags;
};

// Vaults, every call through the one service path (authorised, audited).
// Permissions: create/update vaults/write; delete vaults/delete; list/show vaults/read;
// list-deleted vaults/deletedVaults/read; recover vaults/deletedVaults/recover;
// purge vaults/deletedVaults/delete (refused while purge protection holds).
class VaultService : public QObject
{
    Q_OBJECT
public:
    explicit VaultService(ServicePath& path, QObject* parent = nullptr);

    static bool isValidName(const QString& name);
    static QString nameRule(); // "3-24 characters: letters, digits and dashes"

    QCoro::Task<Outcome<Vault>> create(VaultCreateRequest request, OperationContext context = {});
    QCoro::Task<Outcome<Vault>> updateTags(QString name, QMap<QString, QString> tags, OperationContext context = {});
    QCoro::Task<Outcome<Vault>> remove(QString name, OperationContext context = {}); // soft delete
    QCoro::Task<Outcome<Vault>> recover(QString name, OperationContext context = {});
    QCoro::Task<Outcome<void>> purge(QString name, OperationContext context = {});
    // Reads: authorised, not audited.
    Outcome<QList<Vault>> list();
    Outcome<QList<Vault>> listDeleted();
    Outcome<Vault> show(const QString& name);

Q_SIGNALS:
    void vaultsChanged(); // after any committed change; item models reload from it

private:
    ServicePath& m_path;
};

} // namespace custos::model
