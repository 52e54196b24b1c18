#include "CliHarness.h"
#include "TestRegistry.h"

#include "app/cli/Cli.h"
#include "app/cli/CliArguments.h"
#include "app/cli/Table.h"
#include "app/cli/TimeArgument.h"
#include "app/cli/VaultCommands.h"

#include <QTest>
#include <QTimeZone>

using namespace custos::app;
using custos::test::CliHarness;
using custos::test::CliResult;

// The parts of custosctl that need no workspace: parsing, help, version, usage errors, formatting.
class TestCliBasics : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void versionAndHelpWithoutWorkspace()
    {
        CliHarness h;
        for (const QStringList& args : {QStringList{"--version"}, QStringList{"vault", "list", "--version"}}) {
            const CliResult r = h.runRaw(args);
            QCOMPARE(r.exitCode, 0);
            QVERIFY2(r.out.startsWith("custosctl "), qPrintable(r.out));
        }
        const CliResult help = h.runRaw({"--help"});
        QCOMPARE(help.exitCode, 0);
        for (const char* text : {"init --operator NAME", "vault create VAULT", "audit verify", "role assign",
                                 "operator passwd", "--passphrase-file", "CUSTOS_WORKSPACE"})
            QVERIFY2(help.out.contains(QLatin1String(text)), text);
        const CliResult vaultHelp = h.runRaw({"--workspace", h.root() + "/nowhere", "vault", "--help"});
        QCOMPARE(vaultHelp.exitCode, 0);
        QVERIFY(vaultHelp.out.contains("vault purge VAULT"));
        QVERIFY(!vaultHelp.out.contains("operator add"));
        QVERIFY(!QFileInfo::exists(h.root() + "/nowhere"));
    }

    void usageErrorsExitTwo_data()
    {
        QTest::addColumn<QStringList>("args");
        QTest::addColumn<QString>("message");
        QTest::newRow("no command") << QStringList{} << "no command";
        QTest::newRow("unknown command") << QStringList{"frobnicate"} << "unknown command 'frobnicate'";
        QTest::newRow("unknown subcommand") << QStringList{"vault", "explode"} << "unknown subcommand 'vault explode'";
        QTest::newRow("missing subcommand") << QStringList{"vault"} << "'vault' needs a subcommand";
        QTest::newRow("missing argument") << QStringList{"vault", "create"} << "'vault create' needs VAULT";
        QTest::newRow("extra argument") << QStringList{"vault", "list", "x"} << "unexpected argument 'x'";
        QTest::newRow("unknown option") << QStringList{"vault", "list", "--bogus"} << "unknown option --bogus";
        QTest::newRow("foreign option") << QStringList{"vault", "list", "--principal", "x"}
                                        << "unknown option --principal";
        QTest::newRow("missing value") << QStringList{"vault", "create", "abc", "--protection"} << "needs a value";
        QTest::newRow("flag with value") << QStringList{"vault", "list", "--json=yes"} << "takes no value";
        QTest::newRow("short option") << QStringList{"-x"} << "unknown option -x";
    }
    void usageErrorsExitTwo()
    {
        QFETCH(QStringList, args);
        QFETCH(QString, message);
        CliHarness h;
        const CliResult r = h.runRaw(QStringList{"--workspace", h.workspace()} + args);
        QCOMPARE(r.exitCode, 2);
        QVERIFY2(r.err.startsWith("custosctl: "), qPrintable(r.err));
        QVERIFY2(r.err.contains(message), qPrintable(r.err));
        QVERIFY2(r.err.contains("--help"), qPrintable(r.err));
        QCOMPARE(r.err.count('\n'), 1);
        QVERIFY(r.out.isEmpty());
    }

    void missingWorkspaceNamesThePath()
    {
        CliHarness h;
        const QString dir = h.root() + "/does-not-exist";
        const CliResult r = h.runRaw({"--workspace", dir, "--operator", "admin", "--passphrase-file",
                                      h.passphraseFile("admin"), "vault", "list"});
        QCOMPARE(r.exitCode, 1);
        QVERIFY2(r.err.contains(dir), qPrintable(r.err));
        QCOMPARE(r.err.count('\n'), 1);
        QVERIFY(!QFileInfo::exists(dir));
        // CUSTOS_WORKSPACE is the fallback for --workspace.
        QProcessEnvironment env;
        env.insert("CUSTOS_WORKSPACE", dir);
        const CliResult viaEnv = h.runRaw({"--operator", "admin", "vault", "list"}, env);
        QCOMPARE(viaEnv.exitCode, 1);
        QVERIFY2(viaEnv.err.contains(dir), qPrintable(viaEnv.err));
    }

    void emptyDirectoryIsNoWorkspace()
    {
        CliHarness h;
        QVERIFY(QDir().mkpath(h.workspace()));
        const CliResult r = h.run("admin", {"status"});
        QCOMPARE(r.exitCode, 1);
        QVERIFY2(r.err.contains(h.workspace()), qPrintable(r.err));
        QVERIFY(QDir(h.workspace()).isEmpty());
    }

    void parserAcceptsOptionsAnywhere()
    {
        const auto args = CliArguments::parse({"--json", "vault", "create", "--operator=bob", "v1", "--tags", "a=1;b=2",
                                               "--reason", "CHG-1", "--purge-protection"},
                                              Cli::commands());
        QVERIFY2(args.isValid(), qPrintable(args.error()));
        QVERIFY(args.json());
        QCOMPARE(args.command()->fullName(), QString("vault create"));
        QCOMPARE(args.positionals(), QStringList{"v1"});
        QCOMPARE(args.operatorName(), QString("bob"));
        QCOMPARE(args.value("tags"), QString("a=1;b=2"));
        QCOMPARE(args.value("reason"), QString("CHG-1"));
        QVERIFY(args.has("purge-protection"));
        // --reason only where something changes.
        QVERIFY(!CliArguments::parse({"vault", "list", "--reason", "x"}, Cli::commands()).isValid());
        // "--" ends the options.
        const auto dashed = CliArguments::parse({"vault", "show", "--", "--json"}, Cli::commands());
        QVERIFY(dashed.isValid());
        QCOMPARE(dashed.positional(0), QString("--json"));
    }

    void tags()
    {
        const auto tags = VaultCommands::parseTags("env=prod; owner = pki ;");
        QVERIFY(tags);
        QCOMPARE(tags->value("env"), QString("prod"));
        QCOMPARE(tags->value("owner"), QString("pki"));
        QVERIFY(VaultCommands::parseTags("")->isEmpty());
        QVERIFY(!VaultCommands::parseTags("novalue"));
        QVERIFY(!VaultCommands::parseTags("=x"));
    }

    void times()
    {
        const QDateTime now(QDate(2025, 1, 31), QTime(12, 0), QTimeZone::utc());
        QCOMPARE(*TimeArgument::parse("P30D", TimeArgument::Direction::Future, now),
                 QDateTime(QDate(2025, 3, 2), QTime(12, 0), QTimeZone::utc()));
        QCOMPARE(*TimeArgument::parse("PT2H", TimeArgument::Direction::Past, now),
                 QDateTime(QDate(2025, 1, 31), QTime(10, 0), QTimeZone::utc()));
        QCOMPARE(*TimeArgument::parse("2025-06-30", TimeArgument::Direction::Future, now),
                 QDateTime(QDate(2025, 6, 30), QTime(0, 0), QTimeZone::utc()));
        QCOMPARE(*TimeArgument::parse("2025-06-30T08:00:00+02:00", TimeArgument::Direction::Past, now),
                 QDateTime(QDate(2025, 6, 30), QTime(6, 0), QTimeZone::utc()));
        for (const char* bad : {"P", "PT", "30D", "tomorrow", "2025-13-01", "P1X"})
            QVERIFY2(!TimeArgument::parse(bad, TimeArgument::Direction::Past, now), bad);
    }

    void table()
    {
        Table t({"NAME", "VALUE"});
        t.addRow({"a", "1"});
        t.addRow({"longer", "two\nlines"});
        QCOMPARE(t.render(), QString("NAME    VALUE\na       1\nlonger  two lines\n"));
        Table plain{QStringList()};
        plain.addRow({"Name", "x"});
        plain.addRow({"Retention", "7 days"});
        QCOMPARE(plain.render(), QString("Name       x\nRetention  7 days\n"));
    }
};

CUSTOS_REGISTER_TEST(TestCliBasics)
#include "TestCliBasics.moc"
