// readPkcs12: parsed step by step rather than with PKCS12_parse, to tell "not PKCS#12" from
// "wrong password", to name the encryption found, to bound the key-derivation work a file asks
// for, and to take the key out as PKCS#8 DER straight into secure memory.
#include "Pkcs12.h"

#include "FileStart_p.h"
#include "LegacyProvider_p.h"
#include "Pkcs12Handles_p.h"
#include "Pkcs12Support_p.h"

#include "crypto/ossl/OsslError.h"

#include <openssl/err.h>
#include <openssl/evp.h>

#include <QStringList>

#include <optional>
#include <vector>

namespace custos::crypto::x509 {

using namespace files;

namespace {

constexpr int kMaxNesting = 4; // safeContentsBag inside safeContentsBag

Error invalid(const QString& message)
{
    return makeError(ErrorKind::Invalid, message);
}

Error wrongPassword()
{
    ERR_clear_error();
    return invalid(QStringLiteral("wrong password for the PKCS#12 file"));
}

QString opensslDetail()
{
    const QString queue = ossl::drainErrorQueue();
    return queue.isEmpty() ? QStringLiteral("malformed") : queue;
}

struct Password
{
    const char* text = nullptr; // nullptr: the "no password" of an empty one that verified that way
    int length = 0;
};

struct CertificateEntry
{
    X509Ptr certificate;
    QByteArray localKeyId;
};

// What the safes held, and how they were protected.
class Collector
{
public:
    explicit Collector(Password password, bool macVerified) : m_password(password), m_macVerified(macVerified) {}

    Outcome<void> addSafe(PKCS7* safe);
    Outcome<Pkcs12Contents> finish();

private:
    Outcome<void> addBags(const STACK_OF(PKCS12_SAFEBAG) * bags, int depth);
    Outcome<void> addKey(const PKCS8_PRIV_KEY_INFO* keyInfo, const PKCS12_SAFEBAG* bag);
    Outcome<void> account(const PbeAlgorithm& algorithm);
    // A failed decryption: the wrong password when no MAC vouched for it, otherwise a damaged file.
    Error decryptionFailed(const char* what);

    Password m_password;
    bool m_macVerified = false;
    long long m_iterationsSpent = 0;
    QStringList m_keyEncryption, m_certificateEncryption;
    bool m_legacy = false;
    std::vector<CertificateEntry> m_certificates;
    SecureBuffer m_key;
    ossl::PkeyPtr m_keyObject;
    QByteArray m_keyId;
    int m_keys = 0;
};

QByteArray localKeyIdOf(const PKCS12_SAFEBAG* bag)
{
    const ASN1_TYPE* attribute = PKCS12_SAFEBAG_get0_attr(bag, NID_localKeyID);
    if (!attribute || attribute->type != V_ASN1_OCTET_STRING || !attribute->value.octet_string)
        return {};
    const ASN1_OCTET_STRING* id = attribute->value.octet_string;
    return QByteArray(reinterpret_cast<const char*>(ASN1_STRING_get0_data(id)), ASN1_STRING_length(id));
}

Outcome<void> Collector::account(const PbeAlgorithm& algorithm)
{
    if (!algorithm.supported)
        return invalid(QStringLiteral("the PKCS#12 file uses an unsupported algorithm: %1").arg(algorithm.name));
    m_iterationsSpent += algorithm.iterations;
    if (m_iterationsSpent > kMaxPkcs12TotalIterations)
        return invalid(QStringLiteral("the PKCS#12 file asks for more than %1 key-derivation iterations in total")
                           .arg(kMaxPkcs12TotalIterations));
    if (algorithm.legacy) {
        m_legacy = true;
        return ensureLegacyProvider();
    }
    return {};
}

Error Collector::decryptionFailed(const char* what)
{
    if (!m_macVerified)
        return wrongPassword();
    return invalid(QStringLiteral("cannot decrypt the PKCS#12 %1: %2").arg(QString::fromLatin1(what), opensslDetail()));
}

Outcome<void> Collector::addSafe(PKCS7* safe)
{
    const int type = OBJ_obj2nid(safe->type);
    if (type == NID_pkcs7_data) {
        if (!safe->d.data)
            return invalid(QStringLiteral("not a PKCS#12 file: a safe has no content"));
        SafeBagStackPtr bags(PKCS12_unpack_p7data(safe));
        if (!bags)
            return invalid(QStringLiteral("not a PKCS#12 file: a safe is not readable: %1").arg(opensslDetail()));
        return addBags(bags.get(), 0);
    }
    if (type == NID_pkcs7_encrypted) {
        if (!safe->d.encrypted || !safe->d.encrypted->enc_data || !safe->d.encrypted->enc_data->algorithm)
            return invalid(QStringLiteral("not a PKCS#12 file: an encrypted safe has no content"));
        auto algorithm = describePbe(safe->d.encrypted->enc_data->algorithm);
        if (!algorithm)
            return algorithm.error();
        if (auto spent = account(algorithm.value()); !spent)
            return spent;
        m_certificateEncryption << algorithm->name;
        SafeBagStackPtr bags(PKCS12_unpack_p7encdata(safe, m_password.text, m_password.length));
        if (!bags)
            return decryptionFailed("certificates");
        return addBags(bags.get(), 0);
    }
    char oid[128];
    OBJ_obj2txt(oid, sizeof oid, safe->type, 0);
    return invalid(
        QStringLiteral("PKCS#12 safes of type %1 are not supported: expected data or password-encrypted data")
            .arg(QString::fromLatin1(oid)));
}

Outcome<void> Collector::addBags(const STACK_OF(PKCS12_SAFEBAG) * bags, int depth)
{
    for (int i = 0; i < sk_PKCS12_SAFEBAG_num(bags); ++i) {
        const PKCS12_SAFEBAG* bag = sk_PKCS12_SAFEBAG_value(bags, i);
        switch (PKCS12_SAFEBAG_get_nid(bag)) {
        case NID_keyBag: {
            const PKCS8_PRIV_KEY_INFO* keyInfo = PKCS12_SAFEBAG_get0_p8inf(bag);
            if (!keyInfo)
                return invalid(QStringLiteral("not a PKCS#12 file: an empty key bag"));
            if (auto added = addKey(keyInfo, bag); !added)
                return added;
            break;
        }
        case NID_pkcs8ShroudedKeyBag: {
            const X509_SIG* shrouded = PKCS12_SAFEBAG_get0_pkcs8(bag);
            const X509_ALGOR* algorithmId = nullptr;
            if (shrouded)
                X509_SIG_get0(shrouded, &algorithmId, nullptr);
            if (!algorithmId)
                return invalid(QStringLiteral("not a PKCS#12 file: an empty shrouded key bag"));
            auto algorithm = describePbe(algorithmId);
            if (!algorithm)
                return algorithm.error();
            if (auto spent = account(algorithm.value()); !spent)
                return spent;
            m_keyEncryption << algorithm->name;
            Pkcs8Ptr keyInfo(PKCS12_decrypt_skey_ex(bag, m_password.text, m_password.length, nullptr, nullptr));
            if (!keyInfo)
                return decryptionFailed("private key");
            if (auto added = addKey(keyInfo.get(), bag); !added)
                return added;
            break;
        }
        case NID_certBag: {
            if (PKCS12_SAFEBAG_get_bag_nid(bag) != NID_x509Certificate)
                break; // SDSI certificates: not X.509, skipped
            X509Ptr certificate(PKCS12_SAFEBAG_get1_cert(bag));
            if (!certificate)
                return invalid(
                    QStringLiteral("the PKCS#12 file holds an invalid certificate: %1").arg(opensslDetail()));
            m_certificates.push_back({std::move(certificate), localKeyIdOf(bag)});
            break;
        }
        case NID_safeContentsBag:
            if (depth >= kMaxNesting)
                return invalid(
                    QStringLiteral("the PKCS#12 file nests safe contents deeper than %1 levels").arg(kMaxNesting));
            if (auto added = addBags(PKCS12_SAFEBAG_get0_safes(bag), depth + 1); !added)
                return added;
            break;
        default: // CRL and secret bags: not part of a key with its certificates
            break;
        }
    }
    return {};
}

Outcome<void> Collector::addKey(const PKCS8_PRIV_KEY_INFO* keyInfo, const PKCS12_SAFEBAG* bag)
{
    if (++m_keys > 1)
        return invalid(QStringLiteral("the PKCS#12 file holds more than one private key: expected one"));
    const int length = i2d_PKCS8_PRIV_KEY_INFO(keyInfo, nullptr);
    if (length <= 0)
        return invalid(QStringLiteral("the PKCS#12 private key is not valid PKCS#8: %1").arg(opensslDetail()));
    SecureBuffer der(static_cast<std::size_t>(length));
    unsigned char* out = der.data(); // encoded straight into secure memory
    if (i2d_PKCS8_PRIV_KEY_INFO(keyInfo, &out) != length)
        return ossl::opensslError("i2d_PKCS8_PRIV_KEY_INFO");
    m_keyObject.reset(EVP_PKCS82PKEY(keyInfo));
    if (!m_keyObject)
        return invalid(QStringLiteral("the PKCS#12 private key cannot be read: %1").arg(opensslDetail()));
    m_key = std::move(der);
    m_keyId = localKeyIdOf(bag);
    return {};
}

QString describeEncryption(const QStringList& key, const QStringList& certificates, bool legacy)
{
    QStringList names;
    for (const QString& name : key + certificates) {
        if (!names.contains(name))
            names << name;
    }
    if (names.isEmpty())
        return QStringLiteral("none (not encrypted)");
    QString text = names.join(QStringLiteral(" + "));
    if (legacy)
        text += QStringLiteral(" (legacy)");
    return text;
}

QByteArray certificateDer(X509* certificate)
{
    unsigned char* out = nullptr;
    const int length = i2d_X509(certificate, &out);
    if (length <= 0)
        return {};
    QByteArray der(reinterpret_cast<const char*>(out), length);
    OPENSSL_free(out);
    return der;
}

Outcome<Pkcs12Contents> Collector::finish()
{
    if (m_key.isEmpty() && m_certificates.empty())
        return invalid(QStringLiteral("the PKCS#12 file holds neither a private key nor a certificate"));
    // The key's certificate: the one with its public key, else the one sharing its localKeyId, else the first.
    std::optional<std::size_t> leaf;
    if (m_keyObject) {
        for (std::size_t i = 0; i < m_certificates.size() && !leaf; ++i) {
            const EVP_PKEY* publicKey = X509_get0_pubkey(m_certificates[i].certificate.get());
            if (publicKey && EVP_PKEY_eq(publicKey, m_keyObject.get()) == 1)
                leaf = i;
        }
        for (std::size_t i = 0; i < m_certificates.size() && !leaf && !m_keyId.isEmpty(); ++i) {
            if (m_certificates[i].localKeyId == m_keyId)
                leaf = i;
        }
    }
    ERR_clear_error();
    if (!leaf && !m_certificates.empty())
        leaf = 0;

    Pkcs12Contents contents;
    for (std::size_t i = 0; i < m_certificates.size(); ++i) {
        QByteArray der = certificateDer(m_certificates[i].certificate.get());
        if (der.isEmpty())
            return ossl::opensslError("i2d_X509");
        if (leaf && i == *leaf)
            contents.certificateDer = std::move(der);
        else
            contents.chainDer << std::move(der);
    }
    contents.privateKeyPkcs8Der = std::move(m_key);
    contents.legacy = m_legacy;
    contents.encryption = describeEncryption(m_keyEncryption, m_certificateEncryption, m_legacy);
    return contents;
}

// Checks the MAC when there is one; returns the password form that verified (an empty password
// may have been applied as "no password" or as the empty string, as PKCS12_parse allows).
Outcome<Password> checkMac(PKCS12* p12, const SecureBuffer& terminated, int length, bool& verified)
{
    verified = false;
    Password password{terminated.chars(), length};
    if (!PKCS12_mac_present(p12))
        return length == 0 ? Password{} : password;

    const ASN1_INTEGER* iterations = nullptr;
    PKCS12_get0_mac(nullptr, nullptr, nullptr, &iterations, p12);
    const long count = iterations ? ASN1_INTEGER_get(iterations) : 1;
    if (count < 1 || count > kMaxPkcs12Iterations)
        return invalid(
            QStringLiteral("the PKCS#12 MAC has an iteration count outside 1..%1").arg(kMaxPkcs12Iterations));

    const auto verify = [&](const Password& candidate) -> Outcome<bool> {
        if (PKCS12_verify_mac(p12, candidate.text, candidate.length) == 1)
            return true;
        if (ERR_peek_error() != 0) // not a mismatch: the MAC could not be computed
            return invalid(QStringLiteral("cannot check the PKCS#12 MAC: %1").arg(opensslDetail()));
        return false;
    };
    const QList<Password> candidates = length == 0 ? QList<Password>{Password{}, password} : QList<Password>{password};
    for (const Password& candidate : candidates) {
        auto matched = verify(candidate);
        if (!matched)
            return matched.error();
        if (matched.value()) {
            verified = true;
            return candidate;
        }
    }
    return wrongPassword();
}

} // namespace

Outcome<Pkcs12Contents> readPkcs12(const QByteArray& bytes, const SecureBuffer& password)
{
    ERR_clear_error();
    if (bytes.isEmpty())
        return invalid(QStringLiteral("not a PKCS#12 file: the file is empty"));
    auto terminated = terminatedPassword(password);
    if (!terminated)
        return terminated.error();

    const auto* begin = reinterpret_cast<const unsigned char*>(bytes.constData());
    const unsigned char* p = begin;
    Pkcs12Ptr p12(d2i_PKCS12(nullptr, &p, static_cast<long>(bytes.size())));
    if (!p12) {
        ERR_clear_error();
        return invalid(QStringLiteral("not a PKCS#12 file: %1").arg(describeFileStart(bytes)));
    }
    if (p != begin + bytes.size())
        return invalid(QStringLiteral("not a PKCS#12 file: %1 unexpected bytes follow the PKCS#12 structure")
                           .arg(bytes.size() - (p - begin)));
    Pkcs7StackPtr safes(PKCS12_unpack_authsafes(p12.get()));
    if (!safes)
        return invalid(QStringLiteral("not a PKCS#12 file: its safes are not readable: %1").arg(opensslDetail()));

    bool macVerified = false;
    auto verified = checkMac(p12.get(), terminated.value(), static_cast<int>(password.size()), macVerified);
    if (!verified)
        return verified.error();

    Collector collector(verified.value(), macVerified);
    for (int i = 0; i < sk_PKCS7_num(safes.get()); ++i) {
        if (auto added = collector.addSafe(sk_PKCS7_value(safes.get(), i)); !added)
            return added.error();
    }
    return collector.finish();
}

} // namespace custos::crypto::x509
