#include "NetworkInterfaces.h"

#include <QCoreApplication>
#include <QNetworkInterface>

namespace custos::ui {

namespace {
QString typeName(QNetworkInterface::InterfaceType type)
{
    switch (type) {
    case QNetworkInterface::Loopback:
        return QCoreApplication::translate("custos::ui::NetworkInterfaces", "Loopback");
    case QNetworkInterface::Virtual:
        return QCoreApplication::translate("custos::ui::NetworkInterfaces", "Virtual");
    case QNetworkInterface::Ethernet:
        return QCoreApplication::translate("custos::ui::NetworkInterfaces", "Ethernet");
    case QNetworkInterface::Wifi:
        return QCoreApplication::translate("custos::ui::NetworkInterfaces", "Wi-Fi");
    case QNetworkInterface::Ppp:
    case QNetworkInterface::Slip:
        return QCoreApplication::translate("custos::ui::NetworkInterfaces", "Point-to-point");
    case QNetworkInterface::CanBus:
        return QCoreApplication::translate("custos::ui::NetworkInterfaces", "CAN bus");
    case QNetworkInterface::Ieee802154:
    case QNetworkInterface::SixLoWPAN:
        return QCoreApplication::translate("custos::ui::NetworkInterfaces", "IEEE 802.15.4");
    case QNetworkInterface::Ieee80216:
        return QCoreApplication::translate("custos::ui::NetworkInterfaces", "WiMAX");
    case QNetworkInterface::Ieee1394:
        return QCoreApplication::translate("custos::ui::NetworkInterfaces", "FireWire");
    case QNetworkInterface::Phonet:
        return QCoreApplication::translate("custos::ui::NetworkInterfaces", "Cellular (Phonet)");
    case QNetworkInterface::Fddi:
        return QCoreApplication::translate("custos::ui::NetworkInterfaces", "FDDI");
    case QNetworkInterface::Unknown:
        break;
    }
    return QCoreApplication::translate("custos::ui::NetworkInterfaces", "Unknown type");
}
} // namespace

QList<NetworkInterfaceState> systemNetworkInterfaces()
{
    QList<NetworkInterfaceState> states;
    const QList<QNetworkInterface> interfaces = QNetworkInterface::allInterfaces();
    for (const QNetworkInterface& iface : interfaces) {
        NetworkInterfaceState state;
        state.name = iface.name();
        state.type = typeName(iface.type());
        state.up = iface.flags().testFlag(QNetworkInterface::IsUp);
        state.loopback = iface.flags().testFlag(QNetworkInterface::IsLoopBack);
        const QList<QNetworkAddressEntry> entries = iface.addressEntries();
        for (const QNetworkAddressEntry& entry : entries)
            state.addresses << QStringLiteral("%1/%2").arg(entry.ip().toString()).arg(entry.prefixLength());
        states << state;
    }
    return states;
}

QList<NetworkInterfaceState> blockingInterfaces(const QList<NetworkInterfaceState>& interfaces)
{
    QList<NetworkInterfaceState> blocking;
    for (const NetworkInterfaceState& state : interfaces) {
        if (state.up && !state.loopback)
            blocking << state;
    }
    return blocking;
}

QString describeInterface(const NetworkInterfaceState& state)
{
    if (state.addresses.isEmpty())
        return QCoreApplication::translate("custos::ui::NetworkInterfaces", "%1 (%2, no address)")
            .arg(state.name, state.type);
    return QCoreApplication::translate("custos::ui::NetworkInterfaces", "%1 (%2: %3)")
        .arg(state.name, state.type, state.addresses.join(QStringLiteral(", ")));
}

} // namespace custos::ui
