#include "TestKeyCryptoFixture.h"
#include "TestRegistry.h"

#include "crypto/Random.h"
#include "model/session/Session.h"
#include "model/session/UnsealedKeys.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <QTest>

#include <openssl/bio.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/x509.h>

using namespace custos;
using namespace custos::model;
using namespace custos::keytest;
using crypto::JoseAlgorithm;
using crypto::KeyKind;

namespace {

// The SubjectPublicKeyInfo DER of a PEM public key, or of a PEM encrypted private key with its
// password; empty when OpenSSL cannot read it.
QByteArray spkiOfPem(const QByteArray& pem, const char* password = nullptr)
{
    BIO* bio = BIO_new_mem_buf(pem.constData(), static_cast<int>(pem.size()));
    EVP_PKEY* key = password ? PEM_read_bio_PrivateKey(bio, nullptr, nullptr, const_cast<char*>(password))
                             : PEM_read_bio_PUBKEY(bio, nullptr, nullptr, nullptr);
    BIO_free(bio);
    if (!key)
        return {};
    unsigned char* der = nullptr;
    const int size = i2d_PUBKEY(key, &der);
    QByteArray out = size > 0 ? QByteArray(reinterpret_cast<const char*>(der), size) : QByteArray();
    OPENSSL_free(der);
    EVP_PKEY_free(key);
    return out;
}

} // namespace

// Sign/verify, encrypt/decrypt, wrap/unwrap and export with HSM and software keys through the
// service path; refusals are in TestKeyCryptoRefusals.
class TestKeyCryptoService : public QObject
{
    Q_OBJECT
private:
    KeyFixture m_fx;

    static void protections()
    {
        QTest::addColumn<QString>("protection");
        QTest::newRow("hsm") << QStringLiteral("hsm");
        QTest::newRow("software") << QStringLiteral("software");
    }

private Q_SLOTS:
    void initTestCase()
    {
        const QString failed = m_fx.setUp();
        QVERIFY2(failed.isEmpty(), qPrintable(failed));
    }
    void cleanupTestCase() { m_fx.tearDown(); }

    void signVerifyEveryAlgorithm_data() { protections(); }
    void signVerifyEveryAlgorithm()
    {
        QFETCH(QString, protection);
        const Protection p = protectionNamed(protection);
        const QString prefix = QStringLiteral("sv-") + protection + QLatin1Char('-');
        auto rsa = m_fx.createKey(p, prefix + QStringLiteral("rsa"), KeyKind::Rsa, 2048);
        QVERIFY2(rsa, errorText(rsa));
        QMap<QString, KeyRecord> ec;
        for (const QString& curve : {QStringLiteral("P-256"), QStringLiteral("P-384"), QStringLiteral("P-521")}) {
            auto key = m_fx.createKey(p, prefix + curve, KeyKind::Ec, 0, curve);
            QVERIFY2(key, errorText(key));
            ec.insert(curve, key.value());
        }
        const QByteArray message = QByteArrayLiteral("the message Custos signs");
        for (JoseAlgorithm alg : crypto::allJoseAlgorithms()) {
            if (!crypto::isSignatureAlgorithm(alg))
                continue;
            const QString name = crypto::joseAlgorithmName(alg);
            const bool ecdsa = crypto::requiredKeyKind(alg) == KeyKind::Ec;
            const KeyRecord key = ecdsa ? ec.value(crypto::requiredCurve(alg)) : rsa.value();

            auto signature = test::await(m_fx.crypto().sign(target(key), name, message, false));
            QVERIFY2(signature, qPrintable(name + QLatin1String(": ") + QString::fromUtf8(errorText(signature))));
            if (ecdsa) // raw r||s, each the field's length
                QCOMPARE(signature->size(),
                         2 * ((key.curve == QLatin1String("P-521")) ? 66 : key.curve.mid(2).toInt() / 8));
            auto valid = test::await(m_fx.crypto().verify(target(key), name, message, false, signature.value()));
            QVERIFY2(valid, errorText(valid));
            QVERIFY2(valid.value(), qPrintable(name));

            QByteArray tampered = signature.value();
            tampered[tampered.size() / 2] = static_cast<char>(tampered[tampered.size() / 2] ^ 0x01);
            auto invalid = test::await(m_fx.crypto().verify(target(key), name, message, false, tampered));
            QVERIFY2(invalid, errorText(invalid));
            QVERIFY2(!invalid.value(), qPrintable(name + QLatin1String(": a tampered signature verified")));
            auto otherMessage =
                test::await(m_fx.crypto().verify(target(key), name, message + "!", false, signature.value()));
            QVERIFY(otherMessage && !otherMessage.value());

            // Over a digest: verifies against the message and against the digest.
            const QByteArray digest = hashFor(alg, message);
            auto overDigest = test::await(m_fx.crypto().sign(target(key), name, digest, true));
            QVERIFY2(overDigest, errorText(overDigest));
            auto digestValid = test::await(m_fx.crypto().verify(target(key), name, message, false, overDigest.value()));
            QVERIFY(digestValid && digestValid.value());
            auto digestValid2 = test::await(m_fx.crypto().verify(target(key), name, digest, true, overDigest.value()));
            QVERIFY(digestValid2 && digestValid2.value());

            if (ecdsa) {
                auto der = test::await(m_fx.crypto().sign(target(key), name, message, false, SignatureFormat::Der));
                QVERIFY2(der, errorText(der));
                QCOMPARE(static_cast<unsigned char>(der->at(0)), 0x30); // SEQUENCE
                auto derValid = test::await(
                    m_fx.crypto().verify(target(key), name, message, false, der.value(), SignatureFormat::Der));
                QVERIFY(derValid && derValid.value());
                auto derAsRaw = test::await(m_fx.crypto().verify(target(key), name, message, false, der.value()));
                QVERIFY(derAsRaw && !derAsRaw.value());
                auto garbageDer = test::await(m_fx.crypto().verify(target(key), name, message, false,
                                                                   QByteArray("\x30\x01", 2), SignatureFormat::Der));
                QVERIFY(garbageDer && !garbageDer.value());
            }
        }
        auto event = m_fx.lastEvent(QStringLiteral("KeySign"));
        QVERIFY(event);
        QCOMPARE(event->result, AuditResult::Success);
        QCOMPARE(event->details.value(QStringLiteral("version")).toString(), ec.value("P-521").currentVersion.id);
        QCOMPARE(event->details.value(QStringLiteral("alg")).toString(), QStringLiteral("ES512"));
        QCOMPARE(event->details.value(QStringLiteral("signatureFormat")).toString(), QStringLiteral("der"));
        QVERIFY(!event->details.contains(QStringLiteral("input")));
        auto verifyEvent = m_fx.lastEvent(QStringLiteral("KeyVerify"));
        QVERIFY(verifyEvent && verifyEvent->result == AuditResult::Success);
    }

    void rsaEncryptDecrypt_data() { protections(); }
    void rsaEncryptDecrypt()
    {
        QFETCH(QString, protection);
        const Protection p = protectionNamed(protection);
        auto key = m_fx.createKey(p, QStringLiteral("ed-rsa-") + protection, KeyKind::Rsa, 2048);
        QVERIFY2(key, errorText(key));
        const QByteArray plaintext = QByteArrayLiteral("a secret worth 32 bytes of text!");
        for (const QString& alg : {QStringLiteral("RSA-OAEP"), QStringLiteral("RSA-OAEP-256")}) {
            auto encrypted = test::await(m_fx.crypto().encrypt(target(key.value()), alg, secretOf(plaintext)));
            QVERIFY2(encrypted, errorText(encrypted));
            QCOMPARE(encrypted->ciphertext.size(), 256);
            QVERIFY(encrypted->iv.isEmpty() && encrypted->tag.isEmpty());
            auto decrypted = test::await(m_fx.crypto().decrypt(target(key.value()), alg, encrypted.value()));
            QVERIFY2(decrypted, errorText(decrypted));
            QCOMPARE(bytesOf(*decrypted.value()), plaintext);
            KeyCiphertext broken = encrypted.value();
            broken.ciphertext[10] = static_cast<char>(broken.ciphertext[10] ^ 0x40);
            auto refused = test::await(m_fx.crypto().decrypt(target(key.value()), alg, broken));
            QVERIFY(!refused);
            QVERIFY2(refused.error().message.contains(QLatin1String("decryption failed")), errorText(refused));
            auto failed = m_fx.lastEvent(QStringLiteral("KeyDecrypt"));
            QVERIFY(failed && failed->result == AuditResult::Failed);
            QCOMPARE(failed->reason, QStringLiteral("decryption failed"));
        }
        auto event = m_fx.lastEvent(QStringLiteral("KeyEncrypt"));
        QVERIFY(event && event->result == AuditResult::Success);
        QCOMPARE(event->details.value(QStringLiteral("inputBytes")).toInt(), plaintext.size());
        QVERIFY(!QJsonDocument(event->details).toJson().contains("a secret"));

        // RSA1_5 is off by default.
        auto refused =
            test::await(m_fx.crypto().encrypt(target(key.value()), QStringLiteral("RSA1_5"), secretOf(plaintext)));
        QVERIFY(!refused);
        QVERIFY2(refused.error().message.contains(QStringLiteral("RSA1_5 is off for key %1").arg(key->name)),
                 errorText(refused));
        event = m_fx.lastEvent(QStringLiteral("KeyEncrypt"));
        QVERIFY(event && event->result == AuditResult::Failed);
        QVERIFY(event->reason.contains(QLatin1String("allow-rsa1_5")));

        if (!m_fx.hasColumn(QStringLiteral("keys"), QStringLiteral("allow_rsa1_5")))
            QSKIP("keys.allow_rsa1_5 does not exist yet (migration 3): RSA1_5 allowed is not tested");
        QVERIFY(m_fx.execSql(QStringLiteral("UPDATE keys SET allow_rsa1_5 = 1 WHERE id = ?"), {key->id}));
        auto legacy =
            test::await(m_fx.crypto().encrypt(target(key.value()), QStringLiteral("RSA1_5"), secretOf(plaintext)));
        QVERIFY2(legacy, errorText(legacy));
        auto back = test::await(m_fx.crypto().decrypt(target(key.value()), QStringLiteral("RSA1_5"), legacy.value()));
        QVERIFY2(back, errorText(back));
        QCOMPARE(bytesOf(*back.value()), plaintext);
    }

    void aesGcm_data() { protections(); }
    void aesGcm()
    {
        QFETCH(QString, protection);
        const Protection p = protectionNamed(protection);
        const QByteArray plaintext = QByteArrayLiteral("data under AES-GCM, not a multiple of 16");
        const QByteArray aad = QByteArrayLiteral("header");
        for (const int bits : {128, 256}) {
            auto key = m_fx.createKey(p, QStringLiteral("gcm-%1-%2").arg(protection).arg(bits), KeyKind::Aes, bits);
            QVERIFY2(key, errorText(key));
            const QString alg = QStringLiteral("A%1GCM").arg(bits);
            auto sealed = test::await(m_fx.crypto().encrypt(target(key.value()), alg, secretOf(plaintext), aad));
            QVERIFY2(sealed, errorText(sealed));
            QCOMPARE(sealed->iv.size(), 12);
            QCOMPARE(sealed->tag.size(), 16);
            QCOMPARE(sealed->ciphertext.size(), plaintext.size());
            auto opened = test::await(m_fx.crypto().decrypt(target(key.value()), alg, sealed.value(), aad));
            QVERIFY2(opened, errorText(opened));
            QCOMPARE(bytesOf(*opened.value()), plaintext);
            auto wrongAad = test::await(m_fx.crypto().decrypt(target(key.value()), alg, sealed.value(), "other"));
            QVERIFY(!wrongAad);
            KeyCiphertext noTag = sealed.value();
            noTag.tag.chop(4);
            auto shortTag = test::await(m_fx.crypto().decrypt(target(key.value()), alg, noTag, aad));
            QVERIFY(!shortTag);
            QVERIFY2(shortTag.error().message.contains(QLatin1String("16-byte tag")), errorText(shortTag));
            // The other size's algorithm does not fit this key.
            const QString other = bits == 128 ? QStringLiteral("A256GCM") : QStringLiteral("A128GCM");
            auto mismatch = test::await(m_fx.crypto().encrypt(target(key.value()), other, secretOf(plaintext)));
            QVERIFY(!mismatch);
            QVERIFY2(mismatch.error().message.contains(QStringLiteral("-bit AES key")), errorText(mismatch));
        }
    }

    void keyWrap_data() { protections(); }
    void keyWrap()
    {
        QFETCH(QString, protection);
        const Protection p = protectionNamed(protection);
        const QByteArray cek = crypto::randomBytes(32);
        for (const int bits : {128, 192, 256}) {
            auto key = m_fx.createKey(p, QStringLiteral("kw-%1-%2").arg(protection).arg(bits), KeyKind::Aes, bits);
            QVERIFY2(key, errorText(key));
            const QString alg = QStringLiteral("A%1KW").arg(bits);
            auto wrapped = test::await(m_fx.crypto().wrapKey(target(key.value()), alg, secretOf(cek)));
            QVERIFY2(wrapped, errorText(wrapped));
            QCOMPARE(wrapped->size(), cek.size() + 8);
            auto unwrapped = test::await(m_fx.crypto().unwrapKey(target(key.value()), alg, wrapped.value()));
            QVERIFY2(unwrapped, errorText(unwrapped));
            QCOMPARE(bytesOf(*unwrapped.value()), cek);
            QByteArray tampered = wrapped.value();
            tampered[3] = static_cast<char>(tampered[3] ^ 1);
            QVERIFY(!test::await(m_fx.crypto().unwrapKey(target(key.value()), alg, tampered)));
        }
        auto rsa = m_fx.createKey(p, QStringLiteral("kw-rsa-") + protection, KeyKind::Rsa, 2048);
        QVERIFY2(rsa, errorText(rsa));
        auto wrapped =
            test::await(m_fx.crypto().wrapKey(target(rsa.value()), QStringLiteral("RSA-OAEP-256"), secretOf(cek)));
        QVERIFY2(wrapped, errorText(wrapped));
        auto unwrapped =
            test::await(m_fx.crypto().unwrapKey(target(rsa.value()), QStringLiteral("RSA-OAEP-256"), wrapped.value()));
        QVERIFY2(unwrapped, errorText(unwrapped));
        QCOMPARE(bytesOf(*unwrapped.value()), cek);
        auto event = m_fx.lastEvent(QStringLiteral("KeyUnwrap"));
        QVERIFY(event && event->result == AuditResult::Success);
        QCOMPARE(event->details.value(QStringLiteral("alg")).toString(), QStringLiteral("RSA-OAEP-256"));
        QVERIFY(m_fx.lastEvent(QStringLiteral("KeyWrap")));
    }

    void exportPublic_data() { protections(); }
    void exportPublic()
    {
        QFETCH(QString, protection);
        const Protection p = protectionNamed(protection);
        auto ec = m_fx.createKey(p, QStringLiteral("xp-ec-") + protection, KeyKind::Ec, 0, QStringLiteral("P-384"),
                                 {QStringLiteral("sign"), QStringLiteral("verify")});
        QVERIFY2(ec, errorText(ec));
        auto pem = test::await(m_fx.crypto().exportPublic(target(ec.value()), PublicKeyFormat::Pem));
        QVERIFY2(pem, errorText(pem));
        QVERIFY(pem->startsWith("-----BEGIN PUBLIC KEY-----\n"));
        QCOMPARE(spkiOfPem(pem.value()), ec->currentVersion.publicKeyDer);

        auto jwk = test::await(m_fx.crypto().exportPublic(target(ec.value()), PublicKeyFormat::Jwk));
        QVERIFY2(jwk, errorText(jwk));
        const QJsonObject o = QJsonDocument::fromJson(jwk.value()).object();
        QCOMPARE(o.value(QStringLiteral("kty")).toString(), QStringLiteral("EC"));
        QCOMPARE(o.value(QStringLiteral("crv")).toString(), QStringLiteral("P-384"));
        QCOMPARE(o.value(QStringLiteral("kid")).toString(), ec->kid());
        QCOMPARE(o.value(QStringLiteral("key_ops")).toVariant().toStringList(),
                 QStringList({QStringLiteral("sign"), QStringLiteral("verify")}));
        QVERIFY(!o.contains(QStringLiteral("d")));
        auto event = m_fx.lastEvent(QStringLiteral("KeyExport"));
        QVERIFY(event && event->result == AuditResult::Success);
        QCOMPARE(event->details.value(QStringLiteral("format")).toString(), QStringLiteral("jwk"));
        QCOMPARE(event->details.value(QStringLiteral("version")).toString(), ec->currentVersion.id);

        auto oct = m_fx.createKey(p, QStringLiteral("xp-oct-") + protection, KeyKind::Aes, 256);
        QVERIFY2(oct, errorText(oct));
        auto none = test::await(m_fx.crypto().exportPublic(target(oct.value()), PublicKeyFormat::Pem));
        QVERIFY(!none);
        QCOMPARE(none.error().kind, ErrorKind::Invalid);
        QVERIFY2(none.error().message.contains(QLatin1String("no public part")), errorText(none));
        event = m_fx.lastEvent(QStringLiteral("KeyExport"));
        QVERIFY(event && event->result == AuditResult::Failed);
    }

    void exportPrivate()
    {
        const auto password = secretOf("export password");
        const QStringList ops{QStringLiteral("sign"), QStringLiteral("verify"), QStringLiteral("export")};
        auto soft = m_fx.createKey(Protection::Software, QStringLiteral("xk-soft"), KeyKind::Rsa, 2048, {}, ops, true);
        QVERIFY2(soft, errorText(soft));
        auto pem = test::await(m_fx.crypto().exportPrivate(target(soft.value()), password));
        QVERIFY2(pem, errorText(pem));
        QVERIFY(pem->startsWith("-----BEGIN ENCRYPTED PRIVATE KEY-----"));
        QCOMPARE(spkiOfPem(pem.value(), "export password"), soft->currentVersion.publicKeyDer);
        QVERIFY(spkiOfPem(pem.value(), "wrong password").isEmpty());
        auto event = m_fx.lastEvent(QStringLiteral("KeyExport"));
        QVERIFY(event && event->result == AuditResult::Success);
        QCOMPARE(event->details.value(QStringLiteral("private")).toBool(), true);
        QVERIFY(!QJsonDocument(event->details).toJson().contains("export password"));

        auto noPassword = test::await(m_fx.crypto().exportPrivate(target(soft.value()), secretOf({})));
        QVERIFY(!noPassword);
        QVERIFY2(noPassword.error().message.contains(QLatin1String("password is required")), errorText(noPassword));

        auto hsm = m_fx.createKey(Protection::Hsm, QStringLiteral("xk-hsm"), KeyKind::Ec);
        QVERIFY2(hsm, errorText(hsm));
        auto refused = test::await(m_fx.crypto().exportPrivate(target(hsm.value()), password));
        QVERIFY(!refused);
        QVERIFY2(refused.error().message.contains(QLatin1String("never leaves the token in clear")),
                 errorText(refused));
        event = m_fx.lastEvent(QStringLiteral("KeyExport"));
        QVERIFY(event && event->result == AuditResult::Failed);

        // Exportable, but export taken out of its key_ops (only an edit of the row can do that).
        auto noExportOp = m_fx.createKey(Protection::Software, QStringLiteral("xk-noop"), KeyKind::Ec, 0, {},
                                         {QStringLiteral("sign")}, true);
        QVERIFY2(noExportOp, errorText(noExportOp));
        QVERIFY(m_fx.execSql(QStringLiteral("UPDATE keys SET key_ops = '[\"sign\"]' WHERE id = ?"), {noExportOp->id}));
        auto opRefused = test::await(m_fx.crypto().exportPrivate(target(noExportOp.value()), password));
        QVERIFY(!opRefused);
        QCOMPARE(opRefused.error().message,
                 QStringLiteral("key 'xk-noop' does not allow 'export': its key_ops are sign"));

        auto fixed = m_fx.createKey(Protection::Software, QStringLiteral("xk-fixed"), KeyKind::Ec);
        QVERIFY2(fixed, errorText(fixed));
        auto notExportable = test::await(m_fx.crypto().exportPrivate(target(fixed.value()), password));
        QVERIFY(!notExportable);
        QVERIFY2(notExportable.error().message.contains(QLatin1String("is not exportable")), errorText(notExportable));
    }

    // Software keys are unsealed on first use and wiped at logout; after a new login they unseal again.
    void unsealedKeysWipedAtLogout()
    {
        auto key = m_fx.createKey(Protection::Software, QStringLiteral("unseal-ec"), KeyKind::Ec);
        QVERIFY2(key, errorText(key));
        UnsealedKeys& unsealed = m_fx.services().session().unsealedKeys();
        QVERIFY(!unsealed.find(key->currentVersion.id));
        auto signature = test::await(m_fx.crypto().sign(target(key.value()), QStringLiteral("ES256"), "m", false));
        QVERIFY2(signature, errorText(signature));
        QVERIFY(unsealed.find(key->currentVersion.id));
        QVERIFY(unsealed.size() >= 1);

        m_fx.services().session().logout();
        QCOMPARE(unsealed.size(), 0);
        QVERIFY(!unsealed.find(key->currentVersion.id));
        auto loggedOut = test::await(m_fx.crypto().sign(target(key.value()), QStringLiteral("ES256"), "m", false));
        QVERIFY(!loggedOut);
        QCOMPARE(loggedOut.error().kind, ErrorKind::Denied);

        auto back = test::switchOperator(m_fx.services(), QStringLiteral("admin"));
        QVERIFY2(back, errorText(back));
        auto again = test::await(m_fx.crypto().sign(target(key.value()), QStringLiteral("ES256"), "m", false));
        QVERIFY2(again, errorText(again));
        QVERIFY(unsealed.find(key->currentVersion.id));
    }
};

CUSTOS_REGISTER_TEST(TestKeyCryptoService)
#include "TestKeyCryptoService.moc"
