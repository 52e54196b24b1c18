#include "OutcomeText.h"
#include "TestRegistry.h"
#include "TestWorkspace.h"

#include "model/audit/AuditLog.h"
#include "model/services/ServicePath.h"
#include "model/session/Session.h"
#include "model/store/Stores.h"

#include <QTemporaryDir>
#include <QTest>

#include <memory>
#include <vector>

using namespace custos;
using namespace custos::model;

// The service path's group commit: operations that reach their commit together share one
// transaction (one fsync), each in its own savepoint, so one failing operation leaves the others
// and the hash chain intact; every caller gets its result only after the commit.
class TestGroupCommit : public QObject
{
    Q_OBJECT
private:
    std::unique_ptr<QTemporaryDir> m_tmp;
    std::unique_ptr<test::ReadyWorkspace> m_ready;

    int count(const QString& operation, AuditResult result)
    {
        AuditFilter filter;
        filter.operation = operation;
        auto events = AuditLog(m_ready->workspace->database()).list(filter);
        if (!events)
            return -1;
        return int(std::count_if(events->cbegin(), events->cend(),
                                 [result](const AuditEvent& e) { return e.result == result; }));
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

    void concurrentOperationsShareOneCommit()
    {
        auto& path = m_ready->services->path();
        const qint64 groupsBefore = path.groupCommit().groups();
        // Eight creates started at once (tasks start eagerly and run to their commit); the fifth
        // repeats the second's name and must fail alone.
        std::vector<QCoro::Task<Outcome<Vault>>> tasks;
        for (int i = 0; i < 8; ++i) {
            const QString name = i == 4 ? QStringLiteral("group-1") : QStringLiteral("group-%1").arg(i);
            tasks.push_back(m_ready->services->vaults().create(VaultCreateRequest(name)));
        }
        int succeeded = 0;
        for (auto& task : tasks) {
            auto result = test::await(std::move(task));
            succeeded += result ? 1 : 0;
        }
        QCOMPARE(succeeded, 7);
        QCOMPARE(path.groupCommit().lastGroupSize(), 8);
        QCOMPARE(path.groupCommit().groups(), groupsBefore + 1);
        QCOMPARE(count(QStringLiteral("VaultCreate"), AuditResult::Success), 7);
        QCOMPARE(count(QStringLiteral("VaultCreate"), AuditResult::Failed), 1);
        auto vaults = VaultStore(m_ready->workspace->database()).list(false);
        QVERIFY(vaults);
        QCOMPARE(vaults->size(), 7);
        auto verified = AuditLog(m_ready->workspace->database()).verify();
        QVERIFY2(verified, errorText(verified));
        QVERIFY(verified->ok);
    }

    void anEventNamesWhoStartedTheOperation()
    {
        // The commit happens after the session ended (a lock or logout while it was on its way):
        // the event still names the operator who started it.
        auto task = m_ready->services->vaults().create(VaultCreateRequest(QStringLiteral("late-one")));
        m_ready->services->session().logout();
        QVERIFY(test::await(std::move(task)));
        AuditFilter filter;
        filter.operation = QStringLiteral("VaultCreate");
        auto events = AuditLog(m_ready->workspace->database()).list(filter);
        QVERIFY(events && !events->isEmpty());
        QCOMPARE(events->last().operatorName, QStringLiteral("admin"));
    }

    void sequentialOperationsCommitAlone()
    {
        auto& path = m_ready->services->path();
        for (int i = 0; i < 3; ++i) {
            QVERIFY(
                test::await(m_ready->services->vaults().create(VaultCreateRequest(QStringLiteral("one-%1").arg(i)))));
            QCOMPARE(path.groupCommit().lastGroupSize(), 1);
        }
    }
};

CUSTOS_REGISTER_TEST(TestGroupCommit)
#include "TestGroupCommit.moc"
