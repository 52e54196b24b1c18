#pragma once

#include <QDateTime>
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

QString lifetimeActionKindName(KeyLifetimeAction::Kind kind); // "rotate", "notify"

} // namespace custos::model
