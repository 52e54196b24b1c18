// Raw AES keys: exactly 16, 24 or 32 bytes, or their hex (32, 48 or 64 digits) with optional
// whitespace and line breaks. The key goes straight into secure memory.
#include "KeyFile_p.h"

#include <algorithm>

namespace custos::crypto::import::detail {

namespace {

bool isSpace(char c)
{
    return c == ' ' || c == '\t' || c == '\r' || c == '\n';
}

int hexValue(char c)
{
    if (c >= '0' && c <= '9')
        return c - '0';
    if (c >= 'a' && c <= 'f')
        return c - 'a' + 10;
    if (c >= 'A' && c <= 'F')
        return c - 'A' + 10;
    return -1;
}

bool isAesSize(qsizetype bytes)
{
    return bytes == 16 || bytes == 24 || bytes == 32;
}

// The number of hex digits when the bytes are hex with whitespace only, else -1.
qsizetype hexDigits(const QByteArray& bytes)
{
    qsizetype digits = 0;
    for (const char c : bytes) {
        if (hexValue(c) >= 0)
            ++digits;
        else if (!isSpace(c))
            return -1;
    }
    return digits;
}

} // namespace

bool looksLikeRawKey(const QByteArray& bytes, bool* hex, bool detectionOnly)
{
    const qsizetype digits = bytes.size() <= 1024 ? hexDigits(bytes) : -1;
    if (digits > 0 && digits % 2 == 0 && isAesSize(digits / 2)) {
        if (hex)
            *hex = true;
        return true;
    }
    if (hex)
        *hex = false;
    if (!isAesSize(bytes.size()))
        return false;
    // Text that is not hex is no binary key (a random key is all printable once in ~10^7).
    const bool text =
        std::all_of(bytes.cbegin(), bytes.cend(), [](char c) { return (c >= 0x20 && c < 0x7f) || isSpace(c); });
    return !text || !detectionOnly;
}

Outcome<Found> readRawKey(const QByteArray& bytes)
{
    bool hex = false;
    if (!looksLikeRawKey(bytes, &hex, false)) {
        const qsizetype digits = bytes.size() <= 1024 ? hexDigits(bytes) : -1;
        if (digits > 0)
            return invalid(QStringLiteral("the raw key has %1 hex digits: expected 32, 48 or 64 (an AES-128, AES-192 "
                                          "or AES-256 key)")
                               .arg(digits));
        return invalid(QStringLiteral("the raw key has %1 bytes: expected 16, 24 or 32 bytes (binary) or 32, 48 or "
                                      "64 hex digits")
                           .arg(bytes.size()));
    }
    ImportedKey key;
    key.label = QStringLiteral("key");
    key.kind = KeyKind::Aes;
    if (hex) {
        SecureBuffer raw(static_cast<std::size_t>(hexDigits(bytes) / 2));
        std::size_t at = 0;
        int high = -1;
        for (const char c : bytes) {
            const int value = hexValue(c);
            if (value < 0)
                continue;
            if (high < 0) {
                high = value;
            } else {
                raw.data()[at++] = static_cast<unsigned char>(high << 4 | value);
                high = -1;
            }
        }
        key.privateKey = std::move(raw);
    } else {
        key.privateKey = SecureBuffer(bytes.constData(), static_cast<std::size_t>(bytes.size()));
    }
    key.bits = static_cast<int>(key.privateKey.size() * 8);
    Found found;
    found.contents.format = hex ? QStringLiteral("raw AES key (hex)") : QStringLiteral("raw AES key (binary)");
    found.contents.keys.append(std::move(key));
    return found;
}

} // namespace custos::crypto::import::detail
