#include "Base64Url.h"

namespace custos::crypto::sd {

namespace {

constexpr char kAlphabet[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

int sextet(char c)
{
    if (c >= 'A' && c <= 'Z')
        return c - 'A';
    if (c >= 'a' && c <= 'z')
        return c - 'a' + 26;
    if (c >= '0' && c <= '9')
        return c - '0' + 52;
    if (c == '-')
        return 62;
    if (c == '_')
        return 63;
    return -1;
}

} // namespace

QByteArray base64UrlEncode(QByteArrayView bytes)
{
    QByteArray out;
    out.reserve((bytes.size() * 4 + 2) / 3);
    const auto* in = reinterpret_cast<const unsigned char*>(bytes.data());
    const qsizetype size = bytes.size();
    qsizetype i = 0;
    for (; i + 3 <= size; i += 3) {
        const unsigned v = (unsigned(in[i]) << 16) | (unsigned(in[i + 1]) << 8) | in[i + 2];
        out.append(kAlphabet[(v >> 18) & 63]).append(kAlphabet[(v >> 12) & 63]);
        out.append(kAlphabet[(v >> 6) & 63]).append(kAlphabet[v & 63]);
    }
    if (size - i == 1) {
        const unsigned v = unsigned(in[i]) << 16;
        out.append(kAlphabet[(v >> 18) & 63]).append(kAlphabet[(v >> 12) & 63]);
    } else if (size - i == 2) {
        const unsigned v = (unsigned(in[i]) << 16) | (unsigned(in[i + 1]) << 8);
        out.append(kAlphabet[(v >> 18) & 63]).append(kAlphabet[(v >> 12) & 63]).append(kAlphabet[(v >> 6) & 63]);
    }
    return out;
}

Outcome<QByteArray> base64UrlDecode(QByteArrayView text, const char* what)
{
    const auto invalid = [what](const QString& reason) {
        return makeError(ErrorKind::Invalid,
                         QStringLiteral("%1 is not base64url: %2").arg(QLatin1String(what), reason));
    };
    // az appends "===" before decoding, so up to two '=' of padding pass; we tolerate exactly those.
    qsizetype length = text.size();
    int padding = 0;
    while (length > 0 && text[length - 1] == '=' && padding < 2) {
        --length;
        ++padding;
    }
    if (padding > 0 && (length + padding) % 4 != 0)
        return invalid(QStringLiteral("'=' padding does not fill a 4-character group"));
    if (length % 4 == 1)
        return invalid(QStringLiteral("impossible length %1").arg(length));
    QByteArray out;
    out.reserve(length * 3 / 4);
    unsigned accumulator = 0;
    int bits = 0;
    for (qsizetype i = 0; i < length; ++i) {
        const int value = sextet(text[i]);
        if (value < 0) {
            const auto c = static_cast<unsigned char>(text[i]);
            const QString shown = (c >= 0x21 && c < 0x7f) ? QStringLiteral("'%1'").arg(QChar(c))
                                                          : QStringLiteral("byte 0x%1").arg(c, 2, 16, QChar('0'));
            return invalid(QStringLiteral("%1 at offset %2 (expected A-Z, a-z, 0-9, '-' or '_')").arg(shown).arg(i));
        }
        accumulator = (accumulator << 6) | unsigned(value);
        bits += 6;
        if (bits >= 8) {
            bits -= 8;
            out.append(static_cast<char>((accumulator >> bits) & 0xff));
        }
    }
    return out;
}

} // namespace custos::crypto::sd
