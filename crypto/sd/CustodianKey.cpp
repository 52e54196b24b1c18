#include "CustodianKey.h"

#include "Base64Url.h"

#include "crypto/Digest.h"
#include "crypto/keys/software/SoftwareKey.h"
#include "crypto/ossl/OsslError.h"
#include "crypto/ossl/OsslHandles.h"
#include "crypto/x509/CertificateBuilder.h"
#include "crypto/x509/CertificateFiles.h"
#include "crypto/x509/CertificateInfo.h"
#include "crypto/x509/PemPrivateKey.h"

#include <QDateTime>
#include <QFile>
#include <QFileInfo>

#include <openssl/x509.h>

#include <optional>

namespace custos::crypto::sd {

namespace {

using X509Ptr = std::unique_ptr<X509, ossl::Deleter<X509_free>>;

Error invalid(const QString& message)
{
    return makeError(ErrorKind::Invalid, message);
}

X509Ptr parseX509(const QByteArray& der)
{
    const auto* start = reinterpret_cast<const unsigned char*>(der.constData());
    const unsigned char* in = start;
    X509Ptr certificate(d2i_X509(nullptr, &in, long(der.size())));
    if (certificate && in != start + der.size())
        certificate.reset();
    if (!certificate)
        ossl::drainErrorQueue();
    return certificate;
}

// The first subject CN as UTF-8; empty when there is none.
QString commonName(X509* certificate)
{
    X509_NAME* subject = X509_get_subject_name(certificate);
    const int index = subject ? X509_NAME_get_index_by_NID(subject, NID_commonName, -1) : -1;
    if (index < 0)
        return {};
    unsigned char* utf8 = nullptr;
    const int length = ASN1_STRING_to_UTF8(&utf8, X509_NAME_ENTRY_get_data(X509_NAME_get_entry(subject, index)));
    if (length < 0) {
        ossl::drainErrorQueue();
        return {};
    }
    const QString name = QString::fromUtf8(reinterpret_cast<const char*>(utf8), length).trimmed();
    OPENSSL_free(utf8);
    return name;
}

QString isoTime(const ASN1_TIME* time)
{
    struct tm parts = {};
    if (!time || ASN1_TIME_to_tm(time, &parts) != 1)
        return {};
    const QDateTime when(QDate(parts.tm_year + 1900, parts.tm_mon + 1, parts.tm_mday),
                         QTime(parts.tm_hour, parts.tm_min, parts.tm_sec), Qt::UTC);
    return when.toString(Qt::ISODate);
}

// Exactly one certificate, PEM or DER.
Outcome<QByteArray> singleCertificate(const QByteArray& bytes)
{
    auto file = x509::readCertificateFile(bytes);
    if (!file)
        return invalid(QStringLiteral("not an X.509 certificate: %1").arg(file.error().message));
    if (file->certificatesDer.size() != 1)
        return invalid(QStringLiteral("holds %1 certificates: expected exactly one").arg(file->certificatesDer.size()));
    return file->certificatesDer.first();
}

Outcome<QByteArray> readFile(const QString& path, const char* what)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return invalid(QStringLiteral("cannot read the %1 %2: %3").arg(QLatin1String(what), path, file.errorString()));
    return file.readAll();
}

void wipeBytes(QByteArray& bytes)
{
    if (!bytes.isEmpty() && !bytes.isDetached())
        bytes = QByteArray(); // shared: someone else owns the storage
    else if (!bytes.isEmpty())
        OPENSSL_cleanse(bytes.data(), std::size_t(bytes.size()));
    bytes.clear();
}

class FileCustodianKey final : public CustodianKey
{
public:
    FileCustodianKey(SoftwareKey key, QByteArray certificateDer, QString keyPath)
        : m_key(std::move(key)), m_certificateDer(std::move(certificateDer)), m_keyPath(std::move(keyPath))
    {
    }
    ~FileCustodianKey() override { wipe(); }

    QByteArray certificateDer() const override { return m_certificateDer; }
    QString source() const override { return m_keyPath; }

    Outcome<SecureBuffer> decryptOaep(QByteArrayView ciphertext, OaepHash hash) override
    {
        if (!m_key)
            return makeError(ErrorKind::Failed, QStringLiteral("the key from %1 was already wiped").arg(m_keyPath));
        auto plaintext = m_key->decrypt(hash == OaepHash::Sha256 ? JoseAlgorithm::RsaOaep256 : JoseAlgorithm::RsaOaep,
                                        ciphertext.toByteArray());
        if (!plaintext)
            return makeError(ErrorKind::Failed,
                             QStringLiteral("the key in %1 cannot decrypt this share").arg(m_keyPath));
        return plaintext;
    }

    void wipe() override { m_key.reset(); }

private:
    std::optional<SoftwareKey> m_key;
    QByteArray m_certificateDer;
    QString m_keyPath;
};

} // namespace

Outcome<CustodianCertificate> readCustodianCertificate(const QByteArray& bytes)
{
    auto der = singleCertificate(bytes);
    if (!der)
        return der.error();
    X509Ptr certificate = parseX509(der.value());
    if (!certificate)
        return invalid(QStringLiteral("not an X.509 certificate"));
    const EVP_PKEY* key = X509_get0_pubkey(certificate.get());
    if (!key) {
        ossl::drainErrorQueue();
        return invalid(QStringLiteral("has an unreadable public key: a custodian certificate holds an RSA key of at "
                                      "least 2048 bits"));
    }
    const int type = EVP_PKEY_get_base_id(key);
    if (type != EVP_PKEY_RSA) {
        const QString kind = type == EVP_PKEY_EC ? QStringLiteral("an EC") : QStringLiteral("a non-RSA");
        return invalid(
            QStringLiteral("holds %1 key: a custodian certificate holds an RSA key of at least 2048 bits").arg(kind));
    }
    CustodianCertificate result;
    result.rsaBits = EVP_PKEY_get_bits(key);
    if (result.rsaBits < 2048)
        return invalid(QStringLiteral("RSA-%1 is too small: a custodian certificate holds an RSA key of at least 2048 "
                                      "bits")
                           .arg(result.rsaBits));
    result.holder = commonName(certificate.get());
    if (result.holder.isEmpty())
        return invalid(QStringLiteral("has no subject CN naming its holder"));
    result.der = der.value();
    result.x5t256 = certificateThumbprint(result.der);
    result.notAfter = isoTime(X509_get0_notAfter(certificate.get()));
    return result;
}

QString certificateThumbprint(const QByteArray& certificateDer)
{
    return QString::fromLatin1(base64UrlEncode(sha256(certificateDer)));
}

QString certificatePathForKey(const QString& keyPath)
{
    // az replaces the last extension ("cert_0.key" -> "cert_0.cer"); a name without one gets
    // ".cer" appended rather than az's surprise ("dir.x/key" -> "dir.cer").
    const QFileInfo info(keyPath);
    if (!info.fileName().contains(QLatin1Char('.')))
        return keyPath + QStringLiteral(".cer");
    return keyPath.left(keyPath.size() - info.suffix().size()) + QStringLiteral("cer");
}

Outcome<std::unique_ptr<CustodianKey>> openCustodianKeyFile(const QString& keyPath, const SecureBuffer* password,
                                                            const QString& certificatePath)
{
    auto keyBytes = readFile(keyPath, "key file");
    if (!keyBytes)
        return keyBytes.error();
    const QString certPath = certificatePath.isEmpty() ? certificatePathForKey(keyPath) : certificatePath;
    auto certificateBytes = readFile(certPath, "certificate");
    if (!certificateBytes) {
        wipeBytes(keyBytes.value());
        return certificateBytes.error();
    }
    auto certificateDer = singleCertificate(certificateBytes.value());
    if (!certificateDer) {
        wipeBytes(keyBytes.value());
        return invalid(QStringLiteral("%1 is %2").arg(certPath, certificateDer.error().message));
    }
    if (password && password->isEmpty())
        password = nullptr;
    auto pkcs8 = x509::readPrivateKeyFile(keyBytes.value(), password);
    wipeBytes(keyBytes.value());
    if (!pkcs8) {
        const QString message = pkcs8.error().message;
        if (message.contains(QLatin1String("wrong password")))
            return invalid(QStringLiteral("wrong password for %1 (or the key in it is malformed)").arg(keyPath));
        if (message.contains(QLatin1String("is encrypted")))
            return invalid(QStringLiteral("%1 is encrypted: a password is needed").arg(keyPath));
        return invalid(QStringLiteral("%1: %2").arg(keyPath, message));
    }
    auto key = SoftwareKey::fromPrivateDer(KeyKind::Rsa, pkcs8.value());
    pkcs8->clear();
    if (!key)
        return invalid(QStringLiteral("the key in %1 is not an RSA private key: a custodian key is RSA").arg(keyPath));
    auto publicKey = key->publicKeyDer();
    if (!publicKey)
        return publicKey.error();
    auto matches = x509::certifiesPublicKey(certificateDer.value(), publicKey.value());
    if (!matches)
        return invalid(QStringLiteral("%1 is not a usable certificate: %2").arg(certPath, matches.error().message));
    if (!matches.value())
        return invalid(QStringLiteral("the key in %1 is not the key of certificate %2").arg(keyPath, certPath));
    return std::unique_ptr<CustodianKey>(
        std::make_unique<FileCustodianKey>(key.take(), certificateDer.take(), keyPath));
}

Outcome<CustodianFiles> createCustodianKeyFile(const QString& holder, const SecureBuffer& password, int rsaBits)
{
    const QString name = holder.trimmed();
    if (name.isEmpty())
        return invalid(QStringLiteral("a custodian key needs the holder's name"));
    if (password.isEmpty())
        return invalid(QStringLiteral("a custodian key file needs a password"));
    if (rsaBits != 2048 && rsaBits != 3072 && rsaBits != 4096)
        return invalid(
            QStringLiteral("invalid size %1 for a custodian RSA key: expected 2048, 3072 or 4096 bits").arg(rsaBits));
    auto key = SoftwareKey::generateRsa(rsaBits);
    if (!key)
        return key.error();
    auto publicKey = key->publicKeyDer();
    if (!publicKey)
        return publicKey.error();

    // CN = holder, built directly so that commas or '=' in a name need no escaping.
    std::unique_ptr<X509_NAME, ossl::Deleter<X509_NAME_free>> subject(X509_NAME_new());
    const QByteArray cn = name.toUtf8();
    if (!subject ||
        X509_NAME_add_entry_by_NID(subject.get(), NID_commonName, MBSTRING_UTF8,
                                   reinterpret_cast<const unsigned char*>(cn.constData()), int(cn.size()), -1, 0) != 1)
        return ossl::opensslError("X509_NAME_add_entry_by_NID(CN)", ErrorKind::Invalid);
    unsigned char* subjectDer = nullptr;
    const int subjectLength = i2d_X509_NAME(subject.get(), &subjectDer);
    if (subjectLength <= 0)
        return ossl::opensslError("i2d_X509_NAME");
    x509::CertificateSpec spec;
    spec.subjectDer = QByteArray(reinterpret_cast<const char*>(subjectDer), subjectLength);
    OPENSSL_free(subjectDer);
    spec.subjectPublicKeyDer = publicKey.value();
    const QDateTime now = QDateTime::currentDateTimeUtc();
    spec.notBefore = now.addSecs(-300);
    spec.notAfter = now.addYears(3);
    spec.keyUsages = {QStringLiteral("keyEncipherment")};
    const SoftwareKey& signingKey = key.value();
    x509::CertificateSigner signer{JoseAlgorithm::Rs256, [&signingKey](const QByteArray& data) {
                                       return signingKey.sign(JoseAlgorithm::Rs256, data);
                                   }};
    auto certificate = x509::issueCertificate(spec, {}, signer);
    if (!certificate)
        return certificate.error();
    auto keyPem = key->exportEncryptedPkcs8(password);
    if (!keyPem)
        return keyPem.error();
    CustodianFiles files;
    files.keyPem = keyPem.take();
    files.certificatePem = x509::certificatePem(certificate.value());
    files.x5t256 = certificateThumbprint(certificate.value());
    return files;
}

} // namespace custos::crypto::sd
