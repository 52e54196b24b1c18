// readKeyFile: detection by content, the `--format` hint as a restriction, then the reader of the
// format found. A file name is only compared with the content, for a warning.
#include "Jwk.h"
#include "KeyFile_p.h"

namespace custos::crypto::import {

using namespace detail;

namespace {

QString familyText(KeyFileFormat family)
{
    switch (family) {
    case KeyFileFormat::Pem:
        return QStringLiteral("PEM");
    case KeyFileFormat::Der:
        return QStringLiteral("DER");
    case KeyFileFormat::Pkcs12:
        return QStringLiteral("PKCS#12");
    case KeyFileFormat::Jwk:
        return QStringLiteral("JWK");
    case KeyFileFormat::Raw:
        return QStringLiteral("a raw key");
    case KeyFileFormat::Byok:
        return QStringLiteral("a .byok file");
    case KeyFileFormat::Pkcs8:
    case KeyFileFormat::Auto:
        break;
    }
    return QStringLiteral("unknown content");
}

// "the file is named .der but holds PEM": names that promise one family and content of another.
QString nameWarning(const QString& fileName, KeyFileFormat family)
{
    const qsizetype dot = fileName.lastIndexOf(QLatin1Char('.'));
    if (dot < 0 || fileName.indexOf(QLatin1Char('/'), dot) >= 0)
        return {};
    const QString suffix = fileName.mid(dot + 1).toLower();
    bool disagrees = false;
    if (suffix == QStringLiteral("der"))
        disagrees = family != KeyFileFormat::Der && family != KeyFileFormat::Pkcs12;
    else if (suffix == QStringLiteral("pem") || suffix == QStringLiteral("key"))
        disagrees = family != KeyFileFormat::Pem;
    else if (suffix == QStringLiteral("p12") || suffix == QStringLiteral("pfx"))
        disagrees = family != KeyFileFormat::Pkcs12;
    else if (suffix == QStringLiteral("jwk") || suffix == QStringLiteral("jwks"))
        disagrees = family != KeyFileFormat::Jwk;
    if (!disagrees)
        return {};
    return QStringLiteral("the file is named .%1 but holds %2").arg(suffix, familyText(family));
}

bool hintAccepts(KeyFileFormat hint, const KeyFileDetection& detection)
{
    switch (hint) {
    case KeyFileFormat::Auto:
        return true;
    case KeyFileFormat::Pkcs8:
        return (detection.family == KeyFileFormat::Pem || detection.family == KeyFileFormat::Der) &&
               detection.description.contains(QStringLiteral("PKCS#8"));
    default:
        return detection.family == hint;
    }
}

Outcome<Found> readFamily(KeyFileFormat family, const QByteArray& bytes, const SecureBuffer* password)
{
    switch (family) {
    case KeyFileFormat::Pem:
        return readPem(bytes, password);
    case KeyFileFormat::Der:
        return readDer(bytes, password);
    case KeyFileFormat::Pkcs12:
        return readPkcs12Keys(bytes, password);
    case KeyFileFormat::Raw:
        return readRawKey(bytes);
    case KeyFileFormat::Jwk: {
        auto contents = readJwk(bytes);
        if (!contents)
            return contents.error();
        Found found;
        found.contents = contents.take();
        return found;
    }
    case KeyFileFormat::Byok:
        return invalid(QStringLiteral("the file is a .byok transfer file: it is unwrapped inside the token with "
                                      "--kek NAME, not read as a key file"));
    case KeyFileFormat::Pkcs8:
    case KeyFileFormat::Auto:
        break;
    }
    return invalid(QStringLiteral("no reader for this key file format"));
}

} // namespace

Outcome<KeyFileContents> readKeyFile(const QByteArray& bytes, const SecureBuffer* password, KeyFileFormat hint,
                                     const QString& fileName)
{
    if (bytes.size() > kMaxKeyFileBytes)
        return invalid(QStringLiteral("the file has %1 bytes: key files are at most %2 bytes (16 MiB)")
                           .arg(bytes.size())
                           .arg(kMaxKeyFileBytes));
    KeyFileFormat family = KeyFileFormat::Raw;
    if (hint != KeyFileFormat::Raw) { // raw bytes may look like anything: the hint decides
        auto detection = detectKeyFile(bytes);
        if (!detection)
            return detection.error();
        if (!hintAccepts(hint, detection.value()))
            return invalid(
                QStringLiteral("the file is %1: expected %2 (--format %3)")
                    .arg(detection->description, keyFileFormatName(hint).toUpper(), keyFileFormatName(hint)));
        family = detection->family;
    }
    auto found = readFamily(family, bytes, password);
    if (!found)
        return found.error();
    if (const QString warning = nameWarning(fileName, family); !warning.isEmpty())
        found->contents.warnings << warning;
    return finishContents(found.take());
}

} // namespace custos::crypto::import
