#include "SyslogTransport.h"

#include "AuditFormats.h"

#include <QDeadlineTimer>
#include <QUrl>

#include <cerrno>
#include <cstring>
#include <linux/sockios.h>
#include <netdb.h>
#include <poll.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <unistd.h>

namespace custos::model {

namespace {

QString systemError(int error)
{
    return QString::fromLocal8Bit(std::strerror(error));
}

// Closes the descriptor on every path out.
struct SocketGuard
{
    int fd = -1;
    ~SocketGuard()
    {
        if (fd >= 0)
            ::close(fd);
    }
};

// poll() for `events` until the deadline; 0 on time-out, the revents otherwise (-1 on error).
int waitFor(int fd, short events, const QDeadlineTimer& deadline)
{
    for (;;) {
        pollfd p{fd, events, 0};
        const int ready = ::poll(&p, 1, int(qMax<qint64>(0, deadline.remainingTime())));
        if (ready < 0 && errno == EINTR)
            continue;
        if (ready <= 0)
            return ready;
        return p.revents;
    }
}

int pendingError(int fd)
{
    int error = 0;
    socklen_t length = sizeof error;
    ::getsockopt(fd, SOL_SOCKET, SO_ERROR, &error, &length);
    return error;
}

Error transportError(const SyslogTarget& target, const QString& what)
{
    return makeError(ErrorKind::Failed, QStringLiteral("%1: %2").arg(target.url(), what));
}

QString refusedOr(int error)
{
    return error == ECONNREFUSED ? QStringLiteral("connection refused (nothing listens there?)") : systemError(error);
}

Outcome<void> sendUdp(const SyslogTarget& target, const SyslogAddress& address, const QList<QByteArray>& messages,
                      std::chrono::milliseconds timeout)
{
    SocketGuard socket{::socket(address.family, SOCK_DGRAM | SOCK_CLOEXEC, 0)};
    if (socket.fd < 0)
        return transportError(target, QStringLiteral("cannot open a socket: ") + systemError(errno));
    if (::connect(socket.fd, reinterpret_cast<const sockaddr*>(address.sockaddr.constData()),
                  socklen_t(address.sockaddr.size())) != 0)
        return transportError(target, refusedOr(errno));
    const QDeadlineTimer deadline(timeout);
    for (const QByteArray& message : messages) {
        for (;;) {
            if (::send(socket.fd, message.constData(), size_t(message.size()), MSG_NOSIGNAL) >= 0)
                break;
            const int error = errno;
            if (error == EINTR)
                continue;
            if ((error == EAGAIN || error == ENOBUFS) && !deadline.hasExpired()) {
                waitFor(socket.fd, POLLOUT, QDeadlineTimer(10));
                continue;
            }
            if (error == EMSGSIZE)
                return transportError(target, QStringLiteral("a message of %1 bytes does not fit in a datagram; "
                                                             "use tcp://")
                                                  .arg(message.size()));
            return transportError(target, refusedOr(error));
        }
    }
    // An ICMP "port unreachable" for the last datagrams arrives a moment later.
    if (waitFor(socket.fd, POLLIN, QDeadlineTimer(20)) > 0) {
        if (const int error = pendingError(socket.fd); error != 0)
            return transportError(target, refusedOr(error));
    }
    return {};
}

Outcome<void> sendTcp(const SyslogTarget& target, const SyslogAddress& address, const QList<QByteArray>& messages,
                      std::chrono::milliseconds timeout)
{
    SocketGuard socket{::socket(address.family, SOCK_STREAM | SOCK_CLOEXEC | SOCK_NONBLOCK, 0)};
    if (socket.fd < 0)
        return transportError(target, QStringLiteral("cannot open a socket: ") + systemError(errno));
    QDeadlineTimer deadline(timeout);
    if (::connect(socket.fd, reinterpret_cast<const sockaddr*>(address.sockaddr.constData()),
                  socklen_t(address.sockaddr.size())) != 0) {
        if (errno != EINPROGRESS)
            return transportError(target, refusedOr(errno));
        if (waitFor(socket.fd, POLLOUT, deadline) == 0)
            return transportError(target, QStringLiteral("no connection within %1 ms").arg(timeout.count()));
        if (const int error = pendingError(socket.fd); error != 0)
            return transportError(target, refusedOr(error));
    }

    QByteArray stream;
    for (const QByteArray& message : messages)
        stream += AuditFormats::octetCounted(message);
    qsizetype written = 0;
    deadline.setRemainingTime(timeout);
    while (written < stream.size()) {
        const ssize_t n =
            ::send(socket.fd, stream.constData() + written, size_t(stream.size() - written), MSG_NOSIGNAL);
        if (n >= 0) {
            written += n;
            deadline.setRemainingTime(timeout); // progress restarts the time-out
            continue;
        }
        if (errno == EINTR)
            continue;
        if (errno != EAGAIN)
            return transportError(target, QStringLiteral("connection lost after %1 of %2 bytes: %3")
                                              .arg(written)
                                              .arg(stream.size())
                                              .arg(systemError(errno)));
        if (waitFor(socket.fd, POLLOUT, deadline) == 0)
            return transportError(target, QStringLiteral("the peer accepted no data for %1 ms").arg(timeout.count()));
    }

    // End of stream; the peer closes once it has read up to it.
    ::shutdown(socket.fd, SHUT_WR);
    deadline.setRemainingTime(timeout);
    char sink[4096];
    for (;;) {
        const int events = waitFor(socket.fd, POLLIN, deadline);
        if (events == 0) {
            int unacknowledged = 0;
            if (::ioctl(socket.fd, SIOCOUTQ, &unacknowledged) == 0 && unacknowledged == 0)
                return {}; // a peer that keeps connections open: its TCP has every byte
            return transportError(
                target,
                QStringLiteral("the peer acknowledged the data within %1 ms only in part").arg(timeout.count()));
        }
        const ssize_t n = ::recv(socket.fd, sink, sizeof sink, 0);
        if (n == 0)
            return {};
        if (n < 0 && errno != EINTR && errno != EAGAIN)
            return transportError(target,
                                  QStringLiteral("the peer dropped the connection before reading all %1 bytes: %2")
                                      .arg(stream.size())
                                      .arg(systemError(errno)));
    }
}

} // namespace

QString SyslogTarget::url() const
{
    const QString scheme = transport == Transport::Tcp ? QStringLiteral("tcp") : QStringLiteral("udp");
    const QString shownHost = host.contains(QLatin1Char(':')) ? QLatin1Char('[') + host + QLatin1Char(']') : host;
    return QStringLiteral("%1://%2:%3").arg(scheme, shownHost).arg(port);
}

Outcome<SyslogTarget> SyslogTarget::parse(const QString& text)
{
    const auto invalid = [&text](const QString& why) {
        return makeError(ErrorKind::Invalid,
                         QStringLiteral("expected udp://HOST:PORT or tcp://HOST:PORT, not '%1'%2").arg(text, why));
    };
    const QUrl url(text, QUrl::StrictMode);
    if (!url.isValid())
        return invalid({});
    SyslogTarget target;
    if (url.scheme() == QLatin1String("udp"))
        target.transport = Transport::Udp;
    else if (url.scheme() == QLatin1String("tcp"))
        target.transport = Transport::Tcp;
    else
        return invalid(QStringLiteral(" (the scheme must be udp or tcp)"));
    if (url.host().isEmpty())
        return invalid(QStringLiteral(" (no host)"));
    if (url.port() <= 0)
        return invalid(QStringLiteral(" (a port from 1 to 65535 is needed)"));
    if (!url.userInfo().isEmpty() || (!url.path().isEmpty() && url.path() != QLatin1String("/")) || url.hasQuery() ||
        url.hasFragment())
        return invalid(QStringLiteral(" (only scheme, host and port)"));
    target.host = url.host();
    target.port = quint16(url.port());
    return target;
}

Outcome<SyslogAddress> SyslogTransport::resolve(const SyslogTarget& target)
{
    addrinfo hints{};
    hints.ai_family = AF_UNSPEC;
    hints.ai_socktype = target.transport == SyslogTarget::Transport::Tcp ? SOCK_STREAM : SOCK_DGRAM;
    addrinfo* found = nullptr;
    const QByteArray host = target.host.toUtf8();
    const QByteArray port = QByteArray::number(target.port);
    const int status = ::getaddrinfo(host.constData(), port.constData(), &hints, &found);
    if (status != 0 || !found)
        return makeError(ErrorKind::Failed, QStringLiteral("cannot resolve host '%1': %2")
                                                .arg(target.host, QString::fromLocal8Bit(::gai_strerror(status))));
    SyslogAddress address{found->ai_family,
                          QByteArray(reinterpret_cast<const char*>(found->ai_addr), int(found->ai_addrlen))};
    ::freeaddrinfo(found);
    return address;
}

Outcome<void> SyslogTransport::send(const SyslogTarget& target, const SyslogAddress& address,
                                    const QList<QByteArray>& messages, std::chrono::milliseconds timeout)
{
    return target.transport == SyslogTarget::Transport::Tcp ? sendTcp(target, address, messages, timeout)
                                                            : sendUdp(target, address, messages, timeout);
}

} // namespace custos::model
