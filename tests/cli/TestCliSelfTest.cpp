#include "CliHarness.h"
#include "TestRegistry.h"

#include "crypto/selftest/SelfTest.h"

#include <QJsonArray>
#include <QSqlDatabase>
#include <QSqlError>
#include <QSqlQuery>
#include <QTest>

using custos::test::CliHarness;
using custos::test::CliResult;

namespace {
// The checks of a --json report by name.
QMap<QString, QJsonObject> checksByName(const QJsonObject& report)
{
    QMap<QString, QJsonObject> checks;
    for (const QJsonValue& value : report.value(QStringLiteral("checks")).toArray())
        checks.insert(value.toObject().value(QStringLiteral("name")).toString(), value.toObject());
    return checks;
}

bool setModulePath(const QString& databasePath, const QString& modulePath)
{
    bool ok = false;
    {
        QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), QStringLiteral("test-cli-selftest"));
        db.setDatabaseName(databasePath);
        QSqlQuery query(db);
        ok = db.open() && query.prepare(QStringLiteral("UPDATE settings SET value = ? WHERE key = 'token.module'"));
        query.addBindValue(modulePath);
        ok = ok && query.exec() && query.numRowsAffected() == 1;
        if (!ok)
            qWarning("%s", qPrintable(query.lastError().text()));
        db.close();
    }
    QSqlDatabase::removeDatabase(QStringLiteral("test-cli-selftest"));
    return ok;
}
} // namespace

// `custosctl selftest [--json]`: no login, the same report as the GUI's, exit 1 on a failure.
class TestCliSelfTest : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void passesOnThisMachineWithoutWorkspace()
    {
        CliHarness h;
        const CliResult r = h.runRaw({QStringLiteral("selftest")});
        QVERIFY2(r.exitCode == 0, qPrintable(r.out + r.err));
        for (const char* text : {"CHECK", "RESULT", "SHA-256", "AES key wrap with padding", "ECDSA P-256",
                                 "Process hardening", "Secure heap", "PKCS#11 module", "checks passed"})
            QVERIFY2(r.out.contains(QLatin1String(text)), text);
        QVERIFY2(!r.out.contains(QLatin1String("FAILED")), qPrintable(r.out));
        QVERIFY(!QFileInfo::exists(h.workspace())); // nothing was created
    }

    void jsonHasEveryCheckAndTheProcessState()
    {
        CliHarness h;
        const CliResult r = h.runRaw({QStringLiteral("selftest"), QStringLiteral("--json")});
        QVERIFY2(r.exitCode == 0, qPrintable(r.out + r.err));
        const QJsonObject report = r.json();
        QCOMPARE(report.value(QStringLiteral("passed")).toBool(), true);
        const QMap<QString, QJsonObject> checks = checksByName(report);
        QStringList expected = custos::crypto::selftest::primitiveSelfTestNames();
        expected << QStringLiteral("Process hardening") << QStringLiteral("Secure heap")
                 << QStringLiteral("PKCS#11 module");
        for (const QString& name : expected) {
            QVERIFY2(checks.contains(name), qPrintable(name));
            QVERIFY2(checks.value(name).value(QStringLiteral("passed")).toBool(), qPrintable(name));
        }
        QCOMPARE(checks.size(), expected.size());
        QVERIFY2(checks.value(QStringLiteral("PKCS#11 module"))
                     .value(QStringLiteral("detail"))
                     .toString()
                     .contains(QLatin1String("SoftHSM")),
                 qPrintable(r.out));
        // custosctl hardened itself first thing: read back from the running process.
        const QJsonObject process = report.value(QStringLiteral("process")).toObject();
        QCOMPARE(process.value(QStringLiteral("dumpable")).toInt(-1), 0);
        QCOMPARE(process.value(QStringLiteral("coreLimitSoft")).toInt(-1), 0);
        QCOMPARE(process.value(QStringLiteral("coreLimitHard")).toInt(-1), 0);
        QVERIFY(!process.value(QStringLiteral("secureHeap")).toString().isEmpty());
    }

    void workspaceModuleAndTokenAreProbed()
    {
        CliHarness h;
        QVERIFY(h.init());
        const QStringList selftest{QStringLiteral("--workspace"), h.workspace(), QStringLiteral("selftest"),
                                   QStringLiteral("--json")};
        const CliResult good = h.runRaw(selftest);
        QVERIFY2(good.exitCode == 0, qPrintable(good.out + good.err));
        const QMap<QString, QJsonObject> checks = checksByName(good.json());
        QVERIFY(checks.value(QStringLiteral("PKCS#11 module")).value(QStringLiteral("passed")).toBool());
        QVERIFY2(checks.value(QStringLiteral("Token")).value(QStringLiteral("passed")).toBool(), qPrintable(good.out));

        // A bad module path: the probe fails, says why and what to do, and the exit status is 1.
        const QString missing = h.root() + QStringLiteral("/no-such-pkcs11.so");
        QVERIFY(setModulePath(h.databasePath(), missing));
        const CliResult bad = h.runRaw(selftest);
        QCOMPARE(bad.exitCode, 1);
        const QJsonObject report = bad.json();
        QCOMPARE(report.value(QStringLiteral("passed")).toBool(true), false);
        const QJsonObject probe = checksByName(report).value(QStringLiteral("PKCS#11 module"));
        QCOMPARE(probe.value(QStringLiteral("passed")).toBool(true), false);
        QCOMPARE(probe.value(QStringLiteral("shortError")).toString(), QStringLiteral("module does not load"));
        QVERIFY2(probe.value(QStringLiteral("longError")).toString().contains(missing), qPrintable(bad.out));
        QVERIFY2(probe.value(QStringLiteral("proposedFix")).toString().contains(QLatin1String("does not exist")),
                 qPrintable(bad.out));
        // The primitives still pass: only the probe failed.
        QVERIFY(checksByName(report).value(QStringLiteral("SHA-256")).value(QStringLiteral("passed")).toBool());

        const CliResult text = h.runRaw({QStringLiteral("--workspace"), h.workspace(), QStringLiteral("selftest")});
        QCOMPARE(text.exitCode, 1);
        QVERIFY2(text.out.contains(QLatin1String("FAILED")), qPrintable(text.out));
        QVERIFY2(text.out.contains(QLatin1String("Proposed fix:")), qPrintable(text.out));
        QVERIFY2(text.out.contains(QLatin1String("module does not load")), qPrintable(text.out));
    }

    void workspaceThatDoesNotOpenFails()
    {
        CliHarness h;
        const CliResult r = h.runRaw({QStringLiteral("--workspace"), h.root() + QStringLiteral("/nowhere"),
                                      QStringLiteral("selftest"), QStringLiteral("--json")});
        QCOMPARE(r.exitCode, 1);
        const QJsonObject workspace = checksByName(r.json()).value(QStringLiteral("Workspace"));
        QCOMPARE(workspace.value(QStringLiteral("passed")).toBool(true), false);
        QVERIFY(!workspace.value(QStringLiteral("proposedFix")).toString().isEmpty());
        QVERIFY(!QFileInfo::exists(h.root() + QStringLiteral("/nowhere")));
    }
};

CUSTOS_REGISTER_TEST(TestCliSelfTest)
#include "TestCliSelfTest.moc"
