#include "CliHarness.h"
#include "TestRegistry.h"

#include <QFile>
#include <QFileInfo>
#include <QProcess>
#include <QStandardPaths>
#include <QTest>

#include <unistd.h>

using custos::test::CliHarness;
using custos::test::CliResult;

// rng --bytes N [--out F]: random bytes from the token, audited by count.
class TestCliRng : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase() { QVERIFY(m_h.init("admin")); }

    void toFile()
    {
        const QString a = m_h.root() + "/a.bin";
        const QString b = m_h.root() + "/b.bin";
        const CliResult first = m_h.run("admin", {"rng", "--bytes", "32", "--out", a, "--reason", "seed"});
        QVERIFY2(first.exitCode == 0, qPrintable(first.err));
        QCOMPARE(first.out, QString("Wrote 32 random bytes from the token to '%1'\n").arg(a));
        QCOMPARE(m_h.run("admin", {"rng", "--bytes", "32", "--out", b}).exitCode, 0);
        QCOMPARE(QFileInfo(a).size(), qint64(32));
        QVERIFY(readFile(a) != readFile(b));
        QCOMPARE(QFileInfo(a).permissions() & (QFile::ReadOther | QFile::ReadGroup), QFile::Permissions());
        const CliResult audit = m_h.run("admin", {"audit", "list", "--operation", "RandomBytes", "--format", "jsonl"});
        QVERIFY2(audit.out.count('\n') >= 2, qPrintable(audit.out));
        QVERIFY(audit.out.contains("\"justification\":\"seed\""));
    }

    void toStdout()
    {
        // Raw bytes on stdout when it is not a terminal (the harness decodes text, so run it here).
        QProcess process;
        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        env.remove("CUSTOS_PASSPHRASE");
        process.setProcessEnvironment(env);
        process.setChildProcessModifier([] { ::setsid(); });
        process.start(QStringLiteral(CUSTOS_CUSTOSCTL_PATH),
                      {"--workspace", m_h.workspace(), "--operator", "admin", "--passphrase-file",
                       m_h.passphraseFile("admin"), "rng", "--bytes", "100"});
        QVERIFY(process.waitForFinished(60000));
        QCOMPARE(process.exitCode(), 0);
        QCOMPARE(process.readAllStandardOutput().size(), 100);
    }

    void refusedOnTerminal()
    {
        // script(1) gives custosctl a terminal as stdout.
        const QString script = QStandardPaths::findExecutable("script");
        if (script.isEmpty())
            QSKIP("script (util-linux) is not installed");
        const QStringList command{QStringLiteral(CUSTOS_CUSTOSCTL_PATH),
                                  "--workspace",
                                  m_h.workspace(),
                                  "--operator",
                                  "admin",
                                  "--passphrase-file",
                                  m_h.passphraseFile("admin"),
                                  "rng",
                                  "--bytes",
                                  "16"};
        QProcess process;
        process.start(script, {"-qec", command.join(' '), "/dev/null"});
        QVERIFY(process.waitForFinished(60000));
        QCOMPARE(process.exitCode(), 1);
        QVERIFY2(process.readAllStandardOutput().contains("refused on a terminal"), "no refusal");
    }

    void invalid_data()
    {
        QTest::addColumn<QStringList>("args");
        QTest::addColumn<int>("exitCode");
        QTest::newRow("no bytes") << QStringList{"rng"} << 2;
        QTest::newRow("zero") << QStringList{"rng", "--bytes", "0"} << 2;
        QTest::newRow("text") << QStringList{"rng", "--bytes", "many"} << 2;
        QTest::newRow("too many") << QStringList{"rng", "--bytes", "2000000", "--out", "/tmp/custos-rng-never"} << 2;
    }
    void invalid()
    {
        QFETCH(QStringList, args);
        QFETCH(int, exitCode);
        const CliResult r = m_h.run("admin", args);
        QCOMPARE(r.exitCode, exitCode);
        QCOMPARE(r.err.count('\n'), 1);
        QVERIFY(r.err.contains("bytes"));
        QVERIFY(!QFile::exists("/tmp/custos-rng-never"));
    }

private:
    static QByteArray readFile(const QString& path)
    {
        QFile file(path);
        return file.open(QIODevice::ReadOnly) ? file.readAll() : QByteArray();
    }

    CliHarness m_h;
};

CUSTOS_REGISTER_TEST(TestCliRng)
#include "TestCliRng.moc"
