// Reads the extensions of certificates and CSRs back into ExtensionFacts, skipping what it cannot read.
#include "X509Extensions_p.h"

#include "CertificateProfile.h"
#include "X509Encoding_p.h"

#include <openssl/err.h>

#include <climits>

namespace custos::crypto::x509::detail {

namespace {
QString ia5Text(const ASN1_STRING* string)
{
    return string ? QString::fromLatin1(reinterpret_cast<const char*>(ASN1_STRING_get0_data(string)),
                                        ASN1_STRING_length(string))
                  : QString();
}

std::optional<SubjectAltName> subjectAltName(const GENERAL_NAME* name)
{
    int type = 0;
    const auto* value = static_cast<const ASN1_STRING*>(GENERAL_NAME_get0_value(name, &type));
    switch (type) {
    case GEN_DNS:
        return SubjectAltName{SanKind::Dns, ia5Text(value).toLower()};
    case GEN_EMAIL:
        return SubjectAltName{SanKind::Email, ia5Text(value)};
    case GEN_URI:
        return SubjectAltName{SanKind::Uri, ia5Text(value)};
    case GEN_IPADD: {
        const QString text = ipAddressText(
            QByteArray(reinterpret_cast<const char*>(ASN1_STRING_get0_data(value)), ASN1_STRING_length(value)));
        if (text.isEmpty())
            return std::nullopt;
        return SubjectAltName{SanKind::Ip, text};
    }
    default:
        return std::nullopt; // otherName, directoryName, ...: not shown as a SAN of ours
    }
}

QString firstUri(const GENERAL_NAMES* names)
{
    for (int i = 0; i < sk_GENERAL_NAME_num(names); ++i) {
        int type = 0;
        const auto* value =
            static_cast<const ASN1_STRING*>(GENERAL_NAME_get0_value(sk_GENERAL_NAME_value(names, i), &type));
        if (type == GEN_URI)
            return ia5Text(value);
    }
    return {};
}

// X509V3_get_d2i's result, freed with `Free`.
template <typename T, auto Free>
std::unique_ptr<T, ossl::Deleter<Free>> decoded(const STACK_OF(X509_EXTENSION) * extensions, int nid)
{
    int critical = 0;
    return std::unique_ptr<T, ossl::Deleter<Free>>(
        static_cast<T*>(X509V3_get_d2i(extensions, nid, &critical, nullptr)));
}
} // namespace

ExtensionFacts readExtensions(const STACK_OF(X509_EXTENSION) * extensions)
{
    ExtensionFacts facts;
    if (!extensions)
        return facts;
    if (auto names = decoded<GENERAL_NAMES, GENERAL_NAMES_free>(extensions, NID_subject_alt_name)) {
        for (int i = 0; i < sk_GENERAL_NAME_num(names.get()); ++i)
            if (auto san = subjectAltName(sk_GENERAL_NAME_value(names.get(), i)))
                facts.subjectAltNames.append(*san);
    }
    if (auto bits = decoded<ASN1_BIT_STRING, ASN1_BIT_STRING_free>(extensions, NID_key_usage)) {
        const QStringList known = keyUsageNames();
        for (qsizetype bit = 0; bit < known.size(); ++bit)
            if (ASN1_BIT_STRING_get_bit(bits.get(), static_cast<int>(bit)))
                facts.keyUsages.append(known.at(bit));
    }
    if (auto usages = decoded<EXTENDED_KEY_USAGE, EXTENDED_KEY_USAGE_free>(extensions, NID_ext_key_usage)) {
        for (int i = 0; i < sk_ASN1_OBJECT_num(usages.get()); ++i) {
            facts.extendedKeyUsages.append(extendedKeyUsageName(sk_ASN1_OBJECT_value(usages.get(), i)));
        }
    }
    if (auto constraints = decoded<BASIC_CONSTRAINTS, BASIC_CONSTRAINTS_free>(extensions, NID_basic_constraints)) {
        facts.isCa = constraints->ca != 0;
        if (facts.isCa && constraints->pathlen) {
            const long length = ASN1_INTEGER_get(constraints->pathlen);
            if (length >= 0 && length <= INT_MAX)
                facts.pathLength = static_cast<int>(length);
        }
    }
    if (auto constraints = decoded<NAME_CONSTRAINTS, NAME_CONSTRAINTS_free>(extensions, NID_name_constraints)) {
        for (int i = 0; i < sk_GENERAL_SUBTREE_num(constraints->permittedSubtrees); ++i) {
            const GENERAL_NAME* base = sk_GENERAL_SUBTREE_value(constraints->permittedSubtrees, i)->base;
            if (base && base->type == GEN_DNS)
                facts.permittedDnsSubtrees.append(ia5Text(base->d.dNSName));
        }
    }
    if (auto points = decoded<CRL_DIST_POINTS, CRL_DIST_POINTS_free>(extensions, NID_crl_distribution_points)) {
        for (int i = 0; i < sk_DIST_POINT_num(points.get()) && facts.crlDistributionPoint.isEmpty(); ++i) {
            const DIST_POINT* point = sk_DIST_POINT_value(points.get(), i);
            if (point->distpoint && point->distpoint->type == 0)
                facts.crlDistributionPoint = firstUri(point->distpoint->name.fullname);
        }
    }
    if (auto access = decoded<AUTHORITY_INFO_ACCESS, AUTHORITY_INFO_ACCESS_free>(extensions, NID_info_access)) {
        for (int i = 0; i < sk_ACCESS_DESCRIPTION_num(access.get()); ++i) {
            const ACCESS_DESCRIPTION* description = sk_ACCESS_DESCRIPTION_value(access.get(), i);
            if (OBJ_obj2nid(description->method) == NID_ad_ca_issuers && description->location->type == GEN_URI) {
                facts.caIssuersUrl = ia5Text(description->location->d.uniformResourceIdentifier);
                break;
            }
        }
    }
    ERR_clear_error(); // X509V3_get_d2i leaves entries for absent or unreadable extensions
    return facts;
}

} // namespace custos::crypto::x509::detail
