// `key import`: --dry-run prints the preview as JSON and changes nothing; files that are not key
// files (a directory, a missing file, a 1 GB file, a wrong password, the bad data files) give a clear
// error naming the path and leave the vault unchanged; several keys need --item; duplicates need
// --as-version or --allow-duplicate.

#include "CliHarness.h"
#include "TestRegistry.h"

#include <QDir>
#include <QFile>
#include <QJsonArray>
#include <QJsonObject>
#include <QProcess>
#include <QTest>

using custos::test::CliHarness;
using custos::test::CliResult;

namespace {

QString goodFile(const QString& name)
{
    return QStringLiteral(CUSTOS_TEST_DATA_DIR "/import/good/") + name;
}
QString badFile(const QString& name)
{
    return QStringLiteral(CUSTOS_TEST_DATA_DIR "/import/bad/") + name;
}

} // namespace

class TestCliKeyImport : public QObject
{
    Q_OBJECT
private:
    CliHarness m_h;

    QString path(const QString& name) const { return m_h.root() + QLatin1Char('/') + name; }

    // The vault's keys as `key list --json` shows them: unchanged after every refusal.
    QString keyList()
    {
        const CliResult list = m_h.run("admin", {"key", "list", "imports", "--json"});
        return list.out;
    }

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY(m_h.init("admin"));
        QCOMPARE(m_h.run("admin", {"vault", "create", "imports"}).exitCode, 0);
    }

    void dryRunPrintsThePreviewAndChangesNothing()
    {
        const QString before = keyList();
        const CliResult preview = m_h.run(
            "admin", {"key", "import", "imports", "dry", "--in", goodFile("ec-p256.cert-and-key.pem"), "--dry-run"});
        QVERIFY2(preview.exitCode == 0, qPrintable(preview.err));
        const QJsonObject o = preview.json();
        QVERIFY2(!o.value("format").toString().isEmpty(), qPrintable(preview.out));
        QVERIFY(o.contains("encryption"));
        QVERIFY(o.value("warnings").isArray());
        const QJsonArray keys = o.value("keys").toArray();
        QVERIFY(!keys.isEmpty());
        const QJsonObject key = keys.first().toObject();
        QCOMPARE(key.value("index").toInt(), 0);
        QCOMPARE(key.value("kty").toString(), QString("EC"));
        QCOMPARE(key.value("crv").toString(), QString("P-256"));
        QCOMPARE(key.value("publicOnly").toBool(), false);
        QCOMPARE(key.value("fingerprint").toString().size(), 64);
        QVERIFY(key.value("certificate").toObject().value("subject").toString().contains("custos-import-test"));
        QVERIFY(key.value("chain").isArray());
        QVERIFY(key.value("keyOps").toArray().contains(QJsonValue("sign")));
        QVERIFY(key.value("duplicates").toArray().isEmpty());
        QVERIFY(key.value("refusal").isNull());
        QCOMPARE(keyList(), before);
        QCOMPARE(m_h.run("admin", {"key", "show", "imports", "dry"}).exitCode, 1);
    }

    void importsAndRefusesDuplicates()
    {
        const CliResult imported =
            m_h.run("admin", {"key", "import", "imports", "ec-1", "--in", goodFile("ec-p256.pkcs8.pem"), "--json"});
        QVERIFY2(imported.exitCode == 0, qPrintable(imported.err));
        const QJsonObject o = imported.json();
        QCOMPARE(o.value("name").toString(), QString("ec-1"));
        QCOMPARE(o.value("fingerprint").toString().size(), 64);
        QVERIFY(!o.contains("publicOnly")); // Key Vault has no such field: only when set
        const QString fingerprint = o.value("fingerprint").toString();

        const QString before = keyList();
        const CliResult duplicate =
            m_h.run("admin", {"key", "import", "imports", "ec-2", "--in", goodFile("ec-p256.sec1.der")});
        QCOMPARE(duplicate.exitCode, 1);
        QVERIFY2(duplicate.err.contains("key 'ec-1' in vault 'imports'") && duplicate.err.contains("--as-version") &&
                     duplicate.err.contains("--allow-duplicate"),
                 qPrintable(duplicate.err));
        QCOMPARE(keyList(), before);
        const CliResult preview =
            m_h.run("admin", {"key", "import", "imports", "ec-2", "--in", goodFile("ec-p256.sec1.der"), "--dry-run"});
        const QJsonObject dup =
            preview.json().value("keys").toArray().first().toObject().value("duplicates").toArray().first().toObject();
        QCOMPARE(dup.value("name").toString(), QString("ec-1"));
        QCOMPARE(dup.value("vault").toString(), QString("imports"));

        const CliResult version = m_h.run(
            "admin", {"key", "import", "imports", "ec-1", "--in", goodFile("ec-p256.sec1.der"), "--as-version"});
        QVERIFY2(version.exitCode == 0, qPrintable(version.err));
        QVERIFY2(version.out.contains("a new version of key 'ec-1'"), qPrintable(version.out));
        const CliResult anyway = m_h.run(
            "admin", {"key", "import", "imports", "ec-2", "--in", goodFile("ec-p256.sec1.der"), "--allow-duplicate"});
        QVERIFY2(anyway.exitCode == 0, qPrintable(anyway.err));
        QVERIFY2(anyway.out.contains(fingerprint), qPrintable(anyway.out));
    }

    void publicOnlyKeysShowTheFlag()
    {
        const CliResult imported = m_h.run(
            "admin", {"key", "import", "imports", "pub-1", "--in", goodFile("ec-p256.cert.pem"), "--allow-duplicate"});
        QVERIFY2(imported.exitCode == 0, qPrintable(imported.err));
        QVERIFY2(imported.out.contains("public key only"), qPrintable(imported.out));
        const CliResult shown = m_h.run("admin", {"key", "show", "imports", "pub-1", "--json"});
        QVERIFY2(shown.json().value("publicOnly").toBool(), qPrintable(shown.out));
        const CliResult exported = m_h.run("admin", {"key", "export", "imports", "pub-1", "--format", "pem"});
        QVERIFY2(exported.exitCode == 0 && exported.out.contains("BEGIN PUBLIC KEY"), qPrintable(exported.err));
    }

    void severalKeysNeedItem()
    {
        const QString before = keyList();
        const CliResult ambiguous = m_h.run("admin", {"key", "import", "imports", "set", "--in", goodFile("set.jwks")});
        QCOMPARE(ambiguous.exitCode, 1);
        QVERIFY2(ambiguous.err.contains("--item N") && ambiguous.err.contains("holds 3 keys"),
                 qPrintable(ambiguous.err));
        QCOMPARE(keyList(), before);
        const CliResult chosen = m_h.run(
            "admin", {"key", "import", "imports", "aes-1", "--in", goodFile("set.jwks"), "--item", "1", "--json"});
        QVERIFY2(chosen.exitCode == 0, qPrintable(chosen.err));
        QCOMPARE(chosen.json().value("key").toObject().value("kty").toString(), QString("oct"));
    }

    void unreadableSourcesLeaveTheVaultUnchanged_data()
    {
        QTest::addColumn<QStringList>("extra");
        QTest::addColumn<QString>("in");
        QTest::addColumn<QString>("expected");
        QTest::newRow("directory") << QStringList() << QString("<dir>") << QString("directory");
        QTest::newRow("missing") << QStringList() << QString("<missing>") << QString("No such file");
        QTest::newRow("1 GB") << QStringList() << QString("<big>") << QString("MiB");
        QTest::newRow("wrong password") << QStringList{"--password-file", "<wrongpass>"}
                                        << goodFile("ec-p384.pbkdf2.pem") << QString("password");
        QTest::newRow("no password") << QStringList() << goodFile("ec-p256.p12") << QString("--password-file");
        QTest::newRow("truncated") << QStringList() << badFile("truncated-pkcs8.der") << QString();
        QTest::newRow("garbage pem") << QStringList() << badFile("garbage-base64.pem") << QString();
        QTest::newRow("no end line") << QStringList() << badFile("no-end-line.pem") << QString();
        QTest::newRow("mac failure") << QStringList{"--password-file", "<pass>"} << badFile("mac-failure.p12")
                                     << QString();
        QTest::newRow("secp256k1") << QStringList() << badFile("secp256k1.pem") << QString();
        QTest::newRow("ed25519") << QStringList() << badFile("ed25519.pem") << QString();
        QTest::newRow("jwk missing n") << QStringList{"--item", "1"} << badFile("jwk-rsa-missing-n.json")
                                       << QString("'n'");
        QTest::newRow("not a key") << QStringList() << badFile("not-a-key.txt") << QString();
    }
    void unreadableSourcesLeaveTheVaultUnchanged()
    {
        QFETCH(QStringList, extra);
        QFETCH(QString, in);
        QFETCH(QString, expected);
        QDir().mkpath(path("a-directory"));
        const QString big = path("big.pem");
        if (!QFile::exists(big)) {
            QFile file(big);
            QVERIFY(file.open(QIODevice::WriteOnly));
            QVERIFY(file.resize(qint64(1024) * 1024 * 1024)); // sparse: truncate -s 1G
        }
        const QString wrong = m_h.secretFile("wrong-password", "wrong-password");
        const QString good = m_h.secretFile("custos-test", "custos-test");
        in.replace("<dir>", path("a-directory")).replace("<missing>", path("missing.pem")).replace("<big>", big);
        for (QString& e : extra)
            e.replace("<wrongpass>", wrong).replace("<pass>", good);
        const QString before = keyList();
        const CliResult refused = m_h.run("admin", QStringList{"key", "import", "imports", "bad", "--in", in} + extra);
        QCOMPARE(refused.exitCode, 1);
        QVERIFY2(refused.err.contains(in), qPrintable(refused.err)); // names the path
        if (!expected.isEmpty())
            QVERIFY2(refused.err.contains(expected), qPrintable(refused.err));
        QVERIFY2(!refused.err.contains("-----"), qPrintable(refused.err)); // never quotes the file
        QCOMPARE(keyList(), before);
    }
};

CUSTOS_REGISTER_TEST(TestCliKeyImport)
#include "TestCliKeyImport.moc"
