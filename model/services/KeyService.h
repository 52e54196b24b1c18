#pragma once

#include "OperationContext.h"
#include "crypto/Outcome.h"
#include "model/domain/Key.h"

#include <QCoro/QCoroTask>
#include <QDateTime>
#include <QMap>
#include <QObject>
#include <QStringList>

#include <functional>
#include <optional>

namespace custos::model {

class ServicePath;

struct KeyCreateRequest
{
    QString vault;
    QString name; // 1-127 letters, digits, dashes
    crypto::KeyKind kty = crypto::KeyKind::Rsa;
    int size = 0;                         // RSA 2048/3072/4096 (0: 2048), oct 128/192/256 (0: 256); none for EC
    QString curve;                        // EC P-256/P-384/P-521 (empty: P-256); none for RSA and oct
    QStringList keyOps;                   // empty: every operation the type supports except import and export
    std::optional<Protection> protection; // unset: the vault's
    bool exportable = false;              // software keys only
    QDateTime expires;                    // of version 1; invalid: none
    QMap<QString, QString> tags;
};

// Keys, every change through the one service path (authorised, audited).
// Permissions (ROLES.md): create keys/create at /vaults/V/keys/K; list/show/versions
// keys/read/action at the key (or any enclosing scope), not audited unless denied.
class KeyService : public QObject
{
    Q_OBJECT
public:
    explicit KeyService(ServicePath& path, QObject* parent = nullptr);

    static bool isValidName(const QString& name);
    static QString nameRule(); // "1-127 characters: letters, digits and dashes"

    QCoro::Task<Outcome<KeyRecord>> create(KeyCreateRequest request, OperationContext context = {});
    // Reads: authorised, not audited.
    Outcome<QList<KeyRecord>> list(const QString& vault); // the keys the operator may read, by name
    Outcome<KeyRecord> show(const QString& vault, const QString& name);
    Outcome<QList<KeyVersion>> versions(const QString& vault, const QString& name); // oldest first

    // A seam for tests: where new version ids come from (crypto::randomId by default).
    void setVersionIdSource(std::function<QString()> source) { m_versionIds = std::move(source); }

Q_SIGNALS:
    void keysChanged(); // after any committed change

private:
    Outcome<KeyRecord> findReadable(const QString& vault, const QString& name, const QString& operation);

    ServicePath& m_path;
    std::function<QString()> m_versionIds;
};

} // namespace custos::model
