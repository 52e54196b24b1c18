#include "RestoreBlob.h"

#include "CompactJwe.h"
#include "SdJson_p.h"
#include "Sp800108Kdf.h"

#include "crypto/Random.h"
#include "crypto/ossl/OsslError.h"
#include "crypto/x509/CertificateFiles.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

#include <openssl/x509.h>

namespace custos::crypto::sd {

namespace {

Error invalid(const QString& message)
{
    return makeError(ErrorKind::Invalid, message);
}

const QString kBarePublicKey =
    QStringLiteral("a bare public key is not enough: the blob names the certificate's x5t_256; expected the exchange "
                   "key's X.509 certificate (PEM or DER) or init-recovery's {\"transfer_key\": ...} JSON");

bool isDerPublicKey(const QByteArray& bytes)
{
    const auto* in = reinterpret_cast<const unsigned char*>(bytes.constData());
    EVP_PKEY* key = d2i_PUBKEY(nullptr, &in, long(bytes.size()));
    const bool found = key != nullptr;
    EVP_PKEY_free(key);
    ossl::drainErrorQueue();
    return found;
}

Outcome<QByteArray> checkRsaCertificate(const QByteArray& der)
{
    const auto* in = reinterpret_cast<const unsigned char*>(der.constData());
    X509* certificate = d2i_X509(nullptr, &in, long(der.size()));
    if (!certificate) {
        ossl::drainErrorQueue();
        return invalid(QStringLiteral("the exchange key's x5c[0] is not an X.509 certificate"));
    }
    const EVP_PKEY* key = X509_get0_pubkey(certificate);
    const bool rsa = key && EVP_PKEY_get_base_id(key) == EVP_PKEY_RSA;
    X509_free(certificate);
    ossl::drainErrorQueue();
    if (!rsa)
        return invalid(QStringLiteral("the exchange certificate does not hold an RSA key: the restore blob is wrapped "
                                      "with RSA-OAEP-256"));
    return der;
}

// A JWK (object) with x5c: the first certificate, standard base64 DER.
Outcome<QByteArray> certificateOfJwk(const QJsonObject& jwk)
{
    const QJsonValue x5c = jwk.value(QLatin1String("x5c"));
    if (x5c.isUndefined())
        return invalid(QStringLiteral("the exchange key's JWK has no x5c: ") + kBarePublicKey);
    if (!x5c.isArray() || x5c.toArray().isEmpty() || !x5c.toArray().first().isString())
        return invalid(QStringLiteral("the exchange key's x5c must be a non-empty array of base64 certificates"));
    const auto decoded = QByteArray::fromBase64Encoding(x5c.toArray().first().toString().toLatin1(),
                                                        QByteArray::AbortOnBase64DecodingErrors);
    if (!decoded)
        return invalid(QStringLiteral("the exchange key's x5c[0] is not base64"));
    return checkRsaCertificate(decoded.decoded);
}

} // namespace

Outcome<RestoreBlob> RestoreBlob::parse(const QByteArray& json)
{
    auto root = detail::parseJsonObject(json, QStringLiteral("the restore blob"));
    if (!root)
        return root.error();
    RestoreBlob blob;
    QStringList warnings;
    auto items = detail::parseEncData(root.value(), warnings);
    if (!items)
        return items.error();
    blob.items = items.take();
    const QJsonValue wrapped = root->value(QLatin1String("WrappedKey"));
    if (wrapped.isUndefined())
        return invalid(QStringLiteral("WrappedKey is missing: not a restore blob"));
    auto wrappedKey = detail::parseEncryptedShare(wrapped, QStringLiteral("WrappedKey"));
    if (!wrappedKey)
        return wrappedKey.error();
    blob.wrappedKey = wrappedKey.take();
    return blob;
}

QByteArray RestoreBlob::toJson() const
{
    // Python's json.dumps(): ", " and ": " separators, az's member order, no trailing newline.
    QByteArray out = "{\"EncData\": {\"data\": [";
    for (qsizetype i = 0; i < items.size(); ++i) {
        if (i > 0)
            out += ", ";
        out += "{\"compact_jwe\": " + detail::jsonString(QString::fromLatin1(items[i].compactJwe)) +
               ", \"tag\": " + detail::jsonString(items[i].tag) + '}';
    }
    out += "], \"kdf\": \"sp108_kdf\"}, \"WrappedKey\": {\"enc_key\": " +
           detail::jsonString(QString::fromLatin1(wrappedKey.compactJwe)) +
           ", \"x5t_256\": " + detail::jsonString(wrappedKey.x5t256) + "}}";
    return out;
}

Outcome<QByteArray> readExchangeCertificate(const QByteArray& bytes)
{
    const QByteArray trimmed = bytes.trimmed();
    if (trimmed.isEmpty())
        return invalid(QStringLiteral("the exchange key file is empty: expected an X.509 certificate"));
    if (trimmed.startsWith('{')) {
        auto object = detail::parseJsonObject(trimmed, QStringLiteral("the exchange key JSON"));
        if (!object)
            return object.error();
        const QJsonValue transfer = object->value(QLatin1String("transfer_key"));
        if (transfer.isUndefined())
            return certificateOfJwk(object.value());
        if (transfer.isObject())
            return certificateOfJwk(transfer.toObject());
        if (!transfer.isString())
            return invalid(QStringLiteral("transfer_key must be a JWK (a JSON string or object)"));
        auto jwk = detail::parseJsonObject(transfer.toString().toUtf8(), QStringLiteral("transfer_key"));
        if (!jwk)
            return jwk.error();
        return certificateOfJwk(jwk.value());
    }
    if (trimmed.contains("-----BEGIN PUBLIC KEY-----") || trimmed.contains("-----BEGIN RSA PUBLIC KEY-----")) {
        if (!trimmed.contains("-----BEGIN CERTIFICATE-----"))
            return invalid(kBarePublicKey);
    } else if (!trimmed.contains("-----BEGIN") && isDerPublicKey(bytes)) {
        return invalid(kBarePublicKey);
    }
    auto file = x509::readCertificateFile(bytes);
    if (!file)
        return invalid(QStringLiteral("the exchange key is not an X.509 certificate: %1").arg(file.error().message));
    if (file->certificatesDer.size() != 1)
        return invalid(QStringLiteral("the exchange key file holds %1 certificates: expected exactly one")
                           .arg(file->certificatesDer.size()));
    return checkRsaCertificate(file->certificatesDer.first());
}

Outcome<RestoreBlob> createRestoreBlob(const SecurityDomainFile& file, const SecureBuffer& master,
                                       const QByteArray& exchangeCertificateDer)
{
    auto exchange = checkRsaCertificate(exchangeCertificateDer);
    if (!exchange)
        return exchange.error();
    auto payloads = openItems(file, master);
    if (!payloads)
        return payloads.error();
    const SecureBuffer master2 = randomSecret(kMasterSecretBytes);
    RestoreBlob blob;
    for (const Payload& payload : payloads.value()) {
        auto key = itemKey(master2, payload.tag);
        if (!key)
            return key.error();
        auto jwe = encryptDirJwe(key.value(), payload.tag, payload.data);
        if (!jwe)
            return jwe.error();
        blob.items.append(DataItem{jwe.take(), payload.tag});
    }
    auto wrapped = encryptRsaOaep256Jwe(exchangeCertificateDer, master2);
    if (!wrapped)
        return wrapped.error();
    blob.wrappedKey = EncryptedShare{wrapped.take(), certificateThumbprint(exchangeCertificateDer)};
    return blob;
}

Outcome<std::vector<Payload>> openRestoreBlob(const RestoreBlob& blob, CustodianKey& exchangeKey)
{
    const QString x5t = certificateThumbprint(exchangeKey.certificateDer());
    if (blob.wrappedKey.x5t256 != x5t)
        return invalid(QStringLiteral("the blob is wrapped to certificate %1, not to the exchange key from %2 (%3)")
                           .arg(blob.wrappedKey.x5t256, exchangeKey.source(), x5t));
    auto jwe = CompactJwe::parse(blob.wrappedKey.compactJwe);
    if (!jwe)
        return invalid(QStringLiteral("WrappedKey.enc_key: %1").arg(jwe.error().message));
    auto master = decryptRsaJwe(exchangeKey, jwe.value());
    if (!master)
        return makeError(master.error().kind, QStringLiteral("WrappedKey.enc_key: %1").arg(master.error().message));
    SecurityDomainFile items;
    items.items = blob.items;
    return openItems(items, master.value());
}

} // namespace custos::crypto::sd
