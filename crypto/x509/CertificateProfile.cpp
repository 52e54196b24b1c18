#include "CertificateProfile.h"

#include <algorithm>

namespace custos::crypto::x509 {

namespace {
const QString kDigitalSignature = QStringLiteral("digitalSignature");
const QString kKeyEncipherment = QStringLiteral("keyEncipherment");
const QString kServerAuth = QStringLiteral("serverAuth");
const QString kClientAuth = QStringLiteral("clientAuth");

// Each name once, in the canonical spelling of `known`; Invalid naming the accepted names.
Outcome<QStringList> canonicalNames(const QStringList& names, const QStringList& known, const char* what)
{
    QStringList result;
    for (const QString& name : names) {
        const auto match = std::find_if(known.cbegin(), known.cend(), [&](const QString& candidate) {
            return candidate.compare(name.trimmed(), Qt::CaseInsensitive) == 0;
        });
        if (match == known.cend())
            return makeError(ErrorKind::Invalid, QStringLiteral("unknown %1 '%2': expected %3")
                                                     .arg(QLatin1String(what), name, known.join(QStringLiteral(", "))));
        if (!result.contains(*match))
            result.append(*match);
    }
    return result;
}
} // namespace

QStringList profileNames()
{
    return {QStringLiteral("tls-server"), QStringLiteral("tls-client"), QStringLiteral("tls-server-client"),
            QStringLiteral("code-signing"), QStringLiteral("custom")};
}

QStringList keyUsageNames()
{
    return {kDigitalSignature,
            QStringLiteral("nonRepudiation"),
            kKeyEncipherment,
            QStringLiteral("dataEncipherment"),
            QStringLiteral("keyAgreement"),
            QStringLiteral("keyCertSign"),
            QStringLiteral("cRLSign")};
}

QStringList extendedKeyUsageNames()
{
    return {kServerAuth,
            kClientAuth,
            QStringLiteral("codeSigning"),
            QStringLiteral("emailProtection"),
            QStringLiteral("timeStamping"),
            QStringLiteral("OCSPSigning")};
}

Outcome<CertificateProfile> certificateProfile(const QString& name, KeyKind keyKind, const QStringList& customKeyUsages,
                                               const QStringList& customExtendedKeyUsages)
{
    if (keyKind == KeyKind::Aes)
        return makeError(ErrorKind::Invalid, QStringLiteral("a certificate needs an RSA or EC key, not an AES key"));
    CertificateProfile profile;
    profile.name = name;
    if (name == QLatin1String("custom")) {
        auto keyUsages = canonicalNames(customKeyUsages, keyUsageNames(), "key usage");
        if (!keyUsages)
            return keyUsages.error();
        auto extendedKeyUsages = canonicalNames(customExtendedKeyUsages, extendedKeyUsageNames(), "extended key usage");
        if (!extendedKeyUsages)
            return extendedKeyUsages.error();
        if (keyUsages->isEmpty() && extendedKeyUsages->isEmpty())
            return makeError(ErrorKind::Invalid,
                             QStringLiteral("the custom profile needs at least one key usage or extended key usage"));
        profile.keyUsages = keyUsages.take();
        profile.extendedKeyUsages = extendedKeyUsages.take();
        return profile;
    }
    if (!profileNames().contains(name))
        return makeError(ErrorKind::Invalid, QStringLiteral("unknown certificate profile '%1': expected %2")
                                                 .arg(name, profileNames().join(QStringLiteral(", "))));
    if (!customKeyUsages.isEmpty() || !customExtendedKeyUsages.isEmpty())
        return makeError(ErrorKind::Invalid, QStringLiteral("--ku/--eku need --profile custom"));

    const bool server = name == QLatin1String("tls-server") || name == QLatin1String("tls-server-client");
    const bool client = name == QLatin1String("tls-client") || name == QLatin1String("tls-server-client");
    profile.keyUsages = {kDigitalSignature};
    // RSA key transport (TLS 1.2 RSA key exchange) needs keyEncipherment on a server's RSA key.
    if (server && keyKind == KeyKind::Rsa)
        profile.keyUsages.append(kKeyEncipherment);
    if (server)
        profile.extendedKeyUsages.append(kServerAuth);
    if (client)
        profile.extendedKeyUsages.append(kClientAuth);
    if (name == QLatin1String("code-signing"))
        profile.extendedKeyUsages.append(QStringLiteral("codeSigning"));
    return profile;
}

} // namespace custos::crypto::x509
