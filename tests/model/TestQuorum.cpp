#include "TestRegistry.h"
#include "TestWorkspace.h"

#include "model/audit/AuditLog.h"
#include "model/services/ServicePath.h"
#include "model/session/Session.h"
#include "model/store/Stores.h"

#include <QTemporaryDir>
#include <QTest>

using namespace custos;
using namespace custos::model;

// Quorum approvals (ROLES.md "Quorum"): off by default; M operators agree on a protected
// operation, the initiator and M-1 approvers; approvals are bound to the operation's digest and a
// 5-minute window; liveness holds.
class TestQuorum : public QObject
{
    Q_OBJECT
private:
    std::unique_ptr<QTemporaryDir> m_tmp;
    std::unique_ptr<test::ReadyWorkspace> m_ready;
    Services& services() { return *m_ready->services; }
    Database& db() { return m_ready->workspace->database(); }

    QList<AuditEvent> events(const QString& operation, std::optional<AuditResult> result = {})
    {
        AuditFilter filter;
        filter.operation = operation;
        filter.result = result;
        auto list = AuditLog(db()).list(filter);
        return list ? list.value() : QList<AuditEvent>{};
    }

    // A deleted vault, ready to purge.
    void deletedVault(const QString& name)
    {
        QVERIFY(test::await(services().vaults().create({name})));
        QVERIFY(test::await(services().vaults().remove(name)));
    }

    // Refused for want of approvals: the request the approvers see.
    ApprovalRequest refusedPurge(const QString& vault)
    {
        auto purge = test::await(services().vaults().purge(vault));
        if (purge)
            return {};
        return services().quorum().pendingRequest();
    }

    Outcome<Approval> approve(const ApprovalRequest& request, const QString& approver,
                              const QString& passphrase = test::kTestPassphrase)
    {
        return test::await(services().quorum().approve(request, approver, test::secret(passphrase)));
    }

    void setQuorum(int approvals, const QStringList& operations = {})
    {
        auto set = test::await(services().quorum().set(approvals, operations));
        QVERIFY2(set, errorText(set).constData());
    }

private Q_SLOTS:
    void init()
    {
        m_tmp = std::make_unique<QTemporaryDir>();
        m_ready = test::makeReadyWorkspace(m_tmp->filePath(QStringLiteral("ws")));
        QVERIFY(m_ready);
    }
    void cleanup()
    {
        m_ready.reset();
        m_tmp.reset();
    }

    void offByDefault()
    {
        auto policy = services().quorum().policy();
        QVERIFY(policy);
        QCOMPARE(policy->approvals, 1);
        QVERIFY(!policy->isOn());
        QCOMPARE(policy->operations, quorumProtectedOperations());
        deletedVault(QStringLiteral("alone"));
        QVERIFY(test::await(services().vaults().purge(QStringLiteral("alone"))));
    }

    void settingNeedsEnoughEligibleOperators()
    {
        // The init operator alone: two operators cannot agree.
        auto set = test::await(services().quorum().set(2, {}));
        QVERIFY(!set);
        QCOMPARE(set.error().kind, ErrorKind::Conflict);
        QVERIFY2(set.error().message.contains(QStringLiteral("quorum needs 2 operators")),
                 qPrintable(set.error().message));
        QVERIFY(!events(QStringLiteral("QuorumSet"), AuditResult::Failed).isEmpty());
        QVERIFY(test::await(services().quorum().set(0, {})).error().kind == ErrorKind::Invalid);
        QVERIFY(test::await(services().quorum().set(2, {QStringLiteral("no-such-operation")})).error().kind ==
                ErrorKind::Invalid);

        QVERIFY(test::addOperatorWithRoles(services(), QStringLiteral("bob"),
                                           {QStringLiteral("Administrator"), QStringLiteral("Crypto Officer")}));
        setQuorum(2);
        QCOMPARE(services().quorum().policy()->approvals, 2);
    }

    void protectedOperationGathersApprovals()
    {
        QVERIFY(test::addOperatorWithRoles(services(), QStringLiteral("bob"),
                                           {QStringLiteral("Administrator"), QStringLiteral("Crypto Officer")}));
        QVERIFY(test::addOperatorWithRoles(services(), QStringLiteral("carol"), {QStringLiteral("Crypto Officer")}));
        setQuorum(2, {QStringLiteral("purge")});
        deletedVault(QStringLiteral("old"));

        // Without an approval: refused, audited, naming who may approve.
        auto refused = test::await(services().vaults().purge(QStringLiteral("old")));
        QVERIFY(!refused);
        QCOMPARE(refused.error().kind, ErrorKind::Denied);
        QVERIFY2(refused.error().message.contains(QStringLiteral("1 more from: bob, carol")),
                 qPrintable(refused.error().message));
        QVERIFY(!events(QStringLiteral("VaultPurge"), AuditResult::Denied).isEmpty());
        const ApprovalRequest request = services().quorum().pendingRequest();
        QVERIFY(request.isValid());
        QCOMPARE(request.resource, QStringLiteral("/vaults/old"));
        QCOMPARE(request.initiator, QStringLiteral("admin"));
        QCOMPARE(request.eligible, QStringList({QStringLiteral("bob"), QStringLiteral("carol")}));
        QVERIFY(request.summary().contains(QStringLiteral("VaultPurge /vaults/old by admin")));

        // carol approves at the workstation; the purge then runs, and its event names her.
        auto approval = approve(request, QStringLiteral("carol"));
        QVERIFY2(approval, errorText(approval).constData());
        OperationContext context;
        context.approvals = {approval.value()};
        auto purged = test::await(services().vaults().purge(QStringLiteral("old"), context));
        QVERIFY2(purged, errorText(purged).constData());
        const auto purges = events(QStringLiteral("VaultPurge"), AuditResult::Success);
        QCOMPARE(purges.size(), 1);
        QCOMPARE(purges.first().approvers, QStringList{QStringLiteral("carol")});
        const auto approvals = events(QStringLiteral("QuorumApprove"), AuditResult::Success);
        QCOMPARE(approvals.size(), 1);
        QCOMPARE(approvals.first().operatorName, QStringLiteral("carol"));
        QCOMPARE(approvals.first().details.value(QStringLiteral("digest")).toString(), request.digest);
        QVERIFY(!services().quorum().pendingRequest().isValid());
    }

    void escalationsAreRefusedAndAudited()
    {
        QVERIFY(test::addOperatorWithRoles(services(), QStringLiteral("bob"),
                                           {QStringLiteral("Administrator"), QStringLiteral("Crypto Officer")}));
        QVERIFY(test::addOperatorWithRoles(services(), QStringLiteral("carol"), {QStringLiteral("Crypto Officer")}));
        QVERIFY(test::addOperatorWithRoles(services(), QStringLiteral("dave"), {QStringLiteral("Crypto User")}));
        setQuorum(3, {QStringLiteral("purge")});
        deletedVault(QStringLiteral("first"));
        deletedVault(QStringLiteral("second"));
        const ApprovalRequest request = refusedPurge(QStringLiteral("first"));
        QVERIFY(request.isValid());

        // Approving one's own operation.
        auto own = approve(request, QStringLiteral("admin"));
        QVERIFY(!own);
        QVERIFY2(own.error().message.contains(QStringLiteral("cannot approve their own")),
                 qPrintable(own.error().message));
        // Someone without the permission; a wrong passphrase.
        QVERIFY(approve(request, QStringLiteral("dave")).error().message.contains(QStringLiteral("may not approve")));
        QVERIFY(approve(request, QStringLiteral("bob"), QStringLiteral("wrong passphrase"))
                    .error()
                    .message.contains(QStringLiteral("wrong passphrase")));
        QCOMPARE(events(QStringLiteral("QuorumApprove"), AuditResult::Denied).size(), 3);
        // The wrong passphrase counts towards bob's lockout, as a failed login would.
        QCOMPARE(OperatorStore(db()).find(QStringLiteral("bob")).value()->failedAttempts, 1);

        auto bob = approve(request, QStringLiteral("bob"));
        auto carol = approve(request, QStringLiteral("carol"));
        QVERIFY(bob && carol);

        // One approver counted twice.
        OperationContext twice;
        twice.approvals = {bob.value(), bob.value()};
        auto refusedTwice = test::await(services().vaults().purge(QStringLiteral("first"), twice));
        QVERIFY(!refusedTwice);
        QVERIFY2(refusedTwice.error().message.contains(QStringLiteral("bob approved twice and counts once")),
                 qPrintable(refusedTwice.error().message));

        // Replayed for another vault.
        OperationContext replay;
        replay.approvals = {bob.value(), carol.value()};
        auto other = test::await(services().vaults().purge(QStringLiteral("second"), replay));
        QVERIFY(!other);
        QVERIFY2(other.error().message.contains(QStringLiteral("given for another operation")),
                 qPrintable(other.error().message));

        // A made-up approval.
        Approval forged = carol.value();
        forged.approver = QStringLiteral("bob");
        OperationContext forgedContext;
        forgedContext.approvals = {forged, carol.value()};
        auto forgedPurge = test::await(services().vaults().purge(QStringLiteral("first"), forgedContext));
        QVERIFY(!forgedPurge);
        QVERIFY(forgedPurge.error().message.contains(QStringLiteral("not given in this session")));

        // After the 5-minute window.
        const QDateTime later = QDateTime::currentDateTimeUtc().addSecs(6 * 60);
        services().path().setClock([later] { return later; });
        auto late = test::await(services().vaults().purge(QStringLiteral("first"), replay));
        QVERIFY(!late);
        QVERIFY2(late.error().message.contains(QStringLiteral("expired")), qPrintable(late.error().message));
        services().path().setClock({});

        // Each refusal is a Denied event of the operation; the right pair within the window works.
        QVERIFY(events(QStringLiteral("VaultPurge"), AuditResult::Denied).size() >= 5);
        auto purged = test::await(services().vaults().purge(QStringLiteral("first"), replay));
        QVERIFY2(purged, errorText(purged).constData());
        const auto done = events(QStringLiteral("VaultPurge"), AuditResult::Success);
        QCOMPARE(done.last().approvers, QStringList({QStringLiteral("bob"), QStringLiteral("carol")}));
    }

    void cliApproverCredentialsProveThemselvesForThisOperation()
    {
        QVERIFY(test::addOperatorWithRoles(services(), QStringLiteral("bob"),
                                           {QStringLiteral("Administrator"), QStringLiteral("Crypto Officer")}));
        setQuorum(2, {QStringLiteral("purge")});
        deletedVault(QStringLiteral("cli"));
        OperationContext wrong;
        wrong.approverCredentials = {
            {QStringLiteral("bob"), std::make_shared<crypto::SecureBuffer>(test::secret(QStringLiteral("not bob's")))}};
        auto refused = test::await(services().vaults().purge(QStringLiteral("cli"), wrong));
        QVERIFY(!refused);
        QVERIFY2(refused.error().message.contains(QStringLiteral("wrong passphrase for bob")),
                 qPrintable(refused.error().message));

        OperationContext right;
        auto passphrase = std::make_shared<crypto::SecureBuffer>(test::secret(test::kTestPassphrase));
        right.approverCredentials = {{QStringLiteral("bob"), passphrase}};
        right.justification = QStringLiteral("CHG-1234");
        auto purged = test::await(services().vaults().purge(QStringLiteral("cli"), right));
        QVERIFY2(purged, errorText(purged).constData());
        QVERIFY(passphrase->isEmpty()); // wiped once used
        const auto done = events(QStringLiteral("VaultPurge"), AuditResult::Success);
        QCOMPARE(done.last().approvers, QStringList{QStringLiteral("bob")});
        QCOMPARE(done.last().justification, QStringLiteral("CHG-1234"));
        // The approval and the operation share one correlation id.
        const auto approvals = events(QStringLiteral("QuorumApprove"), AuditResult::Success);
        QCOMPARE(approvals.last().correlationId, done.last().correlationId);
    }

    void livenessKeepsEnoughApprovers()
    {
        QVERIFY(test::addOperatorWithRoles(services(), QStringLiteral("bob"),
                                           {QStringLiteral("Administrator"), QStringLiteral("Crypto Officer")}));
        QVERIFY(test::addOperatorWithRoles(services(), QStringLiteral("carol"),
                                           {QStringLiteral("Administrator"), QStringLiteral("Crypto Officer")}));
        setQuorum(3, {QStringLiteral("purge")});

        auto disable = test::await(services().operators().setEnabled(QStringLiteral("carol"), false));
        QVERIFY(!disable);
        QCOMPARE(disable.error().kind, ErrorKind::Conflict);
        QVERIFY2(disable.error().message.contains(QStringLiteral("refused: disabling 'carol'")),
                 qPrintable(disable.error().message));
        QVERIFY(services().operators().show(QStringLiteral("carol"))->enabled);

        auto unassign = test::await(
            services().roles().unassign(QStringLiteral("bob"), QStringLiteral("Crypto Officer"), QStringLiteral("/")));
        QVERIFY(!unassign);
        QVERIFY2(unassign.error().message.contains(QStringLiteral("there would be 2")),
                 qPrintable(unassign.error().message));

        // A fourth holder makes room.
        QVERIFY(test::addOperatorWithRoles(services(), QStringLiteral("dora"), {QStringLiteral("Crypto Officer")}));
        QVERIFY(test::await(services().operators().setEnabled(QStringLiteral("carol"), false)));
    }

    void quorumProtectsItsOwnChange()
    {
        QVERIFY(test::addOperatorWithRoles(services(), QStringLiteral("bob"),
                                           {QStringLiteral("Administrator"), QStringLiteral("Crypto Officer")}));
        setQuorum(2);
        // Turning it off now needs bob's approval too.
        auto off = test::await(services().quorum().set(1, {}));
        QVERIFY(!off);
        QCOMPARE(off.error().kind, ErrorKind::Denied);
        const ApprovalRequest request = services().quorum().pendingRequest();
        QCOMPARE(request.protectedName, QStringLiteral("quorum"));
        auto bob = approve(request, QStringLiteral("bob"));
        QVERIFY2(bob, errorText(bob).constData());
        OperationContext context;
        context.approvals = {bob.value()};
        QVERIFY(test::await(services().quorum().set(1, {}, context)));
        QVERIFY(!services().quorum().policy()->isOn());
    }
};

CUSTOS_REGISTER_TEST(TestQuorum)
#include "TestQuorum.moc"
