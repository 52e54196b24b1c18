#include "TestAuthorizationMatrixSupport.h"

#include "model/audit/AuditLog.h"
#include "model/session/Session.h"

#include <QElapsedTimer>

namespace custos::authzmatrix {

using namespace custos::model;

namespace {
const QString kAtRoot = QStringLiteral("at-root");   // holds the role at "/"
const QString kAtVault = QStringLiteral("at-vault"); // holds the role at /vaults/inside

struct Run
{
    const MatrixOperation* operation;
    QString operatorName;
    QString grantScope;
    Case c;
    bool arranged = true;
};

qint64 lastSeq(Database& db)
{
    AuditFilter newest;
    newest.limit = 1;
    auto events = AuditLog(db).list(newest);
    return events && !events->isEmpty() ? events->last().seq : 0;
}

// A Denied event after `since` by `operatorName` naming one of `missing`.
bool deniedEventNames(Database& db, qint64 since, const QString& operatorName, const QStringList& missing)
{
    AuditFilter filter;
    filter.afterSeq = since;
    filter.result = AuditResult::Denied;
    auto events = AuditLog(db).list(filter);
    if (!events)
        return false;
    for (const AuditEvent& event : events.value()) {
        if (event.operatorName != operatorName)
            continue;
        for (const QString& permission : missing) {
            if (event.details.value(QStringLiteral("missingPermission")).toString() == permission ||
                event.reason.contains(permission))
                return true;
        }
    }
    return false;
}

QString describe(const Run& run)
{
    return QStringLiteral("%1 [%2 at %3, resource %4]")
        .arg(run.operation->name, run.operatorName, run.grantScope, resourceScope(run.operation->scope, run.c));
}
} // namespace

QString resourceScope(ScopeKind kind, const Case& c)
{
    switch (kind) {
    case ScopeKind::Root:
        return QStringLiteral("/");
    case ScopeKind::Vault:
        return QStringLiteral("/vaults/") + c.vault;
    case ScopeKind::Key:
        return QStringLiteral("/vaults/%1/keys/%2").arg(c.vault, c.key());
    case ScopeKind::Certificate:
        return QStringLiteral("/vaults/%1/certificates/%2").arg(c.vault, c.certificate());
    }
    return {};
}

Outcome<void> listed(bool listed, const QString& what)
{
    if (listed)
        return {};
    return makeError(ErrorKind::NotFound, what + QStringLiteral(" is not listed"));
}

QStringList runMatrix(const QString& role, const QList<MatrixOperation>& operations, const QString& directory,
                      MatrixTally* tally)
{
    QStringList mismatches;
    const RoleDefinition* definition = findBuiltInRole(role);
    if (!definition)
        return {QStringLiteral("no built-in role '%1'").arg(role)};
    auto ready = test::makeReadyWorkspace(directory);
    if (!ready)
        return {QStringLiteral("no workspace")};
    Services& services = *ready->services;
    Database& db = ready->workspace->database();

    // Software vaults: the matrix is about authorisation, software keys are the quicker ones.
    for (const QString& vault : {kInside, kOutside}) {
        VaultCreateRequest request(vault);
        request.protection = Protection::Software;
        if (auto made = test::await(services.vaults().create(request)); !made)
            return {QStringLiteral("vault %1: %2").arg(vault, made.error().message)};
    }
    if (auto added = test::addOperatorWithRoles(services, kBystander, {}); !added)
        return {kBystander + QStringLiteral(": ") + added.error().message};
    if (auto added = test::addOperatorWithRoles(services, kAtRoot, {role}, QStringLiteral("/")); !added)
        return {kAtRoot + QStringLiteral(": ") + added.error().message};
    if (auto added = test::addOperatorWithRoles(services, kAtVault, {role}, QStringLiteral("/vaults/") + kInside);
        !added)
        return {kAtVault + QStringLiteral(": ") + added.error().message};

    // Every case's resources first, as the first operator; then each role operator runs theirs.
    QList<Run> runs;
    int next = 0;
    for (const MatrixOperation& op : operations) {
        QList<std::pair<QString, QString>> variants{{kAtRoot, kInside}, {kAtVault, kInside}};
        if (op.scope != ScopeKind::Root)
            variants.append({kAtVault, kOutside});
        for (const auto& [operatorName, vault] : variants) {
            Run run{&op, operatorName,
                    operatorName == kAtRoot ? QStringLiteral("/") : QStringLiteral("/vaults/") + kInside,
                    Case{vault, QStringLiteral("c%1").arg(++next), {}}};
            if (op.arrange) {
                if (auto arranged = op.arrange(services, run.c); !arranged) {
                    mismatches << QStringLiteral("arrange %1: %2").arg(describe(run), arranged.error().message);
                    run.arranged = false;
                }
            }
            runs << run;
        }
    }

    for (const QString& operatorName : {kAtRoot, kAtVault}) {
        if (auto switched = test::switchOperator(services, operatorName); !switched)
            return mismatches << QStringLiteral("login %1: %2").arg(operatorName, switched.error().message);
        for (Run& run : runs) {
            if (run.operatorName != operatorName || !run.arranged)
                continue;
            const MatrixOperation& op = *run.operation;
            const QString scope = resourceScope(op.scope, run.c);
            QStringList missing;
            for (const QString& permission : op.permissions) {
                if (!roleGrants(*definition, permission) || !scopeCovers(run.grantScope, scope))
                    missing << permission;
            }
            const bool expected = missing.isEmpty();
            const qint64 since = lastSeq(db);
            const Outcome<void> result = op.call(services, run.c);
            ++tally->calls;
            ++(expected ? tally->allowed : tally->denied);
            if (expected) {
                if (!result)
                    mismatches
                        << QStringLiteral("%1: expected allowed, got: %2").arg(describe(run), result.error().message);
                continue;
            }
            if (result) {
                mismatches << QStringLiteral("%1: expected denied (missing %2), but it was allowed")
                                  .arg(describe(run), missing.join(QStringLiteral(", ")));
                continue;
            }
            if (op.filters) {
                if (result.error().kind != ErrorKind::NotFound)
                    mismatches << QStringLiteral("%1: expected filtered out, got: %2")
                                      .arg(describe(run), result.error().message);
                continue;
            }
            const bool namesMissing = std::any_of(missing.cbegin(), missing.cend(), [&](const QString& permission) {
                return result.error().message.contains(permission);
            });
            if (result.error().kind != ErrorKind::Denied || !namesMissing)
                mismatches << QStringLiteral("%1: expected a denial naming %2, got: %3")
                                  .arg(describe(run), missing.join(QStringLiteral(" or ")), result.error().message);
            else if (!deniedEventNames(db, since, operatorName, missing))
                mismatches
                    << QStringLiteral("%1: the denial was not audited with the missing permission").arg(describe(run));
        }
    }
    return mismatches;
}

} // namespace custos::authzmatrix
