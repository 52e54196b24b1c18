#include "CertificateInfo.h"

#include "X509Encoding_p.h"
#include "X509Extensions_p.h"

#include "crypto/ossl/OsslError.h"

#include <QCryptographicHash>

#include <openssl/bio.h>
#include <openssl/err.h>

namespace custos::crypto::x509 {

namespace {
QString objectName(const ASN1_OBJECT* object)
{
    char buffer[128] = {};
    OBJ_obj2txt(buffer, sizeof buffer, object, 0); // the long name when known, else the dotted OID
    return QString::fromLatin1(buffer);
}

// OpenSSL's own rendering, one line per item; a hex dump for extensions it does not know.
QStringList extensionValues(X509_EXTENSION* extension)
{
    BioPtr bio(BIO_new(BIO_s_mem()));
    if (!bio)
        return {};
    if (X509V3_EXT_print(bio.get(), extension, X509V3_EXT_DUMP_UNKNOWN, 0) != 1) {
        ERR_clear_error();
        return {QStringLiteral("(unreadable)")};
    }
    char* data = nullptr;
    const long length = BIO_get_mem_data(bio.get(), &data);
    QStringList lines;
    for (const QString& line : QString::fromUtf8(data, static_cast<qsizetype>(length)).split(u'\n')) {
        const QString trimmed = line.trimmed();
        if (!trimmed.isEmpty())
            lines.append(trimmed);
    }
    return lines;
}

QList<CertificateExtension> extensionsOf(const X509* certificate)
{
    QList<CertificateExtension> extensions;
    for (int i = 0; i < X509_get_ext_count(certificate); ++i) {
        X509_EXTENSION* extension = X509_get_ext(certificate, i);
        extensions.append({objectName(X509_EXTENSION_get_object(extension)), X509_EXTENSION_get_critical(extension) > 0,
                           extensionValues(extension)});
    }
    return extensions;
}

QString signatureAlgorithmName(const X509* certificate)
{
    const ASN1_BIT_STRING* signature = nullptr;
    const X509_ALGOR* algorithm = nullptr;
    X509_get0_signature(&signature, &algorithm, certificate);
    const ASN1_OBJECT* object = nullptr;
    X509_ALGOR_get0(&object, nullptr, nullptr, algorithm);
    return objectName(object);
}
} // namespace

Outcome<CertificateInfo> inspectCertificate(const QByteArray& der)
{
    auto certificate = parseDer<X509Ptr>(d2i_X509, der);
    if (!certificate)
        return detail::invalidInput(QStringLiteral("not a DER X.509 certificate"));
    X509* x = certificate.get();

    CertificateInfo info;
    info.subject = detail::nameText(X509_get_subject_name(x));
    info.issuer = detail::nameText(X509_get_issuer_name(x));
    info.serialHex = detail::integerHex(X509_get0_serialNumber(x));
    info.notBefore = detail::dateTime(X509_get0_notBefore(x));
    info.notAfter = detail::dateTime(X509_get0_notAfter(x));

    const detail::ExtensionFacts facts = detail::readExtensions(X509_get0_extensions(x));
    info.subjectAltNames = facts.subjectAltNames;
    info.keyUsages = facts.keyUsages;
    info.extendedKeyUsages = facts.extendedKeyUsages;
    info.isCa = facts.isCa;
    info.pathLength = facts.pathLength;
    info.permittedDnsSubtrees = facts.permittedDnsSubtrees;
    info.crlDistributionPoint = facts.crlDistributionPoint;
    info.caIssuersUrl = facts.caIssuersUrl;

    info.subjectPublicKeyDer = toDer(i2d_X509_PUBKEY, X509_get_X509_PUBKEY(x));
    EVP_PKEY* key = X509_get0_pubkey(x); // null for a key OpenSSL cannot read
    info.keyDescription = key ? detail::keyDescription(key) : QStringLiteral("unknown key type");
    info.signatureAlgorithm = signatureAlgorithmName(x);
    info.sha256Fingerprint = QCryptographicHash::hash(der, QCryptographicHash::Sha256);
    info.sha1Fingerprint = QCryptographicHash::hash(der, QCryptographicHash::Sha1);
    info.selfSigned =
        X509_NAME_cmp(X509_get_subject_name(x), X509_get_issuer_name(x)) == 0 && key && X509_verify(x, key) == 1;
    info.extensions = extensionsOf(x);
    ERR_clear_error(); // a foreign certificate may leave entries (an unreadable key or extension)
    return info;
}

QByteArray certificatePem(const QByteArray& der)
{
    return detail::pemEncode("CERTIFICATE", der);
}

Outcome<bool> certifiesPublicKey(const QByteArray& certificateDer, const QByteArray& subjectPublicKeyDer)
{
    auto certificate = parseDer<X509Ptr>(d2i_X509, certificateDer);
    if (!certificate)
        return detail::invalidInput(QStringLiteral("not a DER X.509 certificate"));
    auto key = detail::publicKeyFromDer(subjectPublicKeyDer);
    if (!key)
        return detail::invalidInput(QStringLiteral("not a DER SubjectPublicKeyInfo"));
    const EVP_PKEY* certified = X509_get0_pubkey(certificate.get());
    const bool same = certified && EVP_PKEY_eq(certified, key.get()) == 1;
    ERR_clear_error();
    return same;
}

QString colonHex(const QByteArray& bytes)
{
    return QString::fromLatin1(bytes.toHex(':').toUpper());
}

} // namespace custos::crypto::x509
