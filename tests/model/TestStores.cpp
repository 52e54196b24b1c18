#include "TestRegistry.h"

#include "model/store/Database.h"
#include "model/store/Stores.h"

#include <QSqlQuery>
#include <QTemporaryDir>
#include <QTest>

#include <memory>

using namespace custos;
using namespace custos::model;

namespace {

QDateTime utc(qint64 ms)
{
    return QDateTime::fromMSecsSinceEpoch(ms, Qt::UTC);
}

Operator makeOperator(const QString& name)
{
    Operator op;
    op.name = name;
    op.displayName = name.toUpper();
    op.kdf = QStringLiteral("scrypt:N=32768,r=8,p=1");
    op.salt = QByteArray(16, '\x01');
    op.verifier = QByteArray(32, '\x02');
    op.wrappedPin = QByteArray(60, '\x03');
    op.created = utc(1'700'000'000'000);
    op.updated = utc(1'700'000'000'500);
    return op;
}

RoleAssignment makeAssignment(const QString& principal, const QString& role, const QString& scope)
{
    RoleAssignment a;
    a.principal = principal;
    a.role = role;
    a.scope = scope;
    a.createdBy = QStringLiteral("admin");
    return a;
}

Vault makeVault(const QString& name)
{
    Vault v;
    v.name = name;
    v.protection = Protection::Software;
    v.retentionDays = 30;
    v.purgeProtection = true;
    v.tags = {{QStringLiteral("env"), QStringLiteral("prod")}, {QStringLiteral("owner"), QStringLiteral("pki team")}};
    v.created = utc(1'700'000'000'123);
    v.updated = v.created;
    return v;
}

} // namespace

class TestStores : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void init()
    {
        m_dir = std::make_unique<QTemporaryDir>();
        QVERIFY(m_dir->isValid());
        auto db = Database::open(m_dir->filePath(QStringLiteral("custos.db")), Database::OpenMode::Create);
        QVERIFY2(db.ok(), qPrintable(db.ok() ? QString() : db.error().message));
        m_db = db.take();
    }

    void cleanup()
    {
        m_db.reset();
        m_dir.reset();
    }

    void settings()
    {
        SettingsStore store(*m_db);
        auto missing = store.get(QStringLiteral("audit.reasonRequired"));
        QVERIFY(missing.ok());
        QVERIFY(!missing.value().has_value());
        QVERIFY(store.set(QStringLiteral("audit.reasonRequired"), QStringLiteral("true")).ok());
        QCOMPARE(*store.get(QStringLiteral("audit.reasonRequired")).value(), QStringLiteral("true"));
        QVERIFY(store.set(QStringLiteral("audit.reasonRequired"), QStringLiteral("false")).ok());
        QCOMPARE(*store.get(QStringLiteral("audit.reasonRequired")).value(), QStringLiteral("false"));
        QVERIFY(store.set(QStringLiteral("empty"), QString()).ok()); // stored as "", not NULL
        QCOMPARE(*store.get(QStringLiteral("empty")).value(), QString());
    }

    void operators()
    {
        OperatorStore store(*m_db);
        QCOMPARE(store.count().value(), 0);
        auto alice = store.insert(makeOperator(QStringLiteral("alice")));
        QVERIFY2(alice.ok(), qPrintable(alice.ok() ? QString() : alice.error().message));
        QVERIFY(alice.value().id > 0);
        QVERIFY(store.insert(makeOperator(QStringLiteral("bob"))).ok());
        QCOMPARE(store.count().value(), 2);

        auto duplicate = store.insert(makeOperator(QStringLiteral("alice")));
        QVERIFY(!duplicate.ok());
        QCOMPARE(duplicate.error().kind, ErrorKind::Conflict);
        QVERIFY(duplicate.error().message.contains(QStringLiteral("alice")));

        auto found = store.find(QStringLiteral("alice"));
        QVERIFY(found.ok() && found.value().has_value());
        const Operator& a = *found.value();
        QCOMPARE(a.id, alice.value().id);
        QCOMPARE(a.displayName, QStringLiteral("ALICE"));
        QCOMPARE(a.kdf, QStringLiteral("scrypt:N=32768,r=8,p=1"));
        QCOMPARE(a.salt, QByteArray(16, '\x01'));
        QCOMPARE(a.verifier, QByteArray(32, '\x02'));
        QCOMPARE(a.wrappedPin, QByteArray(60, '\x03'));
        QVERIFY(a.enabled);
        QCOMPARE(a.failedAttempts, 0);
        QVERIFY(!a.lockedUntil.isValid());
        QCOMPARE(a.created, utc(1'700'000'000'000));
        QCOMPARE(a.created.timeSpec(), Qt::UTC);
        QCOMPARE(a.updated, utc(1'700'000'000'500));
        QVERIFY(!store.find(QStringLiteral("Alice")).value().has_value()); // operator names are exact

        Operator changed = a;
        changed.enabled = false;
        changed.failedAttempts = 3;
        changed.lockedUntil = utc(1'700'000'900'000);
        changed.wrappedPin = QByteArray(60, '\x04');
        changed.updated = utc(1'700'000'001'000);
        QVERIFY(store.update(changed).ok());
        const Operator reread = *store.find(QStringLiteral("alice")).value();
        QVERIFY(!reread.enabled);
        QCOMPARE(reread.failedAttempts, 3);
        QCOMPARE(reread.lockedUntil, utc(1'700'000'900'000));
        QCOMPARE(reread.wrappedPin, QByteArray(60, '\x04'));
        QCOMPARE(reread.updated, utc(1'700'000'001'000));
        QCOMPARE(reread.created, utc(1'700'000'000'000));

        changed.lockedUntil = QDateTime(); // unlock: back to NULL
        QVERIFY(store.update(changed).ok());
        QVERIFY(!store.find(QStringLiteral("alice")).value()->lockedUntil.isValid());

        auto ghost = store.update(makeOperator(QStringLiteral("ghost")));
        QVERIFY(!ghost.ok());
        QCOMPARE(ghost.error().kind, ErrorKind::NotFound);

        auto all = store.list();
        QVERIFY(all.ok());
        QCOMPARE(all.value().size(), 2);
        QCOMPARE(all.value().at(0).name, QStringLiteral("alice"));
        QCOMPARE(all.value().at(1).name, QStringLiteral("bob"));
    }

    void operatorInsertStampsTimes()
    {
        OperatorStore store(*m_db);
        Operator op = makeOperator(QStringLiteral("carol"));
        op.created = QDateTime();
        op.updated = QDateTime();
        auto inserted = store.insert(op);
        QVERIFY(inserted.ok());
        QVERIFY(inserted.value().created.isValid());
        QCOMPARE(store.find(QStringLiteral("carol")).value()->created, inserted.value().created);
    }

    void roleAssignments()
    {
        RoleAssignmentStore store(*m_db);
        auto first =
            store.insert(makeAssignment(QStringLiteral("alice"), QStringLiteral("Administrator"), QStringLiteral("/")));
        QVERIFY(first.ok());
        QCOMPARE(first.value().id.size(), 32);
        QVERIFY(first.value().created.isValid());
        RoleAssignment timed =
            makeAssignment(QStringLiteral("bob"), QStringLiteral("Crypto User"), QStringLiteral("/vaults/payments"));
        timed.id = QStringLiteral("0123456789abcdef");
        timed.expires = utc(1'800'000'000'000);
        QVERIFY(store.insert(timed).ok());
        QVERIFY(store
                    .insert(makeAssignment(QStringLiteral("alice"), QStringLiteral("Crypto User"),
                                           QStringLiteral("/vaults/payments")))
                    .ok());

        auto duplicate =
            store.insert(makeAssignment(QStringLiteral("alice"), QStringLiteral("Administrator"), QStringLiteral("/")));
        QVERIFY(!duplicate.ok());
        QCOMPARE(duplicate.error().kind, ErrorKind::Conflict);
        RoleAssignment sameId =
            makeAssignment(QStringLiteral("carol"), QStringLiteral("Crypto User"), QStringLiteral("/"));
        sameId.id = timed.id;
        QCOMPARE(store.insert(sameId).error().kind, ErrorKind::Conflict);

        auto found =
            store.find(QStringLiteral("bob"), QStringLiteral("Crypto User"), QStringLiteral("/vaults/payments"));
        QVERIFY(found.ok() && found.value().has_value());
        QCOMPARE(found.value()->id, timed.id);
        QCOMPARE(found.value()->expires, utc(1'800'000'000'000));
        QCOMPARE(found.value()->createdBy, QStringLiteral("admin"));
        QVERIFY(found.value()->isActiveAt(utc(1'799'999'999'999)));
        QVERIFY(!found.value()->isActiveAt(utc(1'800'000'000'000)));
        QVERIFY(!store.find(QStringLiteral("bob"), QStringLiteral("Crypto User"), QStringLiteral("/")).value());
        QVERIFY(!store.find(QStringLiteral("alice"), QStringLiteral("Administrator"), QStringLiteral("/"))
                     .value()
                     ->expires.isValid());

        auto all = store.list();
        QVERIFY(all.ok());
        QCOMPARE(all.value().size(), 3);
        QCOMPARE(all.value().at(0).role, QStringLiteral("Administrator")); // principal, role, scope
        QCOMPARE(all.value().at(1).principal, QStringLiteral("alice"));
        QCOMPARE(all.value().at(2).principal, QStringLiteral("bob"));
        QCOMPARE(store.list(QStringLiteral("alice")).value().size(), 2);
        QCOMPARE(store.list({}, QStringLiteral("/vaults/payments")).value().size(), 2);
        QCOMPARE(store.list(QStringLiteral("bob"), QStringLiteral("/")).value().size(), 0);
        QCOMPARE(store.list(QStringLiteral("bob"), QStringLiteral("/vaults/payments")).value().size(), 1);

        QVERIFY(store.remove(timed.id).ok());
        auto again = store.remove(timed.id);
        QVERIFY(!again.ok());
        QCOMPARE(again.error().kind, ErrorKind::NotFound);
        QCOMPARE(store.list().value().size(), 2);
    }

    void vaults()
    {
        VaultStore store(*m_db);
        auto payments = store.insert(makeVault(QStringLiteral("payments")));
        QVERIFY2(payments.ok(), qPrintable(payments.ok() ? QString() : payments.error().message));
        QVERIFY(payments.value().id > 0);
        Vault hsm = makeVault(QStringLiteral("archive"));
        hsm.protection = Protection::Hsm;
        hsm.tags.clear();
        QVERIFY(store.insert(hsm).ok());

        auto duplicate = store.insert(makeVault(QStringLiteral("Payments"))); // names are case-insensitive
        QVERIFY(!duplicate.ok());
        QCOMPARE(duplicate.error().kind, ErrorKind::Conflict);

        auto found = store.find(QStringLiteral("PAYMENTS"));
        QVERIFY(found.ok() && found.value().has_value());
        Vault v = *found.value();
        QCOMPARE(v.name, QStringLiteral("payments"));
        QCOMPARE(v.protection, Protection::Software);
        QCOMPARE(v.retentionDays, 30);
        QVERIFY(v.purgeProtection);
        QCOMPARE(v.tags.value(QStringLiteral("owner")), QStringLiteral("pki team"));
        QCOMPARE(v.tags.size(), 2);
        QCOMPARE(v.created, utc(1'700'000'000'123));
        QVERIFY(!v.isDeleted());
        QVERIFY(!v.scheduledPurge.isValid());
        QCOMPARE(store.find(QStringLiteral("archive")).value()->protection, Protection::Hsm);
        QVERIFY(store.find(QStringLiteral("archive")).value()->tags.isEmpty());

        QSqlQuery raw(m_db->connection());
        QVERIFY(raw.exec(QStringLiteral("SELECT tags FROM vaults WHERE name = 'payments'")) && raw.next());
        QCOMPARE(raw.value(0).toString(), QStringLiteral("{\"env\":\"prod\",\"owner\":\"pki team\"}"));
        raw.finish();

        // Soft delete, then list active and deleted.
        v.deleted = utc(1'700'100'000'000);
        v.scheduledPurge = v.deleted.addDays(v.retentionDays);
        v.tags.insert(QStringLiteral("state"), QStringLiteral("retired"));
        QVERIFY(store.update(v).ok());
        const Vault deleted = *store.find(QStringLiteral("payments")).value();
        QVERIFY(deleted.isDeleted());
        QCOMPARE(deleted.scheduledPurge, utc(1'700'100'000'000).addDays(30));
        QCOMPARE(deleted.tags.value(QStringLiteral("state")), QStringLiteral("retired"));
        QCOMPARE(store.list(false).value().size(), 1);
        QCOMPARE(store.list(false).value().at(0).name, QStringLiteral("archive"));
        QCOMPARE(store.list(true).value().size(), 1);
        QCOMPARE(store.list(true).value().at(0).name, QStringLiteral("payments"));
        QCOMPARE(store.insert(makeVault(QStringLiteral("payments"))).error().kind, ErrorKind::Conflict);

        // Recover: the nullable columns go back to NULL.
        v.deleted = QDateTime();
        v.scheduledPurge = QDateTime();
        QVERIFY(store.update(v).ok());
        QVERIFY(!store.find(QStringLiteral("payments")).value()->isDeleted());
        QCOMPARE(store.list(false).value().size(), 2);

        QCOMPARE(store.update(makeVault(QStringLiteral("nowhere"))).error().kind, ErrorKind::NotFound);
        QVERIFY(store.remove(QStringLiteral("payments")).ok());
        QVERIFY(!store.find(QStringLiteral("payments")).value().has_value());
        QCOMPARE(store.remove(QStringLiteral("payments")).error().kind, ErrorKind::NotFound);
        QVERIFY(store.insert(makeVault(QStringLiteral("payments"))).ok()); // a purged name is free again
    }

    void intents()
    {
        IntentStore store(*m_db);
        QVERIFY(store.list().value().isEmpty());
        QVERIFY(store
                    .insert({QStringLiteral("a1b2"), QStringLiteral("KeyCreate"), QStringLiteral("/vaults/v/keys/k"),
                             utc(1'700'000'000'000)})
                    .ok());
        QVERIFY(store
                    .insert({QStringLiteral("c3d4"), QStringLiteral("KeyPurge"), QStringLiteral("/vaults/v/keys/j"),
                             utc(1'700'000'000'001)})
                    .ok());
        auto duplicate = store.insert({QStringLiteral("a1b2"), QStringLiteral("KeyCreate"), QStringLiteral("/"), {}});
        QCOMPARE(duplicate.error().kind, ErrorKind::Conflict);

        auto all = store.list();
        QVERIFY(all.ok());
        QCOMPARE(all.value().size(), 2);
        QCOMPARE(all.value().at(0).id, QStringLiteral("a1b2"));
        QCOMPARE(all.value().at(0).operation, QStringLiteral("KeyCreate"));
        QCOMPARE(all.value().at(0).resource, QStringLiteral("/vaults/v/keys/k"));
        QCOMPARE(all.value().at(0).created, utc(1'700'000'000'000));

        QVERIFY(store.remove(QStringLiteral("a1b2")).ok());
        QCOMPARE(store.remove(QStringLiteral("a1b2")).error().kind, ErrorKind::NotFound);
        QCOMPARE(store.list().value().size(), 1);
    }

    void storesJoinTheCallersTransaction()
    {
        VaultStore vaults(*m_db);
        {
            Transaction transaction(*m_db);
            QVERIFY(transaction.begin().ok());
            QVERIFY(vaults.insert(makeVault(QStringLiteral("temp"))).ok());
        }
        QVERIFY(!vaults.find(QStringLiteral("temp")).value().has_value());
    }

private:
    std::unique_ptr<QTemporaryDir> m_dir;
    std::unique_ptr<Database> m_db;
};

CUSTOS_REGISTER_TEST(TestStores)
#include "TestStores.moc"
