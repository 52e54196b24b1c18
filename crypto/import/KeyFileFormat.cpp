// The words of `key import --format` (CLI.md).
#include "KeyFile.h"

namespace custos::crypto::import {

namespace {
struct FormatName
{
    KeyFileFormat format;
    const char* name;
};
constexpr FormatName kNames[] = {{KeyFileFormat::Auto, "auto"},     {KeyFileFormat::Pem, "pem"},
                                 {KeyFileFormat::Der, "der"},       {KeyFileFormat::Pkcs8, "pkcs8"},
                                 {KeyFileFormat::Pkcs12, "pkcs12"}, {KeyFileFormat::Jwk, "jwk"},
                                 {KeyFileFormat::Raw, "raw"},       {KeyFileFormat::Byok, "byok"}};
} // namespace

bool parseKeyFileFormat(const QString& text, KeyFileFormat* out)
{
    for (const FormatName& name : kNames) {
        if (text.compare(QLatin1String(name.name), Qt::CaseInsensitive) == 0) {
            if (out)
                *out = name.format;
            return true;
        }
    }
    return false;
}

QString keyFileFormatName(KeyFileFormat format)
{
    for (const FormatName& name : kNames) {
        if (name.format == format)
            return QString::fromLatin1(name.name);
    }
    return QStringLiteral("auto");
}

} // namespace custos::crypto::import
