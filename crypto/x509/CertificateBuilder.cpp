#include "CertificateBuilder.h"

#include "X509Encoding_p.h"
#include "X509Extensions_p.h"
#include "X509Signing_p.h"

#include "crypto/Random.h"
#include "crypto/ossl/OsslError.h"

namespace custos::crypto::x509 {

namespace {
Error invalid(const QString& message)
{
    return makeError(ErrorKind::Invalid, message);
}

// The issuing side: the CA's certificate, or the spec itself for a self-signed certificate.
struct Issuer
{
    X509Ptr certificate; // null when self-signed
    const X509_NAME* name = nullptr;
    const EVP_PKEY* key = nullptr;
    QString text;
    detail::ExtensionFacts facts;
};

bool withinSubtree(const QString& name, QString subtree)
{
    subtree = subtree.toLower();
    if (subtree.startsWith(u'.'))
        subtree.remove(0, 1);
    const QString lower = name.toLower();
    return lower == subtree || lower.endsWith(u'.' + subtree);
}

QString commonName(const X509_NAME* name)
{
    const int index = X509_NAME_get_index_by_NID(name, NID_commonName, -1);
    if (index < 0)
        return {};
    unsigned char* utf8 = nullptr;
    const int length = ASN1_STRING_to_UTF8(&utf8, X509_NAME_ENTRY_get_data(X509_NAME_get_entry(name, index)));
    const QString text = length >= 0 ? QString::fromUtf8(reinterpret_cast<const char*>(utf8), length) : QString();
    OPENSSL_free(utf8);
    return text;
}

Outcome<QByteArray> serialFor(const QByteArray& requested)
{
    if (requested.isEmpty()) {
        QByteArray serial = randomBytes(16);
        serial[0] = static_cast<char>((serial[0] & 0x7F) | 0x40); // positive, always 16 bytes
        return serial;
    }
    QByteArray serial = requested;
    while (!serial.isEmpty() && serial.at(0) == '\0')
        serial.remove(0, 1);
    if (serial.isEmpty())
        return invalid(QStringLiteral("the serial number must not be zero"));
    if (serial.size() > 20 || (serial.size() == 20 && (serial.at(0) & 0x80)))
        return invalid(QStringLiteral("the serial number is too long: at most 20 bytes encoded (RFC 5280)"));
    return serial;
}

// Subject alternative names, subtrees and URLs as the parsers accept them (canonical form).
Outcome<void> checkNames(const CertificateSpec& spec, QList<SubjectAltName>* sans)
{
    for (const SubjectAltName& san : spec.subjectAltNames) {
        auto parsed = parseSubjectAltName(subjectAltNameText(san));
        if (!parsed)
            return parsed.error();
        sans->append(parsed.take());
    }
    for (const QString& subtree : spec.permittedDnsSubtrees) {
        auto parsed = parseSubjectAltName(QStringLiteral("dns:") + subtree);
        if (!parsed || subtree.contains(u'*'))
            return invalid(QStringLiteral("invalid permitted DNS subtree '%1': expected a domain such as example.test")
                               .arg(subtree));
    }
    for (const QString& url : {spec.crlDistributionPoint, spec.caIssuersUrl}) {
        if (url.isEmpty())
            continue;
        if (auto parsed = parseSubjectAltName(QStringLiteral("uri:") + url); !parsed)
            return invalid(
                QStringLiteral("invalid URL '%1': expected an absolute URL such as http://pki.example.test/ca.crl")
                    .arg(url));
    }
    return {};
}

Outcome<void> checkSpec(const CertificateSpec& spec)
{
    if (!spec.notBefore.isValid() || !spec.notAfter.isValid())
        return invalid(QStringLiteral("the certificate needs a notBefore and a notAfter time"));
    if (spec.notAfter.toSecsSinceEpoch() <= spec.notBefore.toSecsSinceEpoch())
        return invalid(QStringLiteral("notAfter (%1) is not after notBefore (%2)")
                           .arg(detail::dateText(spec.notAfter), detail::dateText(spec.notBefore)));
    if (!spec.isCa && spec.pathLength)
        return invalid(QStringLiteral("a path length is only for CA certificates"));
    if (!spec.isCa && !spec.permittedDnsSubtrees.isEmpty())
        return invalid(QStringLiteral("name constraints are only for CA certificates"));
    if (spec.pathLength && *spec.pathLength < 0)
        return invalid(QStringLiteral("the path length must not be negative, got %1").arg(*spec.pathLength));
    return {};
}

Outcome<Issuer> loadIssuer(const QByteArray& issuerDer, const X509_NAME* subject, const EVP_PKEY* subjectKey)
{
    Issuer issuer;
    if (issuerDer.isEmpty()) {
        issuer.name = subject;
        issuer.key = subjectKey;
        return issuer;
    }
    issuer.certificate = parseDer<X509Ptr>(d2i_X509, issuerDer);
    if (!issuer.certificate)
        return detail::invalidInput(QStringLiteral("the issuer is not a DER X.509 certificate"));
    X509* certificate = issuer.certificate.get();
    issuer.name = X509_get_subject_name(certificate);
    issuer.key = X509_get0_pubkey(certificate);
    issuer.text = detail::nameText(issuer.name);
    issuer.facts = detail::readExtensions(X509_get0_extensions(certificate));
    if (!issuer.key)
        return detail::invalidInput(QStringLiteral("the issuer's public key cannot be read"));
    const uint32_t flags = X509_get_extension_flags(certificate);
    if (!(flags & EXFLAG_CA) || !(flags & EXFLAG_BCONS))
        return invalid(QStringLiteral("the issuer '%1' is not a CA (no basicConstraints CA:TRUE)").arg(issuer.text));
    if ((flags & EXFLAG_KUSAGE) && !(X509_get_key_usage(certificate) & KU_KEY_CERT_SIGN))
        return invalid(QStringLiteral("the issuer '%1' lacks the keyCertSign key usage").arg(issuer.text));
    return issuer;
}

// What the issuer's certificate allows: validity, path length, permitted DNS subtrees.
Outcome<void> checkAgainstIssuer(const CertificateSpec& spec, const Issuer& issuer, const X509_NAME* subject,
                                 const QList<SubjectAltName>& sans)
{
    if (!issuer.certificate)
        return {};
    const QDateTime caNotAfter = detail::dateTime(X509_get0_notAfter(issuer.certificate.get()));
    if (spec.notAfter > caNotAfter)
        return invalid(QStringLiteral("validity beyond the CA's: the CA expires %1, the certificate would expire %2")
                           .arg(detail::dateText(caNotAfter), detail::dateText(spec.notAfter)));
    if (spec.isCa && issuer.facts.pathLength) {
        const int allowed = *issuer.facts.pathLength - 1;
        if (allowed < 0)
            return invalid(
                QStringLiteral("the issuer '%1' has path length 0: it may not certify another CA").arg(issuer.text));
        if (!spec.pathLength || *spec.pathLength > allowed)
            return invalid(QStringLiteral("the issuer '%1' has path length %2: a CA below it needs a path length of at "
                                          "most %3")
                               .arg(issuer.text)
                               .arg(*issuer.facts.pathLength)
                               .arg(allowed));
    }
    const QStringList& permitted = issuer.facts.permittedDnsSubtrees;
    if (permitted.isEmpty())
        return {};
    QStringList names;
    for (const SubjectAltName& san : sans)
        if (san.kind == SanKind::Dns)
            names.append(san.value);
    const QString cn = commonName(subject);
    if (names.isEmpty() && !cn.isEmpty() && parseSubjectAltName(QStringLiteral("dns:") + cn))
        names.append(cn); // verifiers check a host-name-like CN when there are no DNS SANs
    names.append(spec.permittedDnsSubtrees);
    for (const QString& name : std::as_const(names)) {
        const bool inside = std::any_of(permitted.cbegin(), permitted.cend(),
                                        [&](const QString& subtree) { return withinSubtree(name, subtree); });
        if (!inside)
            return invalid(QStringLiteral("'%1' is outside the issuer's permitted DNS subtrees (%2)")
                               .arg(name, permitted.join(QStringLiteral(", "))));
    }
    return {};
}

QByteArray keyIdentifier(X509* certificate)
{
    unsigned char digest[EVP_MAX_MD_SIZE] = {};
    unsigned int length = 0;
    if (X509_pubkey_digest(certificate, EVP_sha1(), digest, &length) != 1)
        return {};
    return QByteArray(reinterpret_cast<const char*>(digest), static_cast<qsizetype>(length));
}

QByteArray authorityKeyIdentifier(const Issuer& issuer, const QByteArray& ownKeyId)
{
    if (!issuer.certificate)
        return ownKeyId;
    if (const ASN1_OCTET_STRING* id = X509_get0_subject_key_id(issuer.certificate.get()))
        return QByteArray(reinterpret_cast<const char*>(ASN1_STRING_get0_data(id)), ASN1_STRING_length(id));
    return keyIdentifier(issuer.certificate.get());
}

Outcome<void> addExtensions(X509* certificate, const CertificateSpec& spec, const QList<SubjectAltName>& sans,
                            const Issuer& issuer)
{
    using namespace detail;
    QStringList keyUsages = spec.keyUsages;
    if (spec.isCa)
        keyUsages << QStringLiteral("keyCertSign") << QStringLiteral("cRLSign");
    keyUsages.removeDuplicates();
    const QByteArray keyId = keyIdentifier(certificate);
    if (keyId.isEmpty())
        return ossl::opensslError("X509_pubkey_digest");

    ExtensionsPtr extensions(sk_X509_EXTENSION_new_null());
    for (auto step :
         {addBasicConstraints(extensions, spec.isCa, spec.pathLength), addKeyUsage(extensions, keyUsages),
          addExtendedKeyUsage(extensions, spec.extendedKeyUsages), addSubjectKeyIdentifier(extensions, keyId),
          addAuthorityKeyIdentifier(extensions, authorityKeyIdentifier(issuer, keyId)),
          addSubjectAltNames(extensions, sans), addNameConstraints(extensions, spec.permittedDnsSubtrees),
          addCrlDistributionPoint(extensions, spec.crlDistributionPoint),
          addCaIssuers(extensions, spec.caIssuersUrl)}) {
        if (!step)
            return step.error();
    }
    for (int i = 0; i < sk_X509_EXTENSION_num(extensions.get()); ++i)
        if (X509_add_ext(certificate, sk_X509_EXTENSION_value(extensions.get(), i), -1) != 1)
            return ossl::opensslError("X509_add_ext");
    return {};
}
} // namespace

Outcome<QByteArray> issueCertificate(const CertificateSpec& spec, const QByteArray& issuerCertificateDer,
                                     const CertificateSigner& signer)
{
    if (auto checked = checkSpec(spec); !checked)
        return checked.error();
    auto subject = parseDer<X509NamePtr>(d2i_X509_NAME, spec.subjectDer);
    if (!subject)
        return detail::invalidInput(QStringLiteral("the subject is not a DER distinguished name"));
    if (X509_NAME_entry_count(subject.get()) == 0)
        return invalid(QStringLiteral("the subject is empty"));
    auto subjectKey = detail::publicKeyFromDer(spec.subjectPublicKeyDer);
    if (!subjectKey)
        return detail::invalidInput(QStringLiteral("the certified key is not a DER SubjectPublicKeyInfo"));
    QList<SubjectAltName> sans;
    if (auto checked = checkNames(spec, &sans); !checked)
        return checked.error();
    auto issuer = loadIssuer(issuerCertificateDer, subject.get(), subjectKey.get());
    if (!issuer)
        return issuer.error();
    if (auto checked = checkAgainstIssuer(spec, issuer.value(), subject.get(), sans); !checked)
        return checked.error();
    if (auto fits = detail::checkSignerFits(signer.algorithm, issuer->key); !fits)
        return fits.error();
    auto serialBytes = serialFor(spec.serial);
    if (!serialBytes)
        return serialBytes.error();

    X509Ptr certificate(X509_new());
    auto serial = detail::asn1Integer(serialBytes.value());
    auto notBefore = detail::asn1Time(spec.notBefore);
    auto notAfter = detail::asn1Time(spec.notAfter);
    if (!certificate || !serial || !notBefore || !notAfter ||
        X509_set_version(certificate.get(), X509_VERSION_3) != 1 ||
        X509_set_serialNumber(certificate.get(), serial.get()) != 1 ||
        X509_set_subject_name(certificate.get(), subject.get()) != 1 ||
        X509_set_issuer_name(certificate.get(), issuer->name) != 1 ||
        X509_set1_notBefore(certificate.get(), notBefore.get()) != 1 ||
        X509_set1_notAfter(certificate.get(), notAfter.get()) != 1 ||
        X509_set_pubkey(certificate.get(), subjectKey.get()) != 1)
        return ossl::opensslError("X509_set");
    if (auto added = addExtensions(certificate.get(), spec, sans, issuer.value()); !added)
        return added.error();

    X509* raw = certificate.get();
    auto der = detail::signObject({[raw](EVP_MD_CTX* context) { return X509_sign_ctx(raw, context); },
                                   [raw] { return detail::reencodedDer(i2d_re_X509_tbs, raw); },
                                   [raw] {
                                       const ASN1_BIT_STRING* signature = nullptr;
                                       const X509_ALGOR* algorithm = nullptr;
                                       X509_get0_signature(&signature, &algorithm, raw);
                                       return algorithm;
                                   }},
                                  signer);
    if (!der)
        return der.error();
    auto issued = parseDer<X509Ptr>(d2i_X509, der.value());
    if (!issued)
        return ossl::opensslError("d2i_X509 (the issued certificate)");
    if (X509_verify(issued.get(), const_cast<EVP_PKEY*>(issuer->key)) != 1) {
        ossl::drainErrorQueue();
        return invalid(QStringLiteral("the certificate's signature does not verify with the issuer's public key: the "
                                      "signer does not hold the issuer's private key"));
    }
    return der;
}

} // namespace custos::crypto::x509
