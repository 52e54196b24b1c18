// `audit key`, `audit verify --file` (offline, no workspace), filtered exports with stubs and
// `audit archive` + `audit verify --archive`, with openssl as the independent check of the audit
// key's fingerprint and of a checkpoint's signature.
#include "CliHarness.h"
#include "TestRegistry.h"

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QTest>

using custos::test::CliHarness;
using custos::test::CliResult;

namespace {

QByteArray runTool(const QString& program, const QStringList& args, const QByteArray& input = {},
                   int* exitCode = nullptr)
{
    QProcess p;
    p.start(program, args);
    p.write(input);
    p.closeWriteChannel();
    p.waitForFinished(30000);
    if (exitCode)
        *exitCode = p.exitCode();
    return p.readAllStandardOutput() + p.readAllStandardError();
}

QList<QJsonObject> jsonLines(const QString& path)
{
    QFile f(path);
    QList<QJsonObject> out;
    if (!f.open(QIODevice::ReadOnly))
        return out;
    for (const QByteArray& line : f.readAll().split('\n'))
        if (!line.trimmed().isEmpty())
            out << QJsonDocument::fromJson(line).object();
    return out;
}

} // namespace

class TestCliAuditVerify : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY(m_h.init("admin"));
        for (const char* vault : {"verify-a", "verify-b", "verify-c"})
            QCOMPARE(m_h.run("admin", {"vault", "create", vault}).exitCode, 0);
        QCOMPARE(m_h.run("admin", {"vault", "create", "x"}).exitCode, 1); // a Failed event
        QCOMPARE(m_h.run("admin", {"vault", "create", "verify-d"}).exitCode, 0);
        m_key = m_h.root() + "/audit.pem";
        const CliResult key = m_h.run("admin", {"audit", "key", "--out", m_key});
        QVERIFY2(key.exitCode == 0, qPrintable(key.err));
        m_fingerprint = key.out.section("fingerprint ", 1).chopped(2); // "... (SHA-256 fingerprint XX:..)\n"
    }

    void keyFingerprintMatchesOpenssl()
    {
        int status = 0;
        const QByteArray der = runTool("openssl", {"pkey", "-pubin", "-in", m_key, "-outform", "DER"}, {}, &status);
        QCOMPARE(status, 0);
        const QByteArray digest = runTool("openssl", {"dgst", "-sha256", "-c"}, der);
        QVERIFY2(digest.toLower().contains(m_fingerprint.toLower().toLatin1()), digest.constData());
        const QByteArray text = runTool("openssl", {"pkey", "-pubin", "-in", m_key, "-text", "-noout"});
        QVERIFY2(text.contains("prime256v1") || text.contains("P-256"), text.constData());
        QCOMPARE(m_h.run("admin", {"audit", "key", "--json"}).json().value("fingerprint").toString(), m_fingerprint);
    }

    // openssl, not Custos, checks a checkpoint of an export against the exported key.
    void checkpointSignatureVerifiesWithOpenssl()
    {
        const QString path = m_h.root() + "/all.jsonl";
        QCOMPARE(m_h.run("admin", {"audit", "list", "--format", "jsonl", "--out", path}).exitCode, 0);
        QJsonObject checkpoint;
        for (const QJsonObject& line : jsonLines(path))
            if (line.contains("checkpoint"))
                checkpoint = line.value("checkpoint").toObject();
        QVERIFY(!checkpoint.isEmpty());
        const QByteArray signedText =
            QStringLiteral("custos-audit-checkpoint-v1\nseq=%1\nhead=%2\ntime=%3\nkind=%4\n"
                           "archive=%5\n")
                .arg(checkpoint.value("seq").toInteger())
                .arg(checkpoint.value("head").toString())
                .arg(checkpoint.value("time").toInteger())
                .arg(checkpoint.value("kind").toString(), checkpoint.value("archiveSha256").toString())
                .toUtf8();
        QFile text(m_h.root() + "/checkpoint.txt"), sig(m_h.root() + "/checkpoint.sig");
        QVERIFY(text.open(QIODevice::WriteOnly) && text.write(signedText) == signedText.size());
        text.close();
        const QByteArray der = QByteArray::fromBase64(checkpoint.value("signature").toString().toLatin1());
        QVERIFY(sig.open(QIODevice::WriteOnly) && sig.write(der) == der.size());
        sig.close();
        int status = -1;
        const QByteArray out =
            runTool("openssl", {"dgst", "-sha256", "-verify", m_key, "-signature", sig.fileName(), text.fileName()}, {},
                    &status);
        QVERIFY2(status == 0 && out.contains("Verified OK"), out.constData());
    }

    void filteredExportVerifiesOfflineWithoutAWorkspace()
    {
        // Every custosctl run signs its head when it ends, so a filtered export needs stubs only for
        // the events it leaves out between its first and last match: the failed "x" here.
        const QString path = m_h.root() + "/verify-vaults.jsonl";
        const CliResult exported =
            m_h.run("admin", {"audit", "list", "--search", "verify-", "--format", "jsonl", "--out", path});
        QVERIFY2(exported.exitCode == 0, qPrintable(exported.err));
        int events = 0, stubs = 0;
        for (const QJsonObject& line : jsonLines(path)) {
            events += line.contains("operation") ? 1 : 0;
            stubs += line.value("stub").toBool() ? 1 : 0;
        }
        QCOMPARE(events, 4);
        QCOMPARE(stubs, 1);
        // No workspace, no operator: only the file and the key.
        const CliResult offline =
            m_h.runRaw({"--workspace", m_h.root() + "/nowhere", "audit", "verify", "--file", path, "--key", m_key});
        QVERIFY2(offline.exitCode == 0, qPrintable(offline.err));
        QVERIFY2(offline.out.contains("intact") && offline.out.contains("4 events, 1 stubs"), qPrintable(offline.out));

        QFile f(path);
        QVERIFY(f.open(QIODevice::ReadOnly));
        QByteArray bytes = f.readAll();
        f.close();
        QVERIFY(f.open(QIODevice::WriteOnly | QIODevice::Truncate));
        f.write(bytes.replace("\"vault\":\"verify-b\"", "\"vault\":\"verify-z\""));
        f.close();
        const CliResult edited = m_h.runRaw({"audit", "verify", "--file", path, "--key", m_key});
        QCOMPARE(edited.exitCode, 1);
        QVERIFY2(edited.err.contains("(edited)"), qPrintable(edited.err));

        QCOMPARE(m_h.runRaw({"audit", "verify", "--file", path}).exitCode, 2);
        const CliResult badKey = m_h.runRaw({"audit", "verify", "--file", path, "--key", path});
        QCOMPARE(badKey.exitCode, 1);
        QVERIFY2(badKey.err.contains("not a public key"), qPrintable(badKey.err));
        const CliResult notExport = m_h.runRaw({"audit", "verify", "--file", m_key, "--key", m_key});
        QCOMPARE(notExport.exitCode, 1);
        QVERIFY2(notExport.err.contains("line 1"), qPrintable(notExport.err));
    }

    void checkpointIntervalIsAWorkspaceSetting()
    {
        QCOMPARE(
            m_h.run("admin", {"audit", "checkpoints", "show", "--json"}).json().value("checkpointInterval").toInt(),
            1000);
        const CliResult set = m_h.run("admin", {"audit", "checkpoints", "set", "--interval", "2", "--reason", "CHG-5"});
        QVERIFY2(set.exitCode == 0, qPrintable(set.err));
        QCOMPARE(
            m_h.run("admin", {"audit", "checkpoints", "show", "--json"}).json().value("checkpointInterval").toInt(), 2);
        const QJsonArray events = m_h.run("admin", {"audit", "list", "--operation", "AuditSettingsUpdate", "--json"})
                                      .json()
                                      .value("value")
                                      .toArray();
        QCOMPARE(events.size(), 1);
        QCOMPARE(events.first().toObject().value("details").toObject().value("checkpointInterval").toInt(), 2);
        QCOMPARE(m_h.run("admin", {"audit", "checkpoints", "set", "--interval", "0"}).exitCode, 2);
        QCOMPARE(m_h.run("admin", {"audit", "checkpoints", "reset"}).exitCode, 2);
        QCOMPARE(m_h.run("admin", {"audit", "checkpoints", "set", "--interval", "1000"}).exitCode, 0);
    }

    void archiveThenVerifyAcrossIt()
    {
        const QString archive = m_h.root() + "/archive.jsonl";
        const CliResult archived = m_h.run("admin", {"audit", "archive", "--before", "2099-01-01", "--out", archive,
                                                     "--reason", "CHG-77 yearly archive"});
        QVERIFY2(archived.exitCode == 0, qPrintable(archived.err));
        QVERIFY2(archived.out.startsWith("Archived "), qPrintable(archived.out));
        const CliResult live = m_h.run("admin", {"audit", "list", "--json"});
        const QJsonArray remaining = live.json().value("value").toArray();
        QCOMPARE(remaining.size(), 1);
        QCOMPARE(remaining.first().toObject().value("operation").toString(), QString("AuditArchive"));
        QCOMPARE(remaining.first().toObject().value("justification").toString(), QString("CHG-77 yearly archive"));

        const CliResult withArchive = m_h.run("admin", {"audit", "verify", "--archive", archive, "--json"});
        QVERIFY2(withArchive.exitCode == 0, qPrintable(withArchive.err));
        QVERIFY(withArchive.json().value("archivedEvents").toInt() >= 6);
        QCOMPARE(m_h.run("admin", {"audit", "verify"}).exitCode, 0);
        QCOMPARE(m_h.runRaw({"audit", "verify", "--file", archive, "--key", m_key}).exitCode, 0);
        QCOMPARE(m_h.run("admin", {"audit", "archive", "--before", "someday", "--out", archive}).exitCode, 2);
        QCOMPARE(m_h.run("admin", {"audit", "archive", "--before", "2000-01-01", "--out", archive}).exitCode, 1);
    }

private:
    CliHarness m_h;
    QString m_key;
    QString m_fingerprint;
};

CUSTOS_REGISTER_TEST(TestCliAuditVerify)
#include "TestCliAuditVerify.moc"
