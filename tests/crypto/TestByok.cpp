#include "SoftHsmTestToken.h"
#include "TestRegistry.h"

#include "OutcomeText.h"

#include "crypto/Random.h"
#include "crypto/byok/ByokFile.h"
#include "crypto/keys/HsmKeyOperations.h"
#include "crypto/keys/PublicKeyOperations.h"
#include "crypto/keys/software/SoftwareKey.h"
#include "crypto/pkcs11/Pkcs11Objects.h"
#include "crypto/pkcs11/TokenKeyTransfer.h"

#include <QTest>

#include <openssl/evp.h>
#include <openssl/rsa.h>
#include <openssl/x509.h>

using namespace custos;
using namespace custos::crypto;

namespace {
const QString kTokenLabel = QStringLiteral("custos-byok");

KeyGenSpec targetSpec(const QByteArray& id)
{
    KeyGenSpec spec;
    spec.id = id;
    spec.label = QStringLiteral("vault/byok-target");
    return spec;
}

QByteArray newId()
{
    return QByteArray::fromHex(randomId().toLatin1());
}

// PKCS#8 DER of a key Custos would refuse (RSA 1024), made with OpenSSL directly.
SecureBuffer rsa1024Pkcs8()
{
    EVP_PKEY* key = EVP_RSA_gen(1024);
    PKCS8_PRIV_KEY_INFO* info = key ? EVP_PKEY2PKCS8(key) : nullptr;
    unsigned char* der = nullptr;
    const int size = info ? i2d_PKCS8_PRIV_KEY_INFO(info, &der) : 0;
    SecureBuffer out(size > 0 ? SecureBuffer(der, std::size_t(size)) : SecureBuffer());
    OPENSSL_clear_free(der, size > 0 ? std::size_t(size) : 0);
    PKCS8_PRIV_KEY_INFO_free(info);
    EVP_PKEY_free(key);
    return out;
}
} // namespace

// BYOK: a key wrapped in software for an HSM key exchange key (as Azure's BYOK tools and `byok
// wrap` do) is unwrapped inside the token and then works as the original: signatures by the token
// verify with the original public key in OpenSSL, AES ciphertexts decrypt with the original key.
class TestByok : public QObject
{
    Q_OBJECT
private:
    test::SoftHsmTestToken m_softHsm;
    Token* m_token = nullptr;
    QByteArray m_kekId;
    QByteArray m_kekPublic;
    QByteArray m_otherKekId;

    bool boolAttribute(CK_OBJECT_CLASS objectClass, const QByteArray& id, CK_ATTRIBUTE_TYPE type)
    {
        auto handle = m_token->findObject(objectClass, id);
        auto session = m_token->session();
        if (!handle || !session)
            return false;
        auto value = p11::readBoolAttribute(m_token->module().functions(), session.value(), handle.value(), type);
        return value.ok() && value.value();
    }
    // Every object the session sees, session objects included: the ephemeral, probe and derived
    // keys of an unwrap must all be gone afterwards.
    qsizetype objectCount()
    {
        auto session = m_token->session();
        if (!session)
            return -1;
        auto all = p11::findObjects(m_token->module().functions(), session.value(), {});
        return all ? qsizetype(all->size()) : -1;
    }
    bool noObjects(const QByteArray& id)
    {
        auto has = m_token->hasObjects(id);
        return has.ok() && !has.value();
    }

private Q_SLOTS:
    void initTestCase()
    {
        if (!test::SoftHsmTestToken::moduleInstalled())
            QSKIP("SoftHSM2 is not installed");
        const QString problem = m_softHsm.setUp(kTokenLabel);
        QVERIFY2(problem.isEmpty(), qPrintable(problem));
        m_token = m_softHsm.token();
        for (QByteArray* id : {&m_kekId, &m_otherKekId}) {
            KeyGenSpec kek;
            kek.kind = KeyKind::Rsa;
            kek.bits = 2048;
            kek.id = newId();
            kek.label = QStringLiteral("vault/kek");
            auto made = m_token->generateKey(kek);
            QVERIFY2(made, errorText(made).constData());
            *id = kek.id;
            if (id == &m_kekId)
                m_kekPublic = made->publicKeyDer;
        }
    }
    void cleanupTestCase()
    {
        m_token = nullptr;
        m_softHsm.tearDown();
    }

    void fileRoundTrip()
    {
        byok::ByokFile file;
        file.kid = QStringLiteral("/vaults/v/keys/kek/versions/0123");
        file.ciphertext = randomBytes(256 + 40);
        file.generator = QStringLiteral("custosctl test \"quoted\"");
        const QByteArray json = byok::toJson(file);
        QVERIFY(json.indexOf("schema_version") < json.indexOf("header"));
        QVERIFY(json.indexOf("header") < json.indexOf("ciphertext"));
        QVERIFY(json.indexOf("ciphertext") < json.indexOf("generator"));
        QVERIFY(!json.contains('='));
        QVERIFY(byok::looksLikeByok(json));
        auto parsed = byok::parseByokFile(json);
        QVERIFY2(parsed, errorText(parsed).constData());
        QCOMPARE(parsed->kid, file.kid);
        QCOMPARE(parsed->ciphertext, file.ciphertext);
        QCOMPARE(parsed->generator, file.generator);
        QCOMPARE(parsed->schemaVersion, QStringLiteral("1.0.0"));
        // Padding is tolerated.
        QByteArray padded = json;
        const QByteArray encoded = file.ciphertext.toBase64(QByteArray::Base64UrlEncoding);
        padded.replace(file.ciphertext.toBase64(QByteArray::Base64UrlEncoding | QByteArray::OmitTrailingEquals),
                       encoded);
        QVERIFY(byok::parseByokFile(padded).ok());
    }

    void parserRefuses_data()
    {
        QTest::addColumn<QByteArray>("json");
        QTest::addColumn<QString>("expected");
        const QByteArray ct = randomBytes(300).toBase64(QByteArray::Base64UrlEncoding | QByteArray::OmitTrailingEquals);
        const auto file = [&ct](const QByteArray& header, const QByteArray& ciphertext) {
            return "{\"schema_version\":\"1.0.0\",\"header\":" + header + ",\"ciphertext\":\"" + ciphertext + "\"}";
        };
        const QByteArray good = R"({"kid":"k","alg":"dir","enc":"CKM_RSA_AES_KEY_WRAP"})";
        QTest::newRow("not JSON") << QByteArray("{\"header\":") << QStringLiteral("not JSON");
        QTest::newRow("array") << QByteArray("[]") << QStringLiteral("expected a JSON object");
        QTest::newRow("wrong enc") << file(R"({"kid":"k","alg":"dir","enc":"CKM_AES_KEY_WRAP"})", ct)
                                   << QStringLiteral("header.enc is 'CKM_AES_KEY_WRAP': expected CKM_RSA_AES_KEY_WRAP");
        QTest::newRow("wrong alg") << file(R"({"kid":"k","alg":"RSA-OAEP","enc":"CKM_RSA_AES_KEY_WRAP"})", ct)
                                   << QStringLiteral("header.alg is 'RSA-OAEP': expected dir");
        QTest::newRow("no kid") << file(R"({"alg":"dir","enc":"CKM_RSA_AES_KEY_WRAP"})", ct)
                                << QStringLiteral("'header.kid' is missing");
        QTest::newRow("kid number") << file(R"({"kid":5,"alg":"dir","enc":"CKM_RSA_AES_KEY_WRAP"})", ct)
                                    << QStringLiteral("'header.kid' is a number: expected a string");
        QTest::newRow("no header") << QByteArray("{\"schema_version\":\"1.0.0\",\"ciphertext\":\"" + ct + "\"}")
                                   << QStringLiteral("'header' is missing");
        QTest::newRow("standard base64") << file(good, ct.left(40) + "+/" + ct.mid(42))
                                         << QStringLiteral("'ciphertext' is not base64url");
        QTest::newRow("short ciphertext") << file(good, ct.left(100)) << QStringLiteral("expected at least 272");
        QTest::newRow("no schema") << QByteArray("{\"header\":" + good + ",\"ciphertext\":\"" + ct + "\"}")
                                   << QStringLiteral("'schema_version' is missing");
        QTest::newRow("too large") << QByteArray(2 * 1024 * 1024, ' ') << QStringLiteral("at most 1 MiB");
    }
    void parserRefuses()
    {
        QFETCH(QByteArray, json);
        QFETCH(QString, expected);
        auto parsed = byok::parseByokFile(json);
        QVERIFY(!parsed);
        QCOMPARE(parsed.error().kind, ErrorKind::Invalid);
        QVERIFY2(parsed.error().message.contains(expected), qPrintable(parsed.error().message));
    }

    void looksLikeByokIsSelective()
    {
        QVERIFY(!byok::looksLikeByok("-----BEGIN PRIVATE KEY-----"));
        QVERIFY(!byok::looksLikeByok(R"({"kty":"RSA","n":"x"})"));
        QVERIFY(!byok::looksLikeByok(R"({"header":"x","ciphertext":"y"})"));
        QVERIFY(byok::looksLikeByok(R"( {"header":{},"ciphertext":"y"} )"));
        QVERIFY(!byok::looksLikeByok(QByteArray()));
    }

    void softwareWrapRoundTrip()
    {
        auto kek = SoftwareKey::generateRsa(3072);
        QVERIFY2(kek, errorText(kek).constData());
        auto target = SoftwareKey::generateEc(QStringLiteral("P-384"));
        QVERIFY2(target, errorText(target).constData());
        auto targetDer = target->toPrivateDer();
        QVERIFY(targetDer);
        auto wrapped = byok::wrapForKek(kek->publicKeyDer().value(), targetDer.value());
        QVERIFY2(wrapped, errorText(wrapped).constData());
        QVERIFY(wrapped->size() > 384);
        auto kekDer = kek->toPrivateDer();
        QVERIFY(kekDer);
        auto unwrapped = byok::unwrapWithKek(kekDer.value(), wrapped.value());
        QVERIFY2(unwrapped, errorText(unwrapped).constData());
        QVERIFY(unwrapped->equals(targetDer.value()));

        QByteArray flipped = wrapped.value();
        flipped[flipped.size() - 3] = char(flipped.at(flipped.size() - 3) ^ 0x01);
        QVERIFY(!byok::unwrapWithKek(kekDer.value(), flipped));
        // An EC KEK is refused.
        auto ecKek = byok::wrapForKek(target->publicKeyDer().value(), targetDer.value());
        QVERIFY(!ecKek);
        QVERIFY2(ecKek.error().message.contains(QStringLiteral("expected RSA")), qPrintable(ecKek.error().message));
    }

    void unwrapsInsideTheToken_data()
    {
        QTest::addColumn<int>("kind");
        QTest::addColumn<int>("bits");
        QTest::addColumn<QString>("curve");
        QTest::addColumn<int>("algorithm");
        QTest::newRow("RSA 2048") << int(KeyKind::Rsa) << 2048 << QString() << int(JoseAlgorithm::Rs256);
        QTest::newRow("EC P-256") << int(KeyKind::Ec) << 0 << QStringLiteral("P-256") << int(JoseAlgorithm::Es256);
        QTest::newRow("EC P-384") << int(KeyKind::Ec) << 0 << QStringLiteral("P-384") << int(JoseAlgorithm::Es384);
        QTest::newRow("EC P-521") << int(KeyKind::Ec) << 0 << QStringLiteral("P-521") << int(JoseAlgorithm::Es512);
        QTest::newRow("AES 256") << int(KeyKind::Aes) << 256 << QString() << int(JoseAlgorithm::A256Gcm);
        QTest::newRow("AES 128") << int(KeyKind::Aes) << 128 << QString() << int(JoseAlgorithm::A128Gcm);
    }
    void unwrapsInsideTheToken()
    {
        QFETCH(int, kind);
        QFETCH(int, bits);
        QFETCH(QString, curve);
        QFETCH(int, algorithm);
        auto original = KeyKind(kind) == KeyKind::Ec    ? SoftwareKey::generateEc(curve)
                        : KeyKind(kind) == KeyKind::Rsa ? SoftwareKey::generateRsa(bits)
                                                        : SoftwareKey::generateAes(bits);
        QVERIFY2(original, errorText(original).constData());
        auto der = original->toPrivateDer();
        QVERIFY(der);
        auto ciphertext = byok::wrapForKek(m_kekPublic, der.value());
        QVERIFY2(ciphertext, errorText(ciphertext).constData());

        const QByteArray id = newId();
        const qsizetype before = objectCount();
        auto unwrapped = unwrapByok(*m_token, m_kekId, ciphertext.value(), targetSpec(id));
        QVERIFY2(unwrapped, errorText(unwrapped).constData());
        QCOMPARE(objectCount(), before + (KeyKind(kind) == KeyKind::Aes ? 1 : 2));
        QCOMPARE(int(unwrapped->kind), kind);
        QCOMPARE(unwrapped->id, id);
        HsmKeyOperations operations(*m_token, id, unwrapped->bits); // the size Custos stores with an AES key
        if (KeyKind(kind) == KeyKind::Aes) {
            QCOMPARE(unwrapped->bits, bits);
            QVERIFY(unwrapped->publicKeyDer.isEmpty());
            QVERIFY(boolAttribute(CKO_SECRET_KEY, id, CKA_SENSITIVE));
            QVERIFY(boolAttribute(CKO_SECRET_KEY, id, CKA_WRAP_WITH_TRUSTED));
            QVERIFY(boolAttribute(CKO_SECRET_KEY, id, CKA_ENCRYPT));
            QVERIFY(boolAttribute(CKO_SECRET_KEY, id, CKA_UNWRAP));
            const SecureBuffer plaintext = SecureBuffer::fromString("carried in by BYOK");
            auto sealed = operations.encryptGcm(JoseAlgorithm(algorithm), plaintext);
            QVERIFY2(sealed, errorText(sealed).constData());
            auto opened = original->decryptGcm(sealed->iv + sealed->ciphertext + sealed->tag, {});
            QVERIFY2(opened, errorText(opened).constData());
            QVERIFY(opened->equals(plaintext));
        } else {
            QCOMPARE(unwrapped->publicKeyDer, original->publicKeyDer().value());
            QCOMPARE(unwrapped->curve, curve);
            if (KeyKind(kind) == KeyKind::Rsa)
                QCOMPARE(unwrapped->bits, bits);
            QVERIFY(boolAttribute(CKO_PRIVATE_KEY, id, CKA_SENSITIVE));
            QVERIFY(boolAttribute(CKO_PRIVATE_KEY, id, CKA_WRAP_WITH_TRUSTED));
            QVERIFY(boolAttribute(CKO_PRIVATE_KEY, id, CKA_SIGN));
            QVERIFY(boolAttribute(CKO_PRIVATE_KEY, id, CKA_TOKEN));
            QVERIFY(boolAttribute(CKO_PUBLIC_KEY, id, CKA_VERIFY));
            const QByteArray message = randomBytes(100);
            auto signature = operations.sign(JoseAlgorithm(algorithm), message, false);
            QVERIFY2(signature, errorText(signature).constData());
            auto verified =
                verify(JoseAlgorithm(algorithm), original->publicKeyDer().value(), message, false, signature.value());
            QVERIFY2(verified, errorText(verified).constData());
            QVERIFY(verified.value());
        }
        // Nothing but the target's objects came out of it: no session key, no derived secret.
        auto ids = m_token->listKeyIds();
        QVERIFY(ids);
        QVERIFY(ids->contains(id));
        QVERIFY(m_token->destroyObjects(id).ok());
    }

    void refusesTamperedCiphertext_data()
    {
        QTest::addColumn<int>("offset"); // from the start; negative from the end
        QTest::newRow("in the RSA-OAEP block") << 10;
        QTest::newRow("in the wrapped key") << -5;
    }
    void refusesTamperedCiphertext()
    {
        QFETCH(int, offset);
        auto original = SoftwareKey::generateEc(QStringLiteral("P-256"));
        QVERIFY(original);
        auto ciphertext = byok::wrapForKek(m_kekPublic, original->toPrivateDer().value());
        QVERIFY(ciphertext);
        QByteArray flipped = ciphertext.value();
        const qsizetype at = offset >= 0 ? offset : flipped.size() + offset;
        flipped[at] = char(flipped.at(at) ^ 0x40);
        const QByteArray id = newId();
        const qsizetype before = objectCount();
        auto unwrapped = unwrapByok(*m_token, m_kekId, flipped, targetSpec(id));
        QVERIFY(!unwrapped);
        QCOMPARE(objectCount(), before);
        QCOMPARE(unwrapped.error().kind, ErrorKind::Failed);
        QVERIFY2(unwrapped.error().message.startsWith(QStringLiteral("the .byok ciphertext does not unwrap under "
                                                                     "the KEK")),
                 qPrintable(unwrapped.error().message));
        QVERIFY(noObjects(id));
    }

    void refusesAnotherKek()
    {
        auto original = SoftwareKey::generateAes(256);
        QVERIFY(original);
        auto ciphertext = byok::wrapForKek(m_kekPublic, original->toPrivateDer().value());
        QVERIFY(ciphertext);
        const QByteArray id = newId();
        auto unwrapped = unwrapByok(*m_token, m_otherKekId, ciphertext.value(), targetSpec(id));
        QVERIFY(!unwrapped);
        QCOMPARE(unwrapped.error().kind, ErrorKind::Failed);
        QVERIFY2(unwrapped.error().message.contains(QStringLiteral("does not unwrap under the KEK")),
                 qPrintable(unwrapped.error().message));
        QVERIFY(noObjects(id));
    }

    void refusesMissingKekAndExistingId()
    {
        auto original = SoftwareKey::generateAes(256);
        QVERIFY(original);
        auto ciphertext = byok::wrapForKek(m_kekPublic, original->toPrivateDer().value());
        QVERIFY(ciphertext);
        const QByteArray id = newId();
        auto missing = unwrapByok(*m_token, newId(), ciphertext.value(), targetSpec(id));
        QVERIFY(!missing);
        QCOMPARE(missing.error().kind, ErrorKind::NotFound);
        QVERIFY(noObjects(id));

        // The KEK's own id is taken: Conflict, and the KEK is still there.
        auto taken = unwrapByok(*m_token, m_kekId, ciphertext.value(), targetSpec(m_kekId));
        QVERIFY(!taken);
        QCOMPARE(taken.error().kind, ErrorKind::Conflict);
        QVERIFY(m_token->findObject(CKO_PRIVATE_KEY, m_kekId).ok());
        QVERIFY(m_token->findObject(CKO_PUBLIC_KEY, m_kekId).ok());
    }

    void refusesUnsupportedTargets()
    {
        // RSA 1024 unwraps on the token but is refused, and the object is destroyed.
        const SecureBuffer weak = rsa1024Pkcs8();
        QVERIFY(!weak.isEmpty());
        auto ciphertext = byok::wrapForKek(m_kekPublic, weak);
        QVERIFY(ciphertext);
        const QByteArray id = newId();
        auto unwrapped = unwrapByok(*m_token, m_kekId, ciphertext.value(), targetSpec(id));
        QVERIFY(!unwrapped);
        QCOMPARE(unwrapped.error().kind, ErrorKind::Invalid);
        QVERIFY2(unwrapped.error().message.contains(QStringLiteral("an RSA key of 1024 bits")),
                 qPrintable(unwrapped.error().message));
        QVERIFY(noObjects(id));

        // 8 bytes are no AES key. (SoftHSM2 keeps RFC 5649's zero padding when it unwraps, so a
        // 20-byte secret would arrive as 24 bytes there: sizes in between are not tested.)
        auto odd = byok::wrapForKek(m_kekPublic, SecureBuffer(randomBytes(8).constData(), 8));
        QVERIFY(odd);
        auto oddKey = unwrapByok(*m_token, m_kekId, odd.value(), targetSpec(id));
        QVERIFY(!oddKey);
        QCOMPARE(oddKey.error().kind, ErrorKind::Invalid);
        QVERIFY2(oddKey.error().message.contains(QStringLiteral("a secret key of 8 bytes")),
                 qPrintable(oddKey.error().message));
        QVERIFY(noObjects(id));
    }

    void importsSecretKeys()
    {
        auto original = SoftwareKey::generateAes(192);
        QVERIFY(original);
        const QByteArray id = newId();
        auto imported = importSecretKey(*m_token, targetSpec(id), original->toPrivateDer().value());
        QVERIFY2(imported, errorText(imported).constData());
        QVERIFY(boolAttribute(CKO_SECRET_KEY, id, CKA_SENSITIVE));
        QVERIFY(boolAttribute(CKO_SECRET_KEY, id, CKA_WRAP_WITH_TRUSTED));
        QVERIFY(boolAttribute(CKO_SECRET_KEY, id, CKA_DECRYPT));
        // The token knows its size (CKA_VALUE_LEN) and uses it: AES-256 GCM by the token opens in software.
        auto aes256 = SoftwareKey::generateAes(256);
        QVERIFY(aes256);
        const QByteArray id256 = newId();
        QVERIFY(importSecretKey(*m_token, targetSpec(id256), aes256->toPrivateDer().value()).ok());
        const SecureBuffer plaintext = SecureBuffer::fromString("imported as bytes");
        auto sealed = HsmKeyOperations(*m_token, id256).encryptGcm(JoseAlgorithm::A256Gcm, plaintext);
        QVERIFY2(sealed, errorText(sealed).constData());
        auto opened = aes256->decryptGcm(sealed->iv + sealed->ciphertext + sealed->tag, {});
        QVERIFY2(opened, errorText(opened).constData());
        QVERIFY(opened->equals(plaintext));
        QVERIFY(m_token->destroyObjects(id256).ok());

        auto again = importSecretKey(*m_token, targetSpec(id), original->toPrivateDer().value());
        QVERIFY(!again);
        QCOMPARE(again.error().kind, ErrorKind::Conflict);
        auto odd = importSecretKey(*m_token, targetSpec(newId()), SecureBuffer(20));
        QVERIFY(!odd);
        QCOMPARE(odd.error().kind, ErrorKind::Invalid);
        QVERIFY(m_token->destroyObjects(id).ok());
    }
};

CUSTOS_REGISTER_TEST(TestByok)
#include "TestByok.moc"
