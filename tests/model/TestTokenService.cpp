#include "TestRegistry.h"
#include "TestWorkspace.h"

#include "model/audit/AuditLog.h"
#include "model/services/TokenService.h"

#include <QTemporaryDir>
#include <QTest>

#include <memory>
#include <optional>

using namespace custos;
using namespace custos::model;

// `token info`, `token mechanisms` and `rng` on a workspace's SoftHSM2 token.
class TestTokenService : public QObject
{
    Q_OBJECT
private:
    std::unique_ptr<QTemporaryDir> m_tmp;
    std::unique_ptr<test::ReadyWorkspace> m_ready;
    TokenService& tokens() { return m_ready->services->tokens(); }

    std::optional<AuditEvent> lastEvent(const QString& operation)
    {
        AuditFilter filter;
        filter.operation = operation;
        auto events = AuditLog(m_ready->workspace->database()).list(filter);
        if (!events || events->isEmpty())
            return std::nullopt;
        return events->last();
    }

private Q_SLOTS:
    void initTestCase()
    {
        m_tmp = std::make_unique<QTemporaryDir>();
        m_ready = test::makeReadyWorkspace(m_tmp->filePath(QStringLiteral("ws")));
        QVERIFY(m_ready);
        QVERIFY(test::await(m_ready->services->vaults().create({QStringLiteral("tok-vault")})));
    }
    void cleanupTestCase()
    {
        m_ready.reset();
        m_tmp.reset();
    }

    void info()
    {
        auto before = test::await(tokens().info());
        QVERIFY2(before, errorText(before));
        QCOMPARE(before->label, m_ready->workspace->tokenLabel());
        QVERIFY(!before->manufacturer.isEmpty());
        QVERIFY(!before->model.isEmpty());
        QVERIFY(!before->serial.isEmpty());
        QCOMPARE(before->libraryPath, m_ready->workspace->modulePath());
        QVERIFY2(before->libraryDescription.contains(QLatin1String("PKCS")), qPrintable(before->libraryDescription));
        QVERIFY2(before->libraryVersion.startsWith(QLatin1String("2.")), qPrintable(before->libraryVersion));
        QVERIFY(!before->firmwareVersion.isEmpty());
        QVERIFY(before->embedded);

        KeyCreateRequest r;
        r.vault = QStringLiteral("tok-vault");
        r.name = QStringLiteral("counted");
        r.kty = crypto::KeyKind::Ec;
        QVERIFY(test::await(m_ready->services->keys().create(r)));
        auto after = test::await(tokens().info());
        QVERIFY2(after, errorText(after));
        QCOMPARE(after->keyObjects, before->keyObjects + 1);
        QVERIFY(!lastEvent(QStringLiteral("TokenInfo"))); // reads are not audited
    }

    void mechanisms()
    {
        auto list = test::await(tokens().mechanisms());
        QVERIFY2(list, errorText(list));
        QVERIFY(!list->isEmpty());
        bool es256 = false;
        for (const crypto::AlgorithmSupport& s : list.value()) {
            if (s.algorithm == crypto::JoseAlgorithm::Es256 && s.operation == crypto::KeyOperation::Sign) {
                // SoftHSM2 2.6.1 has CKM_ECDSA but no CKM_ECDSA_SHA256: hashed in software.
                QCOMPARE(crypto::mechanismRouteName(s.route), QStringLiteral("composed"));
                QVERIFY2(s.mechanisms.contains(QLatin1String("CKM_ECDSA")), qPrintable(s.mechanisms));
                es256 = true;
            }
        }
        QVERIFY(es256);
    }

    void random()
    {
        auto first = test::await(tokens().random(32));
        QVERIFY2(first, errorText(first));
        QCOMPARE(first->size(), 32);
        auto second = test::await(tokens().random(32));
        QVERIFY2(second, errorText(second));
        QVERIFY(first.value() != second.value());
        auto event = lastEvent(QStringLiteral("RandomBytes"));
        QVERIFY(event);
        QCOMPARE(event->result, AuditResult::Success);
        QCOMPARE(event->details, QJsonObject({{QStringLiteral("bytes"), 32}})); // the count, never the bytes

        auto largest = test::await(tokens().random(1024 * 1024));
        QVERIFY2(largest, errorText(largest));
        QCOMPARE(largest->size(), 1024 * 1024);
        auto one = test::await(tokens().random(1));
        QVERIFY2(one, errorText(one));
        QCOMPARE(one->size(), 1);
    }

    void randomBounds_data()
    {
        QTest::addColumn<int>("bytes");
        QTest::newRow("zero") << 0;
        QTest::newRow("negative") << -5;
        QTest::newRow("over 1 MiB") << 1024 * 1024 + 1;
    }
    void randomBounds()
    {
        QFETCH(int, bytes);
        auto refused = test::await(tokens().random(bytes));
        QVERIFY(!refused);
        QCOMPARE(refused.error().kind, ErrorKind::Invalid);
        QCOMPARE(refused.error().message,
                 QStringLiteral("invalid byte count %1: expected 1 to 1048576 (1 MiB)").arg(bytes));
        auto event = lastEvent(QStringLiteral("RandomBytes"));
        QVERIFY(event);
        QCOMPARE(event->result, AuditResult::Failed);
        QCOMPARE(event->details.value(QStringLiteral("bytes")).toInt(), bytes);
    }

    // An auditor reads the token but draws no random bytes; a Crypto Service Encryption User does neither.
    void permissions()
    {
        auto added = test::addOperatorWithRoles(*m_ready->services, QStringLiteral("auditor"),
                                                {QStringLiteral("Crypto Auditor")});
        QVERIFY2(added, errorText(added));
        added = test::addOperatorWithRoles(*m_ready->services, QStringLiteral("wrapper"),
                                           {QStringLiteral("Crypto Service Encryption User")});
        QVERIFY2(added, errorText(added));

        QVERIFY(test::switchOperator(*m_ready->services, QStringLiteral("auditor")));
        QVERIFY(test::await(tokens().info()));
        auto denied = test::await(tokens().random(16));
        QVERIFY(!denied);
        QCOMPARE(denied.error().kind, ErrorKind::Denied);
        auto event = lastEvent(QStringLiteral("RandomBytes"));
        QVERIFY(event && event->result == AuditResult::Denied);
        QCOMPARE(event->details.value(QStringLiteral("missingPermission")).toString(), QStringLiteral("rng/action"));

        QVERIFY(test::switchOperator(*m_ready->services, QStringLiteral("wrapper")));
        auto info = test::await(tokens().info());
        QVERIFY(!info);
        QCOMPARE(info.error().kind, ErrorKind::Denied);
        auto mechanisms = test::await(tokens().mechanisms());
        QVERIFY(!mechanisms);
        QCOMPARE(lastEvent(QStringLiteral("TokenMechanisms"))->result, AuditResult::Denied);

        QVERIFY(test::switchOperator(*m_ready->services, QStringLiteral("admin")));
    }
};

CUSTOS_REGISTER_TEST(TestTokenService)
#include "TestTokenService.moc"
