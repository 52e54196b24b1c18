// PEM blocks as RFC 7468 (and RFC 1421's headers for OpenSSL's traditional encryption) lay them
// out. Text around the blocks is ignored; the base64 is checked strictly when a block is read.
#include "KeyFile_p.h"

#include <QList>

namespace custos::crypto::import::detail {

namespace {

constexpr int kMaxBlocks = 256;

bool isTypeText(const QByteArray& type)
{
    if (type.isEmpty() || type.size() > 64)
        return false;
    for (const char c : type) {
        if (!((c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == ' ' || c == '#' || c == '-'))
            return false;
    }
    return true;
}

// The type of a "-----BEGIN X-----" / "-----END X-----" line, or empty.
QByteArray boundaryType(const QByteArray& line, const char* keyword)
{
    const QByteArray prefix = QByteArray("-----") + keyword + ' ';
    if (!line.startsWith(prefix) || !line.endsWith("-----") || line.size() < prefix.size() + 5)
        return {};
    return line.mid(prefix.size(), line.size() - prefix.size() - 5);
}

bool isBase64Line(const QByteArray& line)
{
    for (const char c : line) {
        const bool ok = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '+' ||
                        c == '/' || c == '=' || c == ' ' || c == '\t';
        if (!ok)
            return false;
    }
    return true;
}

} // namespace

bool looksLikePem(const QByteArray& bytes)
{
    return bytes.contains("-----BEGIN ");
}

Outcome<QList<PemBlock>> splitPem(const QByteArray& bytes)
{
    QList<PemBlock> blocks;
    const QList<QByteArray> lines = bytes.split('\n');
    qsizetype offset = 0; // of the current line in `bytes`
    PemBlock current;
    bool inBlock = false, inHeaders = false, headersPossible = false;
    qsizetype blockStart = 0;
    for (qsizetype i = 0; i < lines.size(); ++i) {
        const QByteArray line = lines[i].trimmed();
        const qsizetype lineEnd = offset + lines[i].size() + 1;
        if (!inBlock) {
            const QByteArray type = boundaryType(line, "BEGIN");
            if (!type.isEmpty()) {
                if (blocks.size() >= kMaxBlocks)
                    return invalid(QStringLiteral("the PEM file holds more than %1 blocks").arg(kMaxBlocks));
                current = PemBlock{};
                current.type = type;
                current.line = static_cast<int>(i + 1);
                inBlock = true;
                headersPossible = true;
                inHeaders = false;
                blockStart = offset;
            }
            offset = lineEnd;
            continue;
        }
        const QByteArray endType = boundaryType(line, "END");
        if (!endType.isEmpty() || line.startsWith("-----")) {
            if (endType != current.type)
                return invalid(
                    QStringLiteral("PEM block %1 (line %2) ends at line %3 without its END line: expected "
                                   "'-----END %4-----'")
                        .arg(blocks.size() + 1)
                        .arg(current.line)
                        .arg(i + 1)
                        .arg(isTypeText(current.type) ? QString::fromLatin1(current.type) : QStringLiteral("...")));
            current.text = bytes.mid(blockStart, std::min(lineEnd, bytes.size()) - blockStart);
            if (!current.text.endsWith('\n'))
                current.text += '\n';
            blocks.append(current);
            inBlock = false;
            offset = lineEnd;
            continue;
        }
        // RFC 1421 headers ("Proc-Type: 4,ENCRYPTED", "DEK-Info: ...") come first, then a blank line.
        if (headersPossible && line.contains(':')) {
            inHeaders = true;
        }
        headersPossible = false;
        if (inHeaders) {
            if (line.isEmpty()) {
                inHeaders = false;
            } else if (line.startsWith("Proc-Type:")) {
                current.procTypeEncrypted = line.contains("ENCRYPTED");
            } else if (line.startsWith("DEK-Info:")) {
                current.dekInfo = line.mid(9).trimmed().split(',').value(0);
            }
            offset = lineEnd;
            continue;
        }
        if (current.badLine == 0 && !isBase64Line(line))
            current.badLine = static_cast<int>(i + 1);
        current.base64 += line;
        offset = lineEnd;
    }
    if (inBlock)
        return invalid(
            QStringLiteral("PEM block %1 (line %2) has no END line").arg(blocks.size() + 1).arg(current.line));
    return blocks;
}

QString pemBlockDescription(const PemBlock& block)
{
    const QByteArray& t = block.type;
    if (t == "PRIVATE KEY")
        return QStringLiteral("PKCS#8 private key");
    if (t == "ENCRYPTED PRIVATE KEY")
        return QStringLiteral("encrypted PKCS#8");
    if (t == "RSA PRIVATE KEY")
        return block.procTypeEncrypted ? QStringLiteral("encrypted PKCS#1 RSA private key (traditional)")
                                       : QStringLiteral("PKCS#1 RSA private key");
    if (t == "EC PRIVATE KEY")
        return block.procTypeEncrypted ? QStringLiteral("encrypted SEC1 EC private key (traditional)")
                                       : QStringLiteral("SEC1 EC private key");
    if (t == "PUBLIC KEY")
        return QStringLiteral("public key (SubjectPublicKeyInfo)");
    if (t == "RSA PUBLIC KEY")
        return QStringLiteral("PKCS#1 RSA public key");
    if (t == "CERTIFICATE" || t == "X509 CERTIFICATE" || t == "TRUSTED CERTIFICATE")
        return QStringLiteral("X.509 certificate");
    if (t == "PKCS7" || t == "CMS" || t == "PKCS #7 SIGNED DATA")
        return QStringLiteral("PKCS#7 certificates");
    if (t == "EC PARAMETERS")
        return QStringLiteral("EC parameters");
    return isTypeText(t) ? QStringLiteral("'%1' block").arg(QString::fromLatin1(t)) : QStringLiteral("unknown block");
}

} // namespace custos::crypto::import::detail
