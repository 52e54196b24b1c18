// Writes the extensions of X509Extensions_p.h into a stack for a certificate or a CSR.
#include "X509Extensions_p.h"

#include "CertificateProfile.h"
#include "X509Encoding_p.h"

#include "crypto/ossl/OsslError.h"

#include <array>

namespace custos::crypto::x509::detail {

namespace {
struct NamedNid
{
    const char* name;
    int nid;
};

constexpr std::array kExtendedKeyUsages{
    NamedNid{"serverAuth", NID_server_auth},  NamedNid{"clientAuth", NID_client_auth},
    NamedNid{"codeSigning", NID_code_sign},   NamedNid{"emailProtection", NID_email_protect},
    NamedNid{"timeStamping", NID_time_stamp}, NamedNid{"OCSPSigning", NID_OCSP_sign},
};

// Hands `value` (an OpenSSL extension structure) to the list as a DER-encoded extension.
Outcome<void> add(ExtensionsPtr& extensions, int nid, void* value, bool critical)
{
    if (!extensions)
        extensions.reset(sk_X509_EXTENSION_new_null());
    STACK_OF(X509_EXTENSION)* raw = extensions.release();
    const int added = X509V3_add1_i2d(&raw, nid, value, critical ? 1 : 0, X509V3_ADD_DEFAULT);
    extensions.reset(raw);
    if (added != 1)
        return ossl::opensslError("X509V3_add1_i2d");
    return {};
}

Outcome<GeneralNamePtr> ia5Name(int type, const QString& text)
{
    const QByteArray ascii = text.toLatin1();
    ASN1_IA5STRING* string = ASN1_IA5STRING_new();
    GeneralNamePtr name(GENERAL_NAME_new());
    if (!string || !name || ASN1_STRING_set(string, ascii.constData(), static_cast<int>(ascii.size())) != 1) {
        ASN1_IA5STRING_free(string);
        return ossl::opensslError("ASN1_STRING_set");
    }
    GENERAL_NAME_set0_value(name.get(), type, string);
    return name;
}

Outcome<GeneralNamePtr> generalName(const SubjectAltName& san)
{
    switch (san.kind) {
    case SanKind::Dns:
        return ia5Name(GEN_DNS, san.value);
    case SanKind::Email:
        return ia5Name(GEN_EMAIL, san.value);
    case SanKind::Uri:
        return ia5Name(GEN_URI, san.value);
    case SanKind::Ip: {
        const QByteArray bytes = ipAddressBytes(san.value);
        if (bytes.isEmpty())
            return makeError(ErrorKind::Invalid, QStringLiteral("'%1' is not an IP address").arg(san.value));
        ASN1_OCTET_STRING* octets = ASN1_OCTET_STRING_new();
        GeneralNamePtr name(GENERAL_NAME_new());
        if (!octets || !name || ASN1_OCTET_STRING_set(octets, derBytes(bytes), static_cast<int>(bytes.size())) != 1) {
            ASN1_OCTET_STRING_free(octets);
            return ossl::opensslError("ASN1_OCTET_STRING_set");
        }
        GENERAL_NAME_set0_value(name.get(), GEN_IPADD, octets);
        return name;
    }
    }
    return makeError(ErrorKind::Invalid, QStringLiteral("unknown subject alternative name kind"));
}

Outcome<GeneralNamesPtr> generalNames(const QList<SubjectAltName>& sans)
{
    GeneralNamesPtr names(GENERAL_NAMES_new());
    if (!names)
        return ossl::opensslError("GENERAL_NAMES_new");
    for (const SubjectAltName& san : sans) {
        auto name = generalName(san);
        if (!name)
            return name.error();
        if (sk_GENERAL_NAME_push(names.get(), name->get()) <= 0)
            return ossl::opensslError("sk_GENERAL_NAME_push");
        name->release();
    }
    return names;
}
} // namespace

int extendedKeyUsageNid(const QString& name)
{
    for (const auto& usage : kExtendedKeyUsages)
        if (name == QLatin1String(usage.name))
            return usage.nid;
    return NID_undef;
}

QString extendedKeyUsageName(const ASN1_OBJECT* object)
{
    const int nid = OBJ_obj2nid(object);
    for (const auto& usage : kExtendedKeyUsages)
        if (usage.nid == nid)
            return QLatin1String(usage.name);
    char dotted[128] = {};
    OBJ_obj2txt(dotted, sizeof dotted, object, 1);
    return QString::fromLatin1(dotted);
}

Outcome<void> addSubjectAltNames(ExtensionsPtr& extensions, const QList<SubjectAltName>& names)
{
    if (names.isEmpty())
        return {};
    auto generalNamesOutcome = generalNames(names);
    if (!generalNamesOutcome)
        return generalNamesOutcome.error();
    return add(extensions, NID_subject_alt_name, generalNamesOutcome->get(), false);
}

Outcome<void> addKeyUsage(ExtensionsPtr& extensions, const QStringList& names)
{
    if (names.isEmpty())
        return {};
    const QStringList known = keyUsageNames(); // RFC 5280's bit order
    Asn1BitStringPtr bits(ASN1_BIT_STRING_new());
    if (!bits)
        return ossl::opensslError("ASN1_BIT_STRING_new");
    for (const QString& name : names) {
        const auto bit = known.indexOf(name);
        if (bit < 0)
            return makeError(
                ErrorKind::Invalid,
                QStringLiteral("unknown key usage '%1': expected %2").arg(name, known.join(QStringLiteral(", "))));
        if (ASN1_BIT_STRING_set_bit(bits.get(), static_cast<int>(bit), 1) != 1)
            return ossl::opensslError("ASN1_BIT_STRING_set_bit");
    }
    return add(extensions, NID_key_usage, bits.get(), true);
}

Outcome<void> addExtendedKeyUsage(ExtensionsPtr& extensions, const QStringList& names)
{
    if (names.isEmpty())
        return {};
    ExtendedKeyUsagePtr usages(sk_ASN1_OBJECT_new_null());
    if (!usages)
        return ossl::opensslError("sk_ASN1_OBJECT_new_null");
    for (const QString& name : names) {
        const int nid = extendedKeyUsageNid(name);
        if (nid == NID_undef)
            return makeError(ErrorKind::Invalid, QStringLiteral("unknown extended key usage '%1': expected %2")
                                                     .arg(name, extendedKeyUsageNames().join(QStringLiteral(", "))));
        if (sk_ASN1_OBJECT_push(usages.get(), OBJ_nid2obj(nid)) <= 0)
            return ossl::opensslError("sk_ASN1_OBJECT_push");
    }
    return add(extensions, NID_ext_key_usage, usages.get(), false);
}

Outcome<void> addBasicConstraints(ExtensionsPtr& extensions, bool isCa, std::optional<int> pathLength)
{
    BasicConstraintsPtr constraints(BASIC_CONSTRAINTS_new());
    if (!constraints)
        return ossl::opensslError("BASIC_CONSTRAINTS_new");
    constraints->ca = isCa ? 0xFF : 0;
    if (isCa && pathLength) {
        constraints->pathlen = ASN1_INTEGER_new();
        if (!constraints->pathlen || ASN1_INTEGER_set(constraints->pathlen, *pathLength) != 1)
            return ossl::opensslError("ASN1_INTEGER_set");
    }
    return add(extensions, NID_basic_constraints, constraints.get(), true);
}

Outcome<void> addNameConstraints(ExtensionsPtr& extensions, const QStringList& permittedDnsSubtrees)
{
    if (permittedDnsSubtrees.isEmpty())
        return {};
    NameConstraintsPtr constraints(NAME_CONSTRAINTS_new());
    if (!constraints || !(constraints->permittedSubtrees = sk_GENERAL_SUBTREE_new_null()))
        return ossl::opensslError("NAME_CONSTRAINTS_new");
    for (const QString& subtree : permittedDnsSubtrees) {
        auto name = ia5Name(GEN_DNS, subtree);
        if (!name)
            return name.error();
        GENERAL_SUBTREE* entry = GENERAL_SUBTREE_new();
        if (!entry)
            return ossl::opensslError("GENERAL_SUBTREE_new");
        GENERAL_NAME_free(entry->base);
        entry->base = name->release();
        if (sk_GENERAL_SUBTREE_push(constraints->permittedSubtrees, entry) <= 0) {
            GENERAL_SUBTREE_free(entry);
            return ossl::opensslError("sk_GENERAL_SUBTREE_push");
        }
    }
    return add(extensions, NID_name_constraints, constraints.get(), true);
}

Outcome<void> addCrlDistributionPoint(ExtensionsPtr& extensions, const QString& url)
{
    if (url.isEmpty())
        return {};
    auto names = generalNames({SubjectAltName{SanKind::Uri, url}});
    if (!names)
        return names.error();
    CrlDistPointsPtr points(sk_DIST_POINT_new_null());
    DIST_POINT* point = DIST_POINT_new();
    if (!points || !point || !(point->distpoint = DIST_POINT_NAME_new())) {
        DIST_POINT_free(point);
        return ossl::opensslError("DIST_POINT_new");
    }
    point->distpoint->type = 0; // fullName
    point->distpoint->name.fullname = names->release();
    if (sk_DIST_POINT_push(points.get(), point) <= 0) {
        DIST_POINT_free(point);
        return ossl::opensslError("sk_DIST_POINT_push");
    }
    return add(extensions, NID_crl_distribution_points, points.get(), false);
}

Outcome<void> addCaIssuers(ExtensionsPtr& extensions, const QString& url)
{
    if (url.isEmpty())
        return {};
    auto location = ia5Name(GEN_URI, url);
    if (!location)
        return location.error();
    AuthorityInfoAccessPtr access(sk_ACCESS_DESCRIPTION_new_null());
    ACCESS_DESCRIPTION* description = ACCESS_DESCRIPTION_new();
    if (!access || !description) {
        ACCESS_DESCRIPTION_free(description);
        return ossl::opensslError("ACCESS_DESCRIPTION_new");
    }
    ASN1_OBJECT_free(description->method);
    description->method = OBJ_nid2obj(NID_ad_ca_issuers);
    GENERAL_NAME_free(description->location);
    description->location = location->release();
    if (sk_ACCESS_DESCRIPTION_push(access.get(), description) <= 0) {
        ACCESS_DESCRIPTION_free(description);
        return ossl::opensslError("sk_ACCESS_DESCRIPTION_push");
    }
    return add(extensions, NID_info_access, access.get(), false);
}

Outcome<void> addSubjectKeyIdentifier(ExtensionsPtr& extensions, const QByteArray& keyId)
{
    Asn1OctetStringPtr octets(ASN1_OCTET_STRING_new());
    if (!octets || ASN1_OCTET_STRING_set(octets.get(), derBytes(keyId), static_cast<int>(keyId.size())) != 1)
        return ossl::opensslError("ASN1_OCTET_STRING_set");
    return add(extensions, NID_subject_key_identifier, octets.get(), false);
}

Outcome<void> addAuthorityKeyIdentifier(ExtensionsPtr& extensions, const QByteArray& keyId)
{
    AuthorityKeyIdPtr authority(AUTHORITY_KEYID_new());
    if (!authority || !(authority->keyid = ASN1_OCTET_STRING_new()) ||
        ASN1_OCTET_STRING_set(authority->keyid, derBytes(keyId), static_cast<int>(keyId.size())) != 1)
        return ossl::opensslError("AUTHORITY_KEYID_new");
    return add(extensions, NID_authority_key_identifier, authority.get(), false);
}
} // namespace custos::crypto::x509::detail
