// The lockout policy (ROLES.md/issue 5: "lockout after 5 failed attempts for 15 minutes
// (configurable)"): OperatorService::lockoutPolicy and setLockoutPolicy over two workspace settings.

#include "OperatorLockout.h"

#include "ServicePath.h"
#include "model/session/Session.h"
#include "model/store/Stores.h"

namespace custos::model {

namespace {
constexpr int kMaxAttemptsLimit = 100;
constexpr int kMaxMinutesLimit = 7 * 24 * 60; // a week

// A stored value, or `fallback` when it is missing, not a number or out of range.
Outcome<int> readSetting(Database& db, const QString& key, int fallback, int limit)
{
    auto stored = SettingsStore(db).get(key);
    if (!stored)
        return stored.error();
    if (!stored.value())
        return fallback;
    bool ok = false;
    const int value = stored.value()->toInt(&ok);
    return ok && value >= 1 && value <= limit ? value : fallback;
}

Operation lockoutOperation(const QString& name, const QString& permission, OperationContext context)
{
    Operation op;
    op.name = name;
    op.permission = permission;
    op.scope = QStringLiteral("/");
    op.resource = QStringLiteral("/operators");
    op.context = std::move(context);
    return op;
}
} // namespace

LockoutPolicy defaultLockoutPolicy()
{
    return LockoutPolicy{Session::kMaxFailedAttempts, Session::kLockoutMinutes};
}

Outcome<LockoutPolicy> readLockoutPolicy(Database& db)
{
    const LockoutPolicy defaults = defaultLockoutPolicy();
    auto attempts = readSetting(db, kLockoutAttemptsSetting, defaults.maxFailedAttempts, kMaxAttemptsLimit);
    if (!attempts)
        return attempts.error();
    auto minutes = readSetting(db, kLockoutMinutesSetting, defaults.lockoutMinutes, kMaxMinutesLimit);
    if (!minutes)
        return minutes.error();
    return LockoutPolicy{attempts.value(), minutes.value()};
}

Outcome<void> checkLockoutPolicy(const LockoutPolicy& policy)
{
    if (policy.maxFailedAttempts < 1 || policy.maxFailedAttempts > kMaxAttemptsLimit)
        return makeError(ErrorKind::Invalid,
                         QStringLiteral("invalid number of failed logins before a lockout %1: expected 1 to %2")
                             .arg(policy.maxFailedAttempts)
                             .arg(kMaxAttemptsLimit));
    if (policy.lockoutMinutes < 1 || policy.lockoutMinutes > kMaxMinutesLimit)
        return makeError(ErrorKind::Invalid,
                         QStringLiteral("invalid lockout length %1 minutes: expected 1 to %2 (a week)")
                             .arg(policy.lockoutMinutes)
                             .arg(kMaxMinutesLimit));
    return {};
}

Outcome<LockoutPolicy> OperatorService::lockoutPolicy()
{
    Operation op = lockoutOperation(QStringLiteral("OperatorLockoutPolicyShow"), QStringLiteral("operators/read"), {});
    if (auto allowed = m_path.authorise(op); !allowed)
        return allowed.error();
    return readLockoutPolicy(m_path.database());
}

QCoro::Task<Outcome<LockoutPolicy>> OperatorService::setLockoutPolicy(LockoutPolicy policy, OperationContext context)
{
    Operation op = lockoutOperation(QStringLiteral("OperatorLockoutPolicySet"), QStringLiteral("operators/write"),
                                    std::move(context));
    op.details = {{QStringLiteral("maxFailedAttempts"), policy.maxFailedAttempts},
                  {QStringLiteral("lockoutMinutes"), policy.lockoutMinutes}};
    Steps<LockoutPolicy> steps;
    steps.precheck = [policy](Database&) { return checkLockoutPolicy(policy); };
    steps.persist = [policy](Database& db, QJsonObject& details) -> Outcome<LockoutPolicy> {
        auto old = readLockoutPolicy(db);
        if (!old)
            return old.error();
        if (auto set = SettingsStore(db).set(kLockoutAttemptsSetting, QString::number(policy.maxFailedAttempts)); !set)
            return set.error();
        if (auto set = SettingsStore(db).set(kLockoutMinutesSetting, QString::number(policy.lockoutMinutes)); !set)
            return set.error();
        details.insert(QStringLiteral("old"), QJsonObject{{QStringLiteral("maxFailedAttempts"), old->maxFailedAttempts},
                                                          {QStringLiteral("lockoutMinutes"), old->lockoutMinutes}});
        details.insert(QStringLiteral("new"),
                       QJsonObject{{QStringLiteral("maxFailedAttempts"), policy.maxFailedAttempts},
                                   {QStringLiteral("lockoutMinutes"), policy.lockoutMinutes}});
        details.remove(QStringLiteral("maxFailedAttempts"));
        details.remove(QStringLiteral("lockoutMinutes"));
        return policy;
    };
    auto task = m_path.run(std::move(op), std::move(steps));
    auto result = co_await task;
    co_return result;
}

} // namespace custos::model
