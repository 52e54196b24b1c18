// The common end of every reader: certificates matched to their keys by public key, certificates
// alone as public keys of their own, and the strength warnings of the preview.
#include "KeyFile_p.h"

#include "crypto/x509/Pkcs12Handles_p.h"

#include <openssl/err.h>
#include <openssl/objects.h>
#include <openssl/x509.h>

#include <vector>

namespace custos::crypto::import::detail {

namespace {

using x509::files::X509Ptr;

X509Ptr parseCertificate(const QByteArray& der)
{
    const auto* p = reinterpret_cast<const unsigned char*>(der.constData());
    X509Ptr certificate(d2i_X509(nullptr, &p, static_cast<long>(der.size())));
    ERR_clear_error();
    return certificate;
}

ossl::PkeyPtr parsePublicKey(const QByteArray& der)
{
    const auto* p = reinterpret_cast<const unsigned char*>(der.constData());
    ossl::PkeyPtr key(d2i_PUBKEY(nullptr, &p, static_cast<long>(der.size())));
    ERR_clear_error();
    return key;
}

QString subjectOf(const X509* certificate)
{
    BIO* bio = BIO_new(BIO_s_mem());
    if (!bio)
        return {};
    X509_NAME_print_ex(bio, X509_get_subject_name(certificate), 0, XN_FLAG_RFC2253 & ~ASN1_STRFLGS_ESC_MSB);
    char* data = nullptr;
    const long length = BIO_get_mem_data(bio, &data);
    QString subject = length > 0 ? QString::fromUtf8(data, static_cast<qsizetype>(length)) : QString();
    BIO_free(bio);
    ERR_clear_error();
    return subject.left(120);
}

// "SHA-1" or "MD5" when the certificate's signature uses that digest, else empty.
QString weakDigest(const X509* certificate)
{
    int digest = NID_undef, publicKey = NID_undef;
    if (!OBJ_find_sigid_algs(X509_get_signature_nid(certificate), &digest, &publicKey))
        return {};
    if (digest == NID_sha1)
        return QStringLiteral("SHA-1");
    if (digest == NID_md5 || digest == NID_md5_sha1)
        return QStringLiteral("MD5");
    if (digest == NID_md2 || digest == NID_md4)
        return QString::fromLatin1(OBJ_nid2sn(digest));
    return {};
}

bool genericLabel(const QString& label)
{
    return label.startsWith(QStringLiteral("the ")) || label.startsWith(QStringLiteral("PEM block")) ||
           label == QStringLiteral("PKCS#12 key");
}

} // namespace

Outcome<KeyFileContents> finishContents(Found found)
{
    KeyFileContents& contents = found.contents;
    std::vector<X509Ptr> certificates;
    for (qsizetype i = 0; i < found.certificates.size(); ++i) {
        X509Ptr certificate = parseCertificate(found.certificates[i]);
        if (!certificate)
            return invalid(QStringLiteral("certificate %1 of the file is not valid X.509").arg(i + 1));
        if (const QString digest = weakDigest(certificate.get()); !digest.isEmpty())
            contents.warnings
                << QStringLiteral("the certificate '%1' is signed with %2").arg(subjectOf(certificate.get()), digest);
        certificates.push_back(std::move(certificate));
    }

    if (contents.keys.isEmpty()) {
        // Certificates alone: each one a public key (a verify-only key or a trust anchor).
        if (certificates.empty())
            return invalid(QStringLiteral("the file holds no key and no certificate"));
        for (std::size_t i = 0; i < certificates.size(); ++i) {
            const QString where = QStringLiteral("the certificate '%1'").arg(subjectOf(certificates[i].get()));
            auto key = importedKeyFrom(X509_get0_pubkey(certificates[i].get()), false, where);
            ERR_clear_error();
            if (!key)
                return key.error();
            ImportedKey imported = key.take();
            imported.label =
                certificates.size() == 1 ? QStringLiteral("certificate") : QStringLiteral("certificate %1").arg(i + 1);
            imported.certificateDer = found.certificates[static_cast<qsizetype>(i)];
            for (qsizetype j = 0; j < found.certificates.size(); ++j) {
                if (j != static_cast<qsizetype>(i))
                    imported.chainDer << found.certificates[j];
            }
            contents.keys.append(std::move(imported));
        }
    } else {
        // Each certificate to the key with its public key; the others come along as the chain.
        std::vector<bool> matched(certificates.size(), false);
        for (ImportedKey& key : contents.keys) {
            if (key.publicKeyDer.isEmpty())
                continue;
            ossl::PkeyPtr publicKey = parsePublicKey(key.publicKeyDer);
            for (std::size_t i = 0; i < certificates.size() && publicKey; ++i) {
                const EVP_PKEY* certificateKey = X509_get0_pubkey(certificates[i].get());
                if (key.certificateDer.isEmpty() && certificateKey &&
                    EVP_PKEY_eq(certificateKey, publicKey.get()) == 1) {
                    key.certificateDer = found.certificates[static_cast<qsizetype>(i)];
                    matched[i] = true;
                }
            }
            ERR_clear_error();
        }
        for (ImportedKey& key : contents.keys) {
            for (std::size_t i = 0; i < certificates.size(); ++i) {
                if (!matched[i])
                    key.chainDer << found.certificates[static_cast<qsizetype>(i)];
            }
        }
    }

    for (const ImportedKey& key : contents.keys) {
        if (key.kind == KeyKind::Rsa && key.bits < 2048) {
            const QString warning = QStringLiteral("RSA %1 bits is below 2048").arg(key.bits);
            contents.warnings << (contents.keys.size() == 1 ? warning : key.label + QStringLiteral(": ") + warning);
        }
    }
    if (contents.keys.size() == 1 && genericLabel(contents.keys.front().label))
        contents.keys.front().label = QStringLiteral("key");
    return std::move(found.contents);
}

} // namespace custos::crypto::import::detail
