#pragma once

// What a certificate says, for lists, the detail view, exports and checks.

#include "SubjectAltName.h"
#include "crypto/Outcome.h"

#include <QByteArray>
#include <QDateTime>
#include <QList>
#include <QStringList>

#include <optional>

namespace custos::crypto::x509 {

// One extension, readable: "X509v3 Subject Alternative Name" → "DNS:web01.example.test, IP Address:127.0.0.1".
struct CertificateExtension
{
    QString name; // OpenSSL's long name, or the dotted OID when unknown
    bool critical = false;
    QStringList values; // one line per item
};

struct CertificateInfo
{
    QString subject; // distinguishedNameText form
    QString issuer;
    QString serialHex; // upper-case hex, no separators, no leading zero bytes
    QDateTime notBefore; // UTC
    QDateTime notAfter;
    QList<SubjectAltName> subjectAltNames;
    QStringList keyUsages;         // CertificateProfile names
    QStringList extendedKeyUsages; // names, or dotted OIDs for unknown ones
    bool isCa = false;
    std::optional<int> pathLength;
    QStringList permittedDnsSubtrees;
    QString crlDistributionPoint;
    QString caIssuersUrl;
    QByteArray subjectPublicKeyDer;
    QString keyDescription;     // "RSA 2048", "EC P-256"
    QString signatureAlgorithm; // "ecdsa-with-SHA256", "sha256WithRSAEncryption", "rsassaPss"
    QByteArray sha256Fingerprint; // of the DER
    QByteArray sha1Fingerprint;
    bool selfSigned = false; // subject == issuer and the signature verifies with its own key
    QList<CertificateExtension> extensions;
};

// DER only; Invalid "not a DER X.509 certificate: ..." otherwise.
Outcome<CertificateInfo> inspectCertificate(const QByteArray& der);
QByteArray certificatePem(const QByteArray& der); // "-----BEGIN CERTIFICATE-----" with 64-column lines
// True when the certificate certifies exactly this SubjectPublicKeyInfo.
Outcome<bool> certifiesPublicKey(const QByteArray& certificateDer, const QByteArray& subjectPublicKeyDer);
// "AB:CD:..." upper-case hex with colons, as openssl prints fingerprints.
QString colonHex(const QByteArray& bytes);

} // namespace custos::crypto::x509
