#include "TestRegistry.h"
#include "TestWorkspace.h"

#include "model/audit/AuditLog.h"
#include "model/services/ServicePath.h"

#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

using namespace custos;
using namespace custos::model;

class TestVaultService : public QObject
{
    Q_OBJECT
private:
    std::unique_ptr<QTemporaryDir> m_tmp;
    std::unique_ptr<test::ReadyWorkspace> m_ready;
    VaultService& vaults() { return m_ready->services->vaults(); }

private Q_SLOTS:
    void init()
    {
        m_tmp = std::make_unique<QTemporaryDir>();
        m_ready = test::makeReadyWorkspace(m_tmp->filePath(QStringLiteral("ws")));
        QVERIFY(m_ready);
    }
    void cleanup()
    {
        m_ready.reset();
        m_tmp.reset();
    }

    void names_data()
    {
        QTest::addColumn<QString>("name");
        QTest::addColumn<bool>("valid");
        QTest::newRow("shortest") << "abc" << true;
        QTest::newRow("longest") << QString(24, QLatin1Char('a')) << true;
        QTest::newRow("dashes and digits") << "pay-2026-eu" << true;
        QTest::newRow("too short") << "ab" << false;
        QTest::newRow("too long") << QString(25, QLatin1Char('a')) << false;
        QTest::newRow("underscore") << "a_b_c" << false;
        QTest::newRow("space") << "a b c" << false;
        QTest::newRow("slash") << "a/bc" << false;
        QTest::newRow("non-ascii") << QStringLiteral("caf\u00e9s") << false;
    }
    void names()
    {
        QFETCH(QString, name);
        QFETCH(bool, valid);
        QCOMPARE(VaultService::isValidName(name), valid);
        auto created = test::await(vaults().create({name}));
        QCOMPARE(created.ok(), valid);
        if (!valid) {
            QCOMPARE(created.error().kind, ErrorKind::Invalid);
            QVERIFY(created.error().message.contains(VaultService::nameRule()));
        }
    }

    void createListShowUpdate()
    {
        QSignalSpy changed(&vaults(), &VaultService::vaultsChanged);
        VaultCreateRequest r;
        r.name = QStringLiteral("payments");
        r.protection = Protection::Software;
        r.retentionDays = 30;
        r.tags = {{QStringLiteral("team"), QStringLiteral("pay")}};
        auto created = test::await(vaults().create(r));
        QVERIFY(created);
        QCOMPARE(created->protection, Protection::Software);
        QCOMPARE(changed.count(), 1);

        auto duplicate = test::await(vaults().create({QStringLiteral("PAYMENTS")}));
        QVERIFY(!duplicate);
        QCOMPARE(duplicate.error().kind, ErrorKind::Conflict);

        auto shown = vaults().show(QStringLiteral("payments"));
        QVERIFY(shown);
        QCOMPARE(shown->retentionDays, 30);
        QCOMPARE(shown->tags.value(QStringLiteral("team")), QStringLiteral("pay"));

        auto updated = test::await(
            vaults().updateTags(QStringLiteral("payments"), {{QStringLiteral("env"), QStringLiteral("prod")}}));
        QVERIFY(updated);
        QCOMPARE(vaults().show(QStringLiteral("payments"))->tags.keys(), QStringList{QStringLiteral("env")});

        auto list = vaults().list();
        QVERIFY(list);
        QCOMPARE(list->size(), 1);
        auto missing = vaults().show(QStringLiteral("nowhere"));
        QCOMPARE(missing.error().kind, ErrorKind::NotFound);
    }

    void retentionBounds()
    {
        VaultCreateRequest r(QStringLiteral("short-lived"));
        r.retentionDays = 6;
        auto refused = test::await(vaults().create(r));
        QVERIFY(!refused);
        QVERIFY(refused.error().message.contains(QStringLiteral("7 to 90")));
        r.retentionDays = 91;
        QVERIFY(!test::await(vaults().create(r)));
        r.retentionDays = 7;
        QVERIFY(test::await(vaults().create(r)));
    }

    void softDeleteRecoverAndPurge()
    {
        QVERIFY(test::await(vaults().create({QStringLiteral("payments")})));
        auto deleted = test::await(vaults().remove(QStringLiteral("payments")));
        QVERIFY(deleted);
        QVERIFY(deleted->isDeleted());
        QCOMPARE(deleted->scheduledPurge, deleted->deleted.addDays(90));
        QCOMPARE(vaults().list()->size(), 0);
        QCOMPARE(vaults().listDeleted()->size(), 1);

        // The name stays reserved while the vault is soft-deleted.
        auto again = test::await(vaults().create({QStringLiteral("payments")}));
        QVERIFY(!again);
        QVERIFY(again.error().message.contains(QStringLiteral("reserved")));
        // Deleting twice, recovering an active one: clear refusals.
        QCOMPARE(test::await(vaults().remove(QStringLiteral("payments"))).error().kind, ErrorKind::NotFound);

        QVERIFY(test::await(vaults().recover(QStringLiteral("payments"))));
        QCOMPARE(test::await(vaults().recover(QStringLiteral("payments"))).error().kind, ErrorKind::Conflict);
        QCOMPARE(test::await(vaults().purge(QStringLiteral("payments"))).error().kind, ErrorKind::Conflict);

        QVERIFY(test::await(vaults().remove(QStringLiteral("payments"))));
        QVERIFY(test::await(vaults().purge(QStringLiteral("payments"))));
        QCOMPARE(vaults().listDeleted()->size(), 0);
        QVERIFY(test::await(vaults().create({QStringLiteral("payments")})));
    }

    void purgeProtectionHoldsUntilTheScheduledDate()
    {
        VaultCreateRequest r(QStringLiteral("protected"));
        r.purgeProtection = true;
        r.retentionDays = 7;
        QVERIFY(test::await(vaults().create(r)));
        QVERIFY(test::await(vaults().remove(QStringLiteral("protected"))));
        auto refused = test::await(vaults().purge(QStringLiteral("protected")));
        QVERIFY(!refused);
        QVERIFY(refused.error().message.contains(QStringLiteral("purge protection")));

        const QDateTime later = QDateTime::currentDateTimeUtc().addDays(8);
        m_ready->services->path().setClock([later]() { return later; });
        QVERIFY(test::await(vaults().purge(QStringLiteral("protected"))));

        AuditFilter failed;
        failed.operation = QStringLiteral("VaultPurge");
        failed.result = AuditResult::Failed;
        QCOMPARE(AuditLog(m_ready->workspace->database()).list(failed)->size(), 1);
    }
};

CUSTOS_REGISTER_TEST(TestVaultService)
#include "TestVaultService.moc"
