#include "TestRegistry.h"

#include "model/store/Database.h"
#include "model/store/Stores.h"

#include <QSqlQuery>
#include <QTemporaryDir>
#include <QTest>

using namespace custos;
using namespace custos::model;

class TestKeyStore : public QObject
{
    Q_OBJECT
private:
    std::unique_ptr<QTemporaryDir> m_tmp;
    std::unique_ptr<Database> m_db;

    KeyRecord makeKey(const QString& vault, const QString& name)
    {
        KeyRecord k;
        k.vault = vault;
        k.name = name;
        k.kty = crypto::KeyKind::Ec;
        k.curve = QStringLiteral("P-256");
        k.protection = Protection::Software;
        k.exportable = true;
        k.keyOps = {QStringLiteral("sign"), QStringLiteral("verify")};
        k.tags = {{QStringLiteral("team"), QStringLiteral("pay")}};
        return k;
    }
    KeyVersion makeVersion(const QString& id, int seq)
    {
        KeyVersion v;
        v.id = id;
        v.seq = seq;
        v.publicKeyDer = QByteArrayLiteral("\x30\x01\x02");
        v.expires = QDateTime::fromMSecsSinceEpoch(1900000000000, Qt::UTC);
        return v;
    }

private Q_SLOTS:
    void init()
    {
        m_tmp = std::make_unique<QTemporaryDir>();
        auto db = Database::open(m_tmp->filePath(QStringLiteral("custos.db")), Database::OpenMode::Create);
        QVERIFY2(db, db ? "" : qPrintable(db.error().message));
        m_db = std::move(db.value());
        Vault v;
        v.name = QStringLiteral("payments");
        QVERIFY(VaultStore(*m_db).insert(v));
    }
    void cleanup()
    {
        m_db.reset();
        m_tmp.reset();
    }

    void schemaHasKeysAtVersion2()
    {
        QVERIFY(Database::latestSchemaVersion() >= 2);
        QCOMPARE(m_db->schemaVersion(), Database::latestSchemaVersion());
        QSqlQuery q(m_db->connection());
        QVERIFY(q.exec(QStringLiteral("SELECT name FROM sqlite_master WHERE name IN "
                                      "('keys', 'key_versions', 'key_versions_key') ORDER BY name")));
        QStringList names;
        while (q.next())
            names << q.value(0).toString();
        QCOMPARE(names, (QStringList{QStringLiteral("key_versions"), QStringLiteral("key_versions_key"),
                                     QStringLiteral("keys")}));
    }

    void insertFindListVersions()
    {
        KeyStore store(*m_db);
        auto key = store.insert(makeKey(QStringLiteral("payments"), QStringLiteral("signing")));
        QVERIFY2(key, key ? "" : qPrintable(key.error().message));
        QVERIFY(key->id > 0);
        QVERIFY(store.insertVersion(key->id, makeVersion(QStringLiteral("aa"), 1), QByteArrayLiteral("sealed-1")));
        QVERIFY(store.insertVersion(key->id, makeVersion(QStringLiteral("bb"), 2)));

        auto found = store.find(QStringLiteral("PAYMENTS"), QStringLiteral("Signing"));
        QVERIFY(found);
        QVERIFY(found.value().has_value());
        const KeyRecord& k = *found.value();
        QCOMPARE(k.name, QStringLiteral("signing"));
        QCOMPARE(k.vault, QStringLiteral("payments"));
        QCOMPARE(k.kty, crypto::KeyKind::Ec);
        QCOMPARE(k.curve, QStringLiteral("P-256"));
        QCOMPARE(k.size, 0);
        QCOMPARE(k.protection, Protection::Software);
        QVERIFY(k.exportable);
        QCOMPARE(k.keyOps, (QStringList{QStringLiteral("sign"), QStringLiteral("verify")}));
        QCOMPARE(k.tags.value(QStringLiteral("team")), QStringLiteral("pay"));
        QCOMPARE(k.currentVersion.id, QStringLiteral("bb"));
        QCOMPARE(k.currentVersion.seq, 2);
        QCOMPARE(k.currentVersion.publicKeyDer, QByteArrayLiteral("\x30\x01\x02"));
        QCOMPARE(k.currentVersion.expires, QDateTime::fromMSecsSinceEpoch(1900000000000, Qt::UTC));
        QCOMPARE(k.kid(), QStringLiteral("/vaults/payments/keys/signing/versions/bb"));

        auto versions = store.versions(k.id);
        QVERIFY(versions);
        QCOMPARE(versions->size(), 2);
        QCOMPARE(versions->at(0).id, QStringLiteral("aa"));
        QCOMPARE(versions->at(1).seq, 2);

        auto sealed = store.sealedPrivate(QStringLiteral("aa"));
        QVERIFY(sealed);
        QCOMPARE(sealed.value().value_or(QByteArray()), QByteArrayLiteral("sealed-1"));
        auto none = store.sealedPrivate(QStringLiteral("bb"));
        QVERIFY(none);
        QVERIFY(!none.value().has_value());

        QVERIFY(store.insert(makeKey(QStringLiteral("payments"), QStringLiteral("another"))));
        auto list = store.list(QStringLiteral("payments"));
        QVERIFY(list);
        QCOMPARE(list->size(), 2);
        QCOMPARE(list->at(0).name, QStringLiteral("another"));
        QVERIFY(list->at(0).currentVersion.id.isEmpty()); // no version yet
        QCOMPARE(list->at(1).currentVersion.id, QStringLiteral("bb"));
        QCOMPARE(store.list(QStringLiteral("payments"), true)->size(), 0);
    }

    void namesAreUniquePerVaultCaseInsensitive()
    {
        KeyStore store(*m_db);
        QVERIFY(store.insert(makeKey(QStringLiteral("payments"), QStringLiteral("signing"))));
        auto duplicate = store.insert(makeKey(QStringLiteral("payments"), QStringLiteral("SIGNING")));
        QVERIFY(!duplicate);
        QCOMPARE(duplicate.error().kind, ErrorKind::Conflict);
        Vault other;
        other.name = QStringLiteral("other");
        QVERIFY(VaultStore(*m_db).insert(other));
        QVERIFY(store.insert(makeKey(QStringLiteral("other"), QStringLiteral("signing"))));
        auto noVault = store.insert(makeKey(QStringLiteral("nowhere"), QStringLiteral("signing")));
        QVERIFY(!noVault);
        QCOMPARE(noVault.error().kind, ErrorKind::NotFound);
    }

    void constraintsHold()
    {
        KeyStore store(*m_db);
        auto key = store.insert(makeKey(QStringLiteral("payments"), QStringLiteral("signing")));
        QVERIFY(key);
        QVERIFY(store.insertVersion(key->id, makeVersion(QStringLiteral("aa"), 1)));
        auto sameSeq = store.insertVersion(key->id, makeVersion(QStringLiteral("cc"), 1));
        QVERIFY(!sameSeq);
        auto orphan = store.insertVersion(key->id + 100, makeVersion(QStringLiteral("dd"), 1));
        QVERIFY(!orphan); // foreign key
        QSqlQuery q(m_db->connection());
        QVERIFY(!q.exec(QStringLiteral("UPDATE keys SET kty = 'DSA'")));
        QVERIFY(!q.exec(QStringLiteral("UPDATE keys SET protection = 'cloud'")));
    }

    void purgingTheVaultRemovesItsKeys()
    {
        KeyStore store(*m_db);
        auto key = store.insert(makeKey(QStringLiteral("payments"), QStringLiteral("signing")));
        QVERIFY(key);
        QVERIFY(store.insertVersion(key->id, makeVersion(QStringLiteral("aa"), 1)));
        QVERIFY(VaultStore(*m_db).remove(QStringLiteral("payments")));
        QSqlQuery q(m_db->connection());
        QVERIFY(q.exec(QStringLiteral("SELECT (SELECT count(*) FROM keys) + (SELECT count(*) FROM key_versions)")));
        QVERIFY(q.next());
        QCOMPARE(q.value(0).toInt(), 0);
    }
};

CUSTOS_REGISTER_TEST(TestKeyStore)
#include "TestKeyStore.moc"
