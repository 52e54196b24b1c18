#include "TestKeyLifecycleFixture.h"
#include "TestRegistry.h"

#include "crypto/keys/software/SoftwareKey.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QTest>

using namespace custos;
using namespace custos::model;
using crypto::KeyKind;

// `key backup` / `key restore`: a blob bound to the domain key, all versions, both protections.
class TestKeyBackup : public QObject
{
    Q_OBJECT
private:
    test::KeyLifecycleFixture f;

    // The public key of a software version, from its sealed private part.
    QByteArray publicFromSealed(KeyKind kind, const QString& versionId)
    {
        auto sealed = KeyStore(f.db()).sealedPrivate(versionId);
        if (!sealed || !sealed.value())
            return {};
        auto out = std::make_shared<QByteArray>();
        const QByteArray blob = *sealed.value();
        auto done = f.onToken([kind, versionId, blob, out](crypto::Token& token) -> Outcome<void> {
            auto der = token.unseal(QString::fromLatin1(kSealingKeyLabel), blob,
                                    QByteArrayLiteral("custos-key:") + versionId.toLatin1());
            if (!der)
                return der.error();
            auto key = crypto::SoftwareKey::fromPrivateDer(kind, der.value());
            if (!key)
                return key.error();
            auto pub = key->publicKeyDer();
            if (!pub)
                return pub.error();
            *out = pub.value();
            return {};
        });
        if (!done)
            qWarning("unseal failed: %s", qPrintable(done.error().message));
        return *out;
    }

    // A key with three versions; returns them oldest first.
    QList<KeyVersion> threeVersions(const QString& vault, const QString& name, KeyKind kind)
    {
        auto created = f.create(vault, name, kind);
        if (!created)
            return {};
        for (int i = 0; i < 2; ++i) {
            if (!test::await(f.keys().rotate(vault, name)))
                return {};
        }
        auto versions = f.keys().versions(vault, name);
        return versions ? versions.value() : QList<KeyVersion>();
    }

    bool deleteAndPurge(const QString& vault, const QString& name)
    {
        return test::await(f.keys().remove(vault, name)) && test::await(f.keys().purge(vault, name));
    }

private Q_SLOTS:
    void init() { QVERIFY(f.setUp()); }
    void cleanup() { f.tearDown(); }

    void roundTripAfterPurge_data()
    {
        QTest::addColumn<QString>("vault");
        QTest::addColumn<int>("kty");
        QTest::newRow("hsm RSA") << QStringLiteral("hsm-vault") << int(KeyKind::Rsa);
        QTest::newRow("hsm EC") << QStringLiteral("hsm-vault") << int(KeyKind::Ec);
        QTest::newRow("software EC") << QStringLiteral("soft-vault") << int(KeyKind::Ec);
        QTest::newRow("software oct") << QStringLiteral("soft-vault") << int(KeyKind::Aes);
        QTest::newRow("hsm oct") << QStringLiteral("hsm-vault") << int(KeyKind::Aes);
    }
    void roundTripAfterPurge()
    {
        QFETCH(QString, vault);
        QFETCH(int, kty);
        const KeyKind kind = KeyKind(kty);
        const QList<KeyVersion> before = threeVersions(vault, QStringLiteral("k"), kind);
        QCOMPARE(before.size(), 3);
        KeyUpdateRequest disable;
        disable.vault = vault;
        disable.name = QStringLiteral("k");
        disable.versionId = before.at(0).id;
        disable.enabled = false;
        disable.tags = QMap<QString, QString>{{QStringLiteral("old"), QStringLiteral("yes")}};
        QVERIFY(test::await(f.keys().update(disable)));
        KeyRotationPolicy policy;
        policy.expiryTime = QStringLiteral("P1Y");
        QVERIFY(test::await(f.keys().setPolicy(vault, QStringLiteral("k"), policy)));
        QByteArray softwarePublic;
        if (vault == QStringLiteral("soft-vault") && kind != KeyKind::Aes)
            softwarePublic = publicFromSealed(kind, before.at(1).id);

        auto blob = test::await(f.keys().backup(vault, QStringLiteral("k")));
        QVERIFY2(blob, errorText(blob).constData());
        // Self-describing, and no private part in clear.
        const QJsonObject json = QJsonDocument::fromJson(blob.value()).object();
        QCOMPARE(json.value(QStringLiteral("format")).toString(), QStringLiteral("custos-key-backup-1"));
        QCOMPARE(json.value(QStringLiteral("versions")).toArray().size(), 3);
        auto event = f.lastEvent(QStringLiteral("KeyBackup"));
        QVERIFY(event);
        QCOMPARE(event->result, AuditResult::Success);
        QCOMPARE(event->details.value(QStringLiteral("versions")).toArray().size(), 3);

        QVERIFY(deleteAndPurge(vault, QStringLiteral("k")));
        QCOMPARE(f.count(QStringLiteral("key_versions")), 0);

        auto restored = test::await(f.keys().restore(vault, blob.value()));
        QVERIFY2(restored, errorText(restored).constData());
        QCOMPARE(restored->name, QStringLiteral("k"));
        QCOMPARE(restored->kty, kind);
        QCOMPARE(restored->policy, policy);
        QCOMPARE(restored->currentVersion.id, before.at(2).id);
        auto after = f.keys().versions(vault, QStringLiteral("k"));
        QVERIFY(after);
        QCOMPARE(after->size(), 3);
        for (int i = 0; i < 3; ++i) {
            QCOMPARE(after->at(i).id, before.at(i).id); // free again after the purge: the kids stay
            QCOMPARE(after->at(i).seq, before.at(i).seq);
            QCOMPARE(after->at(i).publicKeyDer, before.at(i).publicKeyDer);
            if (vault == QStringLiteral("hsm-vault"))
                QVERIFY(f.tokenHolds(after->at(i).id));
        }
        QVERIFY(!after->at(0).enabled);
        QCOMPARE(after->at(0).tags.value(QStringLiteral("old")), QStringLiteral("yes"));
        if (!softwarePublic.isEmpty()) // the private part came back and matches its public key
            QCOMPARE(publicFromSealed(kind, before.at(1).id), softwarePublic);
        if (vault == QStringLiteral("soft-vault") && kind == KeyKind::Aes) {
            auto sealed = KeyStore(f.db()).sealedPrivate(before.at(2).id);
            QVERIFY(sealed && sealed.value());
        }
        QCOMPARE(f.lastEvent(QStringLiteral("KeyRestore"))->result, AuditResult::Success);
        QCOMPARE(f.count(QStringLiteral("intents")), 0);
        if (kind != KeyKind::Aes) { // the restored private part signs for its public key (an older version)
            const QString algorithm = kind == KeyKind::Rsa ? QStringLiteral("RS256") : QStringLiteral("ES256");
            const KeyTarget target{vault, QStringLiteral("k"), before.at(1).id};
            auto signature = test::await(
                f.ready->services->keyCrypto().sign(target, algorithm, QByteArrayLiteral("restored"), false));
            QVERIFY2(signature, errorText(signature).constData());
            auto verified = test::await(f.ready->services->keyCrypto().verify(
                target, algorithm, QByteArrayLiteral("restored"), false, signature.value()));
            QVERIFY2(verified, errorText(verified).constData());
            QVERIFY(verified.value());
        }
        if (kind ==
            KeyKind::Aes) { // the restored key encrypts and decrypts (SoftHSM2 forgets an unwrapped key's length)
            const KeyTarget target{vault, QStringLiteral("k"), before.at(2).id};
            auto plaintext = std::make_shared<const crypto::SecureBuffer>(crypto::SecureBuffer::fromString("restored"));
            auto sealed =
                test::await(f.ready->services->keyCrypto().encrypt(target, QStringLiteral("A256GCM"), plaintext));
            QVERIFY2(sealed, errorText(sealed).constData());
            auto opened = test::await(
                f.ready->services->keyCrypto().decrypt(target, QStringLiteral("A256GCM"), sealed.value(), {}));
            QVERIFY2(opened, errorText(opened).constData());
            QCOMPARE(QByteArray(reinterpret_cast<const char*>(opened.value()->data()), int(opened.value()->size())),
                     QByteArrayLiteral("restored"));
        }
        // And the restored key can be backed up again (HSM objects still wrap under the domain key).
        auto again = test::await(f.keys().backup(vault, QStringLiteral("k")));
        QVERIFY2(again, errorText(again).constData());
    }

    void restoreNeedsAFreeName()
    {
        auto created = f.create(QStringLiteral("hsm-vault"), QStringLiteral("k"), KeyKind::Ec);
        QVERIFY(created);
        auto blob = test::await(f.keys().backup(QStringLiteral("hsm-vault"), QStringLiteral("k")));
        QVERIFY(blob);
        auto conflict = test::await(f.keys().restore(QStringLiteral("hsm-vault"), blob.value()));
        QVERIFY(!conflict);
        QCOMPARE(conflict.error().kind, ErrorKind::Conflict);
        QVERIFY2(conflict.error().message.contains(QStringLiteral("already exists")), errorText(conflict).constData());
        QCOMPARE(f.lastEvent(QStringLiteral("KeyRestore"))->result, AuditResult::Failed);
        QCOMPARE(f.count(QStringLiteral("intents")), 0);

        // Another vault: a copy with fresh version ids (the originals are taken).
        QVERIFY(test::await(f.ready->services->vaults().create({QStringLiteral("copy-vault")})));
        auto copy = test::await(f.keys().restore(QStringLiteral("copy-vault"), blob.value()));
        QVERIFY2(copy, errorText(copy).constData());
        QVERIFY(copy->currentVersion.id != created->currentVersion.id);
        QCOMPARE(copy->currentVersion.publicKeyDer, created->currentVersion.publicKeyDer);
        QVERIFY(f.tokenHolds(copy->currentVersion.id));
        QVERIFY(f.tokenHolds(created->currentVersion.id));

        // A software key does not go into an HSM vault.
        QVERIFY(f.create(QStringLiteral("soft-vault"), QStringLiteral("s"), KeyKind::Ec));
        auto soft = test::await(f.keys().backup(QStringLiteral("soft-vault"), QStringLiteral("s")));
        QVERIFY(soft);
        auto refused = test::await(f.keys().restore(QStringLiteral("hsm-vault"), soft.value()));
        QVERIFY(!refused);
        QVERIFY2(refused.error().message.contains(QStringLiteral("hsm-protected")), errorText(refused).constData());
    }

    void restoreIntoAnotherWorkspaceIsRefused()
    {
        QVERIFY(f.create(QStringLiteral("hsm-vault"), QStringLiteral("h"), KeyKind::Ec));
        QVERIFY(f.create(QStringLiteral("soft-vault"), QStringLiteral("s"), KeyKind::Rsa));
        auto hsmBlob = test::await(f.keys().backup(QStringLiteral("hsm-vault"), QStringLiteral("h")));
        auto softBlob = test::await(f.keys().backup(QStringLiteral("soft-vault"), QStringLiteral("s")));
        QVERIFY(hsmBlob && softBlob);

        test::KeyLifecycleFixture other;
        QVERIFY(other.setUp(QStringLiteral("other")));
        for (const auto& [vault, blob] : {std::pair{QStringLiteral("hsm-vault"), hsmBlob.value()},
                                          std::pair{QStringLiteral("soft-vault"), softBlob.value()}}) {
            auto refused = test::await(other.keys().restore(vault, blob));
            QVERIFY(!refused);
            // The blob names its domain key (issue 7), which the other workspace does not hold.
            QCOMPARE(refused.error().kind, ErrorKind::Conflict);
            QVERIFY2(refused.error().message.contains(
                         QStringLiteral("which this workspace does not hold: restore that security domain first")),
                     errorText(refused).constData());
            QCOMPARE(other.lastEvent(QStringLiteral("KeyRestore"))->result, AuditResult::Failed);
        }
        QCOMPARE(other.count(QStringLiteral("keys")), 0);
        QCOMPARE(other.count(QStringLiteral("intents")), 0);
        // The id of the HSM key was not left behind on the other token.
        const QJsonObject json = QJsonDocument::fromJson(hsmBlob.value()).object();
        const QString id =
            json.value(QStringLiteral("versions")).toArray().at(0).toObject().value(QStringLiteral("id")).toString();
        QVERIFY(!other.tokenHolds(id));
        other.ready.reset();
    }

    void damagedBlobsAreRefused()
    {
        auto garbage = test::await(f.keys().restore(QStringLiteral("hsm-vault"), QByteArrayLiteral("not json")));
        QVERIFY(!garbage);
        QCOMPARE(garbage.error().kind, ErrorKind::Invalid);
        QVERIFY2(garbage.error().message.contains(QStringLiteral("not a Custos key backup")),
                 errorText(garbage).constData());
        QCOMPARE(f.lastEvent(QStringLiteral("KeyRestore"))->result, AuditResult::Failed);

        // A software version whose ciphertext was changed: the GCM tag catches it, nothing is stored.
        QVERIFY(f.create(QStringLiteral("soft-vault"), QStringLiteral("s"), KeyKind::Ec));
        auto blob = test::await(f.keys().backup(QStringLiteral("soft-vault"), QStringLiteral("s")));
        QVERIFY(blob);
        QVERIFY(deleteAndPurge(QStringLiteral("soft-vault"), QStringLiteral("s")));
        QJsonObject json = QJsonDocument::fromJson(blob.value()).object();
        QJsonArray versions = json.value(QStringLiteral("versions")).toArray();
        QJsonObject v = versions.at(0).toObject();
        QByteArray encrypted =
            QByteArray::fromBase64(v.value(QStringLiteral("encryptedPrivate")).toString().toLatin1());
        encrypted[20] = static_cast<char>(encrypted.at(20) ^ 1);
        v.insert(QStringLiteral("encryptedPrivate"), QString::fromLatin1(encrypted.toBase64()));
        versions.replace(0, v);
        json.insert(QStringLiteral("versions"), versions);
        auto damaged = test::await(f.keys().restore(QStringLiteral("soft-vault"), QJsonDocument(json).toJson()));
        QVERIFY(!damaged);
        QVERIFY2(damaged.error().message.contains(QStringLiteral("damaged")), errorText(damaged).constData());
        QCOMPARE(f.count(QStringLiteral("keys")), 0);

        // An attribute edited on the way (a non-exportable key made exportable): the integrity tag.
        QJsonObject edited = QJsonDocument::fromJson(blob.value()).object();
        QJsonObject key = edited.value(QStringLiteral("key")).toObject();
        QVERIFY(!key.value(QStringLiteral("exportable")).toBool());
        key.insert(QStringLiteral("exportable"), true);
        edited.insert(QStringLiteral("key"), key);
        auto tampered = test::await(f.keys().restore(QStringLiteral("soft-vault"), QJsonDocument(edited).toJson()));
        QVERIFY(!tampered);
        QCOMPARE(tampered.error().kind, ErrorKind::Invalid);
        QVERIFY2(tampered.error().message.contains(QStringLiteral("contents were changed")),
                 errorText(tampered).constData());
        QCOMPARE(f.count(QStringLiteral("keys")), 0);
        // The untouched blob still restores (after the failures above left nothing behind).
        auto restored = test::await(f.keys().restore(QStringLiteral("soft-vault"), blob.value()));
        QVERIFY2(restored, errorText(restored).constData());
        QVERIFY(!restored->exportable);
    }

    void caKeyBackupIsRefusedForEveryone()
    {
        auto created = f.create(QStringLiteral("hsm-vault"), QStringLiteral("ca"), KeyKind::Ec);
        QVERIFY(created);
        QVERIFY(f.exec(QStringLiteral("UPDATE keys SET ca_key = 1")));
        QVERIFY(f.keys().show(QStringLiteral("hsm-vault"), QStringLiteral("ca"))->isCaKey);
        auto refused = test::await(f.keys().backup(QStringLiteral("hsm-vault"), QStringLiteral("ca")));
        QVERIFY(!refused);
        QCOMPARE(refused.error().kind, ErrorKind::Denied);
        QVERIFY2(refused.error().message.contains(QStringLiteral("certificate authority")) &&
                     refused.error().message.contains(QStringLiteral("ROLES.md")),
                 errorText(refused).constData());
        auto event = f.lastEvent(QStringLiteral("KeyBackup"));
        QVERIFY(event);
        QCOMPARE(event->result, AuditResult::Denied);
        QVERIFY(f.chainIntact());
    }

    void backupAndRestoreRoles()
    {
        QVERIFY(f.create(QStringLiteral("hsm-vault"), QStringLiteral("k"), KeyKind::Ec));
        QVERIFY(
            test::addOperatorWithRoles(*f.ready->services, QStringLiteral("backup"), {QStringLiteral("Backup User")}));
        QVERIFY(test::addOperatorWithRoles(*f.ready->services, QStringLiteral("restore"),
                                           {QStringLiteral("Restore User")}));
        QVERIFY(test::switchOperator(*f.ready->services, QStringLiteral("restore")));
        auto denied = test::await(f.keys().backup(QStringLiteral("hsm-vault"), QStringLiteral("k")));
        QCOMPARE(denied.error().kind, ErrorKind::Denied);
        QVERIFY2(denied.error().message.contains(QStringLiteral("keys/backup/action")), errorText(denied).constData());
        QVERIFY(test::switchOperator(*f.ready->services, QStringLiteral("backup")));
        auto blob = test::await(f.keys().backup(QStringLiteral("hsm-vault"), QStringLiteral("k")));
        QVERIFY2(blob, errorText(blob).constData());
        auto notRestore = test::await(f.keys().restore(QStringLiteral("soft-vault"), blob.value()));
        QCOMPARE(notRestore.error().kind, ErrorKind::Denied);
        QCOMPARE(f.lastEvent(QStringLiteral("KeyRestore"))->result, AuditResult::Denied);
    }
};

CUSTOS_REGISTER_TEST(TestKeyBackup)
#include "TestKeyBackup.moc"
