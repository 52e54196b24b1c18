#pragma once

// Shared by the KeyCryptoService tests: one workspace with an hsm vault and a software vault,
// key creation, SQL edits of key attributes, the last audit event of an operation.

#include "TestWorkspace.h"

#include "crypto/SecureBuffer.h"
#include "crypto/keys/JoseAlgorithm.h"
#include "model/audit/AuditLog.h"
#include "model/services/KeyCryptoService.h"
#include "model/store/Stores.h"

#include <QCryptographicHash>
#include <QSqlQuery>
#include <QTemporaryDir>
#include <QVariantList>

#include <memory>
#include <optional>

namespace custos::keytest {

inline const QString kHsmVault = QStringLiteral("hsm-vault");
inline const QString kSoftVault = QStringLiteral("soft-vault");

inline QString vaultFor(model::Protection protection)
{
    return protection == model::Protection::Hsm ? kHsmVault : kSoftVault;
}

inline model::Protection protectionNamed(const QString& name)
{
    return name == QLatin1String("hsm") ? model::Protection::Hsm : model::Protection::Software;
}

inline std::shared_ptr<const crypto::SecureBuffer> secretOf(const QByteArray& bytes)
{
    return std::make_shared<const crypto::SecureBuffer>(bytes.constData(), static_cast<std::size_t>(bytes.size()));
}

inline QByteArray bytesOf(const crypto::SecureBuffer& buffer)
{
    return QByteArray(buffer.chars(), static_cast<qsizetype>(buffer.size()));
}

inline QByteArray hashFor(crypto::JoseAlgorithm algorithm, const QByteArray& data)
{
    switch (crypto::digestOf(algorithm)) {
    case crypto::DigestKind::Sha384:
        return QCryptographicHash::hash(data, QCryptographicHash::Sha384);
    case crypto::DigestKind::Sha512:
        return QCryptographicHash::hash(data, QCryptographicHash::Sha512);
    case crypto::DigestKind::Sha1:
        return QCryptographicHash::hash(data, QCryptographicHash::Sha1);
    default:
        return QCryptographicHash::hash(data, QCryptographicHash::Sha256);
    }
}

inline model::KeyTarget target(const model::KeyRecord& key, const QString& version = {})
{
    return {key.vault, key.name, version};
}

class KeyFixture
{
public:
    // Empty on success, otherwise what failed.
    QString setUp()
    {
        m_tmp = std::make_unique<QTemporaryDir>();
        m_ready = test::makeReadyWorkspace(m_tmp->filePath(QStringLiteral("ws")));
        if (!m_ready)
            return QStringLiteral("no workspace");
        if (auto made = test::await(services().vaults().create({kHsmVault})); !made)
            return made.error().message;
        model::VaultCreateRequest soft(kSoftVault);
        soft.protection = model::Protection::Software;
        if (auto made = test::await(services().vaults().create(soft)); !made)
            return made.error().message;
        return {};
    }
    void tearDown()
    {
        m_ready.reset();
        m_tmp.reset();
    }

    model::Services& services() { return *m_ready->services; }
    model::KeyCryptoService& crypto() { return services().keyCrypto(); }
    model::Database& db() { return m_ready->workspace->database(); }
    model::Workspace& workspace() { return *m_ready->workspace; }

    Outcome<model::KeyRecord> createKey(model::Protection protection, const QString& name, crypto::KeyKind kind,
                                        int size = 0, const QString& curve = {}, const QStringList& ops = {},
                                        bool exportable = false)
    {
        model::KeyCreateRequest r;
        r.vault = vaultFor(protection);
        r.name = name;
        r.kty = kind;
        r.size = size;
        r.curve = curve;
        r.keyOps = ops;
        r.protection = protection;
        r.exportable = exportable;
        return test::await(services().keys().create(r));
    }

    std::optional<model::AuditEvent> lastEvent(const QString& operation)
    {
        model::AuditFilter filter;
        filter.operation = operation;
        auto events = model::AuditLog(db()).list(filter);
        if (!events || events->isEmpty())
            return std::nullopt;
        return events->last();
    }

    bool execSql(const QString& sql, const QVariantList& values)
    {
        QSqlQuery q(db().connection());
        if (!q.prepare(sql))
            return false;
        for (const QVariant& v : values)
            q.addBindValue(v);
        return q.exec();
    }

    bool hasColumn(const QString& table, const QString& column)
    {
        QSqlQuery q(db().connection());
        if (!q.exec(QStringLiteral("PRAGMA table_info(%1)").arg(table)))
            return false;
        while (q.next()) {
            if (q.value(1).toString() == column)
                return true;
        }
        return false;
    }

private:
    std::unique_ptr<QTemporaryDir> m_tmp;
    std::unique_ptr<test::ReadyWorkspace> m_ready;
};

} // namespace custos::keytest
