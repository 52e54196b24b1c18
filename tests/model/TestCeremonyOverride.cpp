#include "TestRegistry.h"
#include "TestWorkspace.h"

#include "model/services/CeremonyOverride.h"

#include <QJsonArray>
#include <QTemporaryDir>
#include <QTest>

using namespace custos;
using namespace custos::model;

// Ceremony mode's air-gap override (issue 9): workspace/repair only, through the one service path,
// audited as CeremonyNetworkOverride with the interface names and the justification.
class TestCeremonyOverride : public QObject
{
    Q_OBJECT
private:
    std::unique_ptr<QTemporaryDir> m_tmp;
    std::unique_ptr<test::ReadyWorkspace> m_ready;

    Services& services() { return *m_ready->services; }
    QList<AuditEvent> overrideEvents()
    {
        AuditFilter filter;
        filter.operation = QStringLiteral("CeremonyNetworkOverride");
        auto events = services().audit().list(filter);
        return events ? events.value() : QList<AuditEvent>();
    }

private Q_SLOTS:
    void init()
    {
        m_tmp = std::make_unique<QTemporaryDir>();
        m_ready = test::makeReadyWorkspace(m_tmp->filePath(QStringLiteral("ws")), QStringLiteral("admin"),
                                           {QStringLiteral("Administrator"), QStringLiteral("Crypto Auditor")}, false);
        QVERIFY(m_ready);
    }
    void cleanup()
    {
        m_ready.reset();
        m_tmp.reset();
    }

    void anAdministratorOverridesAndItIsAudited()
    {
        auto overridden = test::await(overrideAirGapCheck(services(), {QStringLiteral("eth0"), QStringLiteral("wlan0")},
                                                          QStringLiteral("the ceremony laptop has no removable NIC")));
        QVERIFY2(overridden, errorText(overridden).constData());
        const QList<AuditEvent> events = overrideEvents();
        QCOMPARE(events.size(), 1);
        const AuditEvent& event = events.first();
        QCOMPARE(event.result, AuditResult::Success);
        QCOMPARE(event.operatorName, QStringLiteral("admin"));
        QCOMPARE(event.resource, QStringLiteral("/"));
        QCOMPARE(event.justification, QStringLiteral("the ceremony laptop has no removable NIC"));
        // The interface names and nothing else (no addresses).
        QCOMPARE(event.details.keys(), QStringList{QStringLiteral("interfaces")});
        QCOMPARE(event.details.value(QStringLiteral("interfaces")).toArray(),
                 QJsonArray({QStringLiteral("eth0"), QStringLiteral("wlan0")}));
    }

    void anOperatorWithoutWorkspaceRepairIsDeniedAndAudited()
    {
        // Crypto Auditor has workspace/read, not workspace/repair.
        QVERIFY(test::addOperatorWithRoles(services(), QStringLiteral("auditor"), {QStringLiteral("Crypto Auditor")}));
        QVERIFY(test::switchOperator(services(), QStringLiteral("auditor")));
        auto denied =
            test::await(overrideAirGapCheck(services(), {QStringLiteral("eth0")}, QStringLiteral("trust me")));
        QVERIFY(!denied);
        QCOMPARE(denied.error().kind, ErrorKind::Denied);
        QVERIFY2(denied.error().message.contains(QStringLiteral("workspace/repair")), errorText(denied).constData());

        QVERIFY(test::switchOperator(services(), QStringLiteral("admin")));
        const QList<AuditEvent> events = overrideEvents();
        QCOMPARE(events.size(), 1);
        QCOMPARE(events.first().result, AuditResult::Denied);
        QCOMPARE(events.first().operatorName, QStringLiteral("auditor"));
        QVERIFY(events.first().reason.contains(QStringLiteral("workspace/repair")));
    }

    void aMissingJustificationIsRefused()
    {
        auto refused = test::await(overrideAirGapCheck(services(), {QStringLiteral("eth0")}, QStringLiteral("   ")));
        QVERIFY(!refused);
        QCOMPARE(refused.error().kind, ErrorKind::Invalid);
        QVERIFY2(refused.error().message.contains(QStringLiteral("justification")), errorText(refused).constData());
        auto nothing = test::await(overrideAirGapCheck(services(), {}, QStringLiteral("no interface")));
        QVERIFY(!nothing);
        QCOMPARE(nothing.error().kind, ErrorKind::Invalid);
        const QList<AuditEvent> events = overrideEvents();
        QCOMPARE(events.size(), 2);
        QCOMPARE(events.at(0).result, AuditResult::Failed);
        QCOMPARE(events.at(1).result, AuditResult::Failed);
    }
};

CUSTOS_REGISTER_TEST(TestCeremonyOverride)
#include "TestCeremonyOverride.moc"
