#include "KeyRotationPolicy.h"

#include "IsoDuration.h"

#include <QJsonArray>

namespace custos::model {

QString lifetimeActionKindName(KeyLifetimeAction::Kind kind)
{
    return kind == KeyLifetimeAction::Kind::Rotate ? QStringLiteral("rotate") : QStringLiteral("notify");
}

bool parseLifetimeActionKind(const QString& text, KeyLifetimeAction::Kind* out)
{
    for (auto kind : {KeyLifetimeAction::Kind::Rotate, KeyLifetimeAction::Kind::Notify}) {
        if (text.compare(lifetimeActionKindName(kind), Qt::CaseInsensitive) == 0) {
            if (out)
                *out = kind;
            return true;
        }
    }
    return false;
}

QString describeLifetimeAction(const KeyLifetimeAction& action)
{
    const QString kind = lifetimeActionKindName(action.kind);
    if (!action.timeAfterCreate.isEmpty())
        return QStringLiteral("%1 after %2").arg(kind, action.timeAfterCreate);
    return QStringLiteral("%1 before expiry %2").arg(kind, action.timeBeforeExpiry);
}

QString keyRotationPolicyProblem(const KeyRotationPolicy& policy)
{
    const QString expected = QStringLiteral(": expected ") + IsoDuration::rule();
    if (!policy.expiryTime.isEmpty() && !IsoDuration::isValid(policy.expiryTime))
        return QStringLiteral("invalid expiryTime '%1'").arg(policy.expiryTime) + expected;
    for (qsizetype i = 0; i < policy.actions.size(); ++i) {
        const KeyLifetimeAction& action = policy.actions.at(i);
        const QString which =
            QStringLiteral("lifetime action %1 (%2)").arg(i + 1).arg(lifetimeActionKindName(action.kind));
        const bool afterCreate = !action.timeAfterCreate.isEmpty();
        const bool beforeExpiry = !action.timeBeforeExpiry.isEmpty();
        if (afterCreate == beforeExpiry)
            return which + QStringLiteral(": set exactly one of timeAfterCreate and timeBeforeExpiry");
        if (afterCreate && !IsoDuration::isValid(action.timeAfterCreate))
            return which + QStringLiteral(": invalid timeAfterCreate '%1'").arg(action.timeAfterCreate) + expected;
        if (beforeExpiry && !IsoDuration::isValid(action.timeBeforeExpiry))
            return which + QStringLiteral(": invalid timeBeforeExpiry '%1'").arg(action.timeBeforeExpiry) + expected;
        if (beforeExpiry && policy.expiryTime.isEmpty())
            return which + QStringLiteral(": timeBeforeExpiry needs the policy's expiryTime (set an expiry time "
                                          "such as P1Y, or trigger on timeAfterCreate)");
    }
    return {};
}

std::optional<QDateTime> lifetimeActionDueAt(const KeyRotationPolicy& policy, const KeyLifetimeAction& action,
                                             const QDateTime& created, const QDateTime& expires)
{
    if (!action.timeAfterCreate.isEmpty())
        return IsoDuration::apply(action.timeAfterCreate, created);
    QDateTime expiry = expires;
    if (!expiry.isValid() && !policy.expiryTime.isEmpty()) {
        auto computed = IsoDuration::apply(policy.expiryTime, created);
        if (computed)
            expiry = *computed;
    }
    if (!expiry.isValid() || action.timeBeforeExpiry.isEmpty())
        return std::nullopt;
    return IsoDuration::apply(action.timeBeforeExpiry, expiry, -1);
}

QJsonObject keyRotationPolicyToJson(const KeyRotationPolicy& policy)
{
    QJsonObject attributes;
    if (!policy.expiryTime.isEmpty())
        attributes.insert(QStringLiteral("expiryTime"), policy.expiryTime);
    QJsonArray actions;
    for (const KeyLifetimeAction& action : policy.actions) {
        QJsonObject trigger;
        if (!action.timeAfterCreate.isEmpty())
            trigger.insert(QStringLiteral("timeAfterCreate"), action.timeAfterCreate);
        if (!action.timeBeforeExpiry.isEmpty())
            trigger.insert(QStringLiteral("timeBeforeExpiry"), action.timeBeforeExpiry);
        // Key Vault capitalises the action type.
        const QString type =
            action.kind == KeyLifetimeAction::Kind::Rotate ? QStringLiteral("Rotate") : QStringLiteral("Notify");
        actions.append(QJsonObject{{QStringLiteral("trigger"), trigger},
                                   {QStringLiteral("action"), QJsonObject{{QStringLiteral("type"), type}}}});
    }
    return QJsonObject{{QStringLiteral("attributes"), attributes}, {QStringLiteral("lifetimeActions"), actions}};
}

KeyRotationPolicy keyRotationPolicyFromJson(const QJsonObject& json)
{
    KeyRotationPolicy policy;
    policy.expiryTime =
        json.value(QStringLiteral("attributes")).toObject().value(QStringLiteral("expiryTime")).toString();
    const QJsonArray actions = json.value(QStringLiteral("lifetimeActions")).toArray();
    for (const QJsonValue& value : actions) {
        const QJsonObject item = value.toObject();
        KeyLifetimeAction action;
        parseLifetimeActionKind(
            item.value(QStringLiteral("action")).toObject().value(QStringLiteral("type")).toString(), &action.kind);
        const QJsonObject trigger = item.value(QStringLiteral("trigger")).toObject();
        action.timeAfterCreate = trigger.value(QStringLiteral("timeAfterCreate")).toString();
        action.timeBeforeExpiry = trigger.value(QStringLiteral("timeBeforeExpiry")).toString();
        policy.actions << action;
    }
    return policy;
}

} // namespace custos::model
