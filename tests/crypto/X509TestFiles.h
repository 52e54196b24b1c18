#pragma once

// Test helpers for the certificate-file and PKCS#12 tests: fixtures of tests/data/x509/ (made by
// its make-fixtures.sh), public keys of certificates and PKCS#8 keys, and running outside tools.

#include "crypto/SecureBuffer.h"

#include <QByteArray>
#include <QFile>
#include <QProcess>
#include <QStandardPaths>
#include <QString>
#include <QStringList>

#include <openssl/evp.h>
#include <openssl/x509.h>

namespace custos::test::x509files {

inline const char* const kFixturePassword = "custos-test";

inline QByteArray fixture(const QString& name)
{
    QFile file(QStringLiteral(CUSTOS_TEST_DATA_DIR "/x509/") + name);
    if (!file.open(QIODevice::ReadOnly))
        return {};
    return file.readAll();
}

inline bool writeFile(const QString& path, const QByteArray& bytes)
{
    QFile file(path);
    return file.open(QIODevice::WriteOnly) && file.write(bytes) == bytes.size();
}

inline QByteArray readFile(const QString& path)
{
    QFile file(path);
    return file.open(QIODevice::ReadOnly) ? file.readAll() : QByteArray();
}

// SubjectPublicKeyInfo DER of a DER certificate; empty when it does not parse.
inline QByteArray certificatePublicKey(const QByteArray& certificateDer)
{
    const auto* p = reinterpret_cast<const unsigned char*>(certificateDer.constData());
    X509* cert = d2i_X509(nullptr, &p, static_cast<long>(certificateDer.size()));
    if (!cert)
        return {};
    unsigned char* out = nullptr;
    const int length = i2d_X509_PUBKEY(X509_get_X509_PUBKEY(cert), &out);
    QByteArray der = length > 0 ? QByteArray(reinterpret_cast<const char*>(out), length) : QByteArray();
    OPENSSL_free(out);
    X509_free(cert);
    return der;
}

// SubjectPublicKeyInfo DER of an unencrypted PKCS#8 private key; empty when it does not parse.
inline QByteArray privateKeyPublicKey(const crypto::SecureBuffer& pkcs8)
{
    const unsigned char* p = pkcs8.data();
    EVP_PKEY* key = d2i_AutoPrivateKey(nullptr, &p, static_cast<long>(pkcs8.size()));
    if (!key)
        return {};
    unsigned char* out = nullptr;
    const int length = i2d_PUBKEY(key, &out);
    QByteArray der = length > 0 ? QByteArray(reinterpret_cast<const char*>(out), length) : QByteArray();
    OPENSSL_free(out);
    EVP_PKEY_free(key);
    return der;
}

// The subject's CN of a DER certificate.
inline QString commonName(const QByteArray& certificateDer)
{
    const auto* p = reinterpret_cast<const unsigned char*>(certificateDer.constData());
    X509* cert = d2i_X509(nullptr, &p, static_cast<long>(certificateDer.size()));
    if (!cert)
        return {};
    char text[256] = {};
    X509_NAME_get_text_by_NID(X509_get_subject_name(cert), NID_commonName, text, sizeof text);
    X509_free(cert);
    return QString::fromUtf8(text);
}

struct ToolRun
{
    int exitCode = -1;
    QString output; // stdout + stderr
};

inline ToolRun runTool(const QString& program, const QStringList& arguments, const QString& workingDirectory = {})
{
    QProcess process;
    process.setProcessChannelMode(QProcess::MergedChannels);
    if (!workingDirectory.isEmpty())
        process.setWorkingDirectory(workingDirectory);
    process.start(program, arguments);
    ToolRun run;
    if (!process.waitForFinished(120000))
        return run;
    run.exitCode = process.exitStatus() == QProcess::NormalExit ? process.exitCode() : -1;
    run.output = QString::fromUtf8(process.readAll());
    return run;
}

} // namespace custos::test::x509files
