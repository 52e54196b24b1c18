#include "OutcomeText.h"
#include "TestRegistry.h"

#include "model/store/Database.h"
#include "model/store/Stores.h"

#include <QSqlQuery>
#include <QTemporaryDir>
#include <QTest>

using namespace custos;
using namespace custos::model;

// KeyStore's lifecycle columns and statements (schema version 3).
class TestKeyLifecycleStore : public QObject
{
    Q_OBJECT
private:
    std::unique_ptr<QTemporaryDir> m_tmp;
    std::unique_ptr<Database> m_db;
    KeyRecord m_key;

    KeyVersion version(const QString& id, int seq)
    {
        KeyVersion v;
        v.id = id;
        v.seq = seq;
        v.publicKeyDer = QByteArrayLiteral("\x30\x01\x02");
        return v;
    }

private Q_SLOTS:
    void init()
    {
        m_tmp = std::make_unique<QTemporaryDir>();
        auto db = Database::open(m_tmp->filePath(QStringLiteral("custos.db")), Database::OpenMode::Create);
        QVERIFY2(db, errorText(db).constData());
        m_db = std::move(db.value());
        Vault v;
        v.name = QStringLiteral("payments");
        QVERIFY(VaultStore(*m_db).insert(v));
        KeyRecord k;
        k.vault = v.name;
        k.name = QStringLiteral("signing");
        k.kty = crypto::KeyKind::Rsa;
        k.size = 2048;
        auto inserted = KeyStore(*m_db).insert(k);
        QVERIFY(inserted);
        m_key = inserted.value();
        QVERIFY(KeyStore(*m_db).insertVersion(m_key.id, version(QStringLiteral("aa"), 1)));
        QVERIFY(KeyStore(*m_db).insertVersion(m_key.id, version(QStringLiteral("bb"), 2)));
    }
    void cleanup()
    {
        m_db.reset();
        m_tmp.reset();
    }

    void defaultsAfterMigration()
    {
        QVERIFY(Database::latestSchemaVersion() >= 3);
        auto found = KeyStore(*m_db).find(QStringLiteral("payments"), QStringLiteral("signing"));
        QVERIFY(found && found.value());
        QVERIFY(!found.value()->allowRsa15);
        QVERIFY(!found.value()->isCaKey);
        QVERIFY(found.value()->policy.isEmpty());
        QCOMPARE(found.value()->currentVersion.id, QStringLiteral("bb"));
    }

    void updateKeyAndVersion()
    {
        KeyStore store(*m_db);
        KeyRecord k = m_key;
        k.allowRsa15 = true;
        k.isCaKey = true;
        k.tags = {{QStringLiteral("a"), QStringLiteral("b")}};
        k.policy.expiryTime = QStringLiteral("P1Y");
        k.policy.actions << KeyLifetimeAction{KeyLifetimeAction::Kind::Notify, {}, QStringLiteral("P30D")};
        QVERIFY(store.updateKey(k));
        auto found = store.find(QStringLiteral("payments"), QStringLiteral("signing"));
        QVERIFY(found.value()->allowRsa15);
        QVERIFY(found.value()->isCaKey);
        QCOMPARE(found.value()->policy, k.policy);
        QCOMPARE(found.value()->tags, k.tags);

        auto v = store.findVersion(m_key.id, QStringLiteral("aa"));
        QVERIFY(v && v.value());
        KeyVersion changed = *v.value();
        changed.enabled = false;
        changed.notBefore = QDateTime::fromMSecsSinceEpoch(1800000000000, Qt::UTC);
        changed.expires = QDateTime::fromMSecsSinceEpoch(1900000000000, Qt::UTC);
        changed.tags = {{QStringLiteral("x"), QStringLiteral("y")}};
        QVERIFY(store.updateVersion(changed));
        auto read = store.findVersion(m_key.id, QStringLiteral("aa"));
        QVERIFY(!read.value()->enabled);
        QCOMPARE(read.value()->notBefore, changed.notBefore);
        QCOMPARE(read.value()->expires, changed.expires);
        QCOMPARE(read.value()->tags, changed.tags);
        QVERIFY(!store.findVersion(m_key.id, QStringLiteral("cc")).value());
        QVERIFY(store.hasVersion(QStringLiteral("bb")).value());
        QVERIFY(!store.hasVersion(QStringLiteral("cc")).value());

        KeyVersion missing = changed;
        missing.id = QStringLiteral("cc");
        QCOMPARE(store.updateVersion(missing).error().kind, ErrorKind::NotFound);
        KeyRecord gone = k;
        gone.id = 9999;
        QCOMPARE(store.updateKey(gone).error().kind, ErrorKind::NotFound);
    }

    void deleteRecoverRemove()
    {
        KeyStore store(*m_db);
        const QDateTime deleted = QDateTime::fromMSecsSinceEpoch(1800000000000, Qt::UTC);
        QVERIFY(store.markDeleted(m_key.id, deleted, deleted.addDays(90)));
        QCOMPARE(store.list(QStringLiteral("payments"), true)->size(), 1);
        QCOMPARE(store.list(QStringLiteral("payments"), false)->size(), 0);
        auto found = store.find(QStringLiteral("payments"), QStringLiteral("signing"));
        QCOMPARE(found.value()->scheduledPurge, deleted.addDays(90));
        QVERIFY(store.recover(m_key.id));
        QCOMPARE(store.list(QStringLiteral("payments"), false)->size(), 1);

        QVERIFY(store.recordNotified(QStringLiteral("bb"), QStringLiteral("notify before expiry P30D"), deleted));
        QVERIFY(store.isNotified(QStringLiteral("bb"), QStringLiteral("notify before expiry P30D")).value());
        QVERIFY(!store.isNotified(QStringLiteral("aa"), QStringLiteral("notify before expiry P30D")).value());
        QVERIFY(store.recordNotified(QStringLiteral("bb"), QStringLiteral("notify before expiry P30D"), deleted));

        QVERIFY(store.remove(m_key.id));
        QSqlQuery q(m_db->connection());
        for (const QString& table :
             {QStringLiteral("keys"), QStringLiteral("key_versions"), QStringLiteral("key_notifications")}) {
            QVERIFY(q.exec(QStringLiteral("SELECT count(*) FROM ") + table) && q.next());
            QCOMPARE(q.value(0).toInt(), 0);
        }
        QCOMPARE(store.remove(m_key.id).error().kind, ErrorKind::NotFound);
    }
};

CUSTOS_REGISTER_TEST(TestKeyLifecycleStore)
#include "TestKeyLifecycleStore.moc"
