#include "CliHarness.h"
#include "InteropTools.h"
#include "TestRegistry.h"

#include <QDir>
#include <QFileInfo>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTest>

using namespace custos::test;

// Proof by an independent implementation: a JWS made with custosctl (header, `key sign` over the
// signing input, raw signature) verifies with the JWK custosctl exports, in the npm package jose.
class TestInteropJose : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase()
    {
        m_node = QStandardPaths::findExecutable("node");
        m_joseDir = QStringLiteral(CUSTOS_INTEROP_DIR "/jose");
        if (m_node.isEmpty())
            QSKIP("node is not installed: apt-get install nodejs npm, then npm ci --prefix tests/interop/jose");
        if (!QFileInfo::exists(m_joseDir + "/node_modules/jose/package.json"))
            QSKIP("the npm package jose is not installed: npm ci --prefix tests/interop/jose");
        QVERIFY(m_h.init("admin"));
        QCOMPARE(m_h.run("admin", {"vault", "create", "jws"}).exitCode, 0);
        QCOMPARE(m_h.run("admin", {"vault", "create", "jws-soft", "--protection", "software"}).exitCode, 0);
        const QList<QStringList> keys{{"jws", "p256", "--kty", "EC", "--curve", "P-256"},
                                      {"jws", "p384", "--kty", "EC", "--curve", "P-384"},
                                      {"jws", "p521", "--kty", "EC", "--curve", "P-521"},
                                      {"jws", "rsa", "--kty", "RSA"},
                                      {"jws-soft", "p256", "--kty", "EC"},
                                      {"jws-soft", "rsa", "--kty", "RSA"}};
        for (const QStringList& k : keys) {
            const CliResult r = m_h.run("admin", QStringList{"key", "create"} + k);
            QVERIFY2(r.exitCode == 0, qPrintable(r.err));
        }
    }

    void jwsVerifiesWithJose_data()
    {
        QTest::addColumn<QString>("vault");
        QTest::addColumn<QString>("key");
        QTest::addColumn<QString>("alg");
        QTest::newRow("ES256") << "jws"
                               << "p256"
                               << "ES256";
        QTest::newRow("ES384") << "jws"
                               << "p384"
                               << "ES384";
        QTest::newRow("ES512") << "jws"
                               << "p521"
                               << "ES512";
        QTest::newRow("RS256") << "jws"
                               << "rsa"
                               << "RS256";
        QTest::newRow("PS256") << "jws"
                               << "rsa"
                               << "PS256";
        QTest::newRow("ES256 software") << "jws-soft"
                                        << "p256"
                                        << "ES256";
        QTest::newRow("PS256 software") << "jws-soft"
                                        << "rsa"
                                        << "PS256";
    }
    void jwsVerifiesWithJose()
    {
        QFETCH(QString, vault);
        QFETCH(QString, key);
        QFETCH(QString, alg);
        const QString base = m_h.root() + "/" + vault + "-" + alg;
        const QString jwkFile = base + ".jwk";
        const CliResult exported = m_h.run("admin", {"key", "export", vault, key, "--format", "jwk", "--out", jwkFile});
        QVERIFY2(exported.exitCode == 0, qPrintable(exported.err));
        const QString kid = QJsonDocument::fromJson(readBytes(jwkFile)).object().value("kid").toString();
        QVERIFY(kid.startsWith("/vaults/" + vault + "/keys/" + key + "/versions/"));

        const QByteArray header = QJsonDocument(QJsonObject{{"alg", alg}, {"kid", kid}}).toJson(QJsonDocument::Compact);
        const QByteArray payload = R"({"iss":"custos","sub":"interop","n":42})";
        const QByteArray signingInput = base64Url(header) + "." + base64Url(payload);
        const QString inputFile = writeBytes(base + ".input", signingInput);
        const CliResult signedResult =
            m_h.run("admin", {"key", "sign", vault, key, "--alg", alg, "--in", inputFile, "--out", base + ".sig"});
        QVERIFY2(signedResult.exitCode == 0, qPrintable(signedResult.err));
        const QByteArray jws = signingInput + "." + base64Url(readBytes(base + ".sig"));
        const QString jwsFile = writeBytes(base + ".jws", jws);

        const ToolResult valid = runTool(m_node, {m_joseDir + "/verify-jws.mjs", jwkFile, jwsFile}, m_joseDir);
        QVERIFY2(valid.exitCode == 0, qPrintable(valid.text()));

        // Another payload under the same signature must fail.
        const QByteArray tampered = base64Url(header) + "." + base64Url(R"({"iss":"custos","sub":"interop","n":43})") +
                                    "." + base64Url(readBytes(base + ".sig"));
        const ToolResult invalid = runTool(
            m_node, {m_joseDir + "/verify-jws.mjs", jwkFile, writeBytes(base + ".bad.jws", tampered)}, m_joseDir);
        QVERIFY2(invalid.exitCode == 1, qPrintable(invalid.text()));
    }

private:
    CliHarness m_h;
    QString m_node;
    QString m_joseDir;
};

CUSTOS_REGISTER_TEST(TestInteropJose)
#include "TestInteropJose.moc"
