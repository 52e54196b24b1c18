// Custodians on PKCS#11 tokens (the custodian's card): the pkcs11: URI, key pair and certificate
// creation on the card, the CustodianKey that decrypts shares there, and EME-OAEP decoding for
// cards that only do raw RSA with the hash a share needs.

#include "TokenCustodian.h"

#include "crypto/Digest.h"
#include "crypto/Random.h"
#include "crypto/ThreadGuard.h"
#include "crypto/ossl/OsslError.h"
#include "crypto/ossl/PublicKeyInfo.h"
#include "crypto/pkcs11/AttributeTemplate.h"
#include "crypto/pkcs11/Pkcs11Objects.h"
#include "crypto/x509/CertificateBuilder.h"

#include <QDateTime>
#include <QUrl>

#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/x509.h>

#include <algorithm>
#include <cctype>
#include <cstdint>
#include <cstring>
#include <mutex>

namespace custos::crypto::sd {

namespace {

// ---- pkcs11: URI ----------------------------------------------------------------------------

// RFC 7512 pct-encoded values: '%' HEXDIG HEXDIG; anything else after '%' is malformed.
bool percentDecode(const QString& value, QString* out)
{
    const QByteArray raw = value.toUtf8();
    QByteArray decoded;
    for (qsizetype i = 0; i < raw.size(); ++i) {
        if (raw.at(i) != '%') {
            decoded.append(raw.at(i));
            continue;
        }
        if (i + 2 >= raw.size() || !isxdigit(static_cast<unsigned char>(raw.at(i + 1))) ||
            !isxdigit(static_cast<unsigned char>(raw.at(i + 2))))
            return false;
        decoded.append(static_cast<char>(QByteArray::fromHex(raw.mid(i + 1, 2)).at(0)));
        i += 2;
    }
    *out = QString::fromUtf8(decoded);
    return true;
}

// ---- sessions on a card ---------------------------------------------------------------------

bool isPinRefusal(CK_RV rv)
{
    return rv == CKR_PIN_INCORRECT || rv == CKR_PIN_INVALID || rv == CKR_PIN_LEN_RANGE || rv == CKR_PIN_LOCKED ||
           rv == CKR_PIN_EXPIRED;
}

// One session on the card `tokenLabel`, logged in as the user; logged out and closed on
// destruction (or close()). As CardSigner does: a card is never the workspace's own token.
class CardSession
{
public:
    static Outcome<std::unique_ptr<CardSession>> open(Pkcs11Module& module, const QString& tokenLabel,
                                                      const SecureBuffer& pin, bool readWrite)
    {
        checkNotOnGuardedThread("a PKCS#11 call");
        if (tokenLabel.isEmpty())
            return makeError(ErrorKind::Invalid, QStringLiteral("no token label: which card holds the custodian?"));
        if (pin.isEmpty())
            return makeError(ErrorKind::Invalid, QStringLiteral("no PIN for the token \"%1\"").arg(tokenLabel));
        auto slot = module.findSlotByTokenLabel(tokenLabel);
        if (!slot)
            return makeError(ErrorKind::NotFound,
                             QStringLiteral("no token labelled \"%1\" is present").arg(tokenLabel));
        std::unique_ptr<CardSession> card(new CardSession);
        card->m_functions = module.functions();
        card->m_slot = slot.value();
        card->m_tokenLabel = tokenLabel;
        const CK_FLAGS flags = CKF_SERIAL_SESSION | (readWrite ? CKF_RW_SESSION : 0);
        CK_RV rv = card->m_functions->C_OpenSession(slot.value(), flags, nullptr, nullptr, &card->m_session);
        if (rv != CKR_OK)
            return pkcs11Error("C_OpenSession", rv);
        auto login = [&]() {
            // The module only reads the PIN; the cast is the C API's.
            return card->m_functions->C_Login(card->m_session, CKU_USER, const_cast<CK_UTF8CHAR*>(pin.data()),
                                              static_cast<CK_ULONG>(pin.size()));
        };
        rv = login();
        if (rv == CKR_USER_ALREADY_LOGGED_IN) {
            // Someone left the card logged in: log out so that this PIN is checked now.
            card->m_functions->C_Logout(card->m_session);
            rv = login();
        }
        if (isPinRefusal(rv))
            return makeError(ErrorKind::Denied,
                             QStringLiteral("the token \"%1\" refused the PIN (%2)").arg(tokenLabel, ckrName(rv)));
        if (rv != CKR_OK)
            return pkcs11Error("C_Login(custodian token)", rv);
        card->m_loggedIn = true;
        return card;
    }

    ~CardSession() { close(); }
    CardSession(const CardSession&) = delete;
    CardSession& operator=(const CardSession&) = delete;

    void close()
    {
        if (m_session == CK_INVALID_HANDLE)
            return;
        if (m_loggedIn)
            m_functions->C_Logout(m_session);
        m_functions->C_CloseSession(m_session);
        m_session = CK_INVALID_HANDLE;
        m_loggedIn = false;
    }

    CK_FUNCTION_LIST* f() const { return m_functions; }
    CK_SESSION_HANDLE handle() const { return m_session; }
    CK_SLOT_ID slot() const { return m_slot; }
    const QString& tokenLabel() const { return m_tokenLabel; }

private:
    CardSession() = default;
    CK_FUNCTION_LIST* m_functions = nullptr;
    CK_SESSION_HANDLE m_session = CK_INVALID_HANDLE;
    CK_SLOT_ID m_slot = 0;
    QString m_tokenLabel;
    bool m_loggedIn = false;
};

// ---- creation -------------------------------------------------------------------------------

// DER of the X509_NAME "CN=holder", built from the value so that commas or '=' in a name need no escaping.
Outcome<QByteArray> commonNameDer(const QString& holder)
{
    X509_NAME* name = X509_NAME_new();
    if (!name)
        return ossl::opensslError("X509_NAME_new");
    const QByteArray utf8 = holder.toUtf8();
    if (X509_NAME_add_entry_by_txt(name, "CN", MBSTRING_UTF8, reinterpret_cast<const unsigned char*>(utf8.constData()),
                                   int(utf8.size()), -1, 0) != 1) {
        X509_NAME_free(name);
        return ossl::opensslError("X509_NAME_add_entry_by_txt", ErrorKind::Invalid);
    }
    unsigned char* der = nullptr;
    const int length = i2d_X509_NAME(name, &der);
    X509_NAME_free(name);
    if (length <= 0)
        return ossl::opensslError("i2d_X509_NAME");
    QByteArray out(reinterpret_cast<const char*>(der), length);
    OPENSSL_free(der);
    return out;
}

Outcome<void> validateCreation(const QString& objectLabel, const QString& holder, int rsaBits)
{
    if (rsaBits != 2048 && rsaBits != 3072 && rsaBits != 4096)
        return makeError(
            ErrorKind::Invalid,
            QStringLiteral("invalid size %1 for a custodian's RSA key: expected 2048, 3072 or 4096 bits").arg(rsaBits));
    if (objectLabel.trimmed().isEmpty())
        return makeError(ErrorKind::Invalid, QStringLiteral("a custodian on a token needs an object label"));
    if (holder.trimmed().isEmpty())
        return makeError(ErrorKind::Invalid,
                         QStringLiteral("a custodian needs the holder's name (the certificate's CN)"));
    if (holder.size() > 64) // RFC 5280 ub-common-name
        return makeError(ErrorKind::Invalid,
                         QStringLiteral("the holder's name has %1 characters: a certificate's CN holds at most 64")
                             .arg(holder.size()));
    return {};
}

// DER of DigestInfo{sha256, NULL} up to the digest (RFC 8017 9.2 note 1): CKM_RSA_PKCS pads it.
const QByteArray kSha256DigestInfoPrefix = QByteArray::fromHex("3031300d060960864801650304020105000420");

// RS256 on the card: the digest in software, CKM_RSA_PKCS over the DigestInfo (what cards offer).
Outcome<QByteArray> signOnCard(CardSession& card, CK_OBJECT_HANDLE privateKey, const QByteArray& data)
{
    QByteArray toSign = kSha256DigestInfoPrefix + sha256(data);
    CK_MECHANISM mechanism{CKM_RSA_PKCS, nullptr, 0};
    CK_RV rv = card.f()->C_SignInit(card.handle(), &mechanism, privateKey);
    if (rv != CKR_OK)
        return pkcs11Error("C_SignInit(custodian token)", rv);
    CK_ULONG size = 0;
    auto* input = reinterpret_cast<CK_BYTE_PTR>(toSign.data());
    const auto inputSize = static_cast<CK_ULONG>(toSign.size());
    rv = card.f()->C_Sign(card.handle(), input, inputSize, nullptr, &size);
    if (rv != CKR_OK)
        return pkcs11Error("C_Sign(custodian token)", rv);
    QByteArray signature(static_cast<qsizetype>(size), Qt::Uninitialized);
    rv = card.f()->C_Sign(card.handle(), input, inputSize, reinterpret_cast<CK_BYTE_PTR>(signature.data()), &size);
    if (rv != CKR_OK)
        return pkcs11Error("C_Sign(custodian token)", rv);
    signature.resize(static_cast<qsizetype>(size));
    return signature;
}

void destroyAll(CardSession& card, std::initializer_list<CK_OBJECT_HANDLE> handles)
{
    for (const CK_OBJECT_HANDLE handle : handles) {
        if (handle != CK_INVALID_HANDLE)
            card.f()->C_DestroyObject(card.handle(), handle);
    }
}

// ---- OAEP -----------------------------------------------------------------------------------

const EVP_MD* digestFor(OaepHash hash)
{
    return hash == OaepHash::Sha256 ? EVP_sha256() : EVP_sha1();
}

// MGF1 (RFC 8017 B.2.1) of `seed` into `mask` (`maskSize` bytes); the intermediate blocks stay in
// secure memory because the seed of the DB mask is secret.
bool mgf1(const EVP_MD* md, const unsigned char* seed, std::size_t seedSize, unsigned char* mask, std::size_t maskSize)
{
    const auto hashSize = static_cast<std::size_t>(EVP_MD_get_size(md));
    SecureBuffer input(seedSize + 4);
    SecureBuffer block(hashSize);
    std::memcpy(input.data(), seed, seedSize);
    EVP_MD_CTX* ctx = EVP_MD_CTX_new();
    if (!ctx)
        return false;
    bool ok = true;
    for (std::uint32_t counter = 0, done = 0; done < maskSize; ++counter) {
        input.data()[seedSize] = static_cast<unsigned char>(counter >> 24);
        input.data()[seedSize + 1] = static_cast<unsigned char>(counter >> 16);
        input.data()[seedSize + 2] = static_cast<unsigned char>(counter >> 8);
        input.data()[seedSize + 3] = static_cast<unsigned char>(counter);
        unsigned int written = 0;
        if (EVP_DigestInit_ex(ctx, md, nullptr) != 1 || EVP_DigestUpdate(ctx, input.data(), input.size()) != 1 ||
            EVP_DigestFinal_ex(ctx, block.data(), &written) != 1) {
            ok = false;
            break;
        }
        const std::size_t take = std::min<std::size_t>(hashSize, maskSize - done);
        std::memcpy(mask + done, block.data(), take);
        done += static_cast<std::uint32_t>(take);
    }
    EVP_MD_CTX_free(ctx);
    return ok;
}

// Constant-time helpers (all-ones or all-zeros masks), as in RFC 8017 implementations.
inline unsigned int ctIsZero(unsigned int a)
{
    return 0u - ((~a & (a - 1)) >> (sizeof(unsigned int) * 8 - 1));
}
inline unsigned int ctEquals(unsigned int a, unsigned int b)
{
    return ctIsZero(a ^ b);
}
inline unsigned int ctSelect(unsigned int mask, unsigned int a, unsigned int b)
{
    return (mask & a) | (~mask & b);
}

Error decryptionError()
{
    return makeError(ErrorKind::Failed, QStringLiteral("decryption error"));
}

// ---- the card custodian ---------------------------------------------------------------------

class TokenCustodianKey final : public CustodianKey
{
public:
    TokenCustodianKey(std::unique_ptr<CardSession> card, CK_OBJECT_HANDLE privateKey, QByteArray certificateDer,
                      QByteArray modulus, QString source, bool offersOaep)
        : m_card(std::move(card)), m_privateKey(privateKey), m_certificate(std::move(certificateDer)),
          m_modulus(std::move(modulus)), m_modulusBytes(std::size_t(m_modulus.size())), m_source(std::move(source))
    {
        m_nativeOaep[0] = m_nativeOaep[1] = offersOaep;
    }
    ~TokenCustodianKey() override { wipe(); }

    QByteArray certificateDer() const override { return m_certificate; }
    QString source() const override { return m_source; }

    Outcome<SecureBuffer> decryptOaep(QByteArrayView ciphertext, OaepHash hash) override
    {
        checkNotOnGuardedThread("a PKCS#11 call");
        std::lock_guard lock(m_mutex);
        if (!m_card)
            return makeError(ErrorKind::Failed,
                             QStringLiteral("the custodian %1 was closed: present the card again").arg(m_source));
        const int slot = hash == OaepHash::Sha256 ? 1 : 0;
        if (m_nativeOaep[slot]) {
            bool rejected = false;
            auto plain = decryptNative(ciphertext, hash, &rejected);
            if (plain)
                return plain;
            if (!rejected) {
                // The card said no, but cards say it in many ways (SoftHSM2: CKR_GENERAL_ERROR for bad
                // padding): raw RSA and the decoding here give the verdict where the card allows it.
                bool rawRefused = false;
                auto raw = decryptRaw(ciphertext, hash, &rawRefused);
                return rawRefused ? Outcome<SecureBuffer>(cannotDecrypt()) : std::move(raw);
            }
            m_nativeOaep[slot] = false; // the token offers OAEP, but not with this hash (SoftHSM2: SHA-1 only)
        }
        return decryptRaw(ciphertext, hash, nullptr);
    }

    void wipe() override
    {
        std::lock_guard lock(m_mutex);
        if (m_card)
            m_card->close();
        m_card.reset();
        m_privateKey = CK_INVALID_HANDLE;
    }

private:
    Error cannotDecrypt() const
    {
        return makeError(ErrorKind::Failed, QStringLiteral("the custodian %1 cannot decrypt this share").arg(m_source));
    }

    Outcome<SecureBuffer> runDecrypt(CK_MECHANISM& mechanism, QByteArrayView ciphertext, bool* rejected)
    {
        CK_RV rv = m_card->f()->C_DecryptInit(m_card->handle(), &mechanism, m_privateKey);
        // A token that lists OAEP may still refuse the hash (SoftHSM2 2.6.1: SHA-1 only): the caller
        // then takes the raw path.
        if (rejected && (rv == CKR_MECHANISM_INVALID || rv == CKR_MECHANISM_PARAM_INVALID || rv == CKR_ARGUMENTS_BAD ||
                         rv == CKR_KEY_FUNCTION_NOT_PERMITTED)) {
            *rejected = true;
            return decryptionError();
        }
        if (rv != CKR_OK)
            return pkcs11Error("C_DecryptInit(custodian token)", rv);
        SecureBuffer out(m_modulusBytes);
        CK_ULONG size = static_cast<CK_ULONG>(out.size());
        // The module only reads the ciphertext; the cast is the C API's.
        rv = m_card->f()->C_Decrypt(m_card->handle(),
                                    const_cast<CK_BYTE_PTR>(reinterpret_cast<const CK_BYTE*>(ciphertext.data())),
                                    static_cast<CK_ULONG>(ciphertext.size()), out.data(), &size);
        if (rv == CKR_ENCRYPTED_DATA_INVALID || rv == CKR_ENCRYPTED_DATA_LEN_RANGE || rv == CKR_DATA_INVALID ||
            rv == CKR_DATA_LEN_RANGE)
            return cannotDecrypt();
        if (rv != CKR_OK)
            return pkcs11Error("C_Decrypt(custodian token)", rv);
        out.resize(static_cast<std::size_t>(size));
        return out;
    }

    Outcome<SecureBuffer> decryptNative(QByteArrayView ciphertext, OaepHash hash, bool* rejected)
    {
        CK_RSA_PKCS_OAEP_PARAMS params{};
        params.hashAlg = hash == OaepHash::Sha256 ? CKM_SHA256 : CKM_SHA_1;
        params.mgf = hash == OaepHash::Sha256 ? CKG_MGF1_SHA256 : CKG_MGF1_SHA1;
        params.source = CKZ_DATA_SPECIFIED;
        params.pSourceData = nullptr;
        params.ulSourceDataLen = 0;
        CK_MECHANISM mechanism{CKM_RSA_PKCS_OAEP, &params, sizeof params};
        return runDecrypt(mechanism, ciphertext, rejected);
    }

    // Raw RSA on the card, EME-OAEP decoding here, in secure memory: the key never leaves the card.
    // `refused`: set when the card does not offer raw RSA for this key (instead of an error).
    Outcome<SecureBuffer> decryptRaw(QByteArrayView ciphertext, OaepHash hash, bool* refused)
    {
        // RFC 8017 7.1.2 step 1b, and RSADP's range check (public values: no constant time needed).
        if (static_cast<std::size_t>(ciphertext.size()) != m_modulusBytes ||
            !std::lexicographical_compare(reinterpret_cast<const unsigned char*>(ciphertext.data()),
                                          reinterpret_cast<const unsigned char*>(ciphertext.data()) + ciphertext.size(),
                                          reinterpret_cast<const unsigned char*>(m_modulus.constData()),
                                          reinterpret_cast<const unsigned char*>(m_modulus.constData()) +
                                              m_modulus.size()))
            return cannotDecrypt();
        CK_MECHANISM mechanism{CKM_RSA_X_509, nullptr, 0};
        auto raw = runDecrypt(mechanism, ciphertext, refused);
        if (!raw)
            return raw.error();
        SecureBuffer em(m_modulusBytes);
        const SecureBuffer& out = raw.value();
        if (out.size() > em.size())
            return cannotDecrypt();
        // Some modules drop the leading zero bytes of the integer: put them back (I2OSP).
        std::memcpy(em.data() + (em.size() - out.size()), out.data(), out.size());
        auto decoded = decodeOaep(em, hash);
        if (!decoded)
            return cannotDecrypt();
        return decoded;
    }

    std::mutex m_mutex;
    std::unique_ptr<CardSession> m_card;
    CK_OBJECT_HANDLE m_privateKey = CK_INVALID_HANDLE;
    QByteArray m_certificate;
    QByteArray m_modulus; // big-endian, without leading zero bytes
    std::size_t m_modulusBytes = 0;
    QString m_source;
    bool m_nativeOaep[2] = {false, false}; // [Sha1, Sha256]: still worth trying CKM_RSA_PKCS_OAEP
};

bool tokenOffersOaepDecrypt(CK_FUNCTION_LIST* f, CK_SLOT_ID slot)
{
    CK_MECHANISM_INFO info{};
    if (f->C_GetMechanismInfo(slot, CKM_RSA_PKCS_OAEP, &info) != CKR_OK)
        return false;
    return (info.flags & CKF_DECRYPT) != 0;
}

} // namespace

// ---- Pkcs11Uri ------------------------------------------------------------------------------

Outcome<Pkcs11Uri> Pkcs11Uri::parse(const QString& text)
{
    if (!looksLikeUri(text))
        return makeError(
            ErrorKind::Invalid,
            QStringLiteral("\"%1\" is not a pkcs11: URI: expected pkcs11:token=LABEL;object=LABEL").arg(text));
    QString rest = text.mid(7);
    QString query;
    if (const qsizetype mark = rest.indexOf(QLatin1Char('?')); mark >= 0) {
        query = rest.mid(mark + 1);
        rest.truncate(mark);
    }
    Pkcs11Uri uri;
    bool haveToken = false;
    bool haveObject = false;
    bool haveModule = false;
    auto take = [&text](const QString& attribute, const QString& rawValue, bool* seen, QString* into) -> Outcome<void> {
        if (*seen)
            return makeError(ErrorKind::Invalid,
                             QStringLiteral("the pkcs11: URI \"%1\" gives %2 twice").arg(text, attribute));
        *seen = true;
        if (!percentDecode(rawValue, into))
            return makeError(
                ErrorKind::Invalid,
                QStringLiteral("the pkcs11: URI \"%1\" has a malformed percent-encoding in %2").arg(text, attribute));
        return {};
    };
    const auto parts = [](const QString& s, QChar separator) {
        return s.isEmpty() ? QStringList{} : s.split(separator);
    };
    for (const QString& part : parts(rest, QLatin1Char(';'))) {
        const qsizetype eq = part.indexOf(QLatin1Char('='));
        const QString name = eq < 0 ? part : part.left(eq);
        const QString value = eq < 0 ? QString() : part.mid(eq + 1);
        Outcome<void> taken;
        if (name == QLatin1String("token"))
            taken = take(name, value, &haveToken, &uri.token);
        else if (name == QLatin1String("object"))
            taken = take(name, value, &haveObject, &uri.object);
        else if (name == QLatin1String("module-path")) // some tools put it in the path
            taken = take(name, value, &haveModule, &uri.modulePath);
        if (!taken)
            return taken.error();
    }
    for (const QString& part : parts(query, QLatin1Char('&'))) {
        const qsizetype eq = part.indexOf(QLatin1Char('='));
        if (eq >= 0 && part.left(eq) == QLatin1String("module-path")) {
            if (auto taken = take(part.left(eq), part.mid(eq + 1), &haveModule, &uri.modulePath); !taken)
                return taken.error();
        }
    }
    if (uri.token.isEmpty())
        return makeError(ErrorKind::Invalid,
                         QStringLiteral("the pkcs11: URI \"%1\" names no token: expected token=LABEL").arg(text));
    if (uri.object.isEmpty())
        return makeError(ErrorKind::Invalid,
                         QStringLiteral("the pkcs11: URI \"%1\" names no object: expected object=LABEL").arg(text));
    return uri;
}

QString Pkcs11Uri::toString() const
{
    // RFC 7512 p11-pchar: unreserved characters plus a few sub-delims stay as they are.
    const QByteArray keep(":[]@!$'()*+,=&");
    QString text = QStringLiteral("pkcs11:token=") + QString::fromLatin1(QUrl::toPercentEncoding(token, keep)) +
                   QStringLiteral(";object=") + QString::fromLatin1(QUrl::toPercentEncoding(object, keep));
    if (!modulePath.isEmpty())
        text += QStringLiteral("?module-path=") +
                QString::fromLatin1(QUrl::toPercentEncoding(modulePath, QByteArray(":[]@!$'()*+,=/")));
    return text;
}

// ---- creation -------------------------------------------------------------------------------

Outcome<QByteArray> createCustodianOnToken(Pkcs11Module& module, const QString& tokenLabel, const SecureBuffer& pin,
                                           const QString& objectLabel, const QString& holder, int rsaBits)
{
    if (auto valid = validateCreation(objectLabel, holder, rsaBits); !valid)
        return valid.error();
    auto subject = commonNameDer(holder);
    if (!subject)
        return subject.error();
    auto opened = CardSession::open(module, tokenLabel, pin, true);
    if (!opened)
        return opened.error();
    CardSession& card = *opened.value();
    CK_FUNCTION_LIST* f = card.f();

    AttributeTemplate sameLabel;
    sameLabel.addText(CKA_LABEL, objectLabel);
    auto existing = p11::findObjects(f, card.handle(), sameLabel.attributes(), 1);
    if (!existing)
        return existing.error();
    if (!existing->empty())
        return makeError(ErrorKind::Conflict,
                         QStringLiteral("the token \"%1\" already holds an object labelled \"%2\": "
                                        "choose another label")
                             .arg(tokenLabel, objectLabel));

    const QByteArray id = randomBytes(16);
    AttributeTemplate publicKey;
    publicKey.addUlong(CKA_CLASS, CKO_PUBLIC_KEY).addUlong(CKA_KEY_TYPE, CKK_RSA);
    publicKey.addBool(CKA_TOKEN, true).addBool(CKA_PRIVATE, false);
    publicKey.addBytes(CKA_ID, id).addText(CKA_LABEL, objectLabel);
    publicKey.addUlong(CKA_MODULUS_BITS, static_cast<CK_ULONG>(rsaBits));
    publicKey.addBytes(CKA_PUBLIC_EXPONENT, QByteArray::fromHex("010001"));
    publicKey.addBool(CKA_ENCRYPT, true).addBool(CKA_VERIFY, true);
    AttributeTemplate privateKey;
    privateKey.addUlong(CKA_CLASS, CKO_PRIVATE_KEY).addUlong(CKA_KEY_TYPE, CKK_RSA);
    privateKey.addBool(CKA_TOKEN, true).addBool(CKA_PRIVATE, true);
    privateKey.addBytes(CKA_ID, id).addText(CKA_LABEL, objectLabel);
    privateKey.addBool(CKA_SENSITIVE, true).addBool(CKA_EXTRACTABLE, false);
    // Decrypt for the shares; sign once, for the self-signed certificate.
    privateKey.addBool(CKA_DECRYPT, true).addBool(CKA_SIGN, true).addBool(CKA_UNWRAP, false);
    CK_MECHANISM generation{CKM_RSA_PKCS_KEY_PAIR_GEN, nullptr, 0};
    CK_OBJECT_HANDLE publicHandle = CK_INVALID_HANDLE;
    CK_OBJECT_HANDLE privateHandle = CK_INVALID_HANDLE;
    CK_RV rv = f->C_GenerateKeyPair(card.handle(), &generation, publicKey.data(), publicKey.count(), privateKey.data(),
                                    privateKey.count(), &publicHandle, &privateHandle);
    if (rv != CKR_OK)
        return pkcs11Error("C_GenerateKeyPair(custodian token)", rv);
    // From here on a failure leaves nothing behind on the card.
    auto fail = [&](const Error& error) -> Outcome<QByteArray> {
        destroyAll(card, {privateHandle, publicHandle});
        return error;
    };

    auto modulus = p11::readAttribute(f, card.handle(), publicHandle, CKA_MODULUS);
    if (!modulus)
        return fail(modulus.error());
    auto exponent = p11::readAttribute(f, card.handle(), publicHandle, CKA_PUBLIC_EXPONENT);
    if (!exponent)
        return fail(exponent.error());
    auto publicKeyInfo = ossl::rsaPublicKeyInfo(modulus.value(), exponent.value());
    if (!publicKeyInfo)
        return fail(publicKeyInfo.error());

    x509::CertificateSpec spec;
    spec.subjectDer = subject.value();
    spec.subjectPublicKeyDer = publicKeyInfo.value();
    spec.notBefore = QDateTime::currentDateTimeUtc().addSecs(-60);
    spec.notAfter = spec.notBefore.addYears(3); // as custodian key files (CustodianKey.h)
    spec.keyUsages = {QStringLiteral("keyEncipherment")};
    x509::CertificateSigner signer;
    signer.algorithm = JoseAlgorithm::Rs256;
    signer.sign = [&card, privateHandle](const QByteArray& data) { return signOnCard(card, privateHandle, data); };
    auto certificate = x509::issueCertificate(spec, {}, signer); // verifies the card's signature too
    if (!certificate)
        return fail(certificate.error());

    // SoftHSM2 wants CKA_SUBJECT on an X.509 certificate object.
    AttributeTemplate certificateObject;
    certificateObject.addUlong(CKA_CLASS, CKO_CERTIFICATE).addUlong(CKA_CERTIFICATE_TYPE, CKC_X_509);
    certificateObject.addBool(CKA_TOKEN, true).addBool(CKA_PRIVATE, false);
    certificateObject.addBytes(CKA_ID, id).addText(CKA_LABEL, objectLabel);
    certificateObject.addBytes(CKA_SUBJECT, subject.value()).addBytes(CKA_VALUE, certificate.value());
    CK_OBJECT_HANDLE certificateHandle = CK_INVALID_HANDLE;
    rv = f->C_CreateObject(card.handle(), certificateObject.data(), certificateObject.count(), &certificateHandle);
    if (rv != CKR_OK)
        return fail(pkcs11Error("C_CreateObject(custodian certificate)", rv));
    return certificate.take();
}

Outcome<void> removeCustodianFromToken(Pkcs11Module& module, const QString& tokenLabel, const SecureBuffer& pin,
                                       const QString& objectLabel, const QByteArray& certificateDer)
{
    auto opened = CardSession::open(module, tokenLabel, pin, true);
    if (!opened)
        return opened.error();
    CardSession& card = *opened.value();
    AttributeTemplate match;
    match.addUlong(CKA_CLASS, CKO_CERTIFICATE).addText(CKA_LABEL, objectLabel).addBytes(CKA_VALUE, certificateDer);
    auto certificates = p11::findObjects(card.f(), card.handle(), match.attributes(), 1);
    if (!certificates)
        return certificates.error();
    if (certificates->empty())
        return {};
    auto id = p11::readAttribute(card.f(), card.handle(), certificates->front(), CKA_ID);
    if (!id)
        return id.error();
    AttributeTemplate ours;
    ours.addBytes(CKA_ID, id.value()).addText(CKA_LABEL, objectLabel);
    auto objects = p11::findObjects(card.f(), card.handle(), ours.attributes());
    if (!objects)
        return objects.error();
    for (const CK_OBJECT_HANDLE handle : objects.value()) {
        const CK_RV rv = card.f()->C_DestroyObject(card.handle(), handle);
        if (rv != CKR_OK && rv != CKR_OBJECT_HANDLE_INVALID)
            return pkcs11Error("C_DestroyObject(custodian token)", rv);
    }
    return {};
}

// ---- opening --------------------------------------------------------------------------------

Outcome<std::unique_ptr<CustodianKey>> openTokenCustodian(Pkcs11Module& module, const Pkcs11Uri& uri,
                                                          const SecureBuffer& pin)
{
    if (uri.object.isEmpty())
        return makeError(ErrorKind::Invalid, QStringLiteral("the custodian's pkcs11: URI names no object"));
    auto opened = CardSession::open(module, uri.token, pin, false);
    if (!opened)
        return opened.error();
    std::unique_ptr<CardSession> card = opened.take();
    CK_FUNCTION_LIST* f = card->f();

    AttributeTemplate certificateMatch;
    certificateMatch.addUlong(CKA_CLASS, CKO_CERTIFICATE).addText(CKA_LABEL, uri.object);
    auto certificates = p11::findObjects(f, card->handle(), certificateMatch.attributes(), 2);
    if (!certificates)
        return certificates.error();
    if (certificates->empty())
        return makeError(
            ErrorKind::NotFound,
            QStringLiteral("no certificate labelled \"%1\" on the token \"%2\"").arg(uri.object, uri.token));
    if (certificates->size() > 1)
        return makeError(
            ErrorKind::Conflict,
            QStringLiteral("more than one certificate labelled \"%1\" on the token \"%2\"").arg(uri.object, uri.token));
    auto der = p11::readAttribute(f, card->handle(), certificates->front(), CKA_VALUE);
    if (!der)
        return der.error();
    auto id = p11::readAttribute(f, card->handle(), certificates->front(), CKA_ID);
    if (!id)
        return id.error();
    if (id->isEmpty())
        return makeError(ErrorKind::Invalid, QStringLiteral("the certificate \"%1\" on the token \"%2\" has no CKA_ID, "
                                                            "so its private key cannot be found")
                                                 .arg(uri.object, uri.token));
    AttributeTemplate keyMatch;
    keyMatch.addUlong(CKA_CLASS, CKO_PRIVATE_KEY).addUlong(CKA_KEY_TYPE, CKK_RSA).addBytes(CKA_ID, id.value());
    auto keys = p11::findObjects(f, card->handle(), keyMatch.attributes(), 1);
    if (!keys)
        return keys.error();
    if (keys->empty())
        return makeError(ErrorKind::NotFound,
                         QStringLiteral("no RSA private key for the certificate \"%1\" on the token \"%2\"")
                             .arg(uri.object, uri.token));
    auto modulus = p11::readAttribute(f, card->handle(), keys->front(), CKA_MODULUS);
    if (!modulus)
        return modulus.error();
    // The modulus as an integer: leading zero bytes do not count towards k.
    QByteArray n = modulus.value();
    while (!n.isEmpty() && n.at(0) == '\0')
        n.remove(0, 1);
    if (n.size() < 256)
        return makeError(
            ErrorKind::Invalid,
            QStringLiteral("the key of \"%1\" on the token \"%2\" is RSA-%3: a custodian needs at least 2048 bits")
                .arg(uri.object, uri.token)
                .arg(n.size() * 8));
    const bool offersOaep = tokenOffersOaepDecrypt(f, card->slot());
    Pkcs11Uri named = uri;
    named.modulePath.clear(); // messages name the card and the object
    const CK_OBJECT_HANDLE key = keys->front();
    return std::unique_ptr<CustodianKey>(
        new TokenCustodianKey(std::move(card), key, der.take(), n, named.toString(), offersOaep));
}

// ---- EME-OAEP decoding ----------------------------------------------------------------------

Outcome<SecureBuffer> decodeOaep(const SecureBuffer& em, OaepHash hash)
{
    const EVP_MD* md = digestFor(hash);
    const auto hLen = static_cast<std::size_t>(EVP_MD_get_size(md));
    const std::size_t k = em.size();
    // Public facts (sizes) may return early; nothing that depends on the decrypted bytes does.
    if (k < 2 * hLen + 2)
        return decryptionError();

    unsigned char lHash[EVP_MAX_MD_SIZE];
    unsigned int lHashSize = 0;
    if (EVP_Digest(nullptr, 0, lHash, &lHashSize, md, nullptr) != 1)
        return ossl::opensslError("EVP_Digest");

    const unsigned char* maskedSeed = em.data() + 1;
    const unsigned char* maskedDb = em.data() + 1 + hLen;
    const std::size_t dbSize = k - hLen - 1;
    SecureBuffer seed(hLen);
    SecureBuffer db(dbSize);
    if (!mgf1(md, maskedDb, dbSize, seed.data(), hLen))
        return ossl::opensslError("MGF1");
    for (std::size_t i = 0; i < hLen; ++i)
        seed.data()[i] ^= maskedSeed[i];
    if (!mgf1(md, seed.data(), hLen, db.data(), dbSize))
        return ossl::opensslError("MGF1");
    for (std::size_t i = 0; i < dbSize; ++i)
        db.data()[i] ^= maskedDb[i];

    // good: Y == 0, lHash' == lHash, and after the zero padding a 0x01 byte, all in constant time.
    unsigned int good = ctIsZero(em.data()[0]);
    unsigned int hashDiff = 0;
    for (std::size_t i = 0; i < hLen; ++i)
        hashDiff |= static_cast<unsigned int>(db.data()[i] ^ lHash[i]);
    good &= ctIsZero(hashDiff);
    unsigned int foundOne = 0; // all ones once the 0x01 separator has been seen
    unsigned int oneIndex = 0;
    for (std::size_t i = hLen; i < dbSize; ++i) {
        const unsigned int byte = db.data()[i];
        const unsigned int isOne = ctEquals(byte, 1);
        const unsigned int isZero = ctIsZero(byte);
        oneIndex = ctSelect(~foundOne & isOne, static_cast<unsigned int>(i), oneIndex);
        // Before the separator only zero bytes may stand.
        good &= foundOne | isZero | isOne;
        foundOne |= isOne;
    }
    good &= foundOne;
    if (good == 0) // one failure, whatever was wrong
        return decryptionError();
    const std::size_t start = oneIndex + 1;
    return SecureBuffer(db.data() + start, dbSize - start);
}

} // namespace custos::crypto::sd
