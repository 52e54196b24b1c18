#include "TestKeyCryptoFixture.h"
#include "TestRegistry.h"

#include "crypto/Random.h"
#include "crypto/keys/software/SoftwareKey.h"
#include "model/session/Workspace.h"

#include <QTest>
#include <QtConcurrent/QtConcurrentRun>

using namespace custos;
using namespace custos::model;
using namespace custos::keytest;
using crypto::KeyKind;

// Key uses that must be refused, each with a clear message and an audit event (Failed or Denied),
// and versions: an old version keeps decrypting after a new one becomes current.
class TestKeyCryptoRefusals : public QObject
{
    Q_OBJECT
private:
    KeyFixture m_fx;

    // The last event of `operation` has `result` and its reason contains `reason`.
    void expectEvent(const QString& operation, AuditResult result, const QString& reason)
    {
        auto event = m_fx.lastEvent(operation);
        QVERIFY2(event, qPrintable(operation));
        QCOMPARE(auditResultName(event->result), auditResultName(result));
        QVERIFY2(event->reason.contains(reason), qPrintable(event->reason));
    }

    // A new current version for `key` (as rotate would make it): token objects or a sealed private
    // part, then the row. Returns the new version id, empty on failure (after a qWarning).
    QString addVersion(const KeyRecord& key)
    {
        const QString versionId = crypto::randomId();
        auto material = std::make_shared<std::pair<QByteArray, QByteArray>>(); // public DER, sealed
        crypto::Token* token = m_fx.workspace().token();
        const bool hsm = key.protection == Protection::Hsm;
        auto future =
            QtConcurrent::run(m_fx.workspace().tokenPool(), [token, key, versionId, hsm, material]() -> Outcome<void> {
                if (hsm) {
                    crypto::KeyGenSpec spec;
                    spec.kind = key.kty;
                    spec.id = QByteArray::fromHex(versionId.toLatin1());
                    spec.label = key.vault + QLatin1Char('/') + key.name;
                    spec.bits = key.size;
                    spec.curve = key.curve;
                    auto generated = token->generateKey(spec);
                    if (!generated)
                        return generated.error();
                    material->first = generated->publicKeyDer;
                    return {};
                }
                auto generated = crypto::SoftwareKey::generateRsa(key.size);
                if (!generated)
                    return generated.error();
                material->first = generated->publicKeyDer().value();
                auto der = generated->toPrivateDer();
                auto sealed = token->seal(QString::fromLatin1(kSealingKeyLabel), der.value(),
                                          QByteArrayLiteral("custos-key:") + versionId.toLatin1());
                if (!sealed)
                    return sealed.error();
                material->second = sealed.value();
                return {};
            });
        if (auto made = future.result(); !made) {
            qWarning("new version: %s", qPrintable(made.error().message));
            return {};
        }
        KeyVersion version;
        version.id = versionId;
        version.seq = key.currentVersion.seq + 1;
        version.created = version.updated = QDateTime::currentDateTimeUtc();
        version.publicKeyDer = material->first;
        auto inserted = KeyStore(m_fx.db()).insertVersion(key.id, version, material->second);
        if (!inserted) {
            qWarning("insertVersion: %s", qPrintable(inserted.error().message));
            return {};
        }
        return versionId;
    }

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

    void oldVersionStillDecrypts_data() { protections(); }
    void oldVersionStillDecrypts()
    {
        QFETCH(QString, protection);
        auto key = m_fx.createKey(protectionNamed(protection), QStringLiteral("ver-") + protection, KeyKind::Rsa, 2048);
        QVERIFY2(key, errorText(key));
        const QString v1 = key->currentVersion.id;
        const QByteArray secret = QByteArrayLiteral("sealed under version 1");
        auto old =
            test::await(m_fx.crypto().encrypt(target(key.value()), QStringLiteral("RSA-OAEP-256"), secretOf(secret)));
        QVERIFY2(old, errorText(old));
        auto oldSignature = test::await(m_fx.crypto().sign(target(key.value()), QStringLiteral("PS256"), "doc", false));
        QVERIFY2(oldSignature, errorText(oldSignature));

        const QString v2 = addVersion(key.value());
        QVERIFY(!v2.isEmpty());
        // The current version is v2 now: v1's ciphertext does not decrypt with it...
        auto withCurrent =
            test::await(m_fx.crypto().decrypt(target(key.value()), QStringLiteral("RSA-OAEP-256"), old.value()));
        QVERIFY(!withCurrent);
        auto event = m_fx.lastEvent(QStringLiteral("KeyDecrypt"));
        QVERIFY(event);
        QCOMPARE(event->details.value(QStringLiteral("version")).toString(), QString()); // failed before persist
        // ...but with v1 named it does, and v1's signature still verifies.
        auto withOld =
            test::await(m_fx.crypto().decrypt(target(key.value(), v1), QStringLiteral("RSA-OAEP-256"), old.value()));
        QVERIFY2(withOld, errorText(withOld));
        QCOMPARE(bytesOf(*withOld.value()), secret);
        event = m_fx.lastEvent(QStringLiteral("KeyDecrypt"));
        QCOMPARE(event->details.value(QStringLiteral("version")).toString(), v1);
        auto verified = test::await(
            m_fx.crypto().verify(target(key.value(), v1), QStringLiteral("PS256"), "doc", false, oldSignature.value()));
        QVERIFY(verified && verified.value());
        // New signatures come from v2.
        auto fresh = test::await(m_fx.crypto().sign(target(key.value()), QStringLiteral("PS256"), "doc", false));
        QVERIFY2(fresh, errorText(fresh));
        QCOMPARE(m_fx.lastEvent(QStringLiteral("KeySign"))->details.value(QStringLiteral("version")).toString(), v2);
        auto freshWithV1 = test::await(
            m_fx.crypto().verify(target(key.value(), v1), QStringLiteral("PS256"), "doc", false, fresh.value()));
        QVERIFY(freshWithV1 && !freshWithV1.value());

        auto unknown = test::await(
            m_fx.crypto().sign(target(key.value(), QStringLiteral("00ff")), QStringLiteral("PS256"), "doc", false));
        QVERIFY(!unknown);
        QCOMPARE(unknown.error().kind, ErrorKind::NotFound);
        QVERIFY2(unknown.error().message.contains(QLatin1String("version '00ff' of key")), errorText(unknown));
        expectEvent(QStringLiteral("KeySign"), AuditResult::Failed, QStringLiteral("not found"));
    }

    // The engine fails (the token object is gone): Failed event with the engine's reason, no result.
    void engineFailureIsAudited()
    {
        auto key = m_fx.createKey(Protection::Hsm, QStringLiteral("vanished"), KeyKind::Ec);
        QVERIFY2(key, errorText(key));
        auto before = test::await(m_fx.crypto().sign(target(key.value()), QStringLiteral("ES256"), "m", false));
        QVERIFY2(before, errorText(before)); // the engine objects are cached now
        crypto::Token* token = m_fx.workspace().token();
        const QByteArray id = QByteArray::fromHex(key->currentVersion.id.toLatin1());
        auto destroyed =
            QtConcurrent::run(m_fx.workspace().tokenPool(), [token, id]() { return token->destroyObjects(id); });
        QVERIFY2(destroyed.result(), errorText(destroyed.result()));
        auto after = test::await(m_fx.crypto().sign(target(key.value()), QStringLiteral("ES256"), "m", false));
        QVERIFY(!after);
        auto event = m_fx.lastEvent(QStringLiteral("KeySign"));
        QVERIFY(event);
        QCOMPARE(event->result, AuditResult::Failed);
        QCOMPARE(event->reason, after.error().message);
    }

    void keyOpsRefused()
    {
        auto key = m_fx.createKey(Protection::Hsm, QStringLiteral("verify-only"), KeyKind::Ec, 0, {},
                                  {QStringLiteral("verify")});
        QVERIFY2(key, errorText(key));
        auto refused = test::await(m_fx.crypto().sign(target(key.value()), QStringLiteral("ES256"), "m", false));
        QVERIFY(!refused);
        QCOMPARE(refused.error().message,
                 QStringLiteral("key 'verify-only' does not allow 'sign': its key_ops are verify"));
        expectEvent(QStringLiteral("KeySign"), AuditResult::Failed, QStringLiteral("does not allow 'sign'"));
    }

    void disabledAndExpiredVersions()
    {
        auto key = m_fx.createKey(Protection::Hsm, QStringLiteral("dated"), KeyKind::Ec);
        QVERIFY2(key, errorText(key));
        const QString v = key->currentVersion.id;
        auto signature = test::await(m_fx.crypto().sign(target(key.value()), QStringLiteral("ES256"), "m", false));
        QVERIFY2(signature, errorText(signature));

        // Expired: refuses sign, still verifies.
        const qint64 past = QDateTime::currentDateTimeUtc().addSecs(-3600).toMSecsSinceEpoch();
        QVERIFY(m_fx.execSql(QStringLiteral("UPDATE key_versions SET expires = ? WHERE id = ?"), {past, v}));
        auto expired = test::await(m_fx.crypto().sign(target(key.value()), QStringLiteral("ES256"), "m", false));
        QVERIFY(!expired);
        QVERIFY2(expired.error().message.contains(QLatin1String("expired at")), errorText(expired));
        expectEvent(QStringLiteral("KeySign"), AuditResult::Failed, QStringLiteral("expired at"));
        auto stillVerifies = test::await(
            m_fx.crypto().verify(target(key.value()), QStringLiteral("ES256"), "m", false, signature.value()));
        QVERIFY2(stillVerifies, errorText(stillVerifies));
        QVERIFY(stillVerifies.value());

        // Not yet valid: likewise.
        const qint64 future = QDateTime::currentDateTimeUtc().addDays(1).toMSecsSinceEpoch();
        QVERIFY(m_fx.execSql(QStringLiteral("UPDATE key_versions SET expires = NULL, not_before = ? WHERE id = ?"),
                             {future, v}));
        auto early = test::await(m_fx.crypto().sign(target(key.value()), QStringLiteral("ES256"), "m", false));
        QVERIFY(!early);
        QVERIFY2(early.error().message.contains(QLatin1String("is not valid before")), errorText(early));

        // Disabled: refuses everything, verify too.
        QVERIFY(
            m_fx.execSql(QStringLiteral("UPDATE key_versions SET not_before = NULL, enabled = 0 WHERE id = ?"), {v}));
        auto disabled = test::await(m_fx.crypto().sign(target(key.value()), QStringLiteral("ES256"), "m", false));
        QVERIFY(!disabled);
        QVERIFY2(disabled.error().message.contains(QLatin1String("is disabled")), errorText(disabled));
        auto disabledVerify = test::await(
            m_fx.crypto().verify(target(key.value()), QStringLiteral("ES256"), "m", false, signature.value()));
        QVERIFY(!disabledVerify);
        expectEvent(QStringLiteral("KeyVerify"), AuditResult::Failed, QStringLiteral("is disabled"));
    }

    void badRequests()
    {
        auto key = m_fx.createKey(Protection::Software, QStringLiteral("bad-input"), KeyKind::Ec);
        QVERIFY2(key, errorText(key));
        auto shortDigest =
            test::await(m_fx.crypto().sign(target(key.value()), QStringLiteral("ES256"), QByteArray(20, 'x'), true));
        QVERIFY(!shortDigest);
        QCOMPARE(shortDigest.error().message, QStringLiteral("a digest for ES256 is 32 bytes, got 20"));
        expectEvent(QStringLiteral("KeySign"), AuditResult::Failed, QStringLiteral("got 20"));

        auto unknown = test::await(m_fx.crypto().sign(target(key.value()), QStringLiteral("XS256"), "m", false));
        QVERIFY(!unknown);
        QCOMPARE(unknown.error().kind, ErrorKind::Invalid);
        QVERIFY2(unknown.error().message.startsWith(QLatin1String("unknown algorithm \"XS256\": expected one of")),
                 errorText(unknown));
        expectEvent(QStringLiteral("KeySign"), AuditResult::Failed, QStringLiteral("unknown algorithm"));

        auto wrongType = test::await(m_fx.crypto().sign(target(key.value()), QStringLiteral("RS256"), "m", false));
        QVERIFY(!wrongType);
        QVERIFY2(wrongType.error().message.contains(QLatin1String("RSA")), errorText(wrongType));

        auto wrongCurve = test::await(m_fx.crypto().sign(target(key.value()), QStringLiteral("ES384"), "m", false));
        QVERIFY(!wrongCurve);
        QVERIFY2(wrongCurve.error().message.contains(QLatin1String("needs a P-384 key")), errorText(wrongCurve));

        auto cannot = test::await(m_fx.crypto().encrypt(target(key.value()), QStringLiteral("ES256"), secretOf("x")));
        QVERIFY(!cannot);
        expectEvent(QStringLiteral("KeyEncrypt"), AuditResult::Failed, QStringLiteral("ES256"));

        auto missing = test::await(
            m_fx.crypto().sign({kSoftVault, QStringLiteral("nope"), {}}, QStringLiteral("ES256"), "m", false));
        QVERIFY(!missing);
        QCOMPARE(missing.error().kind, ErrorKind::NotFound);
        QCOMPARE(missing.error().message, QStringLiteral("key 'nope' not found in vault 'soft-vault'"));
        expectEvent(QStringLiteral("KeySign"), AuditResult::Failed, QStringLiteral("not found"));

        auto badName = test::await(
            m_fx.crypto().sign({kSoftVault, QStringLiteral("no/pe"), {}}, QStringLiteral("ES256"), "m", false));
        QVERIFY(!badName);
        QCOMPARE(badName.error().kind, ErrorKind::Invalid);

        QVERIFY(m_fx.execSql(QStringLiteral("UPDATE keys SET deleted = ? WHERE id = ?"),
                             {QDateTime::currentDateTimeUtc().toMSecsSinceEpoch(), key->id}));
        auto deleted = test::await(m_fx.crypto().sign(target(key.value()), QStringLiteral("ES256"), "m", false));
        QVERIFY(!deleted);
        QCOMPARE(deleted.error().kind, ErrorKind::NotFound);
        QVERIFY2(deleted.error().message.contains(QLatin1String("is deleted")), errorText(deleted));
    }

    void caKeyRefusesSignAndExport()
    {
        if (!m_fx.hasColumn(QStringLiteral("keys"), QStringLiteral("ca_key")))
            QSKIP("keys.ca_key does not exist yet (migration 3)");
        auto key = m_fx.createKey(Protection::Software, QStringLiteral("ca-key"), KeyKind::Ec, 0, {}, {}, true);
        QVERIFY2(key, errorText(key));
        QVERIFY(m_fx.execSql(QStringLiteral("UPDATE keys SET ca_key = 1 WHERE id = ?"), {key->id}));
        auto sign = test::await(m_fx.crypto().sign(target(key.value()), QStringLiteral("ES256"), "m", false));
        QVERIFY(!sign);
        QVERIFY2(sign.error().message.contains(QLatin1String("certificate authority")), errorText(sign));
        expectEvent(QStringLiteral("KeySign"), AuditResult::Failed, QStringLiteral("certificate authority"));
        auto exported = test::await(m_fx.crypto().exportPrivate(target(key.value()), secretOf("pw")));
        QVERIFY(!exported);
        QVERIFY2(exported.error().message.contains(QLatin1String("certificate authority")), errorText(exported));
        auto verify = test::await(
            m_fx.crypto().verify(target(key.value()), QStringLiteral("ES256"), "m", false, QByteArray(64, 'x')));
        QVERIFY2(verify, errorText(verify)); // verify stays possible
        QVERIFY(!verify.value());
    }

    // A Crypto Service Encryption User wraps and unwraps but does not sign: Denied, audited.
    void encryptionUserWrapsButDoesNotSign()
    {
        auto aes = m_fx.createKey(Protection::Hsm, QStringLiteral("svc-kek"), KeyKind::Aes, 256);
        QVERIFY2(aes, errorText(aes));
        auto ec = m_fx.createKey(Protection::Hsm, QStringLiteral("svc-signer"), KeyKind::Ec);
        QVERIFY2(ec, errorText(ec));
        auto added = test::addOperatorWithRoles(m_fx.services(), QStringLiteral("svc"),
                                                {QStringLiteral("Crypto Service Encryption User")});
        QVERIFY2(added, errorText(added));
        auto switched = test::switchOperator(m_fx.services(), QStringLiteral("svc"));
        QVERIFY2(switched, errorText(switched));

        const QByteArray cek = crypto::randomBytes(16);
        auto wrapped = test::await(m_fx.crypto().wrapKey(target(aes.value()), QStringLiteral("A256KW"), secretOf(cek)));
        QVERIFY2(wrapped, errorText(wrapped));
        auto unwrapped =
            test::await(m_fx.crypto().unwrapKey(target(aes.value()), QStringLiteral("A256KW"), wrapped.value()));
        QVERIFY2(unwrapped, errorText(unwrapped));
        QCOMPARE(bytesOf(*unwrapped.value()), cek);
        auto event = m_fx.lastEvent(QStringLiteral("KeyWrap"));
        QVERIFY(event && event->operatorName == QLatin1String("svc") && event->result == AuditResult::Success);

        auto sign = test::await(m_fx.crypto().sign(target(ec.value()), QStringLiteral("ES256"), "m", false));
        QVERIFY(!sign);
        QCOMPARE(sign.error().kind, ErrorKind::Denied);
        QVERIFY2(sign.error().message.contains(QLatin1String("keys/sign/action")), errorText(sign));
        event = m_fx.lastEvent(QStringLiteral("KeySign"));
        QVERIFY(event);
        QCOMPARE(event->result, AuditResult::Denied);
        QCOMPARE(event->operatorName, QStringLiteral("svc"));
        QCOMPARE(event->details.value(QStringLiteral("missingPermission")).toString(),
                 QStringLiteral("keys/sign/action"));
        auto exported = test::await(m_fx.crypto().exportPrivate(target(ec.value()), secretOf("pw")));
        QVERIFY(!exported);
        QCOMPARE(exported.error().kind, ErrorKind::Denied);

        auto back = test::switchOperator(m_fx.services(), QStringLiteral("admin"));
        QVERIFY2(back, errorText(back));
    }
};

CUSTOS_REGISTER_TEST(TestKeyCryptoRefusals)
#include "TestKeyCryptoRefusals.moc"
