#pragma once

#include <QDateTime>
#include <QList>
#include <QString>
#include <QStringList>

namespace custos::model {

class Services;

// One thing the operator should act on soon, for the GUI's notifications (issue 9): a key's due
// lifetime action, a certificate's due lifetime action or near expiry, or a custodian certificate
// of the security domain in force that expires within 30 days (or has expired).
struct DueNotification
{
    enum class Kind { KeyAction, KeyExpiry, CertificateAction, CertificateExpiry, CustodianExpiry };
    Kind kind = Kind::KeyAction;
    QString vault;    // empty for custodians
    QString name;     // the key, the certificate (or CA of a CRL), the custodian's holder
    QString detail;   // "rotate: 90 days after creation (2026-02-20)", an expiry date, ...
    QDateTime when;   // due since, or the expiry
    QString resource; // "/vaults/V/keys/K", "/vaults/V/certificates/C", "/securitydomain/custodians/<x5t#S256>"
};

struct DueNotifications
{
    QList<DueNotification> items; // soonest first
    QStringList errors;           // a part that could not be read (a denied part is left out silently)
};

inline constexpr int kNotificationExpiryDays = 30;

// Reads (never audits) what the operator may see, at the services' clock: KeyService::due,
// CertificateService::due, the expiry overview's certificates and keys under 30 days (those not
// listed as due already) and the custodians of the security-domain file in force. Run it on the
// service thread.
DueNotifications collectDueNotifications(Services& services);

} // namespace custos::model
