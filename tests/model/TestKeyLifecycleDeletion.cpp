#include "TestKeyLifecycleFixture.h"
#include "TestRegistry.h"

#include <QJsonArray>
#include <QTest>

using namespace custos;
using namespace custos::model;
using crypto::KeyKind;

// Soft delete, the deleted keys' list, recover and purge (with purge protection).
class TestKeyLifecycleDeletion : public QObject
{
    Q_OBJECT
private:
    test::KeyLifecycleFixture f;

private Q_SLOTS:
    void init() { QVERIFY(f.setUp()); }
    void cleanup() { f.tearDown(); }

    void deleteListRecover()
    {
        auto created = f.create(QStringLiteral("hsm-vault"), QStringLiteral("k"), KeyKind::Ec);
        QVERIFY(created);
        QVERIFY(f.create(QStringLiteral("hsm-vault"), QStringLiteral("other"), KeyKind::Ec));
        const QDateTime now(QDate(2026, 3, 1), QTime(12, 0), Qt::UTC);
        f.path().setClock([now]() { return now; });

        auto deleted = test::await(f.keys().remove(QStringLiteral("hsm-vault"), QStringLiteral("k")));
        QVERIFY2(deleted, errorText(deleted).constData());
        QCOMPARE(deleted->deleted, now);
        QCOMPARE(deleted->scheduledPurge, now.addDays(90)); // the vault's retention
        auto event = f.lastEvent(QStringLiteral("KeyDelete"));
        QVERIFY(event);
        QCOMPARE(event->result, AuditResult::Success);
        QCOMPARE(event->details.value(QStringLiteral("version")).toString(), created->currentVersion.id);

        // Hidden from list and show, listed as deleted; the name stays reserved; the token keeps it.
        auto listed = f.keys().list(QStringLiteral("hsm-vault"));
        QCOMPARE(listed->size(), 1);
        QCOMPARE(listed->at(0).name, QStringLiteral("other"));
        QCOMPARE(f.keys().show(QStringLiteral("hsm-vault"), QStringLiteral("k")).error().kind, ErrorKind::NotFound);
        auto gone = f.keys().listDeleted(QStringLiteral("hsm-vault"));
        QVERIFY2(gone, errorText(gone).constData());
        QCOMPARE(gone->size(), 1);
        QCOMPARE(gone->at(0).name, QStringLiteral("k"));
        QCOMPARE(gone->at(0).scheduledPurge, now.addDays(90));
        auto reuse = f.create(QStringLiteral("hsm-vault"), QStringLiteral("k"), KeyKind::Ec);
        QVERIFY(!reuse);
        QCOMPARE(reuse.error().kind, ErrorKind::Conflict);
        QVERIFY(f.tokenHolds(created->currentVersion.id));
        auto twice = test::await(f.keys().remove(QStringLiteral("hsm-vault"), QStringLiteral("k")));
        QVERIFY(!twice);

        auto recovered = test::await(f.keys().recover(QStringLiteral("hsm-vault"), QStringLiteral("k")));
        QVERIFY2(recovered, errorText(recovered).constData());
        QVERIFY(!recovered->isDeleted());
        QCOMPARE(f.keys().show(QStringLiteral("hsm-vault"), QStringLiteral("k"))->currentVersion.id,
                 created->currentVersion.id);
        QCOMPARE(f.keys().listDeleted(QStringLiteral("hsm-vault"))->size(), 0);
        QCOMPARE(f.lastEvent(QStringLiteral("KeyRecover"))->result, AuditResult::Success);
        // Recovering an active key is refused.
        auto again = test::await(f.keys().recover(QStringLiteral("hsm-vault"), QStringLiteral("k")));
        QVERIFY(!again);
        QCOMPARE(again.error().kind, ErrorKind::Conflict);
        QVERIFY2(again.error().message.contains(QStringLiteral("is not deleted")), errorText(again).constData());
    }

    void purgeDestroysTokenObjectsAndRows()
    {
        auto created = f.create(QStringLiteral("hsm-vault"), QStringLiteral("k"), KeyKind::Ec);
        QVERIFY(created);
        auto rotated = test::await(f.keys().rotate(QStringLiteral("hsm-vault"), QStringLiteral("k")));
        QVERIFY(rotated);
        const QString v1 = created->currentVersion.id;
        const QString v2 = rotated->currentVersion.id;

        auto active = test::await(f.keys().purge(QStringLiteral("hsm-vault"), QStringLiteral("k")));
        QVERIFY(!active);
        QVERIFY2(active.error().message.contains(QStringLiteral("delete it first")), errorText(active).constData());
        QVERIFY(f.tokenHolds(v1));

        QVERIFY(test::await(f.keys().remove(QStringLiteral("hsm-vault"), QStringLiteral("k"))));
        auto purged = test::await(f.keys().purge(QStringLiteral("hsm-vault"), QStringLiteral("k")));
        QVERIFY2(purged, errorText(purged).constData());
        QVERIFY(!f.tokenHolds(v1));
        QVERIFY(!f.tokenHolds(v2));
        QCOMPARE(f.count(QStringLiteral("keys")), 0);
        QCOMPARE(f.count(QStringLiteral("key_versions")), 0);
        QCOMPARE(f.count(QStringLiteral("intents")), 0);
        QCOMPARE(f.keys().listDeleted(QStringLiteral("hsm-vault"))->size(), 0);
        auto event = f.lastEvent(QStringLiteral("KeyPurge"));
        QVERIFY(event);
        QCOMPARE(event->result, AuditResult::Success);
        QCOMPARE(event->details.value(QStringLiteral("versions")).toArray().size(), 2);
        // The name is free again.
        QVERIFY(f.create(QStringLiteral("hsm-vault"), QStringLiteral("k"), KeyKind::Ec));
    }

    void purgeFailureLeavesEverything()
    {
        auto created = f.create(QStringLiteral("hsm-vault"), QStringLiteral("k"), KeyKind::Rsa);
        QVERIFY(created);
        QVERIFY(test::await(f.keys().remove(QStringLiteral("hsm-vault"), QStringLiteral("k"))));
        QVERIFY(f.exec(QStringLiteral("CREATE TRIGGER keys_blocked BEFORE DELETE ON keys "
                                      "BEGIN SELECT RAISE(ABORT, 'simulated purge failure'); END")));
        auto failed = test::await(f.keys().purge(QStringLiteral("hsm-vault"), QStringLiteral("k")));
        QVERIFY(f.exec(QStringLiteral("DROP TRIGGER keys_blocked")));
        QVERIFY(!failed);
        QVERIFY2(failed.error().message.contains(QStringLiteral("simulated purge failure")),
                 errorText(failed).constData());
        QCOMPARE(f.lastEvent(QStringLiteral("KeyPurge"))->result, AuditResult::Failed);
        // The key's private object is back on the token, the rows are there, no intent is left.
        QVERIFY(f.tokenHolds(created->currentVersion.id));
        QCOMPARE(f.count(QStringLiteral("keys")), 1);
        QCOMPARE(f.count(QStringLiteral("key_versions")), 1);
        QCOMPARE(f.count(QStringLiteral("intents")), 0);
        // It still works as a backup source and can be purged afterwards.
        QVERIFY(test::await(f.keys().recover(QStringLiteral("hsm-vault"), QStringLiteral("k"))));
        auto backup = test::await(f.keys().backup(QStringLiteral("hsm-vault"), QStringLiteral("k")));
        QVERIFY2(backup, errorText(backup).constData());
        QVERIFY(test::await(f.keys().remove(QStringLiteral("hsm-vault"), QStringLiteral("k"))));
        auto purged = test::await(f.keys().purge(QStringLiteral("hsm-vault"), QStringLiteral("k")));
        QVERIFY2(purged, errorText(purged).constData());
        QVERIFY(!f.tokenHolds(created->currentVersion.id));
    }

    // A vault's purge takes its keys' token objects with it (active and deleted keys, every
    // version), or on failure nothing at all.
    void vaultPurgeDestroysItsKeysTokenObjects()
    {
        auto active = f.create(QStringLiteral("hsm-vault"), QStringLiteral("active"), KeyKind::Ec);
        QVERIFY(active);
        auto rotated = test::await(f.keys().rotate(QStringLiteral("hsm-vault"), QStringLiteral("active")));
        QVERIFY(rotated);
        auto deleted = f.create(QStringLiteral("hsm-vault"), QStringLiteral("deleted"), KeyKind::Aes);
        QVERIFY(deleted);
        QVERIFY(test::await(f.keys().remove(QStringLiteral("hsm-vault"), QStringLiteral("deleted"))));
        const QStringList ids{active->currentVersion.id, rotated->currentVersion.id, deleted->currentVersion.id};
        QVERIFY(test::await(f.ready->services->vaults().remove(QStringLiteral("hsm-vault"))));

        QVERIFY(f.exec(QStringLiteral("CREATE TRIGGER vaults_blocked BEFORE DELETE ON vaults "
                                      "BEGIN SELECT RAISE(ABORT, 'simulated vault purge failure'); END")));
        auto failed = test::await(f.ready->services->vaults().purge(QStringLiteral("hsm-vault")));
        QVERIFY(f.exec(QStringLiteral("DROP TRIGGER vaults_blocked")));
        QVERIFY(!failed);
        QVERIFY2(failed.error().message.contains(QStringLiteral("simulated vault purge failure")),
                 errorText(failed).constData()); // the commit failed after the objects were destroyed
        for (const QString& id : ids)
            QVERIFY2(f.tokenHolds(id), qPrintable(id)); // put back
        QCOMPARE(f.count(QStringLiteral("intents")), 0);

        auto purged = test::await(f.ready->services->vaults().purge(QStringLiteral("hsm-vault")));
        QVERIFY2(purged, errorText(purged).constData());
        for (const QString& id : ids)
            QVERIFY2(!f.tokenHolds(id), qPrintable(id));
        QCOMPARE(f.count(QStringLiteral("keys")), 0);
        QCOMPARE(f.count(QStringLiteral("intents")), 0);
        auto event = f.lastEvent(QStringLiteral("VaultPurge"));
        QVERIFY(event);
        QCOMPARE(event->result, AuditResult::Success);
        QCOMPARE(event->details.value(QStringLiteral("keyVersionsDestroyed")).toInt(), 3);
    }

    void purgeProtectionWaitsForTheScheduledDate()
    {
        VaultCreateRequest protectedVault(QStringLiteral("locked-vault"));
        protectedVault.retentionDays = 7;
        protectedVault.purgeProtection = true;
        QVERIFY(test::await(f.ready->services->vaults().create(protectedVault)));
        auto created = f.create(QStringLiteral("locked-vault"), QStringLiteral("k"), KeyKind::Ec);
        QVERIFY(created);
        const QDateTime start(QDate(2026, 5, 1), QTime(8, 0), Qt::UTC);
        f.path().setClock([start]() { return start; });
        QVERIFY(test::await(f.keys().remove(QStringLiteral("locked-vault"), QStringLiteral("k"))));

        f.path().setClock([start]() { return start.addDays(6); });
        auto early = test::await(f.keys().purge(QStringLiteral("locked-vault"), QStringLiteral("k")));
        QVERIFY(!early);
        QCOMPARE(early.error().kind, ErrorKind::Conflict);
        QVERIFY2(early.error().message.contains(QStringLiteral("purge protection")) &&
                     early.error().message.contains(QStringLiteral("2026-05-08 08:00 UTC")),
                 errorText(early).constData());
        QVERIFY(f.tokenHolds(created->currentVersion.id));
        QCOMPARE(f.count(QStringLiteral("intents")), 0);

        f.path().setClock([start]() { return start.addDays(7); });
        auto purged = test::await(f.keys().purge(QStringLiteral("locked-vault"), QStringLiteral("k")));
        QVERIFY2(purged, errorText(purged).constData());
        QVERIFY(!f.tokenHolds(created->currentVersion.id));
    }

    void softwareKeysPurgeToo()
    {
        QVERIFY(f.create(QStringLiteral("soft-vault"), QStringLiteral("k"), KeyKind::Aes));
        QVERIFY(test::await(f.keys().remove(QStringLiteral("soft-vault"), QStringLiteral("k"))));
        QVERIFY(test::await(f.keys().purge(QStringLiteral("soft-vault"), QStringLiteral("k"))));
        QCOMPARE(f.count(QStringLiteral("key_versions")), 0);
    }

    void deletedKeyPermissions()
    {
        QVERIFY(f.create(QStringLiteral("hsm-vault"), QStringLiteral("k"), KeyKind::Ec));
        QVERIFY(test::await(f.keys().remove(QStringLiteral("hsm-vault"), QStringLiteral("k"))));
        // A Crypto User may delete but neither recover nor purge (keys/deletedKeys/* is the officer's).
        QVERIFY(
            test::addOperatorWithRoles(*f.ready->services, QStringLiteral("user"), {QStringLiteral("Crypto User")}));
        QVERIFY(test::switchOperator(*f.ready->services, QStringLiteral("user")));
        auto recover = test::await(f.keys().recover(QStringLiteral("hsm-vault"), QStringLiteral("k")));
        QCOMPARE(recover.error().kind, ErrorKind::Denied);
        QVERIFY2(recover.error().message.contains(QStringLiteral("keys/deletedKeys/recover/action")),
                 errorText(recover).constData());
        auto purge = test::await(f.keys().purge(QStringLiteral("hsm-vault"), QStringLiteral("k")));
        QCOMPARE(purge.error().kind, ErrorKind::Denied);
        QCOMPARE(f.lastEvent(QStringLiteral("KeyPurge"))->result, AuditResult::Denied);
        QCOMPARE(f.keys().listDeleted(QStringLiteral("hsm-vault"))->size(), 0); // filtered, not denied
        QCOMPARE(f.count(QStringLiteral("keys")), 1);
    }
};

CUSTOS_REGISTER_TEST(TestKeyLifecycleDeletion)
#include "TestKeyLifecycleDeletion.moc"
