#pragma once

#include <QDateTime>
#include <QJsonObject>
#include <QList>
#include <QString>

#include <optional>

namespace custos::model {

// Key Vault's key rotation policy: an expiry given to every new version and lifetime actions that
// fire at a time after a version's creation or before its expiry. Durations are ISO 8601
// ("P90D", "P1Y", "PT12H"); see IsoDuration.h.
struct KeyLifetimeAction
{
    enum class Kind { Rotate, Notify };
    Kind kind = Kind::Rotate;
    QString timeAfterCreate;  // exactly one of the two is set
    QString timeBeforeExpiry; // needs the policy's expiryTime (or a version expiry) to mean anything

    bool operator==(const KeyLifetimeAction&) const = default;
};

struct KeyRotationPolicy
{
    QString expiryTime; // expiry of new versions (rotate, due rotation); empty: none
    QList<KeyLifetimeAction> actions;

    bool isEmpty() const { return expiryTime.isEmpty() && actions.isEmpty(); }
    bool operator==(const KeyRotationPolicy&) const = default;
};

QString lifetimeActionKindName(KeyLifetimeAction::Kind kind);                    // "rotate", "notify"
bool parseLifetimeActionKind(const QString& text, KeyLifetimeAction::Kind* out); // case-insensitive

// "rotate after P90D", "notify before expiry P30D": the action's stable text, also what records
// that a notify action was applied to a version.
QString describeLifetimeAction(const KeyLifetimeAction& action);

// Why `policy` cannot be used, naming the field and what is expected; empty when it is valid.
// Durations must be IsoDuration's; each action has exactly one trigger; timeBeforeExpiry needs
// the policy's expiryTime.
QString keyRotationPolicyProblem(const KeyRotationPolicy& policy);

// When `action` is due for a version created at `created` with expiry `expires` (invalid: none, then
// created + the policy's expiryTime); nullopt when it never is (no expiry to count back from).
std::optional<QDateTime> lifetimeActionDueAt(const KeyRotationPolicy& policy, const KeyLifetimeAction& action,
                                             const QDateTime& created, const QDateTime& expires);

// Key Vault's JSON shape: {"attributes":{"expiryTime":"P90D"},"lifetimeActions":[{"trigger":
// {"timeAfterCreate":"P30D"},"action":{"type":"Rotate"}}]}. Reading is lenient (the store and backups
// write it); validation is keyRotationPolicyProblem's.
QJsonObject keyRotationPolicyToJson(const KeyRotationPolicy& policy);
KeyRotationPolicy keyRotationPolicyFromJson(const QJsonObject& json);

} // namespace custos::model
