#pragma once

// A syslog receiver for forwarding tests (link Qt6::Network): UDP datagrams or TCP with RFC 6587
// octet counting, on 127.0.0.1, served from its own thread so a test may block (a custosctl run
// through CliHarness) while it receives. Header-only and without Q_OBJECT, so custos_test_support
// need not link Qt Network.

#include <QDeadlineTimer>
#include <QMutex>
#include <QNetworkDatagram>
#include <QRegularExpression>
#include <QTcpServer>
#include <QTcpSocket>
#include <QThread>
#include <QUdpSocket>

#include <sys/socket.h>

namespace custos::test {

struct ReceivedMessage
{
    QByteArray raw;
    qint64 seq = 0;     // from [custos@32473 seq="N"], 0 when absent
    int connection = 0; // TCP: which accepted connection carried it (from 1)
};

class SyslogReceiver
{
public:
    enum class Kind { Udp, Tcp };

    explicit SyslogReceiver(Kind kind) : m_kind(kind)
    {
        m_context.moveToThread(&m_thread);
        m_thread.start();
        QMetaObject::invokeMethod(
            &m_context, [this] { open(); }, Qt::BlockingQueuedConnection);
    }
    ~SyslogReceiver()
    {
        QMetaObject::invokeMethod(
            &m_context, [this] { qDeleteAll(m_context.children()); }, Qt::BlockingQueuedConnection);
        m_thread.quit();
        m_thread.wait();
    }

    quint16 port() const { return m_port; }
    QString url() const
    {
        return QStringLiteral("%1://127.0.0.1:%2").arg(m_kind == Kind::Tcp ? "tcp" : "udp").arg(m_port);
    }

    // TCP: once `count` messages have arrived in total, the connection carrying the last of them
    // is reset (SO_LINGER 0), as a crashing peer would; what it had buffered beyond is dropped.
    void resetAfter(int count)
    {
        QMutexLocker lock(&m_mutex);
        m_resetAfter = count;
    }

    QList<ReceivedMessage> messages() const
    {
        QMutexLocker lock(&m_mutex);
        return m_messages;
    }
    QList<qint64> seqs() const
    {
        QList<qint64> out;
        for (const ReceivedMessage& m : messages())
            out << m.seq;
        return out;
    }
    // Waits until at least `count` messages arrived and none for `quietMs` after that.
    bool waitForCount(int count, int timeoutMs = 10000, int quietMs = 200) const
    {
        QDeadlineTimer deadline(timeoutMs);
        qsizetype seen = -1;
        QDeadlineTimer quiet(quietMs);
        while (!deadline.hasExpired()) {
            const qsizetype now = messages().size();
            if (now != seen) {
                seen = now;
                quiet.setRemainingTime(quietMs);
            } else if (now >= count && quiet.hasExpired()) {
                return true;
            }
            QThread::msleep(10);
        }
        return messages().size() >= count;
    }

private:
    void open()
    {
        if (m_kind == Kind::Udp) {
            auto* socket = new QUdpSocket(&m_context);
            socket->bind(QHostAddress::LocalHost, 0);
            m_port = socket->localPort();
            QObject::connect(socket, &QUdpSocket::readyRead, socket, [this, socket] {
                while (socket->hasPendingDatagrams())
                    record(socket->receiveDatagram().data(), 0);
            });
            return;
        }
        auto* server = new QTcpServer(&m_context);
        server->listen(QHostAddress::LocalHost, 0);
        m_port = server->serverPort();
        QObject::connect(server, &QTcpServer::newConnection, server, [this, server] {
            while (QTcpSocket* socket = server->nextPendingConnection()) {
                socket->setParent(&m_context);
                const int connection = ++m_connections;
                auto buffer = std::make_shared<QByteArray>();
                QObject::connect(socket, &QTcpSocket::readyRead, socket, [this, socket, buffer, connection] {
                    *buffer += socket->readAll();
                    for (;;) {
                        const qsizetype space = buffer->indexOf(' ');
                        if (space < 0)
                            return;
                        const qsizetype length = buffer->left(space).toLongLong();
                        if (buffer->size() < space + 1 + length)
                            return;
                        const bool reset = record(buffer->mid(space + 1, length), connection);
                        buffer->remove(0, space + 1 + length);
                        if (reset) {
                            const linger hard{1, 0};
                            ::setsockopt(int(socket->socketDescriptor()), SOL_SOCKET, SO_LINGER, &hard, sizeof hard);
                            socket->abort();
                            socket->deleteLater();
                            return;
                        }
                    }
                });
                // The forwarder ends its stream with a half-close: answer with our close.
                QObject::connect(socket, &QTcpSocket::disconnected, socket, &QObject::deleteLater);
            }
        });
    }

    // True when the connection is to be reset now.
    bool record(const QByteArray& raw, int connection)
    {
        static const QRegularExpression seqPattern(QStringLiteral("\\[custos@32473 seq=\"(\\d+)\"\\]"));
        const auto match = seqPattern.match(QString::fromUtf8(raw));
        QMutexLocker lock(&m_mutex);
        m_messages << ReceivedMessage{raw, match.hasMatch() ? match.captured(1).toLongLong() : 0, connection};
        if (m_resetAfter > 0 && m_messages.size() >= m_resetAfter) {
            m_resetAfter = 0;
            return true;
        }
        return false;
    }

    Kind m_kind;
    QThread m_thread;
    QObject m_context;
    quint16 m_port = 0;
    int m_connections = 0;
    mutable QMutex m_mutex;
    QList<ReceivedMessage> m_messages;
    int m_resetAfter = 0;
};

} // namespace custos::test
