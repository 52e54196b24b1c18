#pragma once

// Test helpers for the certificate builder tests: signers over software keys, specs of a root, an
// intermediate and a TLS leaf, and files and tools for the interop tests.

#include "crypto/keys/software/SoftwareKey.h"
#include "crypto/x509/CertificateBuilder.h"
#include "crypto/x509/CertificateInfo.h"
#include "crypto/x509/DistinguishedName.h"

#include <QDateTime>
#include <QFile>
#include <QProcess>
#include <QStandardPaths>

namespace custos::test::x509support {

// The key must outlive the signer.
inline crypto::x509::CertificateSigner softwareSigner(const crypto::SoftwareKey& key, crypto::JoseAlgorithm algorithm)
{
    return {algorithm, [&key, algorithm](const QByteArray& data) { return key.sign(algorithm, data); }};
}

// Now, in whole seconds (certificates hold no fractions).
inline QDateTime now()
{
    return QDateTime::fromSecsSinceEpoch(QDateTime::currentSecsSinceEpoch(), Qt::UTC);
}

inline QByteArray subjectDer(const QString& text)
{
    auto der = crypto::x509::parseDistinguishedName(text);
    return der.ok() ? der.value() : QByteArray();
}

inline crypto::x509::CertificateSpec caSpec(const QString& subject, const QByteArray& publicKeyDer, int years,
                                            std::optional<int> pathLength)
{
    crypto::x509::CertificateSpec spec;
    spec.subjectDer = subjectDer(subject);
    spec.subjectPublicKeyDer = publicKeyDer;
    spec.notBefore = now().addSecs(-3600);
    spec.notAfter = now().addYears(years);
    spec.isCa = true;
    spec.pathLength = pathLength;
    return spec;
}

// A tls-server leaf for web01.example.test and 127.0.0.1, valid for a year.
inline crypto::x509::CertificateSpec leafSpec(const QByteArray& publicKeyDer,
                                              const QString& host = QStringLiteral("web01.example.test"))
{
    crypto::x509::CertificateSpec spec;
    spec.subjectDer = subjectDer(QStringLiteral("CN=%1, O=Example Ltd, C=DE").arg(host));
    spec.subjectPublicKeyDer = publicKeyDer;
    spec.subjectAltNames = {{crypto::x509::SanKind::Dns, host},
                            {crypto::x509::SanKind::Ip, QStringLiteral("127.0.0.1")}};
    spec.notBefore = now().addSecs(-60);
    spec.notAfter = now().addYears(1);
    spec.keyUsages = {QStringLiteral("digitalSignature")};
    spec.extendedKeyUsages = {QStringLiteral("serverAuth")};
    spec.crlDistributionPoint = QStringLiteral("http://pki.example.test/issuing.crl");
    spec.caIssuersUrl = QStringLiteral("http://pki.example.test/issuing.crt");
    return spec;
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

struct ToolRun
{
    int exitCode = -1; // -1: did not run or crashed
    QString output;    // stdout + stderr
};

inline ToolRun runTool(const QString& program, const QStringList& arguments)
{
    QProcess process;
    process.setProcessChannelMode(QProcess::MergedChannels);
    process.start(program, arguments);
    ToolRun run;
    if (!process.waitForFinished(60000))
        return run;
    run.exitCode = process.exitStatus() == QProcess::NormalExit ? process.exitCode() : -1;
    run.output = QString::fromUtf8(process.readAll());
    return run;
}

inline bool haveTool(const QString& program)
{
    return !QStandardPaths::findExecutable(program).isEmpty();
}

} // namespace custos::test::x509support
