#include "TestRegistry.h"
#include "TestWorkspace.h"

#include "crypto/Random.h"
#include "crypto/keys/software/SoftwareKey.h"
#include "model/audit/AuditLog.h"
#include "model/services/ServicePath.h"
#include "model/store/Stores.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QSignalSpy>
#include <QSqlQuery>
#include <QTemporaryDir>
#include <QTest>
#include <QtConcurrent/QtConcurrentRun>

#include <openssl/evp.h>
#include <openssl/x509.h>

#include <memory>

using namespace custos;
using namespace custos::model;
using crypto::KeyKind;

namespace {

// The public key's OpenSSL type (EVP_PKEY_RSA, EVP_PKEY_EC) and bits; {0, 0} when it does not parse.
std::pair<int, int> parsePublicKey(const QByteArray& der)
{
    const auto* p = reinterpret_cast<const unsigned char*>(der.constData());
    EVP_PKEY* key = d2i_PUBKEY(nullptr, &p, der.size());
    if (!key)
        return {0, 0};
    std::pair<int, int> result{EVP_PKEY_get_base_id(key), EVP_PKEY_get_bits(key)};
    EVP_PKEY_free(key);
    return result;
}

// The same for a PKCS#8 PrivateKeyInfo.
std::pair<int, int> parsePrivateKey(const crypto::SecureBuffer& der)
{
    const unsigned char* p = der.data();
    PKCS8_PRIV_KEY_INFO* info = d2i_PKCS8_PRIV_KEY_INFO(nullptr, &p, static_cast<long>(der.size()));
    if (!info)
        return {0, 0};
    EVP_PKEY* key = EVP_PKCS82PKEY(info);
    PKCS8_PRIV_KEY_INFO_free(info);
    if (!key)
        return {0, 0};
    std::pair<int, int> result{EVP_PKEY_get_base_id(key), EVP_PKEY_get_bits(key)};
    EVP_PKEY_free(key);
    return result;
}

} // namespace

class TestKeyService : public QObject
{
    Q_OBJECT
private:
    std::unique_ptr<QTemporaryDir> m_tmp;
    std::unique_ptr<test::ReadyWorkspace> m_ready;
    KeyService& keys() { return m_ready->services->keys(); }
    Database& db() { return m_ready->workspace->database(); }

    // Runs `work` on the token thread and waits for it.
    Outcome<void> onToken(std::function<Outcome<void>(crypto::Token&)> work)
    {
        crypto::Token* token = m_ready->workspace->token();
        if (!token)
            return makeError(ErrorKind::Failed, QStringLiteral("no token"));
        auto future = QtConcurrent::run(m_ready->workspace->tokenPool(), [token, work]() { return work(*token); });
        return future.result();
    }

    bool tokenHolds(const QString& versionId)
    {
        auto held = std::make_shared<bool>(false);
        auto checked = onToken([versionId, held](crypto::Token& token) -> Outcome<void> {
            auto has = token.hasObjects(QByteArray::fromHex(versionId.toLatin1()));
            if (!has)
                return has.error();
            *held = has.value();
            return {};
        });
        if (!checked)
            qWarning("hasObjects failed: %s", qPrintable(checked.error().message));
        return checked && *held;
    }

    int count(const QString& table)
    {
        QSqlQuery q(db().connection());
        if (!q.exec(QStringLiteral("SELECT count(*) FROM ") + table) || !q.next())
            return -1;
        return q.value(0).toInt();
    }

    std::optional<AuditEvent> lastEvent(const QString& operation)
    {
        AuditFilter filter;
        filter.operation = operation;
        auto events = AuditLog(db()).list(filter);
        if (!events || events->isEmpty())
            return std::nullopt;
        return events->last();
    }

    static KeyCreateRequest request(const QString& vault, const QString& name, KeyKind kty, int size = 0,
                                    const QString& curve = {})
    {
        KeyCreateRequest r;
        r.vault = vault;
        r.name = name;
        r.kty = kty;
        r.size = size;
        r.curve = curve;
        return r;
    }

private Q_SLOTS:
    void init()
    {
        m_tmp = std::make_unique<QTemporaryDir>();
        m_ready = test::makeReadyWorkspace(m_tmp->filePath(QStringLiteral("ws")));
        QVERIFY(m_ready);
        QVERIFY(test::await(m_ready->services->vaults().create({QStringLiteral("hsm-vault")})));
        VaultCreateRequest soft(QStringLiteral("soft-vault"));
        soft.protection = Protection::Software;
        QVERIFY(test::await(m_ready->services->vaults().create(soft)));
    }
    void cleanup()
    {
        m_ready.reset();
        m_tmp.reset();
    }

    void createHsmKeys_data()
    {
        QTest::addColumn<int>("kind");
        QTest::addColumn<int>("size");
        QTest::addColumn<QString>("curve");
        QTest::addColumn<int>("opensslType");
        QTest::addColumn<int>("bits");
        QTest::addColumn<QStringList>("ops");
        QTest::newRow("RSA-2048") << int(KeyKind::Rsa) << 2048 << QString() << EVP_PKEY_RSA << 2048
                                  << QStringList{"sign", "verify", "encrypt", "decrypt", "wrapKey", "unwrapKey"};
        QTest::newRow("EC P-384") << int(KeyKind::Ec) << 0 << QStringLiteral("P-384") << EVP_PKEY_EC << 384
                                  << QStringList{"sign", "verify"};
        QTest::newRow("AES-256") << int(KeyKind::Aes) << 256 << QString() << 0 << 0
                                 << QStringList{"encrypt", "decrypt", "wrapKey", "unwrapKey"};
    }
    void createHsmKeys()
    {
        QFETCH(int, kind);
        QFETCH(int, size);
        QFETCH(QString, curve);
        QFETCH(int, opensslType);
        QFETCH(int, bits);
        QFETCH(QStringList, ops);
        QSignalSpy changed(&keys(), &KeyService::keysChanged);
        auto created = test::await(
            keys().create(request(QStringLiteral("hsm-vault"), QStringLiteral("k1"), KeyKind(kind), size, curve)));
        QVERIFY2(created, errorText(created).constData());
        QCOMPARE(changed.count(), 1);
        QCOMPARE(created->protection, Protection::Hsm); // the vault's
        QCOMPARE(created->keyOps, ops);
        const KeyVersion& v1 = created->currentVersion;
        QCOMPARE(v1.seq, 1);
        QCOMPARE(v1.id.size(), 32);
        QCOMPARE(created->kid(), QStringLiteral("/vaults/hsm-vault/keys/k1/versions/") + v1.id);
        if (opensslType)
            QCOMPARE(parsePublicKey(v1.publicKeyDer), std::make_pair(opensslType, bits));
        else
            QVERIFY(v1.publicKeyDer.isEmpty());
        QVERIFY(tokenHolds(v1.id)); // CKA_ID = the version id
        auto sealed = KeyStore(db()).sealedPrivate(v1.id);
        QVERIFY(sealed);
        QVERIFY(!sealed.value().has_value());
        QCOMPARE(count(QStringLiteral("intents")), 0);

        auto event = lastEvent(QStringLiteral("KeyCreate"));
        QVERIFY(event);
        QCOMPARE(event->result, AuditResult::Success);
        QCOMPARE(event->resource, QStringLiteral("/vaults/hsm-vault/keys/k1"));
        QCOMPARE(event->details.value(QStringLiteral("version")).toString(), v1.id);
        QCOMPARE(event->details.value(QStringLiteral("protection")).toString(), QStringLiteral("hsm"));
        if (opensslType)
            QCOMPARE(event->details.value(QStringLiteral("publicKeyFingerprint")).toString().size(), 64);

        auto shown = keys().show(QStringLiteral("hsm-vault"), QStringLiteral("K1"));
        QVERIFY2(shown, errorText(shown).constData());
        QCOMPARE(shown->currentVersion.id, v1.id);
        QCOMPARE(shown->currentVersion.publicKeyDer, v1.publicKeyDer);
        QCOMPARE(shown->kty, KeyKind(kind));
        auto versions = keys().versions(QStringLiteral("hsm-vault"), QStringLiteral("k1"));
        QVERIFY(versions);
        QCOMPARE(versions->size(), 1);
        QCOMPARE(versions->first().id, v1.id);
    }

    void createSoftwareKeys_data()
    {
        QTest::addColumn<int>("kind");
        QTest::addColumn<int>("size");
        QTest::addColumn<QString>("curve");
        QTest::addColumn<int>("opensslType");
        QTest::addColumn<int>("bits");
        QTest::newRow("RSA-2048") << int(KeyKind::Rsa) << 0 << QString() << EVP_PKEY_RSA << 2048;
        QTest::newRow("EC P-256") << int(KeyKind::Ec) << 0 << QString() << EVP_PKEY_EC << 256;
        QTest::newRow("AES-128") << int(KeyKind::Aes) << 128 << QString() << 0 << 128;
    }
    void createSoftwareKeys()
    {
        QFETCH(int, kind);
        QFETCH(int, size);
        QFETCH(QString, curve);
        QFETCH(int, opensslType);
        QFETCH(int, bits);
        KeyCreateRequest r = request(QStringLiteral("soft-vault"), QStringLiteral("soft"), KeyKind(kind), size, curve);
        r.exportable = true;
        r.tags = {{QStringLiteral("env"), QStringLiteral("test")}};
        auto created = test::await(keys().create(r));
        QVERIFY2(created, errorText(created).constData());
        QCOMPARE(created->protection, Protection::Software);
        QVERIFY(created->exportable);
        QVERIFY2(created->keyOps.contains(QStringLiteral("export")), qPrintable(created->keyOps.join(u',')));
        const QString versionId = created->currentVersion.id;
        QVERIFY(!tokenHolds(versionId)); // no token objects for software keys
        if (opensslType)
            QCOMPARE(parsePublicKey(created->currentVersion.publicKeyDer), std::make_pair(opensslType, bits));

        auto sealed = KeyStore(db()).sealedPrivate(versionId);
        QVERIFY(sealed);
        QVERIFY(sealed.value().has_value());
        const QByteArray blob = *sealed.value();
        auto plain = std::make_shared<crypto::SecureBuffer>();
        auto unsealed = onToken([blob, versionId, plain](crypto::Token& token) -> Outcome<void> {
            auto opened = token.unseal(QString::fromLatin1(kSealingKeyLabel), blob,
                                       QByteArrayLiteral("custos-key:") + versionId.toLatin1());
            if (!opened)
                return opened.error();
            *plain = std::move(opened.value());
            return {};
        });
        QVERIFY2(unsealed, errorText(unsealed).constData());
        if (opensslType) {
            QCOMPARE(parsePrivateKey(*plain), std::make_pair(opensslType, bits));
        } else {
            QCOMPARE(int(plain->size()) * 8, bits);
        }
        // The aad binds the blob to its version.
        auto wrongAad = onToken([blob](crypto::Token& token) -> Outcome<void> {
            auto opened = token.unseal(QString::fromLatin1(kSealingKeyLabel), blob, QByteArrayLiteral("custos-key:x"));
            if (!opened)
                return opened.error();
            return {};
        });
        QVERIFY(!wrongAad);

        // Never key material in the event.
        auto event = lastEvent(QStringLiteral("KeyCreate"));
        QVERIFY(event);
        QCOMPARE(event->result, AuditResult::Success);
        const QByteArray details = QJsonDocument(event->details).toJson();
        QVERIFY(!details.contains(blob.toHex()));
        QVERIFY(!details.contains(blob.toBase64()));
        QCOMPARE(event->details.value(QStringLiteral("exportable")).toBool(), true);
    }

    void listFiltersAndOrders()
    {
        QVERIFY(
            test::await(keys().create(request(QStringLiteral("soft-vault"), QStringLiteral("b-key"), KeyKind::Aes))));
        QVERIFY(
            test::await(keys().create(request(QStringLiteral("soft-vault"), QStringLiteral("a-key"), KeyKind::Ec))));
        auto list = keys().list(QStringLiteral("soft-vault"));
        QVERIFY2(list, errorText(list).constData());
        QCOMPARE(list->size(), 2);
        QCOMPARE(list->at(0).name, QStringLiteral("a-key"));
        QCOMPARE(list->at(0).currentVersion.seq, 1);
        QCOMPARE(keys().list(QStringLiteral("hsm-vault"))->size(), 0);
        QCOMPARE(keys().list(QStringLiteral("nowhere")).error().kind, ErrorKind::NotFound);
        QCOMPARE(keys().show(QStringLiteral("soft-vault"), QStringLiteral("c-key")).error().kind, ErrorKind::NotFound);

        // A user with read rights on one key sees only that key; an auditor reads but cannot create.
        QVERIFY(test::addOperatorWithRoles(*m_ready->services, QStringLiteral("narrow"),
                                           {QStringLiteral("Crypto Auditor")},
                                           QStringLiteral("/vaults/soft-vault/keys/a-key")));
        QVERIFY(test::switchOperator(*m_ready->services, QStringLiteral("narrow")));
        auto narrow = keys().list(QStringLiteral("soft-vault"));
        QVERIFY2(narrow, errorText(narrow).constData());
        QCOMPARE(narrow->size(), 1);
        QVERIFY(keys().show(QStringLiteral("soft-vault"), QStringLiteral("a-key")));
        auto denied = keys().show(QStringLiteral("soft-vault"), QStringLiteral("b-key"));
        QCOMPARE(denied.error().kind, ErrorKind::Denied);
        QCOMPARE(keys().versions(QStringLiteral("soft-vault"), QStringLiteral("b-key")).error().kind,
                 ErrorKind::Denied);
    }

    void auditorIsDenied()
    {
        QVERIFY(test::addOperatorWithRoles(*m_ready->services, QStringLiteral("auditor"),
                                           {QStringLiteral("Crypto Auditor")}));
        QVERIFY(test::switchOperator(*m_ready->services, QStringLiteral("auditor")));
        auto denied =
            test::await(keys().create(request(QStringLiteral("hsm-vault"), QStringLiteral("k"), KeyKind::Ec)));
        QVERIFY(!denied);
        QCOMPARE(denied.error().kind, ErrorKind::Denied);
        QVERIFY2(denied.error().message.contains(QStringLiteral("keys/create")), errorText(denied).constData());
        auto event = lastEvent(QStringLiteral("KeyCreate"));
        QVERIFY(event);
        QCOMPARE(event->result, AuditResult::Denied);
        QVERIFY(event->reason.contains(QStringLiteral("keys/create")));
        QCOMPARE(count(QStringLiteral("keys")), 0);
        QVERIFY(keys().list(QStringLiteral("hsm-vault"))); // reading is allowed
    }

    void badInputIsRefused_data()
    {
        QTest::addColumn<QString>("vault");
        QTest::addColumn<QString>("name");
        QTest::addColumn<int>("kind");
        QTest::addColumn<int>("size");
        QTest::addColumn<QString>("curve");
        QTest::addColumn<QStringList>("ops");
        QTest::addColumn<QString>("protection");
        QTest::addColumn<bool>("exportable");
        QTest::addColumn<int>("errorKind");
        QTest::addColumn<QString>("message");
        const int invalid = int(ErrorKind::Invalid);
        const QString hsmV = QStringLiteral("hsm-vault");
        const QString softV = QStringLiteral("soft-vault");
        const int rsa = int(KeyKind::Rsa), ec = int(KeyKind::Ec), oct = int(KeyKind::Aes);
        QTest::newRow("name with underscore") << hsmV << "a_b" << ec << 0 << "" << QStringList() << "" << false
                                              << invalid << "1-127 characters: letters, digits and dashes";
        QTest::newRow("name too long") << hsmV << QString(128, QLatin1Char('k')) << ec << 0 << "" << QStringList() << ""
                                       << false << invalid << "1-127 characters";
        QTest::newRow("bad vault name") << "a/b"
                                        << "k" << ec << 0 << "" << QStringList() << "" << false << invalid
                                        << "invalid vault name 'a/b'";
        QTest::newRow("missing vault") << "nowhere"
                                       << "k" << ec << 0 << "" << QStringList() << "" << false
                                       << int(ErrorKind::NotFound) << "vault 'nowhere' not found";
        QTest::newRow("software key in hsm vault")
            << hsmV << "k" << ec << 0 << "" << QStringList() << "software" << false << invalid
            << "vault 'hsm-vault' is hsm-protected: software keys are not allowed";
        QTest::newRow("exportable hsm key") << softV << "k" << ec << 0 << "" << QStringList() << "hsm" << true
                                            << invalid << "only software-protected keys can be exportable";
        QTest::newRow("exportable in hsm vault") << hsmV << "k" << ec << 0 << "" << QStringList() << "" << true
                                                 << invalid << "only software-protected keys can be exportable";
        QTest::newRow("export without exportable")
            << softV << "k" << ec << 0 << "" << QStringList{"sign", "export"} << "software" << false << invalid
            << "key operation 'export' needs an exportable key";
        QTest::newRow("RSA-1024") << softV << "k" << rsa << 1024 << "" << QStringList() << "" << false << invalid
                                  << "invalid size 1024 for an RSA key: expected 2048, 3072, 4096 bits";
        QTest::newRow("AES-512") << softV << "k" << oct << 512 << "" << QStringList() << "" << false << invalid
                                 << "expected 128, 192, 256 bits";
        QTest::newRow("EC P-192") << softV << "k" << ec << 0 << "P-192" << QStringList() << "" << false << invalid
                                  << "invalid curve 'P-192' for an EC key: expected P-256, P-384, P-521";
        QTest::newRow("EC with a size") << softV << "k" << ec << 256 << "" << QStringList() << "" << false << invalid
                                        << "an EC key has no size";
        QTest::newRow("RSA with a curve") << softV << "k" << rsa << 0 << "P-256" << QStringList() << "" << false
                                          << invalid << "a curve applies only to EC keys";
        QTest::newRow("EC cannot encrypt")
            << softV << "k" << ec << 0 << "" << QStringList{"sign", "encrypt"} << "" << false << invalid
            << "key operation 'encrypt' is not possible with an EC key";
        QTest::newRow("oct cannot sign") << softV << "k" << oct << 0 << "" << QStringList{"sign"} << "" << false
                                         << invalid << "key operation 'sign' is not possible with an oct key";
        QTest::newRow("unknown op") << softV << "k" << rsa << 0 << "" << QStringList{"frobnicate"} << "" << false
                                    << invalid << "unknown key operation 'frobnicate': expected one of";
        QTest::newRow("duplicate name") << softV << "EXISTING" << ec << 0 << "" << QStringList() << "" << false
                                        << int(ErrorKind::Conflict)
                                        << "key 'existing' already exists in vault 'soft-vault'";
    }
    void badInputIsRefused()
    {
        QFETCH(QString, vault);
        QFETCH(QString, name);
        QFETCH(int, kind);
        QFETCH(int, size);
        QFETCH(QString, curve);
        QFETCH(QStringList, ops);
        QFETCH(QString, protection);
        QFETCH(bool, exportable);
        QFETCH(int, errorKind);
        QFETCH(QString, message);
        QVERIFY(test::await(
            keys().create(request(QStringLiteral("soft-vault"), QStringLiteral("existing"), KeyKind::Aes))));
        const int keysBefore = count(QStringLiteral("keys"));
        KeyCreateRequest r = request(vault, name, KeyKind(kind), size, curve);
        r.keyOps = ops;
        r.exportable = exportable;
        if (!protection.isEmpty()) {
            Protection p = Protection::Hsm;
            QVERIFY(parseProtection(protection, &p));
            r.protection = p;
        }
        auto refused = test::await(keys().create(r));
        QVERIFY(!refused);
        QCOMPARE(int(refused.error().kind), errorKind);
        QVERIFY2(refused.error().message.contains(message), errorText(refused).constData());
        auto event = lastEvent(QStringLiteral("KeyCreate"));
        QVERIFY(event);
        QCOMPARE(event->result, AuditResult::Failed);
        QVERIFY2(event->reason.contains(message), qPrintable(event->reason));
        QCOMPARE(count(QStringLiteral("keys")), keysBefore);
        QCOMPARE(count(QStringLiteral("key_versions")), keysBefore);
        QCOMPARE(count(QStringLiteral("intents")), 0);
    }

    void deletedVaultAndPastExpiryAreRefused()
    {
        QVERIFY(test::await(m_ready->services->vaults().remove(QStringLiteral("soft-vault"))));
        auto refused =
            test::await(keys().create(request(QStringLiteral("soft-vault"), QStringLiteral("k"), KeyKind::Ec)));
        QVERIFY(!refused);
        QCOMPARE(refused.error().kind, ErrorKind::NotFound);
        QVERIFY2(refused.error().message.contains(QStringLiteral("vault 'soft-vault' is deleted")),
                 errorText(refused).constData());

        KeyCreateRequest r = request(QStringLiteral("hsm-vault"), QStringLiteral("k"), KeyKind::Ec);
        r.expires = QDateTime::currentDateTimeUtc().addDays(-1);
        auto past = test::await(keys().create(r));
        QVERIFY(!past);
        QVERIFY2(past.error().message.contains(QStringLiteral("is in the past")), errorText(past).constData());
        r.expires = QDateTime::currentDateTimeUtc().addDays(30);
        auto future = test::await(keys().create(r));
        QVERIFY2(future, errorText(future).constData());
        QCOMPARE(future->currentVersion.expires,
                 keys().show(QStringLiteral("hsm-vault"), QStringLiteral("k"))->currentVersion.expires);
        QVERIFY(future->currentVersion.expires.isValid());

        // A deleted key's name stays reserved; it is no longer listed or shown.
        QSqlQuery q(db().connection());
        QVERIFY(q.exec(QStringLiteral("UPDATE keys SET deleted = updated, scheduled_purge = updated")));
        auto reserved =
            test::await(keys().create(request(QStringLiteral("hsm-vault"), QStringLiteral("K"), KeyKind::Ec)));
        QVERIFY(!reserved);
        QCOMPARE(reserved.error().kind, ErrorKind::Conflict);
        QVERIFY2(reserved.error().message.contains(QStringLiteral("is deleted and its name is reserved")),
                 errorText(reserved).constData());
        QCOMPARE(keys().list(QStringLiteral("hsm-vault"))->size(), 0);
        QCOMPARE(keys().show(QStringLiteral("hsm-vault"), QStringLiteral("k")).error().kind, ErrorKind::NotFound);
    }

    void databaseFailureUndoesTheTokenObject()
    {
        QSqlQuery q(db().connection());
        QVERIFY(q.exec(QStringLiteral("CREATE TRIGGER key_versions_blocked BEFORE INSERT ON key_versions "
                                      "BEGIN SELECT RAISE(ABORT, 'simulated key version failure'); END")));
        auto failed =
            test::await(keys().create(request(QStringLiteral("hsm-vault"), QStringLiteral("k"), KeyKind::Ec)));
        QVERIFY(!failed);
        QVERIFY2(failed.error().message.contains(QStringLiteral("simulated key version failure")),
                 errorText(failed).constData());
        QVERIFY(q.exec(QStringLiteral("DROP TRIGGER key_versions_blocked")));
        auto event = lastEvent(QStringLiteral("KeyCreate"));
        QVERIFY(event);
        QCOMPARE(event->result, AuditResult::Failed);
        const QString versionId = event->details.value(QStringLiteral("version")).toString();
        QCOMPARE(versionId.size(), 32);
        QVERIFY(!tokenHolds(versionId)); // the undo step ran
        QCOMPARE(count(QStringLiteral("keys")), 0);
        QCOMPARE(count(QStringLiteral("key_versions")), 0);
        QCOMPARE(count(QStringLiteral("intents")), 0);
        // And the name is free again.
        QVERIFY(test::await(keys().create(request(QStringLiteral("hsm-vault"), QStringLiteral("k"), KeyKind::Ec))));
    }

    void tokenFailureLeavesNoRow()
    {
        // An object already holds the id the service will use: the token refuses, nothing is stored,
        // and the object that was there stays untouched.
        const QString forced = crypto::randomId();
        auto made = onToken([forced](crypto::Token& token) -> Outcome<void> {
            crypto::KeyGenSpec spec;
            spec.kind = KeyKind::Aes;
            spec.id = QByteArray::fromHex(forced.toLatin1());
            spec.label = QStringLiteral("squatter");
            spec.bits = 128;
            auto generated = token.generateKey(spec);
            if (!generated)
                return generated.error();
            return {};
        });
        QVERIFY2(made, errorText(made).constData());
        keys().setVersionIdSource([forced]() { return forced; });
        auto failed =
            test::await(keys().create(request(QStringLiteral("hsm-vault"), QStringLiteral("k"), KeyKind::Ec)));
        keys().setVersionIdSource({});
        QVERIFY(!failed);
        QVERIFY2(failed.error().message.contains(QStringLiteral("already holds objects")),
                 errorText(failed).constData());
        auto event = lastEvent(QStringLiteral("KeyCreate"));
        QVERIFY(event);
        QCOMPARE(event->result, AuditResult::Failed);
        QCOMPARE(count(QStringLiteral("keys")), 0);
        QCOMPARE(count(QStringLiteral("intents")), 0);
        QVERIFY(tokenHolds(forced));

        auto verified = AuditLog(db()).verify();
        QVERIFY(verified);
        QVERIFY2(verified->ok, qPrintable(verified->problem));
    }
};

CUSTOS_REGISTER_TEST(TestKeyService)
#include "TestKeyService.moc"
