#include "CliHarness.h"
#include "TestRegistry.h"

#include <QFile>
#include <QJsonArray>
#include <QTest>

using custos::test::CliHarness;
using custos::test::CliResult;

// Spot checks of the generated authorisation matrix (tests/model/TestAuthorizationMatrixGenerated)
// through custosctl: a denial exits 1, names the missing permission on stderr and is audited.
class TestCliOperatorsMatrixSpotChecks : public QObject
{
    Q_OBJECT
private:
    CliHarness m_h;

    bool assign(const QString& principal, const QString& role)
    {
        return m_h.run("admin", {"role", "assign", "--principal", principal, "--role", role, "--scope", "/"})
                   .exitCode == 0;
    }
    // The newest Denied event of `operation` names `permission`.
    bool deniedAndAudited(const QString& operation, const QString& permission)
    {
        const QJsonArray events =
            m_h.run("admin", {"audit", "list", "--result", "Denied", "--json"}).json().value("value").toArray();
        for (const QJsonValue& value : events) {
            const QJsonObject event = value.toObject();
            if (event.value("operation").toString() == operation &&
                event.value("reason").toString().contains(permission))
                return true;
        }
        return false;
    }

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY(m_h.init("admin"));
        QVERIFY(m_h.addOperator("auditor"));
        QVERIFY(m_h.addOperator("user"));
        QVERIFY(assign("auditor", "Crypto Auditor"));
        QVERIFY(assign("user", "Crypto User"));
        QCOMPARE(m_h.run("admin", {"vault", "create", "spot", "--protection", "software"}).exitCode, 0);
        QCOMPARE(m_h.run("admin", {"key", "create", "spot", "ec", "--kty", "EC"}).exitCode, 0);
    }

    void aCryptoAuditorCannotSign()
    {
        const QString data = m_h.secretFile("data", "to be signed");
        const QString signature = m_h.root() + "/sig.bin";
        const CliResult denied =
            m_h.run("auditor", {"key", "sign", "spot", "ec", "--alg", "ES256", "--in", data, "--out", signature});
        QCOMPARE(denied.exitCode, 1);
        QVERIFY2(denied.err.contains("keys/sign/action"), qPrintable(denied.err));
        QVERIFY(!QFile::exists(signature));
        QVERIFY(deniedAndAudited("KeySign", "keys/sign/action"));
        // What the auditor may do: read the key.
        QCOMPARE(m_h.run("auditor", {"key", "show", "spot", "ec"}).exitCode, 0);
        // The Crypto User signs.
        QCOMPARE(
            m_h.run("user", {"key", "sign", "spot", "ec", "--alg", "ES256", "--in", data, "--out", signature}).exitCode,
            0);
    }

    void aCryptoUserCannotAddOperators()
    {
        const CliResult denied =
            m_h.run("user", {"operator", "add", "mallory", "--new-passphrase-file", m_h.passphraseFile("mallory")});
        QCOMPARE(denied.exitCode, 1);
        QVERIFY2(denied.err.contains("operators/write"), qPrintable(denied.err));
        QVERIFY(deniedAndAudited("OperatorCreate", "operators/write"));
        QCOMPARE(m_h.run("admin", {"operator", "show", "mallory"}).exitCode, 1);
        // Nor delete one, nor change the lockout policy.
        const CliResult remove = m_h.run("user", {"operator", "delete", "auditor"});
        QCOMPARE(remove.exitCode, 1);
        QVERIFY2(remove.err.contains("operators/write"), qPrintable(remove.err));
        QVERIFY(deniedAndAudited("OperatorDelete", "operators/write"));
    }
};

CUSTOS_REGISTER_TEST(TestCliOperatorsMatrixSpotChecks)
#include "TestCliOperatorsMatrixSpotChecks.moc"
