#include "RevocationList.h"

#include "X509Encoding_p.h"
#include "X509Extensions_p.h"
#include "X509Signing_p.h"

#include "crypto/ossl/OsslError.h"

#include <openssl/err.h>
#include <openssl/pem.h>

#include <array>

namespace custos::crypto::x509 {

namespace {
struct NamedReason
{
    RevocationReason reason;
    const char* name;
};

constexpr std::array kReasons{
    NamedReason{RevocationReason::Unspecified, "unspecified"},
    NamedReason{RevocationReason::KeyCompromise, "keyCompromise"},
    NamedReason{RevocationReason::CaCompromise, "cACompromise"},
    NamedReason{RevocationReason::AffiliationChanged, "affiliationChanged"},
    NamedReason{RevocationReason::Superseded, "superseded"},
    NamedReason{RevocationReason::CessationOfOperation, "cessationOfOperation"},
    NamedReason{RevocationReason::CertificateHold, "certificateHold"},
    NamedReason{RevocationReason::RemoveFromCrl, "removeFromCRL"},
    NamedReason{RevocationReason::PrivilegeWithdrawn, "privilegeWithdrawn"},
    NamedReason{RevocationReason::AaCompromise, "aACompromise"},
};

Error invalid(const QString& message)
{
    return makeError(ErrorKind::Invalid, message);
}

Outcome<X509RevokedPtr> revokedEntry(const RevokedCertificate& entry)
{
    QByteArray serial = entry.serial;
    while (!serial.isEmpty() && serial.at(0) == '\0')
        serial.remove(0, 1);
    if (serial.isEmpty() || serial.size() > 20)
        return invalid(QStringLiteral("invalid serial number '%1' to revoke: expected 1 to 20 bytes, not zero")
                           .arg(QString::fromLatin1(entry.serial.toHex())));
    X509RevokedPtr revoked(X509_REVOKED_new());
    auto number = detail::asn1Integer(serial);
    auto date = detail::asn1Time(entry.revokedAt);
    if (!date)
        return invalid(
            QStringLiteral("the revocation of serial %1 has no time").arg(QString::fromLatin1(serial.toHex())));
    if (!revoked || !number || X509_REVOKED_set_serialNumber(revoked.get(), number.get()) != 1 ||
        X509_REVOKED_set_revocationDate(revoked.get(), date.get()) != 1)
        return ossl::opensslError("X509_REVOKED_set");
    // RFC 5280 5.3.1: absent rather than unspecified.
    if (entry.reason != RevocationReason::Unspecified) {
        Asn1EnumeratedPtr code(ASN1_ENUMERATED_new());
        if (!code || ASN1_ENUMERATED_set(code.get(), static_cast<long>(entry.reason)) != 1 ||
            X509_REVOKED_add1_ext_i2d(revoked.get(), NID_crl_reason, code.get(), 0, X509V3_ADD_DEFAULT) != 1)
            return ossl::opensslError("X509_REVOKED_add1_ext_i2d");
    }
    return revoked;
}

X509CrlPtr readCrl(const QByteArray& bytes)
{
    if (!detail::looksLikePem(bytes))
        return parseDer<X509CrlPtr>(d2i_X509_CRL, bytes);
    BioPtr bio(BIO_new_mem_buf(bytes.constData(), static_cast<int>(bytes.size())));
    return X509CrlPtr(bio ? PEM_read_bio_X509_CRL(bio.get(), nullptr, nullptr, nullptr) : nullptr);
}

RevocationReason reasonOf(const X509_REVOKED* revoked)
{
    int critical = 0;
    Asn1EnumeratedPtr code(
        static_cast<ASN1_ENUMERATED*>(X509_REVOKED_get_ext_d2i(revoked, NID_crl_reason, &critical, nullptr)));
    if (!code)
        return RevocationReason::Unspecified;
    const long value = ASN1_ENUMERATED_get(code.get());
    for (const auto& named : kReasons)
        if (static_cast<long>(named.reason) == value)
            return named.reason;
    return RevocationReason::Unspecified;
}
} // namespace

QStringList revocationReasonNames()
{
    QStringList names;
    for (const auto& named : kReasons)
        names.append(QLatin1String(named.name));
    return names;
}

QString revocationReasonName(RevocationReason reason)
{
    for (const auto& named : kReasons)
        if (named.reason == reason)
            return QLatin1String(named.name);
    return QStringLiteral("unspecified");
}

Outcome<RevocationReason> parseRevocationReason(QStringView name)
{
    for (const auto& named : kReasons)
        if (name.compare(QLatin1String(named.name), Qt::CaseInsensitive) == 0)
            return named.reason;
    return invalid(QStringLiteral("unknown revocation reason '%1': expected %2")
                       .arg(name, revocationReasonNames().join(QStringLiteral(", "))));
}

Outcome<QByteArray> issueRevocationList(const CrlSpec& spec, const QByteArray& issuerCertificateDer,
                                        const CertificateSigner& signer)
{
    if (!spec.thisUpdate.isValid() || !spec.nextUpdate.isValid())
        return invalid(QStringLiteral("the CRL needs a thisUpdate and a nextUpdate time"));
    if (spec.nextUpdate.toSecsSinceEpoch() <= spec.thisUpdate.toSecsSinceEpoch())
        return invalid(QStringLiteral("nextUpdate (%1) is not after thisUpdate (%2)")
                           .arg(detail::dateText(spec.nextUpdate), detail::dateText(spec.thisUpdate)));
    if (spec.crlNumber < 0)
        return invalid(QStringLiteral("the CRL number must not be negative, got %1").arg(spec.crlNumber));
    auto issuer = parseDer<X509Ptr>(d2i_X509, issuerCertificateDer);
    if (!issuer)
        return detail::invalidInput(QStringLiteral("the issuer is not a DER X.509 certificate"));
    const QString issuerText = detail::nameText(X509_get_subject_name(issuer.get()));
    if ((X509_get_extension_flags(issuer.get()) & EXFLAG_KUSAGE) && !(X509_get_key_usage(issuer.get()) & KU_CRL_SIGN))
        return invalid(QStringLiteral("the issuer '%1' lacks the cRLSign key usage").arg(issuerText));
    const EVP_PKEY* issuerKey = X509_get0_pubkey(issuer.get());
    if (!issuerKey)
        return detail::invalidInput(QStringLiteral("the issuer's public key cannot be read"));
    if (auto fits = detail::checkSignerFits(signer.algorithm, issuerKey); !fits)
        return fits.error();

    X509CrlPtr crl(X509_CRL_new());
    auto thisUpdate = detail::asn1Time(spec.thisUpdate);
    auto nextUpdate = detail::asn1Time(spec.nextUpdate);
    Asn1IntegerPtr number(ASN1_INTEGER_new());
    if (!crl || !thisUpdate || !nextUpdate || !number || X509_CRL_set_version(crl.get(), X509_CRL_VERSION_2) != 1 ||
        X509_CRL_set_issuer_name(crl.get(), X509_get_subject_name(issuer.get())) != 1 ||
        X509_CRL_set1_lastUpdate(crl.get(), thisUpdate.get()) != 1 ||
        X509_CRL_set1_nextUpdate(crl.get(), nextUpdate.get()) != 1 ||
        ASN1_INTEGER_set_int64(number.get(), spec.crlNumber) != 1 ||
        X509_CRL_add1_ext_i2d(crl.get(), NID_crl_number, number.get(), 0, X509V3_ADD_DEFAULT) != 1)
        return ossl::opensslError("X509_CRL_set");
    if (const ASN1_OCTET_STRING* keyId = X509_get0_subject_key_id(issuer.get())) {
        AuthorityKeyIdPtr authority(AUTHORITY_KEYID_new());
        if (!authority || !(authority->keyid = ASN1_OCTET_STRING_dup(keyId)) ||
            X509_CRL_add1_ext_i2d(crl.get(), NID_authority_key_identifier, authority.get(), 0, X509V3_ADD_DEFAULT) != 1)
            return ossl::opensslError("X509_CRL_add1_ext_i2d");
    }
    for (const RevokedCertificate& entry : spec.revoked) {
        auto revoked = revokedEntry(entry);
        if (!revoked)
            return revoked.error();
        if (X509_CRL_add0_revoked(crl.get(), revoked->get()) != 1)
            return ossl::opensslError("X509_CRL_add0_revoked");
        revoked->release();
    }
    if (X509_CRL_sort(crl.get()) != 1)
        return ossl::opensslError("X509_CRL_sort");

    X509_CRL* raw = crl.get();
    auto der = detail::signObject({[raw](EVP_MD_CTX* context) { return X509_CRL_sign_ctx(raw, context); },
                                   [raw] { return detail::reencodedDer(i2d_re_X509_CRL_tbs, raw); },
                                   [raw] {
                                       const ASN1_BIT_STRING* signature = nullptr;
                                       const X509_ALGOR* algorithm = nullptr;
                                       X509_CRL_get0_signature(raw, &signature, &algorithm);
                                       return algorithm;
                                   }},
                                  signer);
    if (!der)
        return der.error();
    auto verified = verifyRevocationList(der.value(), issuerCertificateDer);
    if (!verified)
        return verified.error();
    if (!verified.value())
        return invalid(QStringLiteral("the CRL's signature does not verify with the issuer's public key: the signer "
                                      "does not hold the issuer's private key"));
    return der;
}

Outcome<CrlInfo> inspectRevocationList(const QByteArray& bytes)
{
    auto crl = readCrl(bytes);
    if (!crl)
        return detail::invalidInput(QStringLiteral("not a certificate revocation list (PEM or DER)"));
    CrlInfo info;
    info.issuer = detail::nameText(X509_CRL_get_issuer(crl.get()));
    info.thisUpdate = detail::dateTime(X509_CRL_get0_lastUpdate(crl.get()));
    info.nextUpdate = detail::dateTime(X509_CRL_get0_nextUpdate(crl.get()));
    int critical = 0;
    Asn1IntegerPtr number(
        static_cast<ASN1_INTEGER*>(X509_CRL_get_ext_d2i(crl.get(), NID_crl_number, &critical, nullptr)));
    int64_t crlNumber = 0;
    if (number && ASN1_INTEGER_get_int64(&crlNumber, number.get()) == 1)
        info.crlNumber = crlNumber;
    STACK_OF(X509_REVOKED)* revoked = X509_CRL_get_REVOKED(crl.get());
    for (int i = 0; i < sk_X509_REVOKED_num(revoked); ++i) {
        const X509_REVOKED* entry = sk_X509_REVOKED_value(revoked, i);
        info.revoked.append({detail::integerBytes(X509_REVOKED_get0_serialNumber(entry)),
                             detail::dateTime(X509_REVOKED_get0_revocationDate(entry)), reasonOf(entry)});
    }
    ERR_clear_error();
    return info;
}

Outcome<bool> verifyRevocationList(const QByteArray& crlDer, const QByteArray& issuerCertificateDer)
{
    auto crl = parseDer<X509CrlPtr>(d2i_X509_CRL, crlDer);
    if (!crl)
        return detail::invalidInput(QStringLiteral("not a DER certificate revocation list"));
    auto issuer = parseDer<X509Ptr>(d2i_X509, issuerCertificateDer);
    if (!issuer)
        return detail::invalidInput(QStringLiteral("the issuer is not a DER X.509 certificate"));
    EVP_PKEY* key = X509_get0_pubkey(issuer.get());
    const bool verified = key &&
                          X509_NAME_cmp(X509_CRL_get_issuer(crl.get()), X509_get_subject_name(issuer.get())) == 0 &&
                          X509_CRL_verify(crl.get(), key) == 1;
    ERR_clear_error();
    return verified;
}

QByteArray revocationListPem(const QByteArray& der)
{
    return detail::pemEncode("X509 CRL", der);
}

} // namespace custos::crypto::x509
