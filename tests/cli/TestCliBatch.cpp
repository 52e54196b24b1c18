#include "CliHarness.h"
#include "TestRegistry.h"

#include <QFile>
#include <QJsonObject>
#include <QTest>

using namespace custos::test;

// `custosctl batch --in F [--keep-going]` (CLI.md): one command per line, one login; every line
// parsed before any runs; stops at the first failure, naming its line, unless --keep-going.
class TestCliBatch : public QObject
{
    Q_OBJECT
private:
    QString writeBatch(CliHarness& h, const QString& text)
    {
        const QString path = h.root() + QStringLiteral("/jobs.batch");
        QFile file(path);
        if (file.open(QIODevice::WriteOnly | QIODevice::Truncate))
            file.write(text.toUtf8());
        return path;
    }
    CliResult batch(CliHarness& h, const QString& path, const QStringList& extra = {})
    {
        return h.run(QStringLiteral("admin"),
                     QStringList{QStringLiteral("batch"), QStringLiteral("--in"), path} + extra);
    }
    bool vaultExists(CliHarness& h, const QString& name)
    {
        return h.run(QStringLiteral("admin"), {QStringLiteral("vault"), QStringLiteral("show"), name}).exitCode == 0;
    }

private Q_SLOTS:
    void linesRunInOrderInOneLogin()
    {
        CliHarness h;
        QVERIFY(
            h.init(QStringLiteral("admin"), {QStringLiteral("--roles"), QStringLiteral("Administrator,Crypto User")}));
        const QString path = writeBatch(h, QStringLiteral("# set-up for the payments team\n"
                                                          "vault create payments\n"
                                                          "\n"
                                                          "key create payments 'signing' --kty EC   # quoted\n"
                                                          "key set payments \"signing\" --tags \"team=pay ments\"\n"
                                                          "key list payments --json\n"));
        const CliResult r = batch(h, path);
        QVERIFY2(r.exitCode == 0, qPrintable(r.err));
        QVERIFY(r.out.contains(QLatin1String("payments")));
        QVERIFY(r.out.contains(QLatin1String("signing")));
        const CliResult shown =
            h.run(QStringLiteral("admin"), {QStringLiteral("key"), QStringLiteral("show"), QStringLiteral("payments"),
                                            QStringLiteral("signing"), QStringLiteral("--json")});
        QVERIFY2(shown.exitCode == 0, qPrintable(shown.err));
        QCOMPARE(shown.json().value(QStringLiteral("tags")).toObject().value(QStringLiteral("team")).toString(),
                 QStringLiteral("pay ments"));
    }

    void aBadLineRunsNothing_data()
    {
        QTest::addColumn<QString>("line");
        QTest::addColumn<QString>("expected");
        QTest::newRow("unknown command") << QStringLiteral("frobnicate now") << QStringLiteral("jobs.batch:3: ");
        QTest::newRow("unterminated quote") << QStringLiteral("vault create 'oops") << QStringLiteral("column 14");
        QTest::newRow("another operator")
            << QStringLiteral("vault list --operator eve") << QStringLiteral("belong on the batch's own command line");
        QTest::newRow("nested batch") << QStringLiteral("batch --in other")
                                      << QStringLiteral("cannot run inside a batch");
        QTest::newRow("own login") << QStringLiteral("operator passwd") << QStringLiteral("logs in by itself");
        QTest::newRow("bad option value")
            << QStringLiteral("vault create x --retention-days soon") << QStringLiteral("jobs.batch:3: ");
    }
    void aBadLineRunsNothing()
    {
        QFETCH(QString, line);
        QFETCH(QString, expected);
        CliHarness h;
        QVERIFY(h.init());
        const QString path = writeBatch(h, QStringLiteral("vault create first\nvault create second\n") + line + '\n');
        const CliResult r = batch(h, path);
        QCOMPARE(r.exitCode, 2);
        QVERIFY2(r.err.contains(expected), qPrintable(r.err));
        QVERIFY2(r.err.contains(QLatin1String(":3: ")), qPrintable(r.err)); // the line is named
        QVERIFY(!vaultExists(h, QStringLiteral("first")));
    }

    void theFirstFailureStopsTheBatch()
    {
        CliHarness h;
        QVERIFY(h.init());
        const QString path = writeBatch(h, QStringLiteral("vault create one\nvault create one\nvault create three\n"));
        const CliResult r = batch(h, path);
        QCOMPARE(r.exitCode, 1);
        QVERIFY2(r.err.contains(QLatin1String("jobs.batch:2: ")), qPrintable(r.err));
        QVERIFY2(r.err.contains(QLatin1String("stopped at line 2")), qPrintable(r.err));
        QVERIFY(vaultExists(h, QStringLiteral("one")));
        QVERIFY(!vaultExists(h, QStringLiteral("three")));
    }

    void keepGoingRunsTheRestAndSaysWhatFailed()
    {
        CliHarness h;
        QVERIFY(h.init());
        const QString path =
            writeBatch(h, QStringLiteral("vault create one\nvault create one\nvault create three\nvault show nope\n"));
        const CliResult r = batch(h, path, {QStringLiteral("--keep-going")});
        QCOMPARE(r.exitCode, 1);
        QVERIFY(vaultExists(h, QStringLiteral("three")));
        QVERIFY2(r.err.contains(QLatin1String("2 of 4 commands failed (lines 2, 4)")), qPrintable(r.err));
    }

    void aMissingOrEmptyFileIsRefused()
    {
        CliHarness h;
        QVERIFY(h.init());
        CliResult r = batch(h, h.root() + QStringLiteral("/absent.batch"));
        QCOMPARE(r.exitCode, 1);
        QVERIFY2(r.err.contains(QLatin1String("cannot read")) && r.err.contains(QLatin1String("absent.batch")),
                 qPrintable(r.err));
        r = batch(h, writeBatch(h, QStringLiteral("# only a comment\n\n")));
        QCOMPARE(r.exitCode, 2);
        QVERIFY2(r.err.contains(QLatin1String("holds no command")), qPrintable(r.err));
    }
};

CUSTOS_REGISTER_TEST(TestCliBatch)
#include "TestCliBatch.moc"
