#include "CertificateJson.h"

#include "crypto/x509/CertificateInfo.h"
#include "model/domain/Key.h"

#include <QJsonArray>

namespace custos::app {

namespace {

QByteArray base64Url(const QByteArray& bytes)
{
    return bytes.toBase64(QByteArray::Base64UrlEncoding | QByteArray::OmitTrailingEquals);
}

qint64 seconds(const QDateTime& time)
{
    return time.toSecsSinceEpoch();
}

} // namespace

QJsonObject CertificateJson::version(const model::CertificateRecord& certificate,
                                     const model::CertificateVersion& version)
{
    QJsonObject attributes{{QStringLiteral("enabled"), !version.isRevoked()},
                           {QStringLiteral("created"), seconds(version.created)},
                           {QStringLiteral("updated"), seconds(version.created)}};
    if (version.notBefore.isValid())
        attributes.insert(QStringLiteral("nbf"), seconds(version.notBefore));
    if (version.notAfter.isValid())
        attributes.insert(QStringLiteral("exp"), seconds(version.notAfter));
    QJsonObject o{
        {QStringLiteral("id"),
         model::CertificateRecord::versionResourceId(certificate.vault, certificate.name, version.id)},
        {QStringLiteral("name"), certificate.name},
        {QStringLiteral("version"), version.id},
        {QStringLiteral("kid"),
         model::KeyRecord::versionResourceId(certificate.vault, certificate.name, version.keyVersionId)},
        {QStringLiteral("attributes"), attributes},
        {QStringLiteral("pending"), version.isPending()},
    };
    if (!version.serialHex.isEmpty())
        o.insert(QStringLiteral("serial"), version.serialHex);
    if (version.isRevoked()) {
        o.insert(QStringLiteral("revoked"), seconds(version.revoked));
        o.insert(QStringLiteral("revocationReason"), version.revocationReason);
    }
    if (version.isPending())
        return o;
    o.insert(QStringLiteral("cer"), QString::fromLatin1(version.der.toBase64()));
    auto info = crypto::x509::inspectCertificate(version.der);
    if (!info)
        return o;
    o.insert(QStringLiteral("x5t"), QString::fromLatin1(base64Url(info->sha1Fingerprint)));
    o.insert(QStringLiteral("x5t#S256"), QString::fromLatin1(base64Url(info->sha256Fingerprint)));
    o.insert(QStringLiteral("subject"), info->subject);
    o.insert(QStringLiteral("issuer"), info->issuer);
    QJsonArray sans;
    for (const auto& san : info->subjectAltNames)
        sans << crypto::x509::subjectAltNameText(san);
    o.insert(QStringLiteral("subjectAltNames"), sans);
    return o;
}

QJsonObject CertificateJson::bundle(const model::CertificateRecord& certificate,
                                    const model::CertificateVersion& version)
{
    QJsonObject o = CertificateJson::version(certificate, version);
    o.insert(QStringLiteral("isCa"), certificate.isCa);
    o.insert(QStringLiteral("policy"), model::certificatePolicyToJson(certificate.policy));
    if (certificate.isCa)
        o.insert(QStringLiteral("ca"), model::caSettingsToJson(certificate.ca));
    return o;
}

} // namespace custos::app
