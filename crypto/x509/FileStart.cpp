#include "FileStart_p.h"

#include <openssl/asn1.h>
#include <openssl/err.h>

#include <algorithm>

namespace custos::crypto::x509::files {

namespace {
bool isTextByte(char c)
{
    const auto u = static_cast<unsigned char>(c);
    return (u >= 0x20 && u < 0x7f) || c == '\n' || c == '\r' || c == '\t';
}
} // namespace

QString describeFileStart(const QByteArray& bytes)
{
    if (bytes.isEmpty())
        return QStringLiteral("the file is empty");
    const QByteArray head = bytes.left(4096);
    const qsizetype textStart = [&] {
        qsizetype i = 0;
        while (i < head.size() && (head[i] == ' ' || head[i] == '\t' || head[i] == '\r' || head[i] == '\n'))
            ++i;
        return i;
    }();
    // Only a PEM BEGIN line is quoted: it names a type, never content.
    if (head.mid(textStart).startsWith("-----BEGIN ")) {
        qsizetype end = head.indexOf('\n', textStart);
        if (end < 0)
            end = head.size();
        QByteArray line = head.mid(textStart, std::min<qsizetype>(end - textStart, 80)).trimmed();
        const bool printable = std::all_of(line.cbegin(), line.cend(), isTextByte);
        if (printable)
            return QStringLiteral("the file starts with '%1'").arg(QString::fromLatin1(line));
    }
    if (std::all_of(head.cbegin(), head.cend(), isTextByte))
        return QStringLiteral("the file is text without a PEM BEGIN line");
    if (static_cast<unsigned char>(bytes[0]) == 0x30) {
        const auto* data = reinterpret_cast<const unsigned char*>(bytes.constData());
        const unsigned char* p = data;
        long length = 0;
        int tag = 0, cls = 0;
        const int header = ASN1_get_object(&p, &length, &tag, &cls, static_cast<long>(bytes.size()));
        const bool tooLong = (header & 0x80) && ERR_GET_REASON(ERR_peek_last_error()) == ASN1_R_TOO_LONG;
        ERR_clear_error();
        if (tooLong)
            return QStringLiteral("the file is truncated DER: its outer SEQUENCE needs %1 bytes, the file has %2")
                .arg(static_cast<long>(p - data) + length)
                .arg(bytes.size());
        return QStringLiteral("the file is DER of another kind");
    }
    return QStringLiteral("the file is binary data that does not start with a DER SEQUENCE");
}

} // namespace custos::crypto::x509::files
