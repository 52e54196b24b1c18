#pragma once

// Private to crypto/pkcs11: PKCS#11's fixed-width, blank-padded UTF-8 text fields.

#include <QByteArray>
#include <QString>

#include <optional>

#include <p11-kit/pkcs11.h>

namespace custos::crypto::pkcs11text {

// A field such as CK_TOKEN_INFO::label, with the trailing blanks removed.
inline QString fromPadded(const CK_UTF8CHAR* field, std::size_t width)
{
    std::size_t length = width;
    while (length > 0 && (field[length - 1] == ' ' || field[length - 1] == '\0'))
        --length;
    return QString::fromUtf8(reinterpret_cast<const char*>(field), static_cast<qsizetype>(length));
}

// A token label blank-padded to 32 bytes; nullopt when its UTF-8 form is longer than 32 bytes.
inline std::optional<QByteArray> paddedLabel(const QString& label)
{
    QByteArray bytes = label.toUtf8();
    if (bytes.size() > 32)
        return std::nullopt;
    bytes.append(32 - bytes.size(), ' ');
    return bytes;
}

} // namespace custos::crypto::pkcs11text
