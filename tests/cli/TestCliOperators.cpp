#include "CliHarness.h"
#include "TestRegistry.h"

#include <QJsonArray>
#include <QTest>

using custos::test::CliHarness;
using custos::test::CliResult;

// operator add|list|show|disable|enable|passwd through custosctl, one workspace for the class.
class TestCliOperators : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase() { QVERIFY(m_h.init("admin")); }

    void add()
    {
        const CliResult r =
            m_h.run("admin", {"operator", "add", "carol", "--new-passphrase-file", m_h.passphraseFile("carol"),
                              "--display-name", "Carol C.", "--reason", "CHG-7"});
        QCOMPARE(r.exitCode, 0);
        QCOMPARE(r.out, QString("Added operator 'carol'\n"));
        const CliResult duplicate =
            m_h.run("admin", {"operator", "add", "carol", "--new-passphrase-file", m_h.passphraseFile("carol")});
        QCOMPARE(duplicate.exitCode, 1);
        QVERIFY2(duplicate.err.contains("carol"), qPrintable(duplicate.err));
        const CliResult badName =
            m_h.run("admin", {"operator", "add", "no spaces", "--new-passphrase-file", m_h.passphraseFile("x")});
        QCOMPARE(badName.exitCode, 1);
        // No --new-passphrase-file and no terminal: a usage error, nothing added.
        const CliResult noSecret = m_h.run("admin", {"operator", "add", "dave"});
        QCOMPARE(noSecret.exitCode, 2);
        QVERIFY2(noSecret.err.contains("--new-passphrase-file"), qPrintable(noSecret.err));
        // The new operator can log in (no roles yet, so creating a vault is denied, not a login error).
        const CliResult login = m_h.run("carol", {"vault", "create", "carols"});
        QCOMPARE(login.exitCode, 1);
        QVERIFY2(login.err.contains("denied"), qPrintable(login.err));
        // The justification landed in the audit event.
        const CliResult events = m_h.run("admin", {"audit", "list", "--search", "CHG-7", "--json"});
        QCOMPARE(events.exitCode, 0);
        const QJsonArray value = events.json().value("value").toArray();
        QCOMPARE(value.size(), 1);
        QCOMPARE(value.first().toObject().value("justification").toString(), QString("CHG-7"));
    }

    void listAndShow()
    {
        const CliResult table = m_h.run("admin", {"operator", "list"});
        QCOMPARE(table.exitCode, 0);
        QVERIFY(table.out.startsWith("NAME"));
        QVERIFY(table.out.contains("carol"));
        QVERIFY(table.out.contains("Carol C."));
        const QJsonArray list = m_h.run("admin", {"--json", "operator", "list"}).json().value("value").toArray();
        QCOMPARE(list.size(), 2);
        const CliResult show = m_h.run("admin", {"operator", "show", "carol", "--json"});
        QCOMPARE(show.exitCode, 0);
        const QJsonObject carol = show.json();
        QCOMPARE(carol.value("name").toString(), QString("carol"));
        QCOMPARE(carol.value("id").toString(), QString("/operators/carol"));
        QCOMPARE(carol.value("displayName").toString(), QString("Carol C."));
        QCOMPARE(carol.value("attributes").toObject().value("enabled").toBool(), true);
        QVERIFY(carol.value("attributes").toObject().value("created").isDouble());
        // Nothing derived from the passphrase is ever printed.
        for (const char* secret : {"salt", "verifier", "wrappedPin", "kdf"})
            QVERIFY2(!show.out.contains(QLatin1String(secret)), secret);
        const CliResult missing = m_h.run("admin", {"operator", "show", "zed"});
        QCOMPARE(missing.exitCode, 1);
        QVERIFY2(missing.err.contains("zed"), qPrintable(missing.err));
    }

    void disableEnable()
    {
        const CliResult off = m_h.run("admin", {"operator", "disable", "carol"});
        QCOMPARE(off.exitCode, 0);
        QCOMPARE(off.out, QString("Disabled operator 'carol'\n"));
        const CliResult refused = m_h.run("carol", {"vault", "list"});
        QCOMPARE(refused.exitCode, 1);
        QVERIFY2(refused.err.contains("disabled"), qPrintable(refused.err));
        const CliResult on = m_h.run("admin", {"operator", "enable", "carol", "--json"});
        QCOMPARE(on.exitCode, 0);
        QCOMPARE(on.json().value("attributes").toObject().value("enabled").toBool(), true);
        // The last Administrator cannot be disabled.
        const CliResult last = m_h.run("admin", {"operator", "disable", "admin"});
        QCOMPARE(last.exitCode, 1);
    }

    void passwdOwnAndReset()
    {
        // Own passphrase: the login passphrase is the current one.
        const QString next = m_h.secretFile("carol-next", "carol-second-pass");
        const CliResult own = m_h.run("carol", {"operator", "passwd", "--new-passphrase-file", next});
        QCOMPARE(own.exitCode, 0);
        QVERIFY(own.out.contains("carol"));
        QCOMPARE(m_h.run("carol", {"operator", "passwd", "--new-passphrase-file", next}).exitCode, 1); // old one
        QVERIFY(m_h.runAs("carol", next, {"vault", "create", "carols"}).err.contains("denied"));
        // Reset by an administrator.
        const CliResult reset =
            m_h.run("admin", {"operator", "passwd", "carol", "--new-passphrase-file", m_h.passphraseFile("carol")});
        QCOMPARE(reset.exitCode, 0);
        QVERIFY(reset.out.contains("Reset"));
        QVERIFY(m_h.run("carol", {"vault", "create", "carols"}).err.contains("denied"));
        // Carol may not reset anyone else's.
        const CliResult notHers = m_h.run("carol", {"operator", "passwd", "admin", "--new-passphrase-file", next});
        QCOMPARE(notHers.exitCode, 1);
        QVERIFY2(notHers.err.contains("operators/write"), qPrintable(notHers.err));
    }

private:
    CliHarness m_h;
};

CUSTOS_REGISTER_TEST(TestCliOperators)
#include "TestCliOperators.moc"
