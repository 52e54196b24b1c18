#pragma once

// Reading certificate files the way admins bring them: by content, not by name. PEM (one or more
// CERTIFICATE blocks, "TRUSTED CERTIFICATE" too, text around them ignored), DER X.509, PKCS#7
// (DER or PEM "PKCS7"/"CMS", certificates only).

#include "crypto/Outcome.h"

#include <QByteArray>
#include <QList>
#include <QString>

namespace custos::crypto::x509 {

enum class CertificateFileFormat { Pem, Der, Pkcs7Der, Pkcs7Pem };

struct CertificateFile
{
    CertificateFileFormat format = CertificateFileFormat::Pem;
    QList<QByteArray> certificatesDer; // in file order
};

QString certificateFileFormatName(CertificateFileFormat format); // "PEM", "DER", "PKCS#7 (DER)", "PKCS#7 (PEM)"

// Invalid with what was found and expected: "no certificate found: expected PEM, DER or PKCS#7
// certificates (the file starts with '-----BEGIN PRIVATE KEY-----')", "PEM block 2 is not a
// valid certificate: ...". An empty result is an error.
Outcome<CertificateFile> readCertificateFile(const QByteArray& bytes);

// A PKCS#7 certs-only bundle (DER), e.g. the CA bundle.
Outcome<QByteArray> writePkcs7Bundle(const QList<QByteArray>& certificatesDer);

} // namespace custos::crypto::x509
