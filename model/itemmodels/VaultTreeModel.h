#pragma once

#include "model/domain/Vault.h"

#include <QAbstractItemModel>
#include <QCoro/QCoroTask>
#include <QList>

#include <optional>

namespace custos::model {

class ServiceHost;

// Two top-level groups, "Vaults" and "Deleted vaults", each listing vaults by name. Loads on the
// service thread when created and whenever vaults change, then resets itself with the result (a
// result a newer load has overtaken is dropped). Roles return text and semantic values (no icons: ui/ maps
// NodeKindRole to an icon). A list the operator may not read shows as empty.
class VaultTreeModel : public QAbstractItemModel
{
    Q_OBJECT
public:
    enum Column { NameColumn, ProtectionColumn, ColumnCount };
    enum Role { NodeKindRole = Qt::UserRole + 1, VaultNameRole, IsDeletedRole };
    enum class NodeKind { ActiveGroup, DeletedGroup, ActiveVault, DeletedVault };
    Q_ENUM(NodeKind)

    explicit VaultTreeModel(ServiceHost& host, QObject* parent = nullptr);

    void reload(); // keeps the rows until the new ones arrive
    bool isLoading() const { return m_loading; }
    std::optional<Vault> vault(const QModelIndex& index) const;
    // The active vault of that name, else the deleted one; invalid when neither exists.
    QModelIndex indexOf(const QString& vaultName) const;
    QModelIndex groupIndex(NodeKind group) const; // ActiveGroup or DeletedGroup

    QModelIndex index(int row, int column, const QModelIndex& parent = {}) const override;
    QModelIndex parent(const QModelIndex& child) const override;
    int rowCount(const QModelIndex& parent = {}) const override;
    int columnCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
    Qt::ItemFlags flags(const QModelIndex& index) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

Q_SIGNALS:
    void loaded(); // when a (re)load has arrived

private:
    const QList<Vault>* groupList(int group) const;
    QCoro::Task<> fetch(quint64 generation);

    ServiceHost& m_host;
    quint64 m_generation = 0;
    bool m_loading = false;
    QList<Vault> m_active;
    QList<Vault> m_deleted;
};

} // namespace custos::model
