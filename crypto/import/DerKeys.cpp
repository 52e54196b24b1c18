// DER key files: which structure the bytes are (each candidate must use every byte), then the
// key, public key or certificates it holds.
#include "KeyFile_p.h"

#include "crypto/x509/CertificateFiles.h"
#include "crypto/x509/FileStart_p.h"
#include "crypto/x509/Pkcs12Handles_p.h"

#include <openssl/err.h>
#include <openssl/x509.h>

namespace custos::crypto::import::detail {

namespace {

using namespace x509::files;
using X509SigPtr = std::unique_ptr<X509_SIG, ossl::Deleter<X509_SIG_free>>;

const unsigned char* begin(const QByteArray& der)
{
    return reinterpret_cast<const unsigned char*>(der.constData());
}

// Parses with `d2i` and keeps the object only when it used every byte.
template <typename Ptr, typename T>
Ptr parseExact(T* (*d2i)(T**, const unsigned char**, long), const QByteArray& der)
{
    const unsigned char* p = begin(der);
    Ptr object(d2i(nullptr, &p, static_cast<long>(der.size())));
    if (object && p != begin(der) + der.size())
        object.reset();
    ERR_clear_error();
    return object;
}

ossl::PkeyPtr parseKey(int type, const QByteArray& der, bool isPrivate)
{
    const unsigned char* p = begin(der);
    ossl::PkeyPtr key(isPrivate ? d2i_PrivateKey(type, nullptr, &p, static_cast<long>(der.size()))
                                : d2i_PublicKey(type, nullptr, &p, static_cast<long>(der.size())));
    if (key && p != begin(der) + der.size())
        key.reset();
    ERR_clear_error();
    return key;
}

Outcome<void> addKey(EVP_PKEY* key, bool withPrivate, const QString& where, Found& found)
{
    auto imported = importedKeyFrom(key, withPrivate, where);
    if (!imported)
        return imported.error();
    found.contents.keys.append(imported.take());
    return {};
}

} // namespace

DerKind identifyDer(const QByteArray& der)
{
    if (der.isEmpty() || static_cast<unsigned char>(der[0]) != 0x30)
        return DerKind::None;
    if (parseExact<Pkcs12Ptr>(d2i_PKCS12, der))
        return DerKind::Pkcs12;
    if (parseExact<X509Ptr>(d2i_X509, der))
        return DerKind::Certificate;
    if (parseExact<Pkcs7Ptr>(d2i_PKCS7, der))
        return DerKind::Pkcs7;
    if (parseExact<X509SigPtr>(d2i_X509_SIG, der))
        return DerKind::EncryptedPrivateKeyInfo;
    if (parseExact<Pkcs8Ptr>(d2i_PKCS8_PRIV_KEY_INFO, der))
        return DerKind::PrivateKeyInfo;
    if (parseExact<std::unique_ptr<X509_PUBKEY, ossl::Deleter<X509_PUBKEY_free>>>(d2i_X509_PUBKEY, der))
        return DerKind::PublicKeyInfo;
    if (parseKey(EVP_PKEY_RSA, der, true))
        return DerKind::RsaPrivateKey;
    if (parseKey(EVP_PKEY_EC, der, true))
        return DerKind::EcPrivateKey;
    if (parseKey(EVP_PKEY_RSA, der, false))
        return DerKind::RsaPublicKey;
    return DerKind::None;
}

QString derKindName(DerKind kind)
{
    switch (kind) {
    case DerKind::PrivateKeyInfo:
        return QStringLiteral("PKCS#8 private key");
    case DerKind::EncryptedPrivateKeyInfo:
        return QStringLiteral("encrypted PKCS#8");
    case DerKind::RsaPrivateKey:
        return QStringLiteral("PKCS#1 RSA private key");
    case DerKind::EcPrivateKey:
        return QStringLiteral("SEC1 EC private key");
    case DerKind::PublicKeyInfo:
        return QStringLiteral("public key (SubjectPublicKeyInfo)");
    case DerKind::RsaPublicKey:
        return QStringLiteral("PKCS#1 RSA public key");
    case DerKind::Certificate:
        return QStringLiteral("X.509 certificate");
    case DerKind::Pkcs7:
        return QStringLiteral("PKCS#7 certificates");
    case DerKind::Pkcs12:
        return QStringLiteral("PKCS#12");
    case DerKind::None:
        break;
    }
    return QStringLiteral("unknown");
}

Outcome<void> readDerAs(DerKind kind, const QByteArray& der, const SecureBuffer* password, const QString& where,
                        Found& found)
{
    switch (kind) {
    case DerKind::PrivateKeyInfo: {
        Pkcs8Ptr info = parseExact<Pkcs8Ptr>(d2i_PKCS8_PRIV_KEY_INFO, der);
        ossl::PkeyPtr key(info ? EVP_PKCS82PKEY(info.get()) : nullptr);
        ERR_clear_error();
        if (!key)
            return invalid(QStringLiteral("%1 is not a readable PKCS#8 private key").arg(where));
        return addKey(key.get(), true, where, found);
    }
    case DerKind::EncryptedPrivateKeyInfo: {
        X509SigPtr encrypted = parseExact<X509SigPtr>(d2i_X509_SIG, der);
        if (!encrypted)
            return invalid(QStringLiteral("%1 is not a readable encrypted PKCS#8 key").arg(where));
        auto encryption = describePkcs8Encryption(encrypted.get(), where);
        if (!encryption)
            return encryption.error();
        found.contents.encryption = encryption->name;
        if (encryption->legacy)
            found.contents.warnings << legacyPbeWarning(encryption->name);
        auto key = decryptPkcs8(encrypted.get(), password, where);
        if (!key)
            return key.error();
        return addKey(key->get(), true, where, found);
    }
    case DerKind::RsaPrivateKey:
    case DerKind::EcPrivateKey: {
        const bool rsa = kind == DerKind::RsaPrivateKey;
        ossl::PkeyPtr key = parseKey(rsa ? EVP_PKEY_RSA : EVP_PKEY_EC, der, true);
        if (!key)
            return invalid(QStringLiteral("%1 is not a readable %2").arg(where, derKindName(kind)));
        return addKey(key.get(), true, where, found);
    }
    case DerKind::PublicKeyInfo:
    case DerKind::RsaPublicKey: {
        ossl::PkeyPtr key;
        if (kind == DerKind::RsaPublicKey) {
            key = parseKey(EVP_PKEY_RSA, der, false);
        } else {
            const unsigned char* p = begin(der);
            key.reset(d2i_PUBKEY(nullptr, &p, static_cast<long>(der.size())));
            if (key && p != begin(der) + der.size())
                key.reset();
            ERR_clear_error();
        }
        if (!key)
            return invalid(QStringLiteral("%1 is not a readable %2").arg(where, derKindName(kind)));
        return addKey(key.get(), false, where, found);
    }
    case DerKind::Certificate:
    case DerKind::Pkcs7: {
        auto file = x509::readCertificateFile(der);
        if (!file)
            return invalid(QStringLiteral("%1: %2").arg(where, file.error().message));
        found.certificates += file->certificatesDer;
        return {};
    }
    case DerKind::Pkcs12:
    case DerKind::None:
        break;
    }
    return invalid(QStringLiteral("%1 holds no key: expected PKCS#8, encrypted PKCS#8, PKCS#1, SEC1, "
                                  "SubjectPublicKeyInfo, X.509 or PKCS#7")
                       .arg(where));
}

Outcome<Found> readDer(const QByteArray& bytes, const SecureBuffer* password)
{
    const DerKind kind = identifyDer(bytes);
    if (kind == DerKind::Pkcs12)
        return readPkcs12Keys(bytes, password);
    if (kind == DerKind::None)
        return invalid(QStringLiteral("not a DER key file: expected PKCS#8, encrypted PKCS#8, PKCS#1, SEC1, "
                                      "SubjectPublicKeyInfo, X.509, PKCS#7 or PKCS#12 (%1)")
                           .arg(describeFileStart(bytes)));
    Found found;
    found.contents.format = derKindName(kind) + QStringLiteral(" (DER)");
    if (auto read = readDerAs(kind, bytes, password, QStringLiteral("the DER file"), found); !read)
        return read.error();
    return found;
}

} // namespace custos::crypto::import::detail
