#include "CliHarness.h"
#include "TestRegistry.h"

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QSqlDatabase>
#include <QSqlError>
#include <QSqlQuery>
#include <QSqlRecord>
#include <QTest>

using custos::test::CliHarness;
using custos::test::CliResult;

// audit list in every format, --out, and audit verify before and after tampering.
class TestCliAudit : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY(m_h.init("admin"));
        QCOMPARE(m_h.run("admin", {"vault", "create", "logs-1", "--reason", "CHG-1"}).exitCode, 0);
        QCOMPARE(m_h.run("admin", {"vault", "create", "logs-2"}).exitCode, 0);
        QCOMPARE(m_h.run("admin", {"vault", "delete", "logs-2"}).exitCode, 0);
    }

    void formats()
    {
        const CliResult table = m_h.run("admin", {"audit", "list"});
        QCOMPARE(table.exitCode, 0);
        QVERIFY(table.out.startsWith("SEQ"));
        QVERIFY(table.out.contains("/vaults/logs-1"));

        const CliResult json = m_h.run("admin", {"audit", "list", "--json"});
        const QJsonArray events = json.json().value("value").toArray();
        QVERIFY(events.size() >= 4);
        const QJsonObject first = events.first().toObject();
        for (const char* key :
             {"seq", "time", "operator", "approvers", "operation", "resource", "result", "reason", "justification",
              "correlationId", "workstation", "osUser", "version", "details", "prevHash", "hash"})
            QVERIFY2(first.contains(QLatin1String(key)), key);
        QCOMPARE(first.value("seq").toInt(), 1);

        const CliResult jsonl =
            m_h.run("admin", {"audit", "list", "--format", "jsonl", "--resource", "/vaults/logs-1"});
        QCOMPARE(jsonl.exitCode, 0);
        const QStringList lines = jsonl.out.split('\n', Qt::SkipEmptyParts);
        QCOMPARE(lines.size(), 1);
        const QJsonObject created = QJsonDocument::fromJson(lines.first().toUtf8()).object();
        QCOMPARE(created.value("resource").toString(), QString("/vaults/logs-1"));
        QCOMPARE(created.value("justification").toString(), QString("CHG-1"));

        const CliResult csv = m_h.run("admin", {"audit", "list", "--format", "csv", "--limit", "2"});
        QCOMPARE(csv.exitCode, 0);
        const QStringList rows = csv.out.split("\r\n", Qt::SkipEmptyParts);
        QCOMPARE(rows.size(), 3);
        QVERIFY(rows.first().startsWith("seq,time,operator,approvers,operation,resource,result"));

        const CliResult search = m_h.run("admin", {"audit", "list", "--search", "CHG-1", "--principal", "admin",
                                                   "--since", "P1D", "--result", "Success", "--json"});
        QCOMPARE(search.exitCode, 0);
        QCOMPARE(search.json().value("value").toArray().size(), 1);
        QCOMPARE(m_h.run("admin", {"audit", "list", "--until", "2000-01-01", "--json"})
                     .json()
                     .value("value")
                     .toArray()
                     .size(),
                 0);

        for (const QStringList& bad : {QStringList{"--result", "Maybe"}, QStringList{"--limit", "0"},
                                       QStringList{"--format", "xml"}, QStringList{"--since", "yesterday"}})
            QCOMPARE(m_h.run("admin", QStringList{"audit", "list"} + bad).exitCode, 2);
    }

    void outFile()
    {
        const QString path = m_h.root() + "/export.jsonl";
        const CliResult r = m_h.run("admin", {"audit", "list", "--format", "jsonl", "--out", path});
        QCOMPARE(r.exitCode, 0);
        QVERIFY2(r.out.startsWith("Wrote "), qPrintable(r.out));
        QFile file(path);
        QVERIFY(file.open(QIODevice::ReadOnly));
        const QList<QByteArray> lines = file.readAll().split('\n');
        QVERIFY(lines.size() >= 4);
        QVERIFY(!QJsonDocument::fromJson(lines.first()).isNull());
        const CliResult unwritable = m_h.run("admin", {"audit", "list", "--out", m_h.root() + "/no/such/dir/x"});
        QCOMPARE(unwritable.exitCode, 1);
    }

    void verifyThenTamper()
    {
        const CliResult ok = m_h.run("admin", {"audit", "verify"});
        QCOMPARE(ok.exitCode, 0);
        QVERIFY2(ok.out.contains("intact"), qPrintable(ok.out));
        QCOMPARE(m_h.run("admin", {"audit", "verify", "--json"}).json().value("ok").toBool(), true);

        // Edit event 2 behind Custos's back: drop the append-only triggers, then change a field.
        QVERIFY(tamper(2));
        const CliResult broken = m_h.run("admin", {"audit", "verify"});
        QCOMPARE(broken.exitCode, 1);
        QVERIFY2(broken.err.contains("event 2"), qPrintable(broken.err));
        QCOMPARE(broken.err.count('\n'), 1);
        const CliResult json = m_h.run("admin", {"audit", "verify", "--json"});
        QCOMPARE(json.exitCode, 1);
        QCOMPARE(json.json().value("firstBadSeq").toInt(), 2);
    }

private:
    bool tamper(int seq)
    {
        const QString connection = QStringLiteral("test-cli-tamper");
        bool ok = false;
        {
            QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), connection);
            db.setDatabaseName(m_h.databasePath());
            if (db.open()) {
                QSqlQuery triggers(db);
                QStringList names;
                triggers.exec(QStringLiteral("SELECT name FROM sqlite_master WHERE type = 'trigger'"));
                while (triggers.next())
                    names << triggers.value(0).toString();
                for (const QString& name : names)
                    QSqlQuery(db).exec(QStringLiteral("DROP TRIGGER \"%1\"").arg(name));
                // The audit table: the one with a seq and an operation column.
                QSqlQuery tables(db);
                tables.exec(QStringLiteral("SELECT name FROM sqlite_master WHERE type = 'table'"));
                QStringList tableNames;
                while (tables.next())
                    tableNames << tables.value(0).toString();
                for (const QString& table : tableNames) {
                    const QSqlRecord columns = db.record(table);
                    if (columns.indexOf(QStringLiteral("seq")) < 0 || columns.indexOf(QStringLiteral("operation")) < 0)
                        continue;
                    QSqlQuery update(db);
                    ok = update.exec(QStringLiteral("UPDATE \"%1\" SET operation = 'Tampered' WHERE seq = %2")
                                         .arg(table)
                                         .arg(seq)) &&
                         update.numRowsAffected() == 1;
                    if (!ok)
                        qWarning("tamper: %s", qPrintable(update.lastError().text()));
                }
            }
            db.close();
        }
        QSqlDatabase::removeDatabase(connection);
        return ok;
    }

    CliHarness m_h;
};

CUSTOS_REGISTER_TEST(TestCliAudit)
#include "TestCliAudit.moc"
