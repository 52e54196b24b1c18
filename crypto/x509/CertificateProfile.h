#pragma once

// The certificate profiles of the issue: which key usages and extended key usages a certificate
// gets. Names are RFC 5280's (keyUsage: digitalSignature, nonRepudiation, keyEncipherment,
// dataEncipherment, keyAgreement, keyCertSign, cRLSign; EKU: serverAuth, clientAuth, codeSigning,
// emailProtection, timeStamping, OCSPSigning).

#include "crypto/Outcome.h"
#include "crypto/pkcs11/Token.h"

#include <QStringList>

namespace custos::crypto::x509 {

struct CertificateProfile
{
    QString name; // "tls-server", "tls-client", "tls-server-client", "code-signing", "custom"
    QStringList keyUsages;
    QStringList extendedKeyUsages;
};

QStringList profileNames();
QStringList keyUsageNames();
QStringList extendedKeyUsageNames();
// tls-server: digitalSignature (+ keyEncipherment for RSA), serverAuth; tls-client: digitalSignature,
// clientAuth; tls-server-client: both EKUs; code-signing: digitalSignature, codeSigning. "custom"
// takes `customKeyUsages`/`customExtendedKeyUsages` (validated names; at least one of the two).
// The other profiles refuse custom lists ("--ku/--eku need --profile custom").
Outcome<CertificateProfile> certificateProfile(const QString& name, KeyKind keyKind,
                                               const QStringList& customKeyUsages = {},
                                               const QStringList& customExtendedKeyUsages = {});

} // namespace custos::crypto::x509
