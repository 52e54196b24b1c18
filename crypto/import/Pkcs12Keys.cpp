// PKCS#12 key files: the common one-key file through x509::readPkcs12 (MAC, bounds, legacy
// provider, encryption names); a file with several keys is walked bag by bag afterwards, each key
// an entry of its own (its certificate is matched by public key in finishContents).
#include "KeyFile_p.h"

#include "crypto/x509/LegacyProvider_p.h"
#include "crypto/x509/Pkcs12.h"
#include "crypto/x509/Pkcs12Handles_p.h"
#include "crypto/x509/Pkcs12Support_p.h"

#include <openssl/err.h>
#include <openssl/pkcs12.h>

#include <QStringList>

namespace custos::crypto::import::detail {

namespace {

using namespace x509::files;

constexpr int kMaxNesting = 4;
constexpr int kMaxKeys = 64;

QByteArray certificateDer(const X509* certificate)
{
    unsigned char* out = nullptr;
    const int length = i2d_X509(certificate, &out);
    if (length <= 0)
        return {};
    QByteArray der(reinterpret_cast<const char*>(out), length);
    OPENSSL_free(out);
    return der;
}

QString entryLabel(const PKCS12_SAFEBAG* bag, int index)
{
    char* name = PKCS12_get_friendlyname(const_cast<PKCS12_SAFEBAG*>(bag));
    QString label = QStringLiteral("PKCS#12 key %1").arg(index);
    if (name) {
        const QString text = QString::fromUtf8(name).left(64);
        OPENSSL_free(name);
        if (!text.isEmpty())
            label = QStringLiteral("PKCS#12 entry '%1'").arg(text);
    }
    ERR_clear_error();
    return label;
}

// Walks the bags of a file whose MAC x509::readPkcs12 has already verified with this password.
class Walker
{
public:
    Walker(const char* password, int length, Found& found) : m_password(password), m_length(length), m_found(found) {}

    Outcome<void> addBags(const STACK_OF(PKCS12_SAFEBAG) * bags, int depth)
    {
        for (int i = 0; i < sk_PKCS12_SAFEBAG_num(bags); ++i) {
            const PKCS12_SAFEBAG* bag = sk_PKCS12_SAFEBAG_value(bags, i);
            switch (PKCS12_SAFEBAG_get_nid(bag)) {
            case NID_keyBag:
                if (auto added = addKey(PKCS12_SAFEBAG_get0_p8inf(bag), bag); !added)
                    return added;
                break;
            case NID_pkcs8ShroudedKeyBag: {
                const X509_SIG* shrouded = PKCS12_SAFEBAG_get0_pkcs8(bag);
                const X509_ALGOR* algorithmId = nullptr;
                if (shrouded)
                    X509_SIG_get0(shrouded, &algorithmId, nullptr);
                auto algorithm = describePbe(algorithmId);
                if (!algorithm)
                    return algorithm.error();
                if (!algorithm->supported)
                    return invalid(
                        QStringLiteral("the PKCS#12 file uses an unsupported algorithm: %1").arg(algorithm->name));
                if (auto noted = note(algorithm.value()); !noted)
                    return noted;
                Pkcs8Ptr info(PKCS12_decrypt_skey_ex(bag, m_password, m_length, nullptr, nullptr));
                ERR_clear_error();
                if (!info)
                    return invalid(QStringLiteral("cannot decrypt a private key of the PKCS#12 file"));
                if (auto added = addKey(info.get(), bag); !added)
                    return added;
                break;
            }
            case NID_certBag: {
                if (PKCS12_SAFEBAG_get_bag_nid(bag) != NID_x509Certificate)
                    break;
                X509Ptr certificate(PKCS12_SAFEBAG_get1_cert(bag));
                const QByteArray der = certificate ? certificateDer(certificate.get()) : QByteArray();
                ERR_clear_error();
                if (der.isEmpty())
                    return invalid(QStringLiteral("the PKCS#12 file holds an invalid certificate"));
                m_found.certificates << der;
                break;
            }
            case NID_safeContentsBag:
                if (depth >= kMaxNesting)
                    return invalid(
                        QStringLiteral("the PKCS#12 file nests safe contents deeper than %1 levels").arg(kMaxNesting));
                if (auto added = addBags(PKCS12_SAFEBAG_get0_safes(bag), depth + 1); !added)
                    return added;
                break;
            default:
                break;
            }
        }
        return {};
    }

    Outcome<void> addSafe(PKCS7* safe)
    {
        const int type = OBJ_obj2nid(safe->type);
        SafeBagStackPtr bags;
        if (type == NID_pkcs7_data && safe->d.data) {
            bags.reset(PKCS12_unpack_p7data(safe));
        } else if (type == NID_pkcs7_encrypted && safe->d.encrypted && safe->d.encrypted->enc_data) {
            auto algorithm = describePbe(safe->d.encrypted->enc_data->algorithm);
            if (!algorithm)
                return algorithm.error();
            if (!algorithm->supported)
                return invalid(
                    QStringLiteral("the PKCS#12 file uses an unsupported algorithm: %1").arg(algorithm->name));
            if (auto noted = note(algorithm.value()); !noted)
                return noted;
            bags.reset(PKCS12_unpack_p7encdata(safe, m_password, m_length));
        }
        ERR_clear_error();
        if (!bags)
            return invalid(QStringLiteral("a safe of the PKCS#12 file cannot be read"));
        return addBags(bags.get(), 0);
    }

    // "PKCS#12: AES-256-CBC, PBKDF2-HMAC-SHA256", as x509::readPkcs12 names a one-key file.
    QString encryption() const
    {
        if (m_names.isEmpty())
            return QStringLiteral("PKCS#12: none (not encrypted)");
        return QStringLiteral("PKCS#12: %1%2")
            .arg(m_names.join(QStringLiteral(" + ")), m_legacy ? QStringLiteral(" (legacy)") : QString());
    }
    bool legacy() const { return m_legacy; }

private:
    Outcome<void> note(const PbeAlgorithm& algorithm)
    {
        m_iterations += algorithm.iterations;
        if (m_iterations > kMaxPkcs12TotalIterations)
            return invalid(QStringLiteral("the PKCS#12 file asks for more than %1 key-derivation iterations in total")
                               .arg(kMaxPkcs12TotalIterations));
        if (!m_names.contains(algorithm.name))
            m_names << algorithm.name;
        if (algorithm.legacy) {
            m_legacy = true;
            (void)ensureLegacyProvider(); // a missing provider shows as a failed decryption
        }
        return {};
    }

    Outcome<void> addKey(const PKCS8_PRIV_KEY_INFO* info, const PKCS12_SAFEBAG* bag)
    {
        if (!info)
            return invalid(QStringLiteral("the PKCS#12 file holds an empty key bag"));
        if (++m_keys > kMaxKeys)
            return invalid(QStringLiteral("the PKCS#12 file holds more than %1 private keys").arg(kMaxKeys));
        const QString label = entryLabel(bag, m_keys);
        ossl::PkeyPtr key(EVP_PKCS82PKEY(info));
        ERR_clear_error();
        if (!key)
            return invalid(QStringLiteral("%1 is not a readable private key").arg(label));
        auto imported = importedKeyFrom(key.get(), true, label);
        if (!imported)
            return imported.error();
        m_found.contents.keys.append(imported.take());
        return {};
    }

    const char* m_password;
    int m_length;
    Found& m_found;
    int m_keys = 0;
    QStringList m_names;
    bool m_legacy = false;
    long long m_iterations = 0;
};

QString legacyPkcs12Warning(const QString& encryption)
{
    return QStringLiteral("legacy PKCS#12 encryption (%1): weak, re-export with AES-256 and PBKDF2").arg(encryption);
}

Outcome<void> walk(const QByteArray& bytes, const SecureBuffer& password, Found& found)
{
    auto terminated = terminatedPassword(password);
    if (!terminated)
        return terminated.error();
    const auto* p = reinterpret_cast<const unsigned char*>(bytes.constData());
    Pkcs12Ptr p12(d2i_PKCS12(nullptr, &p, static_cast<long>(bytes.size())));
    Pkcs7StackPtr safes(p12 ? PKCS12_unpack_authsafes(p12.get()) : nullptr);
    ERR_clear_error();
    if (!safes)
        return invalid(QStringLiteral("the PKCS#12 file's safes cannot be read"));
    // An empty password: the form the MAC verified with (none at all, or the empty string).
    const char* text = terminated->chars();
    if (password.isEmpty() && PKCS12_mac_present(p12.get()) && PKCS12_verify_mac(p12.get(), nullptr, 0) == 1)
        text = nullptr;
    ERR_clear_error();
    Walker walker(text, static_cast<int>(password.size()), found);
    for (int i = 0; i < sk_PKCS7_num(safes.get()); ++i) {
        if (auto added = walker.addSafe(sk_PKCS7_value(safes.get(), i)); !added)
            return added;
    }
    found.contents.encryption = walker.encryption();
    if (walker.legacy())
        found.contents.warnings << legacyPkcs12Warning(found.contents.encryption.mid(9));
    return {};
}

} // namespace

Outcome<Found> readPkcs12Keys(const QByteArray& bytes, const SecureBuffer* password)
{
    // PKCS#12 files are always password-protected in practice; an empty password is tried before
    // asking for one.
    const SecureBuffer empty;
    const SecureBuffer& given = password ? *password : empty;
    auto read = x509::readPkcs12(bytes, given);
    const bool wrong = !read && read.error().message.startsWith(QStringLiteral("wrong password"));
    if (wrong && !password)
        return passwordNeeded(QStringLiteral("PKCS#12"));
    if (wrong) {
        // The MAC failed. If the password still decrypts the contents, the file was damaged or altered.
        Found probe;
        if (walk(bytes, given, probe) && (!probe.contents.keys.isEmpty() || !probe.certificates.isEmpty()))
            return invalid(QStringLiteral("the PKCS#12 MAC does not verify although the password decrypts the "
                                          "contents: the file is damaged or was altered"));
        return read.error();
    }
    Found found;
    found.contents.format = QStringLiteral("PKCS#12");
    if (read) {
        found.contents.encryption = QStringLiteral("PKCS#12: %1").arg(read->encryption);
        if (read->legacy)
            found.contents.warnings << legacyPkcs12Warning(read->encryption);
        if (!read->privateKeyPkcs8Der.isEmpty()) {
            const auto* p = read->privateKeyPkcs8Der.data();
            ossl::PkeyPtr key(d2i_AutoPrivateKey(nullptr, &p, static_cast<long>(read->privateKeyPkcs8Der.size())));
            ERR_clear_error();
            if (!key)
                return invalid(QStringLiteral("the PKCS#12 private key is not readable"));
            auto imported = importedKeyFrom(key.get(), true, QStringLiteral("PKCS#12 key"));
            if (!imported)
                return imported.error();
            found.contents.keys.append(imported.take());
        }
        if (!read->certificateDer.isEmpty())
            found.certificates << read->certificateDer;
        found.certificates += read->chainDer;
        return found;
    }
    if (!read.error().message.contains(QStringLiteral("more than one private key")))
        return read.error();
    if (auto walked = walk(bytes, given, found); !walked)
        return walked.error();
    return found;
}

} // namespace custos::crypto::import::detail
