#include "CertificateRequest.h"

#include "X509Encoding_p.h"
#include "X509Extensions_p.h"
#include "X509Signing_p.h"

#include "crypto/ossl/OsslError.h"

#include <openssl/err.h>
#include <openssl/pem.h>

namespace custos::crypto::x509 {

namespace {
Outcome<void> addRequestedExtensions(X509_REQ* request, const CsrSpec& spec)
{
    QList<SubjectAltName> sans;
    for (const SubjectAltName& san : spec.subjectAltNames) {
        auto parsed = parseSubjectAltName(subjectAltNameText(san));
        if (!parsed)
            return parsed.error();
        sans.append(parsed.take());
    }
    using namespace detail;
    ExtensionsPtr extensions(sk_X509_EXTENSION_new_null());
    if (auto added = addSubjectAltNames(extensions, sans); !added)
        return added;
    if (auto added = addKeyUsage(extensions, spec.keyUsages); !added)
        return added;
    if (auto added = addExtendedKeyUsage(extensions, spec.extendedKeyUsages); !added)
        return added;
    if (spec.isCa || spec.pathLength)
        if (auto added = addBasicConstraints(extensions, spec.isCa, spec.pathLength); !added)
            return added;
    if (sk_X509_EXTENSION_num(extensions.get()) > 0 && X509_REQ_add_extensions(request, extensions.get()) != 1)
        return ossl::opensslError("X509_REQ_add_extensions");
    return {};
}

X509ReqPtr readRequest(const QByteArray& bytes)
{
    if (!detail::looksLikePem(bytes))
        return parseDer<X509ReqPtr>(d2i_X509_REQ, bytes);
    // PEM_read_bio_X509_REQ takes "CERTIFICATE REQUEST" and "NEW CERTIFICATE REQUEST" alike.
    BioPtr bio(BIO_new_mem_buf(bytes.constData(), static_cast<int>(bytes.size())));
    return X509ReqPtr(bio ? PEM_read_bio_X509_REQ(bio.get(), nullptr, nullptr, nullptr) : nullptr);
}
} // namespace

Outcome<QByteArray> createCertificateRequest(const CsrSpec& spec, const CertificateSigner& signer)
{
    if (!spec.isCa && spec.pathLength)
        return makeError(ErrorKind::Invalid, QStringLiteral("a path length is only for CA certificates"));
    auto subject = parseDer<X509NamePtr>(d2i_X509_NAME, spec.subjectDer);
    if (!subject)
        return detail::invalidInput(QStringLiteral("the subject is not a DER distinguished name"));
    auto key = detail::publicKeyFromDer(spec.subjectPublicKeyDer);
    if (!key)
        return detail::invalidInput(QStringLiteral("the key is not a DER SubjectPublicKeyInfo"));
    if (auto fits = detail::checkSignerFits(signer.algorithm, key.get()); !fits)
        return fits.error();

    X509ReqPtr request(X509_REQ_new());
    if (!request || X509_REQ_set_version(request.get(), X509_REQ_VERSION_1) != 1 ||
        X509_REQ_set_subject_name(request.get(), subject.get()) != 1 ||
        X509_REQ_set_pubkey(request.get(), key.get()) != 1)
        return ossl::opensslError("X509_REQ_set");
    if (auto added = addRequestedExtensions(request.get(), spec); !added)
        return added.error();

    X509_REQ* raw = request.get();
    auto der = detail::signObject({[raw](EVP_MD_CTX* context) { return X509_REQ_sign_ctx(raw, context); },
                                   [raw] { return detail::reencodedDer(i2d_re_X509_REQ_tbs, raw); },
                                   [raw] {
                                       const ASN1_BIT_STRING* signature = nullptr;
                                       const X509_ALGOR* algorithm = nullptr;
                                       X509_REQ_get0_signature(raw, &signature, &algorithm);
                                       return algorithm;
                                   }},
                                  signer);
    if (!der)
        return der.error();
    // Proof of possession: the signer must hold the key the CSR carries.
    auto made = parseDer<X509ReqPtr>(d2i_X509_REQ, der.value());
    if (!made || X509_REQ_verify(made.get(), key.get()) != 1) {
        ossl::drainErrorQueue();
        return makeError(ErrorKind::Invalid, QStringLiteral("the CSR's signature does not verify with its public key: "
                                                            "the signer does not hold the CSR's private key"));
    }
    return der;
}

Outcome<CsrInfo> inspectCertificateRequest(const QByteArray& bytes)
{
    auto request = readRequest(bytes);
    if (!request)
        return detail::invalidInput(QStringLiteral("not a certificate signing request (PEM or DER PKCS#10)"));
    EVP_PKEY* key = X509_REQ_get0_pubkey(request.get());
    if (!key)
        return detail::invalidInput(QStringLiteral("the CSR's public key cannot be read"));
    if (X509_REQ_verify(request.get(), key) != 1) {
        ossl::drainErrorQueue();
        return makeError(ErrorKind::Invalid,
                         QStringLiteral("the CSR's signature does not verify with its own public key"));
    }

    CsrInfo info;
    const X509_NAME* subject = X509_REQ_get_subject_name(request.get());
    info.subjectDer = toDer(i2d_X509_NAME, subject);
    info.subject = detail::nameText(subject);
    info.subjectPublicKeyDer = toDer(i2d_PUBKEY, static_cast<const EVP_PKEY*>(key));
    info.keyDescription = detail::keyDescription(key);
    ExtensionsPtr extensions(X509_REQ_get_extensions(request.get()));
    const detail::ExtensionFacts facts = detail::readExtensions(extensions.get());
    info.subjectAltNames = facts.subjectAltNames;
    info.keyUsages = facts.keyUsages;
    info.extendedKeyUsages = facts.extendedKeyUsages;
    info.isCa = facts.isCa;
    ERR_clear_error();
    return info;
}

QByteArray certificateRequestPem(const QByteArray& der)
{
    return detail::pemEncode("CERTIFICATE REQUEST", der);
}

} // namespace custos::crypto::x509
