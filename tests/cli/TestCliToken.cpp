#include "CliHarness.h"
#include "TestRegistry.h"

#include <QJsonArray>
#include <QTest>

using custos::test::CliHarness;
using custos::test::CliResult;

// token info and token mechanisms: what the workspace's token is and how each algorithm runs on it.
class TestCliToken : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase() { QVERIFY(m_h.init("admin")); }

    void info()
    {
        const CliResult table = m_h.run("admin", {"token", "info"});
        QVERIFY2(table.exitCode == 0, qPrintable(table.err));
        QVERIFY(table.out.startsWith("Label"));
        QVERIFY2(table.out.contains("SoftHSM"), qPrintable(table.out));
        const QJsonObject json = m_h.run("admin", {"token", "info", "--json"}).json();
        QVERIFY(!json.value("label").toString().isEmpty());
        QCOMPARE(json.value("name").toString(), json.value("label").toString());
        QVERIFY(json.value("libraryPath").toString().contains("softhsm"));
        QCOMPARE(json.value("embedded").toBool(), true);
        QVERIFY(json.value("keyObjects").isDouble());
    }

    void mechanisms()
    {
        const CliResult table = m_h.run("admin", {"token", "mechanisms"});
        QVERIFY2(table.exitCode == 0, qPrintable(table.err));
        QVERIFY(table.out.startsWith("ALGORITHM"));
        QVERIFY(table.out.contains("MECHANISMS"));
        const QJsonArray rows = m_h.run("admin", {"token", "mechanisms", "--json"}).json().value("value").toArray();
        QVERIFY(!rows.isEmpty());
        QMap<QString, QString> routes; // "ALG operation" -> route
        for (const QJsonValue& row : rows) {
            const QJsonObject o = row.toObject();
            QVERIFY(QStringList({"native", "composed", "unavailable"}).contains(o.value("route").toString()));
            routes.insert(o.value("alg").toString() + " " + o.value("operation").toString(),
                          o.value("route").toString());
        }
        // SoftHSM2 2.6 signs ECDSA only raw: ES256 needs a software hash (TOOLCHAIN.md).
        QCOMPARE(routes.value("ES256 sign"), QString("composed"));
        QCOMPARE(routes.value("RS256 sign"), QString("native"));
    }

    void needsLoginAndPermission()
    {
        QCOMPARE(m_h.run("", {"token", "info"}).exitCode, 2); // no operator
        QCOMPARE(m_h.run("admin", {"token", "info", "extra"}).exitCode, 2);
    }

private:
    CliHarness m_h;
};

CUSTOS_REGISTER_TEST(TestCliToken)
#include "TestCliToken.moc"
