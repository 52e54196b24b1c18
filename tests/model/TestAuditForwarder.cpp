#include "OutcomeText.h"
#include "SyslogReceiver.h"
#include "TestRegistry.h"
#include "TestWorkspace.h"

#include "model/audit/AuditLog.h"
#include "model/services/AuditForwarder.h"
#include "model/services/ServicePath.h"
#include "model/services/Services.h"
#include "model/services/VaultService.h"
#include "model/store/Stores.h"

#include <QTcpServer>
#include <QTemporaryDir>
#include <QTest>

using namespace custos;
using namespace custos::model;
using custos::test::SyslogReceiver;

// The forwarding cursor in small batches: per-batch advance, resume after a reset peer with no
// gap, repeats only of the batch that was cut, and the errors a bad target gives.
class TestAuditForwarder : public QObject
{
    Q_OBJECT
private:
    std::unique_ptr<QTemporaryDir> m_tmp;
    std::unique_ptr<test::ReadyWorkspace> m_ready;

    ServicePath& path() { return m_ready->services->path(); }
    qint64 head()
    {
        auto count = AuditLog(m_ready->workspace->database()).list({});
        return count && !count->isEmpty() ? count->last().seq : 0;
    }
    bool addEvents(int n)
    {
        for (int i = 0; i < n; ++i) {
            auto v = test::await(m_ready->services->vaults().create({QStringLiteral("v%1-%2").arg(head()).arg(i)}));
            if (!v)
                return false;
        }
        return true;
    }
    qint64 cursor(const QString& url)
    {
        auto value = SettingsStore(m_ready->workspace->database()).get(AuditForwarder::cursorKey(url));
        return value && value.value() ? value.value()->toLongLong() : -1;
    }
    Outcome<AuditForwardResult> forward(const QString& url, int batch = 3)
    {
        AuditForwarder forwarder(path());
        forwarder.setBatchSize(batch);
        forwarder.setTimeout(std::chrono::milliseconds(3000));
        return test::await(forwarder.forward(url));
    }
    AuditEvent lastEvent()
    {
        auto all = AuditLog(m_ready->workspace->database()).list({});
        return all->last();
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

    void tcpResetMidStreamResumesWithoutGap()
    {
        QVERIFY(addEvents(8));
        const qint64 before = head();
        SyslogReceiver receiver(SyslogReceiver::Kind::Tcp);
        receiver.resetAfter(7); // inside the third batch of three
        const auto cut = forward(receiver.url());
        QVERIFY(!cut);
        QVERIFY2(cut.error().message.contains(receiver.url()), qPrintable(cut.error().message));
        QCOMPARE(cursor(receiver.url()), 6); // batches 1-3 and 4-6 were read, 7-9 was cut
        const AuditEvent failed = lastEvent();
        QCOMPARE(failed.operation, QStringLiteral("AuditForward"));
        QCOMPARE(failed.result, AuditResult::Failed);
        QCOMPARE(failed.details.value(QStringLiteral("lastSeq")).toInteger(), 6);
        QCOMPARE(failed.details.value(QStringLiteral("count")).toInteger(), 6);

        const auto resumed = forward(receiver.url());
        QVERIFY2(resumed, errorText(resumed));
        QCOMPARE(resumed->firstSeq, 7);
        QCOMPARE(resumed->lastSeq, before + 1); // up to the Failed AuditForward event
        QVERIFY(receiver.waitForCount(7 + int(before + 1 - 6)));
        QList<qint64> expected;
        for (qint64 s = 1; s <= 7; ++s)
            expected << s;
        for (qint64 s = 7; s <= before + 1; ++s)
            expected << s; // seq 7 twice: the repeat of the cut batch, recognisable by its seq
        QCOMPARE(receiver.seqs(), expected);
        const QList<test::ReceivedMessage> got = receiver.messages();
        QCOMPARE(got.at(6).raw, got.at(7).raw); // the repeat is the same message
        QCOMPARE(cursor(receiver.url()), before + 1);
        const AuditEvent done = lastEvent();
        QCOMPARE(done.result, AuditResult::Success);
        QCOMPARE(done.details.value(QStringLiteral("target")).toString(), receiver.url());
        QCOMPARE(done.details.value(QStringLiteral("firstSeq")).toInteger(), 7);
    }

    void udpBatchesInOrder()
    {
        QVERIFY(addEvents(5));
        SyslogReceiver receiver(SyslogReceiver::Kind::Udp);
        const auto first = forward(receiver.url(), 2);
        QVERIFY2(first, errorText(first));
        QCOMPARE(first->firstSeq, 1);
        QCOMPARE(first->count, first->lastSeq);
        QVERIFY(receiver.waitForCount(int(first->count)));
        QVERIFY(addEvents(2));
        const auto second = forward(receiver.url(), 2);
        QVERIFY2(second, errorText(second));
        QCOMPARE(second->firstSeq, first->lastSeq + 1);
        QVERIFY(receiver.waitForCount(int(first->count + second->count)));
        QList<qint64> expected;
        for (qint64 s = 1; s <= second->lastSeq; ++s)
            expected << s;
        QCOMPARE(receiver.seqs(), expected);
        // A cursor per target: another URL starts from the beginning.
        SyslogReceiver other(SyslogReceiver::Kind::Udp);
        const auto fresh = forward(other.url(), 50);
        QVERIFY2(fresh, errorText(fresh));
        QCOMPARE(fresh->firstSeq, 1);
    }

    void clearErrors()
    {
        const auto bad = forward(QStringLiteral("http://127.0.0.1:514"));
        QVERIFY(!bad);
        QCOMPARE(bad.error().kind, ErrorKind::Invalid);
        QVERIFY2(bad.error().message.contains(QStringLiteral("udp://HOST:PORT or tcp://HOST:PORT")),
                 qPrintable(bad.error().message));
        const auto noPort = forward(QStringLiteral("tcp://127.0.0.1"));
        QVERIFY(!noPort);
        QVERIFY(noPort.error().message.contains(QStringLiteral("port")));

        const auto unknown = forward(QStringLiteral("tcp://no-such-host.invalid:514"));
        QVERIFY(!unknown);
        QVERIFY2(unknown.error().message.contains(QStringLiteral("cannot resolve host 'no-such-host.invalid'")),
                 qPrintable(unknown.error().message));

        quint16 closedPort = 0;
        {
            QTcpServer probe; // a port nobody listens on once it is closed
            QVERIFY(probe.listen(QHostAddress::LocalHost, 0));
            closedPort = probe.serverPort();
        }
        const QString tcpUrl = QStringLiteral("tcp://127.0.0.1:%1").arg(closedPort);
        const auto refused = forward(tcpUrl);
        QVERIFY(!refused);
        QVERIFY2(refused.error().message.contains(QStringLiteral("connection refused")),
                 qPrintable(refused.error().message));
        QCOMPARE(cursor(tcpUrl), -1);
        const AuditEvent failed = lastEvent();
        QCOMPARE(failed.operation, QStringLiteral("AuditForward"));
        QCOMPARE(failed.result, AuditResult::Failed);
        QVERIFY(failed.reason.contains(QStringLiteral("connection refused")));

        // UDP learns of it from the ICMP answer on its connected socket.
        const QString udpUrl = QStringLiteral("udp://127.0.0.1:%1").arg(closedPort);
        const auto unreachable = forward(udpUrl);
        QVERIFY(!unreachable);
        QVERIFY2(unreachable.error().message.contains(QStringLiteral("connection refused")),
                 qPrintable(unreachable.error().message));
        QCOMPARE(cursor(udpUrl), -1);
    }
};

CUSTOS_REGISTER_TEST(TestAuditForwarder)
#include "TestAuditForwarder.moc"
