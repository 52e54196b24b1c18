#pragma once

// PKCS#10 certificate signing requests: made for an external CA (a pending certificate or an
// intermediate CA signed elsewhere) and read when a CSR is brought to a Custos CA.

#include "CertificateSigner.h"
#include "SubjectAltName.h"
#include "crypto/Outcome.h"

#include <QByteArray>
#include <QList>
#include <QStringList>

#include <optional>

namespace custos::crypto::x509 {

struct CsrSpec
{
    QByteArray subjectDer;
    QByteArray subjectPublicKeyDer;
    QList<SubjectAltName> subjectAltNames; // requested in an extensionRequest attribute
    QStringList keyUsages;
    QStringList extendedKeyUsages;
    bool isCa = false;
    std::optional<int> pathLength;
};

// The signer holds the spec's key (proof of possession). Returns DER.
Outcome<QByteArray> createCertificateRequest(const CsrSpec& spec, const CertificateSigner& signer);

struct CsrInfo
{
    QByteArray subjectDer;
    QString subject;
    QByteArray subjectPublicKeyDer;
    QString keyDescription; // "EC P-256"
    QList<SubjectAltName> subjectAltNames;
    QStringList keyUsages;
    QStringList extendedKeyUsages;
    bool isCa = false;
};

// PEM ("CERTIFICATE REQUEST" or "NEW CERTIFICATE REQUEST") or DER, by content. Refuses a CSR whose
// signature does not verify ("the CSR's signature does not verify with its own public key").
Outcome<CsrInfo> inspectCertificateRequest(const QByteArray& bytes);
QByteArray certificateRequestPem(const QByteArray& der);

} // namespace custos::crypto::x509
