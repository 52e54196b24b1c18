#pragma once

// Shared by the key lifecycle tests: a ready workspace with an HSM and a software vault, and ways
// to look at the token, the tables and the audit trail.

#include "TestWorkspace.h"

#include "model/audit/AuditLog.h"
#include "model/services/ServicePath.h"
#include "model/store/Stores.h"

#include <QSqlQuery>
#include <QTemporaryDir>
#include <QtConcurrent/QtConcurrentRun>

#include <functional>
#include <memory>

namespace custos::test {

class KeyLifecycleFixture
{
public:
    std::unique_ptr<QTemporaryDir> tmp;
    std::unique_ptr<ReadyWorkspace> ready;

    // A workspace in tmp/<dir> with vaults hsm-vault and soft-vault (software); false on failure.
    bool setUp(const QString& dir = QStringLiteral("ws"))
    {
        if (!tmp)
            tmp = std::make_unique<QTemporaryDir>();
        ready = makeReadyWorkspace(tmp->filePath(dir));
        if (!ready)
            return false;
        if (!await(ready->services->vaults().create({QStringLiteral("hsm-vault")})))
            return false;
        model::VaultCreateRequest soft(QStringLiteral("soft-vault"));
        soft.protection = model::Protection::Software;
        return static_cast<bool>(await(ready->services->vaults().create(soft)));
    }
    void tearDown()
    {
        ready.reset();
        tmp.reset();
    }

    model::KeyService& keys() { return ready->services->keys(); }
    model::Database& db() { return ready->workspace->database(); }
    model::ServicePath& path() { return ready->services->path(); }

    Outcome<model::KeyRecord> create(const QString& vault, const QString& name, crypto::KeyKind kty, int size = 0)
    {
        model::KeyCreateRequest r;
        r.vault = vault;
        r.name = name;
        r.kty = kty;
        r.size = size;
        return await(keys().create(r));
    }

    Outcome<void> onToken(std::function<Outcome<void>(crypto::Token&)> work)
    {
        crypto::Token* token = ready->workspace->token();
        if (!token)
            return makeError(ErrorKind::Failed, QStringLiteral("no token"));
        auto future = QtConcurrent::run(ready->workspace->tokenPool(), [token, work]() { return work(*token); });
        return future.result();
    }

    bool tokenHolds(const QString& versionId)
    {
        auto held = std::make_shared<bool>(false);
        auto checked = onToken([versionId, held](crypto::Token& token) -> Outcome<void> {
            auto has = token.hasObjects(QByteArray::fromHex(versionId.toLatin1()));
            if (!has)
                return has.error();
            *held = has.value();
            return {};
        });
        return checked && *held;
    }

    int count(const QString& table)
    {
        QSqlQuery q(db().connection());
        if (!q.exec(QStringLiteral("SELECT count(*) FROM ") + table) || !q.next())
            return -1;
        return q.value(0).toInt();
    }

    bool exec(const QString& sql)
    {
        QSqlQuery q(db().connection());
        return q.exec(sql);
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

    bool chainIntact()
    {
        auto verified = model::AuditLog(db()).verify();
        return verified && verified->ok;
    }
};

} // namespace custos::test
