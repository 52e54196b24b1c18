#pragma once

// Private to crypto/x509: unique_ptr handles for OpenSSL's X.509 objects, and DER in and out of
// them. Never include this from a public header.

#include "crypto/ossl/OsslHandles.h"

#include <QByteArray>

#include <openssl/x509.h>
#include <openssl/x509v3.h>

namespace custos::crypto::x509 {

using ossl::Deleter;
using ossl::PkeyPtr;

using X509Ptr = std::unique_ptr<X509, Deleter<X509_free>>;
using X509NamePtr = std::unique_ptr<X509_NAME, Deleter<X509_NAME_free>>;
using X509ReqPtr = std::unique_ptr<X509_REQ, Deleter<X509_REQ_free>>;
using X509CrlPtr = std::unique_ptr<X509_CRL, Deleter<X509_CRL_free>>;
using X509RevokedPtr = std::unique_ptr<X509_REVOKED, Deleter<X509_REVOKED_free>>;
using X509StorePtr = std::unique_ptr<X509_STORE, Deleter<X509_STORE_free>>;
using X509StoreCtxPtr = std::unique_ptr<X509_STORE_CTX, Deleter<X509_STORE_CTX_free>>;
using Asn1IntegerPtr = std::unique_ptr<ASN1_INTEGER, Deleter<ASN1_INTEGER_free>>;
using Asn1TimePtr = std::unique_ptr<ASN1_TIME, Deleter<ASN1_TIME_free>>;
using Asn1OctetStringPtr = std::unique_ptr<ASN1_OCTET_STRING, Deleter<ASN1_OCTET_STRING_free>>;
using Asn1BitStringPtr = std::unique_ptr<ASN1_BIT_STRING, Deleter<ASN1_BIT_STRING_free>>;
using Asn1EnumeratedPtr = std::unique_ptr<ASN1_ENUMERATED, Deleter<ASN1_ENUMERATED_free>>;
using GeneralNamePtr = std::unique_ptr<GENERAL_NAME, Deleter<GENERAL_NAME_free>>;
using GeneralNamesPtr = std::unique_ptr<GENERAL_NAMES, Deleter<GENERAL_NAMES_free>>;
using BasicConstraintsPtr = std::unique_ptr<BASIC_CONSTRAINTS, Deleter<BASIC_CONSTRAINTS_free>>;
using AuthorityKeyIdPtr = std::unique_ptr<AUTHORITY_KEYID, Deleter<AUTHORITY_KEYID_free>>;
using NameConstraintsPtr = std::unique_ptr<NAME_CONSTRAINTS, Deleter<NAME_CONSTRAINTS_free>>;
using MdCtxPtr = std::unique_ptr<EVP_MD_CTX, Deleter<EVP_MD_CTX_free>>;
using BioPtr = std::unique_ptr<BIO, Deleter<BIO_free_all>>;

// Stacks whose elements are freed with them.
struct ExtendedKeyUsageDeleter
{
    void operator()(EXTENDED_KEY_USAGE* p) const { sk_ASN1_OBJECT_pop_free(p, ASN1_OBJECT_free); }
};
using ExtendedKeyUsagePtr = std::unique_ptr<EXTENDED_KEY_USAGE, ExtendedKeyUsageDeleter>;
struct ExtensionsDeleter
{
    void operator()(STACK_OF(X509_EXTENSION) * p) const { sk_X509_EXTENSION_pop_free(p, X509_EXTENSION_free); }
};
using ExtensionsPtr = std::unique_ptr<STACK_OF(X509_EXTENSION), ExtensionsDeleter>;
struct CrlDistPointsDeleter
{
    void operator()(CRL_DIST_POINTS* p) const { sk_DIST_POINT_pop_free(p, DIST_POINT_free); }
};
using CrlDistPointsPtr = std::unique_ptr<CRL_DIST_POINTS, CrlDistPointsDeleter>;
struct AuthorityInfoAccessDeleter
{
    void operator()(AUTHORITY_INFO_ACCESS* p) const { sk_ACCESS_DESCRIPTION_pop_free(p, ACCESS_DESCRIPTION_free); }
};
using AuthorityInfoAccessPtr = std::unique_ptr<AUTHORITY_INFO_ACCESS, AuthorityInfoAccessDeleter>;
struct X509StackDeleter
{
    void operator()(STACK_OF(X509) * p) const { sk_X509_pop_free(p, X509_free); }
};
using X509StackPtr = std::unique_ptr<STACK_OF(X509), X509StackDeleter>;

inline const unsigned char* derBytes(const QByteArray& der)
{
    return reinterpret_cast<const unsigned char*>(der.constData());
}

// Parses DER that must be exactly one object (no trailing bytes); empty otherwise.
template <typename Ptr, typename T>
Ptr parseDer(T* (*d2i)(T**, const unsigned char**, long), const QByteArray& der)
{
    if (der.isEmpty())
        return {};
    const unsigned char* in = derBytes(der);
    Ptr object(d2i(nullptr, &in, static_cast<long>(der.size())));
    if (object && in != derBytes(der) + der.size())
        object.reset();
    return object;
}

// DER of an object through its i2d function; empty when the encoding fails.
template <typename T>
QByteArray toDer(int (*i2d)(const T*, unsigned char**), const T* object)
{
    const int length = object ? i2d(object, nullptr) : -1;
    if (length <= 0)
        return {};
    QByteArray der(length, Qt::Uninitialized);
    auto* out = reinterpret_cast<unsigned char*>(der.data());
    if (i2d(object, &out) != length)
        return {};
    return der;
}

} // namespace custos::crypto::x509
