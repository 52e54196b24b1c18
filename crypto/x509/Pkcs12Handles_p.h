#pragma once

// Private to CertificateFiles.cpp and Pkcs12*.cpp: unique_ptr handles for the OpenSSL objects of
// certificate files and PKCS#12 (crypto/ossl/OsslHandles.h holds the engine's common ones). A
// namespace of its own, so handles other x509 files declare cannot clash.

#include "crypto/ossl/OsslHandles.h"

#include <openssl/bio.h>
#include <openssl/pkcs12.h>
#include <openssl/pkcs7.h>
#include <openssl/x509.h>

#include <memory>

namespace custos::crypto::x509::files {

using ossl::Deleter;

inline void freeSafeBags(STACK_OF(PKCS12_SAFEBAG) * bags)
{
    sk_PKCS12_SAFEBAG_pop_free(bags, PKCS12_SAFEBAG_free);
}
inline void freePkcs7Stack(STACK_OF(PKCS7) * safes)
{
    sk_PKCS7_pop_free(safes, PKCS7_free);
}
inline void freeX509Stack(STACK_OF(X509) * certs)
{
    sk_X509_pop_free(certs, X509_free);
}
inline void freeOpensslBytes(void* p)
{
    OPENSSL_free(p);
}

using BioPtr = std::unique_ptr<BIO, Deleter<BIO_free>>;
using X509Ptr = std::unique_ptr<X509, Deleter<X509_free>>;
using X509AuxPtr = std::unique_ptr<X509_CERT_AUX, Deleter<X509_CERT_AUX_free>>;
using Pkcs7Ptr = std::unique_ptr<PKCS7, Deleter<PKCS7_free>>;
using Pkcs12Ptr = std::unique_ptr<PKCS12, Deleter<PKCS12_free>>;
using SafeBagPtr = std::unique_ptr<PKCS12_SAFEBAG, Deleter<PKCS12_SAFEBAG_free>>;
using SafeBagStackPtr = std::unique_ptr<STACK_OF(PKCS12_SAFEBAG), Deleter<freeSafeBags>>;
using Pkcs7StackPtr = std::unique_ptr<STACK_OF(PKCS7), Deleter<freePkcs7Stack>>;
using X509StackPtr = std::unique_ptr<STACK_OF(X509), Deleter<freeX509Stack>>;
// PKCS8_PRIV_KEY_INFO_free wipes the key octets (its ASN.1 free callback cleanses them).
using Pkcs8Ptr = std::unique_ptr<PKCS8_PRIV_KEY_INFO, Deleter<PKCS8_PRIV_KEY_INFO_free>>;
using Pbe2ParamPtr = std::unique_ptr<PBE2PARAM, Deleter<PBE2PARAM_free>>;
using PbeParamPtr = std::unique_ptr<PBEPARAM, Deleter<PBEPARAM_free>>;
using Pbkdf2ParamPtr = std::unique_ptr<PBKDF2PARAM, Deleter<PBKDF2PARAM_free>>;
using ScryptParamsPtr = std::unique_ptr<SCRYPT_PARAMS, Deleter<SCRYPT_PARAMS_free>>;
using OpensslBytesPtr = std::unique_ptr<void, Deleter<freeOpensslBytes>>;

} // namespace custos::crypto::x509::files
