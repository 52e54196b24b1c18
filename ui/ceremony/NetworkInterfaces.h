#pragma once

#include <QList>
#include <QString>
#include <QStringList>

#include <functional>

namespace custos::ui {

// One network interface as the air-gap pre-flight sees it.
struct NetworkInterfaceState
{
    QString name;          // "eth0"
    QString type;          // readable: "Ethernet", "Wi-Fi", "Virtual", ...
    QStringList addresses; // "192.0.2.7/24", "fe80::1/64"
    bool up = false;
    bool loopback = false;
};

// Where the pre-flight reads the interfaces from: the system's (systemNetworkInterfaces), or a
// fixed list in tests.
using NetworkInterfaceSource = std::function<QList<NetworkInterfaceState>()>;

// QNetworkInterface::allInterfaces(), flags and addresses included.
QList<NetworkInterfaceState> systemNetworkInterfaces();

// What refuses a ceremony: every interface that is up and is not loopback.
QList<NetworkInterfaceState> blockingInterfaces(const QList<NetworkInterfaceState>& interfaces);

// "eth0 (Ethernet: 192.0.2.7/24)": one line of the refusal.
QString describeInterface(const NetworkInterfaceState& state);

} // namespace custos::ui
