#pragma once

#include "crypto/Outcome.h"

#include <QDateTime>
#include <QList>
#include <QString>

namespace custos::model {

class Services;

// How close something is to its expiry, for the certificate list and the expiry overview. The
// GUI shows it by icon and text as well as colour.
enum class ExpiryStatus {
    Expired,  // at or past its expiry
    Critical, // under 7 days left
    Warning,  // under 30 days left
    Fine,
    Revoked, // certificates only
    Pending, // a certificate waiting for an external CA
    Never,   // no expiry
};

ExpiryStatus expiryStatus(const QDateTime& expires, const QDateTime& now);
QString expiryStatusText(ExpiryStatus status); // translated: "expired", "< 7 days", ...
// Whole days from now until expires (negative once expired).
qint64 daysLeft(const QDateTime& expires, const QDateTime& now);

// One dated thing of the expiry overview.
struct ExpiryItem
{
    enum class Kind { Certificate, Key, CrlNextUpdate };
    Kind kind = Kind::Certificate;
    QString vault;
    QString name;
    QDateTime expires;
    ExpiryStatus status = ExpiryStatus::Fine;
};

QString expiryKindText(ExpiryItem::Kind kind); // translated: "Certificate", "Key", "CRL"

// Across every vault the operator may read: certificates (their current version's notAfter),
// keys whose current version expires, and CA CRLs' next updates. Reads only (no audit); a vault
// whose certificates or keys the operator may not read is left out. Run on the service thread.
Outcome<QList<ExpiryItem>> collectExpiryItems(Services& services, const QDateTime& now);

} // namespace custos::model
