#pragma once

#include "crypto/Outcome.h"

#include <QByteArray>
#include <QList>
#include <QString>

#include <chrono>
#include <memory>

namespace custos::model {

// Where `audit forward --syslog URL` sends: udp://HOST:PORT or tcp://HOST:PORT (IPv6 as [::1]).
struct SyslogTarget
{
    enum class Transport { Udp, Tcp };
    Transport transport = Transport::Udp;
    QString host;
    quint16 port = 0;

    QString url() const; // normalised: "udp://host:port"
    // Invalid with the reason ("expected udp://HOST:PORT or tcp://HOST:PORT, not 'x'").
    static Outcome<SyslogTarget> parse(const QString& url);
};

// A resolved address (opaque sockaddr bytes), so a batch does not resolve again.
struct SyslogAddress
{
    int family = 0;
    QByteArray sockaddr;
};

// Blocking sends with time-outs, for a worker thread (never the event loop's). Stateless: each
// call opens and closes its own socket, so it may run on any pool thread.
class SyslogTransport
{
public:
    // getaddrinfo; NotFound-like Failed "cannot resolve host 'x': ..." on failure.
    static Outcome<SyslogAddress> resolve(const SyslogTarget& target);

    // Sends every message of a batch. UDP: one datagram each, on a connected socket, so a port
    // nobody listens on is reported (ICMP) rather than ignored where the kernel learns of it.
    // TCP: one connection per batch, RFC 6587 octet counting; after the last byte the sending
    // side is shut down and the peer's orderly close awaited: a peer closes only after reading
    // everything before our end of stream, so success means the batch was read. A reset is an
    // error (the caller then keeps its cursor before this batch); a peer that keeps the
    // connection open past the time-out counts as delivered once its TCP acknowledged every byte.
    static Outcome<void> send(const SyslogTarget& target, const SyslogAddress& address,
                              const QList<QByteArray>& messages, std::chrono::milliseconds timeout);
};

} // namespace custos::model
