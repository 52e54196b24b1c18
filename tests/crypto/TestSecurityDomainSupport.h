#pragma once

// Shared by the TestSecurityDomain* classes: the committed vectors and a way to run openssl.

#include "crypto/SecureBuffer.h"

#include <QByteArray>
#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QString>
#include <QStringList>

namespace custos::test::sd {

inline QString vectorPath(const QString& name)
{
    return QStringLiteral(CUSTOS_TEST_DATA_DIR "/security-domain/") + name;
}

inline QString custodianPath(const QString& name)
{
    return QStringLiteral(CUSTOS_TEST_DATA_DIR "/custodians/") + name;
}

inline QByteArray readAll(const QString& path)
{
    QFile file(path);
    return file.open(QIODevice::ReadOnly) ? file.readAll() : QByteArray();
}

inline bool writeAll(const QString& path, const QByteArray& bytes)
{
    QFile file(path);
    return file.open(QIODevice::WriteOnly | QIODevice::Truncate) && file.write(bytes) == bytes.size();
}

inline QJsonObject manifest()
{
    return QJsonDocument::fromJson(readAll(vectorPath(QStringLiteral("manifest.json")))).object();
}

inline crypto::SecureBuffer secret(const QByteArray& bytes)
{
    return crypto::SecureBuffer(bytes.constData(), std::size_t(bytes.size()));
}

inline QByteArray bytesOf(const crypto::SecureBuffer& buffer)
{
    return QByteArray(buffer.chars(), qsizetype(buffer.size()));
}

struct ToolResult
{
    int exitCode = -1;
    QByteArray out;
    QByteArray err;
};

inline ToolResult runTool(const QString& program, const QStringList& arguments, const QByteArray& input = {})
{
    QProcess process;
    process.start(program, arguments);
    ToolResult result;
    if (!process.waitForStarted(30000))
        return result;
    process.write(input);
    process.closeWriteChannel();
    if (!process.waitForFinished(60000))
        return result;
    result.exitCode = process.exitStatus() == QProcess::NormalExit ? process.exitCode() : -1;
    result.out = process.readAllStandardOutput();
    result.err = process.readAllStandardError();
    return result;
}

// A base64url segment with one character in its middle changed (always changes the decoded bytes).
inline QByteArray flipMiddle(QByteArray segment)
{
    const qsizetype i = segment.size() / 2;
    segment[i] = segment[i] == 'A' ? 'B' : 'A';
    return segment;
}

// The compact JWE with segment `index` replaced by `segment`.
inline QByteArray replaceSegment(const QByteArray& jwe, int index, const QByteArray& segment)
{
    QList<QByteArray> parts = jwe.split('.');
    parts[index] = segment;
    return parts.join('.');
}

} // namespace custos::test::sd
