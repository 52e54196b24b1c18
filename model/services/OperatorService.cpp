#include "OperatorService.h"

#include "AdministratorRule.h"
#include "QuorumRules.h"
#include "ServicePath.h"
#include "model/session/OperatorCredentials.h"
#include "model/session/OperatorNames.h"
#include "model/session/Session.h"
#include "model/session/Workspace.h"
#include "model/store/Stores.h"

#include <QCoro/QCoroFuture>
#include <QtConcurrent/QtConcurrentRun>

#include <memory>

namespace custos::model {

namespace {
Operation operatorOperation(const QString& name, const QString& permission, const QString& operatorName,
                            const OperationContext& context)
{
    Operation op;
    op.name = name;
    op.permission = permission;
    op.scope = QStringLiteral("/");
    op.resource = QStringLiteral("/operators/") + operatorName;
    op.details = {{QStringLiteral("operator"), operatorName}};
    op.context = context;
    return op;
}

Outcome<Operator> findOperator(Database& db, const QString& name)
{
    auto found = OperatorStore(db).find(name);
    if (!found)
        return found.error();
    if (!found.value())
        return makeError(ErrorKind::NotFound, QStringLiteral("operator '%1' not found").arg(name));
    return *found.value();
}
} // namespace

OperatorService::OperatorService(ServicePath& path, QObject* parent) : QObject(parent), m_path(path) {}

bool OperatorService::isValidName(const QString& name)
{
    return isValidOperatorName(name);
}

QCoro::Task<Outcome<Operator>> OperatorService::add(QString name, crypto::SecureBuffer passphrase, QString displayName,
                                                    OperationContext context)
{
    Operation op =
        operatorOperation(QStringLiteral("OperatorCreate"), QStringLiteral("operators/write"), name, context);
    if (auto allowed = m_path.authorise(op); !allowed)
        co_return allowed.error();
    if (!isValidOperatorName(name))
        co_return m_path.recordFailure(
            op, makeError(ErrorKind::Invalid,
                          QStringLiteral("invalid operator name '%1': %2").arg(name, operatorNameRule())));
    if (auto quality = checkPassphraseQuality(passphrase); !quality)
        co_return m_path.recordFailure(op, quality.error());
    if (auto existing = OperatorStore(m_path.database()).find(name); !existing || existing.value())
        co_return m_path.recordFailure(
            op, existing ? makeError(ErrorKind::Conflict, QStringLiteral("operator '%1' already exists").arg(name))
                         : existing.error());

    // The new operator's passphrase wraps the same token PIN the caller's session holds.
    const crypto::KdfParams params = crypto::KdfParams::forMemoryMiB(m_path.workspace().kdfMemoryMiB());
    auto secret = std::make_shared<crypto::SecureBuffer>(std::move(passphrase));
    auto pin = std::make_shared<crypto::SecureBuffer>(m_path.session().userPin().clone());
    auto derivation =
        QtConcurrent::run([name, secret, pin, params]() { return makeCredentials(name, *secret, *pin, params); });
    Outcome<OperatorCredentials> credentials = co_await derivation;
    secret->clear();
    pin->clear();
    if (!credentials)
        co_return m_path.recordFailure(op, credentials.error());

    const QDateTime now = m_path.now();
    Steps<Operator> steps;
    steps.persist = [name, displayName, creds = credentials.value(), now](Database& db,
                                                                          QJsonObject&) -> Outcome<Operator> {
        Operator created;
        created.name = name;
        created.displayName = displayName.isEmpty() ? name : displayName;
        created.kdf = creds.kdf;
        created.salt = creds.salt;
        created.verifier = creds.verifier;
        created.wrappedPin = creds.wrappedPin;
        created.created = created.updated = now;
        return OperatorStore(db).insert(created);
    };
    auto task = m_path.run(std::move(op), std::move(steps));
    auto result = co_await task;
    if (result)
        Q_EMIT operatorsChanged();
    co_return result;
}

QCoro::Task<Outcome<Operator>> OperatorService::setEnabled(QString name, bool enabled, OperationContext context)
{
    Operation op = operatorOperation(enabled ? QStringLiteral("OperatorEnable") : QStringLiteral("OperatorDisable"),
                                     QStringLiteral("operators/write"), name, context);
    if (!enabled)
        op.protectedAs = QStringLiteral("operator-disable");
    const QDateTime now = m_path.now();
    Steps<Operator> steps;
    steps.persist = [name, enabled, now](Database& db, QJsonObject& details) -> Outcome<Operator> {
        auto found = findOperator(db, name);
        if (!found)
            return found;
        if (!enabled) {
            if (auto rule = checkNotLastAdministrator(db, name, now, QStringLiteral("disabled")); !rule)
                return rule.error();
        }
        Operator op = found.value();
        if (enabled && op.lockedUntil.isValid())
            details.insert(QStringLiteral("unlocked"), true);
        op.enabled = enabled;
        if (enabled) {
            // Enabling also lifts a lockout: it is the Administrator's answer to one.
            op.failedAttempts = 0;
            op.lockedUntil = QDateTime();
        }
        op.updated = now;
        if (auto updated = OperatorStore(db).update(op); !updated)
            return updated.error();
        if (!enabled) {
            if (auto live = checkQuorumRemains(db, now, QStringLiteral("refused: disabling '%1'").arg(name)); !live)
                return live.error();
        }
        return op;
    };
    auto task = m_path.run(std::move(op), std::move(steps));
    auto result = co_await task;
    if (result)
        Q_EMIT operatorsChanged();
    co_return result;
}

QCoro::Task<Outcome<void>> OperatorService::changePassphrase(QString name, crypto::SecureBuffer current,
                                                             crypto::SecureBuffer replacement, OperationContext context)
{
    const bool own = name.isEmpty() || name == m_path.session().operatorName();
    if (name.isEmpty())
        name = m_path.session().operatorName();
    Operation op =
        operatorOperation(own ? QStringLiteral("OperatorPassphraseChange") : QStringLiteral("OperatorPassphraseReset"),
                          own ? QString() : QStringLiteral("operators/write"), name, context);
    if (!own)
        op.protectedAs = QStringLiteral("operator-reset");
    if (auto allowed = m_path.authorise(op); !allowed)
        co_return allowed.error();
    auto target = findOperator(m_path.database(), name);
    if (!target)
        co_return m_path.recordFailure(op, target.error());
    if (auto quality = checkPassphraseQuality(replacement); !quality)
        co_return m_path.recordFailure(op, quality.error());

    const crypto::KdfParams params = crypto::KdfParams::forMemoryMiB(m_path.workspace().kdfMemoryMiB());
    auto oldSecret = std::make_shared<crypto::SecureBuffer>(std::move(current));
    auto newSecret = std::make_shared<crypto::SecureBuffer>(std::move(replacement));
    auto pin = std::make_shared<crypto::SecureBuffer>(m_path.session().userPin().clone());
    const Operator existing = target.value();
    auto derivation =
        QtConcurrent::run([own, existing, oldSecret, newSecret, pin, params]() -> Outcome<OperatorCredentials> {
            if (own) {
                // Changing one's own passphrase proves the current one again.
                auto verified = unlockCredentials(existing, *oldSecret);
                if (!verified)
                    return verified.error().kind == ErrorKind::Denied
                               ? makeError(ErrorKind::Denied, QStringLiteral("the current passphrase is wrong"))
                               : verified.error();
            }
            return makeCredentials(existing.name, *newSecret, *pin, params);
        });
    Outcome<OperatorCredentials> credentials = co_await derivation;
    oldSecret->clear();
    newSecret->clear();
    pin->clear();
    if (!credentials)
        co_return m_path.recordFailure(op, credentials.error());

    const QDateTime now = m_path.now();
    Steps<void> steps;
    steps.persist = [name, creds = credentials.value(), now](Database& db, QJsonObject&) -> Outcome<void> {
        auto found = findOperator(db, name);
        if (!found)
            return found.error();
        Operator op = found.value();
        op.kdf = creds.kdf;
        op.salt = creds.salt;
        op.verifier = creds.verifier;
        op.wrappedPin = creds.wrappedPin;
        op.updated = now;
        return OperatorStore(db).update(op);
    };
    auto task = m_path.run(std::move(op), std::move(steps));
    auto result = co_await task;
    if (result)
        Q_EMIT operatorsChanged();
    co_return result;
}

Outcome<QList<Operator>> OperatorService::list()
{
    Operation op = operatorOperation(QStringLiteral("OperatorList"), QStringLiteral("operators/read"), {}, {});
    op.resource = QStringLiteral("/operators");
    if (auto allowed = m_path.authorise(op); !allowed)
        return allowed.error();
    return OperatorStore(m_path.database()).list();
}

Outcome<Operator> OperatorService::show(const QString& name)
{
    // Anyone may look at their own record.
    const bool own = name == m_path.session().operatorName();
    Operation op =
        operatorOperation(QStringLiteral("OperatorShow"), own ? QString() : QStringLiteral("operators/read"), name, {});
    if (auto allowed = m_path.authorise(op); !allowed)
        return allowed.error();
    return findOperator(m_path.database(), name);
}

} // namespace custos::model
