#include "CliHarness.h"
#include "TestRegistry.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSqlDatabase>
#include <QSqlQuery>
#include <QTest>

using namespace custos::test;

// `custosctl doctor [--repair]` (CLI.md): exit 0 when it finds nothing, 1 with findings; --repair
// fixes the repairable ones, audited. The findings themselves: test_model TestWorkspaceDoctor.
class TestCliDoctor : public QObject
{
    Q_OBJECT
private:
    // An intent row as a process killed after recording it (and before any token work) leaves.
    static bool leaveIntent(const QString& databasePath, const QString& id)
    {
        bool ok = false;
        {
            QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), QStringLiteral("doctor-test"));
            db.setDatabaseName(databasePath);
            if (db.open()) {
                QSqlQuery query(db);
                query.prepare(
                    QStringLiteral("INSERT INTO intents(id, operation, resource, created) VALUES(?, ?, ?, ?)"));
                query.addBindValue(id);
                query.addBindValue(QStringLiteral("KeyCreate"));
                query.addBindValue(QStringLiteral("/vaults/v/keys/lost"));
                query.addBindValue(QDateTime::currentMSecsSinceEpoch());
                ok = query.exec();
            }
            db.close();
        }
        QSqlDatabase::removeDatabase(QStringLiteral("doctor-test"));
        return ok;
    }

private Q_SLOTS:
    void aHealthyWorkspaceExitsZero()
    {
        CliHarness h;
        QVERIFY(h.init());
        const CliResult r = h.run(QStringLiteral("admin"), {QStringLiteral("doctor")});
        QVERIFY2(r.exitCode == 0, qPrintable(r.err + r.out));
        QVERIFY2(r.out.contains(QLatin1String("No findings.")), qPrintable(r.out));
        QVERIFY2(r.out.contains(QLatin1String("the audit chain")), qPrintable(r.out));
    }

    void findingsExitOneUntilRepaired()
    {
        CliHarness h;
        QVERIFY(h.init());
        const QString id = QStringLiteral("00112233445566778899aabbccddeeff");
        QVERIFY(leaveIntent(h.databasePath(), id));

        CliResult r = h.run(QStringLiteral("admin"), {QStringLiteral("doctor"), QStringLiteral("--json")});
        QCOMPARE(r.exitCode, 1);
        const QJsonArray findings = r.json().value(QStringLiteral("findings")).toArray();
        QCOMPARE(findings.size(), 1);
        const QJsonObject f = findings.first().toObject();
        QCOMPARE(f.value(QStringLiteral("kind")).toString(), QStringLiteral("interrupted-operation"));
        QCOMPARE(f.value(QStringLiteral("subject")).toString(), id);
        QCOMPARE(f.value(QStringLiteral("operation")).toString(), QStringLiteral("KeyCreate"));
        QVERIFY(f.value(QStringLiteral("repairable")).toBool());

        r = h.run(QStringLiteral("admin"), {QStringLiteral("doctor")});
        QCOMPARE(r.exitCode, 1);
        QVERIFY2(r.out.contains(QLatin1String("--repair will")) && r.out.contains(QLatin1String("did not finish")),
                 qPrintable(r.out));

        r = h.run(QStringLiteral("admin"), {QStringLiteral("doctor"), QStringLiteral("--repair"),
                                            QStringLiteral("--reason"), QStringLiteral("INC-7")});
        QVERIFY2(r.exitCode == 0, qPrintable(r.err + r.out));
        QVERIFY2(r.out.contains(QLatin1String("repaired: remove the leftover record")), qPrintable(r.out));
        r = h.run(QStringLiteral("admin"), {QStringLiteral("doctor")});
        QVERIFY2(r.exitCode == 0, qPrintable(r.err + r.out));

        r = h.run(QStringLiteral("admin"),
                  {QStringLiteral("audit"), QStringLiteral("list"), QStringLiteral("--operation"),
                   QStringLiteral("WorkspaceRepair"), QStringLiteral("--json")});
        QVERIFY2(r.exitCode == 0, qPrintable(r.err));
        const QJsonArray events = r.json().value(QStringLiteral("value")).toArray();
        QCOMPARE(events.size(), 1);
        QCOMPARE(events.first().toObject().value(QStringLiteral("result")).toString(), QStringLiteral("Success"));
        QVERIFY(QString::fromUtf8(QJsonDocument(events.first().toObject()).toJson()).contains(QLatin1String("INC-7")));
    }
};

CUSTOS_REGISTER_TEST(TestCliDoctor)
#include "TestCliDoctor.moc"
