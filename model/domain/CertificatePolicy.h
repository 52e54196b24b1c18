#pragma once

#include "Vault.h"
#include "crypto/pkcs11/Token.h"

#include <QDateTime>
#include <QJsonObject>
#include <QList>
#include <QString>
#include <QStringList>

namespace custos::model {

// Key Vault's certificate lifetime actions: AutoRenew at a percentage of the lifetime or N days
// before expiry; EmailContacts N days before expiry (shown and audited; Custos sends no mail).
struct CertificateLifetimeAction
{
    enum class Kind { AutoRenew, EmailContacts };
    Kind kind = Kind::AutoRenew;
    int lifetimePercentage = 0; // 1-99; exactly one of the two is set
    int daysBeforeExpiry = 0;

    bool operator==(const CertificateLifetimeAction&) const = default;
};

// How a certificate is made and renewed (Key Vault's certificate policy). Stored with the
// certificate; renewal reuses it.
struct CertificatePolicy
{
    QString issuer;              // "VAULT/CA" (a Custos CA), "Self", or "Unknown" (an external CA: CSR and merge)
    QString profile;             // "tls-server", "tls-client", "tls-server-client", "code-signing", "custom", "ca"
    QString subject;             // as typed: "CN=web01.example.test, O=Example"
    QStringList subjectAltNames; // "dns:web01.example.test", ...
    QStringList keyUsages;       // custom profile only; the others derive theirs
    QStringList extendedKeyUsages;
    crypto::KeyKind kty = crypto::KeyKind::Ec;
    int size = 0;  // RSA bits; 0 for EC
    QString curve; // EC curve; empty for RSA
    Protection protection = Protection::Software;
    bool exportable = false;
    bool reuseKey = false;
    int validityMonths = 12;
    QList<CertificateLifetimeAction> actions;
    QStringList contacts; // e-mail addresses for EmailContacts

    bool operator==(const CertificatePolicy&) const = default;
};

// A certificate authority's settings (CA certificates only).
struct CaSettings
{
    int pathLength = -1; // -1: no limit
    QStringList permittedDnsSubtrees;
    QString crlUrl;          // CRL distribution point written into what the CA issues
    QString aiaUrl;          // CA issuers URL written into what the CA issues
    int crlDays = 7;         // validity of each CRL
    qint64 crlNumber = 0;    // of the last CRL issued
    QDateTime crlNextUpdate; // of the last CRL issued; invalid: none issued yet

    bool operator==(const CaSettings&) const = default;
};

QString certificateLifetimeActionText(const CertificateLifetimeAction& action); // "AutoRenew at 80%"
QJsonObject certificatePolicyToJson(const CertificatePolicy& policy);
CertificatePolicy certificatePolicyFromJson(const QJsonObject& json); // lenient: the store writes it
QJsonObject caSettingsToJson(const CaSettings& settings);
CaSettings caSettingsFromJson(const QJsonObject& json);

} // namespace custos::model
