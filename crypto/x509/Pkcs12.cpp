// writePkcs12: the key and certificates in the layout OpenSSL's PKCS12_create writes (a
// password-encrypted safe of certificate bags, a plain safe holding the shrouded key bag, a MAC),
// built bag by bag so the caller's PKCS#8 is encrypted as it is and the MAC digest is chosen.
#include "Pkcs12.h"

#include "LegacyProvider_p.h"
#include "Pkcs12Handles_p.h"
#include "Pkcs12Support_p.h"

#include "crypto/ossl/OsslError.h"

#include <openssl/err.h>
#include <openssl/evp.h>

#include <vector>

namespace custos::crypto::x509 {

using namespace files;

namespace {

Error invalid(const QString& message)
{
    return makeError(ErrorKind::Invalid, message);
}

QString opensslDetail()
{
    const QString queue = ossl::drainErrorQueue();
    return queue.isEmpty() ? QStringLiteral("not valid DER") : queue;
}

Outcome<X509Ptr> parseCertificate(const QByteArray& der, const QString& what)
{
    const auto* begin = reinterpret_cast<const unsigned char*>(der.constData());
    const unsigned char* p = begin;
    X509Ptr cert(d2i_X509(nullptr, &p, static_cast<long>(der.size())));
    if (!cert)
        return invalid(QStringLiteral("%1 is not valid DER X.509: %2").arg(what, opensslDetail()));
    if (p != begin + der.size())
        return invalid(QStringLiteral("%1 is followed by %2 unexpected bytes").arg(what).arg(der.size() - (p - begin)));
    return cert;
}

struct ProfileAlgorithms
{
    int keyPbe;
    int certificatePbe;
    const EVP_MD* mac;
};

ProfileAlgorithms algorithmsOf(Pkcs12Profile profile)
{
    if (profile == Pkcs12Profile::Legacy)
        return {NID_pbe_WithSHA1And3_Key_TripleDES_CBC, NID_pbe_WithSHA1And40BitRC2_CBC, EVP_sha1()};
    // A cipher NID means PBES2 with PBKDF2; OpenSSL 3 picks HMAC-SHA256 as its PRF.
    return {NID_aes_256_cbc, NID_aes_256_cbc, EVP_sha256()};
}

bool addAttributes(PKCS12_SAFEBAG* bag, const QByteArray& friendlyName, const unsigned char* keyId,
                   unsigned keyIdLength)
{
    if (!friendlyName.isEmpty() &&
        !PKCS12_add_friendlyname_utf8(bag, friendlyName.constData(), static_cast<int>(friendlyName.size())))
        return false;
    return PKCS12_add_localkeyid(bag, const_cast<unsigned char*>(keyId), static_cast<int>(keyIdLength)) == 1;
}

} // namespace

Outcome<QByteArray> writePkcs12(const SecureBuffer& privateKeyPkcs8Der, const QByteArray& certificateDer,
                                const QList<QByteArray>& chainDer, const SecureBuffer& password, Pkcs12Profile profile,
                                const QString& friendlyName)
{
    ERR_clear_error();
    if (password.isEmpty())
        return invalid(QStringLiteral("the PKCS#12 password must not be empty"));
    auto pass = terminatedPassword(password);
    if (!pass)
        return pass.error();
    if (privateKeyPkcs8Der.isEmpty())
        return invalid(QStringLiteral("a PKCS#12 file needs the private key: none was given"));

    auto certificate = parseCertificate(certificateDer, QStringLiteral("the certificate"));
    if (!certificate)
        return certificate.error();
    std::vector<X509Ptr> chain;
    for (qsizetype i = 0; i < chainDer.size(); ++i) {
        auto cert = parseCertificate(chainDer[i], QStringLiteral("chain certificate %1").arg(i + 1));
        if (!cert)
            return cert.error();
        chain.push_back(cert.take());
    }

    const unsigned char* p = privateKeyPkcs8Der.data();
    Pkcs8Ptr keyInfo(d2i_PKCS8_PRIV_KEY_INFO(nullptr, &p, static_cast<long>(privateKeyPkcs8Der.size())));
    if (!keyInfo || p != privateKeyPkcs8Der.data() + privateKeyPkcs8Der.size())
        return invalid(
            QStringLiteral("the private key is not an unencrypted PKCS#8 PrivateKeyInfo: %1").arg(opensslDetail()));
    ossl::PkeyPtr key(EVP_PKCS82PKEY(keyInfo.get()));
    if (!key)
        return invalid(QStringLiteral("the private key cannot be read: %1").arg(opensslDetail()));
    if (X509_check_private_key(certificate.value().get(), key.get()) != 1) {
        ERR_clear_error();
        return invalid(QStringLiteral("the private key does not match the certificate's public key"));
    }

    if (profile == Pkcs12Profile::Legacy) {
        if (auto loaded = ensureLegacyProvider(); !loaded)
            return loaded.error();
    }
    const ProfileAlgorithms algorithms = algorithmsOf(profile);
    const char* passText = pass.value().chars();
    const int passLength = static_cast<int>(password.size());
    const QByteArray name = friendlyName.toUtf8();

    // Key and certificate are linked by localKeyId = SHA-1 of the certificate, as PKCS12_create does.
    unsigned char keyId[EVP_MAX_MD_SIZE];
    unsigned keyIdLength = 0;
    if (!X509_digest(certificate.value().get(), EVP_sha1(), keyId, &keyIdLength))
        return ossl::opensslError("X509_digest");

    SafeBagStackPtr certBags(sk_PKCS12_SAFEBAG_new_null());
    SafeBagStackPtr keyBags(sk_PKCS12_SAFEBAG_new_null());
    Pkcs7StackPtr safes(sk_PKCS7_new_null());
    if (!certBags || !keyBags || !safes)
        return ossl::opensslError("sk_new_null");

    STACK_OF(PKCS12_SAFEBAG)* certStack = certBags.get();
    PKCS12_SAFEBAG* leafBag = PKCS12_add_cert(&certStack, certificate.value().get());
    if (!leafBag || !addAttributes(leafBag, name, keyId, keyIdLength))
        return ossl::opensslError("PKCS12_add_cert");
    for (const X509Ptr& cert : chain) {
        if (!PKCS12_add_cert(&certStack, cert.get()))
            return ossl::opensslError("PKCS12_add_cert");
    }

    SafeBagPtr keyBag(PKCS12_SAFEBAG_create_pkcs8_encrypt_ex(algorithms.keyPbe, passText, passLength, nullptr, 0,
                                                             PKCS12_DEFAULT_ITER, keyInfo.get(), nullptr, nullptr));
    if (!keyBag)
        return ossl::opensslError("PKCS12_SAFEBAG_create_pkcs8_encrypt_ex");
    if (!addAttributes(keyBag.get(), name, keyId, keyIdLength))
        return ossl::opensslError("PKCS12_add_localkeyid");
    if (!sk_PKCS12_SAFEBAG_push(keyBags.get(), keyBag.get()))
        return ossl::opensslError("sk_PKCS12_SAFEBAG_push");
    keyBag.release(); // owned by keyBags now

    STACK_OF(PKCS7)* safeStack = safes.get();
    if (!PKCS12_add_safe_ex(&safeStack, certBags.get(), algorithms.certificatePbe, PKCS12_DEFAULT_ITER, passText,
                            nullptr, nullptr))
        return ossl::opensslError("PKCS12_add_safe_ex (certificates)");
    if (!PKCS12_add_safe_ex(&safeStack, keyBags.get(), -1, 0, nullptr, nullptr, nullptr)) // plain: the bag is shrouded
        return ossl::opensslError("PKCS12_add_safe_ex (key)");
    Pkcs12Ptr p12(PKCS12_add_safes_ex(safes.get(), 0, nullptr, nullptr));
    if (!p12)
        return ossl::opensslError("PKCS12_add_safes_ex");
    if (!PKCS12_set_mac(p12.get(), passText, passLength, nullptr, 0, PKCS12_DEFAULT_ITER, algorithms.mac))
        return ossl::opensslError("PKCS12_set_mac");

    unsigned char* out = nullptr;
    const int length = i2d_PKCS12(p12.get(), &out);
    if (length <= 0)
        return ossl::opensslError("i2d_PKCS12");
    QByteArray result(reinterpret_cast<const char*>(out), length);
    OPENSSL_free(out);
    return result;
}

} // namespace custos::crypto::x509
