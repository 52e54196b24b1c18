#include "TestRegistry.h"
#include "TestWorkspace.h"

#include "model/audit/AuditLog.h"
#include "model/authz/AuthorisationCache.h"
#include "model/services/ServicePath.h"
#include "model/session/Session.h"
#include "model/store/Stores.h"

#include <QSqlQuery>
#include <QTemporaryDir>
#include <QTest>

using namespace custos;
using namespace custos::model;

// Issue 5's performance line: authorisation decides from an in-memory cache, and a revoked or
// expired assignment stops counting at the very next operation, whoever changed it.
class TestAuthorisationCache : public QObject
{
    Q_OBJECT
private:
    std::unique_ptr<QTemporaryDir> m_tmp;
    std::unique_ptr<test::ReadyWorkspace> m_ready;
    Services& services() { return *m_ready->services; }
    const QString kAuditor = QStringLiteral("Crypto Auditor");
    static QString kRead() { return QStringLiteral("roleAssignments/read/action"); }

    // The operation the tests use: listing assignments needs roleAssignments/read/action at "/".
    Outcome<void> readAssignments()
    {
        auto listed = services().roles().assignments();
        if (!listed)
            return listed.error();
        return {};
    }

    // The newest Denied RoleAssignmentList event of `operatorName`.
    std::optional<AuditEvent> lastDenial(const QString& operatorName)
    {
        AuditFilter filter;
        filter.principal = operatorName;
        filter.operation = QStringLiteral("RoleAssignmentList");
        filter.result = AuditResult::Denied;
        auto events = AuditLog(m_ready->workspace->database()).list(filter);
        if (!events || events->isEmpty())
            return std::nullopt;
        return events->last();
    }

    void verifyDeniedAndAudited(const char* when)
    {
        auto denied = readAssignments();
        QVERIFY2(!denied, when);
        QCOMPARE(denied.error().kind, ErrorKind::Denied);
        QVERIFY2(denied.error().message.contains(QStringLiteral("roleAssignments/read/action")),
                 qPrintable(denied.error().message));
        const auto event = lastDenial(QStringLiteral("user"));
        QVERIFY2(event, when);
        QCOMPARE(event->details.value(QStringLiteral("missingPermission")).toString(),
                 QStringLiteral("roleAssignments/read/action"));
    }

private Q_SLOTS:
    void init()
    {
        m_tmp = std::make_unique<QTemporaryDir>();
        m_ready = test::makeReadyWorkspace(m_tmp->filePath(QStringLiteral("ws")));
        QVERIFY(m_ready);
        QVERIFY(test::addOperatorWithRoles(services(), QStringLiteral("user"), {kAuditor}));
    }
    void cleanup()
    {
        m_ready.reset();
        m_tmp.reset();
    }

    void revokedAssignmentDeniedAtNextOperation()
    {
        QVERIFY(test::switchOperator(services(), QStringLiteral("user")));
        QVERIFY2(readAssignments(), "allowed while assigned");
        QVERIFY2(readAssignments(), "allowed again, from the cache");
        QVERIFY(test::switchOperator(services(), QStringLiteral("admin")));
        auto revoked = test::await(services().roles().unassign(QStringLiteral("user"), kAuditor, QStringLiteral("/")));
        QVERIFY2(revoked, errorText(revoked));
        QVERIFY(test::switchOperator(services(), QStringLiteral("user")));
        verifyDeniedAndAudited("denied after the revocation");
    }

    void expiryCountsAtDecisionTime()
    {
        QVERIFY(test::addOperatorWithRoles(services(), QStringLiteral("temp"), {}));
        const QDateTime expiry = QDateTime::currentDateTimeUtc().addSecs(3600);
        auto assigned = test::await(
            services().roles().assign(QStringLiteral("temp"), kAuditor, QStringLiteral("/vaults/abc"), expiry));
        QVERIFY2(assigned, errorText(assigned));
        QVERIFY(test::switchOperator(services(), QStringLiteral("temp")));
        QVERIFY(
            services().path().isAllowed(QStringLiteral("roleAssignments/read/action"), QStringLiteral("/vaults/abc")));
        // No change to the database: only the clock moves past the expiry.
        services().path().setClock([expiry] { return expiry.addSecs(1); });
        QVERIFY(
            !services().path().isAllowed(QStringLiteral("roleAssignments/read/action"), QStringLiteral("/vaults/abc")));
        services().path().setClock({});
        QVERIFY(
            services().path().isAllowed(QStringLiteral("roleAssignments/read/action"), QStringLiteral("/vaults/abc")));
    }

    void pastExpirySetInTheStoreDeniedAtNextOperation()
    {
        QVERIFY(test::switchOperator(services(), QStringLiteral("user")));
        QVERIFY(readAssignments());
        // As another writer would: the row's expiry set in the past behind the services' back.
        QSqlQuery query(m_ready->workspace->database().connection());
        QVERIFY(query.exec(QStringLiteral("UPDATE role_assignments SET expires = 1000 WHERE principal = 'user'")));
        QCOMPARE(query.numRowsAffected(), 1);
        query.finish();
        verifyDeniedAndAudited("denied after the expiry moved into the past");
    }

    void changeByAnotherConnectionIsSeen()
    {
        QVERIFY(test::switchOperator(services(), QStringLiteral("user")));
        QVERIFY(readAssignments());
        {
            // Another process stand-in: a second Workspace on the same files, its own connection.
            auto other = Workspace::open(m_ready->workspace->directory());
            QVERIFY2(other, errorText(other));
            RoleAssignmentStore store(other.value()->database());
            auto held = store.find(QStringLiteral("user"), kAuditor, QStringLiteral("/"));
            QVERIFY(held && held.value());
            QVERIFY(store.remove(held.value()->id));
        }
        verifyDeniedAndAudited("denied after another connection revoked");
        // And a grant by another connection counts at once too.
        {
            auto other = Workspace::open(m_ready->workspace->directory());
            QVERIFY2(other, errorText(other));
            RoleAssignment a;
            a.principal = QStringLiteral("user");
            a.role = kAuditor;
            a.scope = QStringLiteral("/");
            QVERIFY(RoleAssignmentStore(other.value()->database()).insert(a));
        }
        QVERIFY2(readAssignments(), "allowed after another connection granted");
    }

    void decisionsComeFromTheCacheUntilAChange()
    {
        Database& db = m_ready->workspace->database();
        AuthorisationCache cache;
        const QString scope = QStringLiteral("/vaults/abc/keys/k");
        const QDateTime now = QDateTime::currentDateTimeUtc();
        for (int i = 0; i < 3; ++i) {
            auto decision = cache.decide(db, QStringLiteral("user"), kRead(), scope, now);
            QVERIFY2(decision, errorText(decision));
            QVERIFY(decision->allowed);
        }
        QCOMPARE(cache.rebuilds(), quint64(1));
        // A change that authorisation does not depend on (an audit event, a login counter) keeps it.
        auto op = OperatorStore(db).find(QStringLiteral("user"));
        QVERIFY(op && op.value());
        Operator counted = *op.value();
        counted.failedAttempts = 1;
        QVERIFY(OperatorStore(db).update(counted));
        QVERIFY(cache.decide(db, QStringLiteral("user"), kRead(), scope, now)->allowed);
        QCOMPARE(cache.rebuilds(), quint64(1));
        // An assignment change rebuilds; time alone does not, yet expiry still counts.
        RoleAssignment a;
        a.principal = QStringLiteral("user");
        a.role = QStringLiteral("Backup User");
        a.scope = QStringLiteral("/vaults/abc");
        a.expires = now.addSecs(60);
        QVERIFY(RoleAssignmentStore(db).insert(a));
        QVERIFY(cache.decide(db, QStringLiteral("user"), QStringLiteral("backup/start/action"), scope, now)->allowed);
        QCOMPARE(cache.rebuilds(), quint64(2));
        QVERIFY(
            !cache.decide(db, QStringLiteral("user"), QStringLiteral("backup/start/action"), scope, now.addSecs(61))
                 ->allowed);
        QCOMPARE(cache.rebuilds(), quint64(2));
        // Scopes compare as scopeCovers does: case-insensitively, by path segment.
        QVERIFY(cache
                    .decide(db, QStringLiteral("user"), QStringLiteral("backup/start/action"),
                            QStringLiteral("/VAULTS/ABC"), now)
                    ->allowed);
        QVERIFY(!cache
                     .decide(db, QStringLiteral("user"), QStringLiteral("backup/start/action"),
                             QStringLiteral("/vaults/abcd"), now)
                     ->allowed);
    }

    void disabledOperatorDeniedAtNextOperation()
    {
        QVERIFY(test::switchOperator(services(), QStringLiteral("user")));
        QVERIFY(readAssignments());
        {
            auto other = Workspace::open(m_ready->workspace->directory());
            QVERIFY2(other, errorText(other));
            auto op = OperatorStore(other.value()->database()).find(QStringLiteral("user"));
            QVERIFY(op && op.value());
            Operator changed = *op.value();
            changed.enabled = false;
            QVERIFY(OperatorStore(other.value()->database()).update(changed));
        }
        auto denied = readAssignments();
        QVERIFY(!denied);
        QVERIFY2(denied.error().message.contains(QStringLiteral("disabled")), qPrintable(denied.error().message));
    }
};

CUSTOS_REGISTER_TEST(TestAuthorisationCache)
#include "TestAuthorisationCache.moc"
