#include "AirGapPanel.h"

#include "AirGapOverrideDialog.h"
#include "model/services/CeremonyOverride.h"
#include "model/services/Services.h"
#include "model/session/ServiceHost.h"
#include "ui/widgets/InlineMessage.h"

#include <QFont>
#include <QHBoxLayout>
#include <QLabel>
#include <QPointer>
#include <QPushButton>
#include <QStyle>
#include <QVBoxLayout>

namespace custos::ui {

namespace {
const QString kRepairPermission = QStringLiteral("workspace/repair");
}

AirGapPanel::AirGapPanel(model::ServiceHost& host, QWidget* parent)
    : QWidget(parent), m_host(host), m_source(&systemNetworkInterfaces)
{
    setObjectName(QStringLiteral("airGapPanel"));
    m_statusLabel = new QLabel(this);
    m_statusLabel->setObjectName(QStringLiteral("airGapStatusLabel"));
    m_statusLabel->setTextFormat(Qt::PlainText);
    m_statusLabel->setWordWrap(true);
    QFont bold = m_statusLabel->font();
    bold.setBold(true);
    m_statusLabel->setFont(bold);
    m_detailLabel = new QLabel(this);
    m_detailLabel->setObjectName(QStringLiteral("airGapDetailLabel"));
    m_detailLabel->setTextFormat(Qt::PlainText);
    m_detailLabel->setWordWrap(true);
    m_iconLabel = new QLabel(this);
    m_iconLabel->setObjectName(QStringLiteral("airGapIconLabel"));
    m_message = new InlineMessage(this);
    m_message->setObjectName(QStringLiteral("airGapMessage"));

    m_checkAgainButton = new QPushButton(tr("&Check Again"), this);
    m_checkAgainButton->setObjectName(QStringLiteral("airGapCheckAgainButton"));
    m_checkAgainButton->setAccessibleDescription(tr("Reads the network interfaces again"));
    m_overrideButton = new QPushButton(tr("&Override…"), this);
    m_overrideButton->setObjectName(QStringLiteral("airGapOverrideButton"));
    m_overrideButton->setAccessibleDescription(
        tr("Proceed although interfaces are up, with a justification recorded in the audit trail"));
    connect(m_checkAgainButton, &QPushButton::clicked, this, [this] {
        m_message->clearMessage();
        check();
    });
    connect(m_overrideButton, &QPushButton::clicked, this, [this] { requestOverride(); });
    connect(&m_host, &model::ServiceHost::accessChanged, this, &AirGapPanel::updateView);

    auto* buttons = new QHBoxLayout;
    buttons->addWidget(m_checkAgainButton);
    buttons->addWidget(m_overrideButton);
    buttons->addStretch();
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    auto* status = new QHBoxLayout;
    status->addWidget(m_iconLabel, 0, Qt::AlignTop);
    status->addWidget(m_statusLabel, 1);
    layout->addLayout(status);
    layout->addWidget(m_detailLabel);
    layout->addWidget(m_message);
    layout->addLayout(buttons);
    check();
}

AirGapPanel::~AirGapPanel() = default;

void AirGapPanel::setInterfaceSource(NetworkInterfaceSource source)
{
    m_source = std::move(source);
    check();
}

bool AirGapPanel::check()
{
    m_blocking = blockingInterfaces(m_source ? m_source() : QList<NetworkInterfaceState>());
    updateView();
    Q_EMIT stateChanged(isClear());
    return isClear();
}

bool AirGapPanel::isClear() const
{
    for (const NetworkInterfaceState& state : m_blocking) {
        if (!m_overridden.contains(state.name))
            return false;
    }
    return true;
}

QStringList AirGapPanel::blockingNames() const
{
    QStringList names;
    for (const NetworkInterfaceState& state : m_blocking)
        names << state.name;
    return names;
}

AirGapOverrideDialog* AirGapPanel::requestOverride()
{
    if (isClear() || m_overriding || !m_host.access().isAllowed(kRepairPermission, QStringLiteral("/")))
        return nullptr;
    auto* dialog = new AirGapOverrideDialog(blockingNames(), this);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    dialog->setFont(window()->font());
    connect(dialog, &QDialog::accepted, this,
            [this, dialog] { runOverride(dialog->interfaces(), dialog->justification()); });
    dialog->open();
    return dialog;
}

QCoro::Task<> AirGapPanel::runOverride(QStringList interfaces, QString justification)
{
    QPointer<AirGapPanel> guard(this);
    m_overriding = true;
    updateView();
    auto task = m_host.call([interfaces, justification](model::Services& services) {
        return model::overrideAirGapCheck(services, interfaces, justification);
    });
    Outcome<void> overridden = co_await task;
    if (!guard)
        co_return;
    m_overriding = false;
    if (!overridden) {
        m_message->showError(tr("The override was refused: %1").arg(overridden.error().message));
        updateView();
        co_return;
    }
    m_overridden << interfaces;
    m_overridden.removeDuplicates();
    m_message->clearMessage();
    check(); // an interface that came up meanwhile is not covered
}

void AirGapPanel::updateView()
{
    const QStringList names = blockingNames();
    if (m_blocking.isEmpty()) {
        m_statusLabel->setText(tr("Air-gap check passed: no network interface other than loopback is up."));
        m_detailLabel->setText(
            tr("This sees only the interfaces the system reports as up: a radio or a USB device brought up "
               "later, or one the system does not list, is not seen. Check the machine itself too."));
    } else if (isClear()) {
        m_statusLabel->setText(tr("Air-gap check overridden for %1 by %2 (recorded in the audit trail).")
                                   .arg(names.join(QStringLiteral(", ")), m_host.operatorName()));
        m_detailLabel->setText(tr("Up: %1").arg(names.join(QStringLiteral("; "))));
    } else {
        QStringList lines;
        for (const NetworkInterfaceState& state : std::as_const(m_blocking))
            lines << QStringLiteral("• ") + describeInterface(state);
        m_statusLabel->setText(tr("Ceremonies refused: %n network interface(s) up: %1", nullptr, int(m_blocking.size()))
                                   .arg(names.join(QStringLiteral(", "))));
        m_detailLabel->setText(lines.join(QLatin1Char('\n')) + QStringLiteral("\n\n") +
                               tr("Unplug the network cable and disable Wi-Fi (and every other interface listed), "
                                  "then choose Check Again."));
    }
    // The state in text and an icon, never colour alone.
    const bool clear = isClear();
    m_statusLabel->setAccessibleName(m_statusLabel->text());
    setAccessibleName(clear ? tr("Air-gap check: ceremonies allowed") : tr("Air-gap check: ceremonies refused"));
    m_iconLabel->setPixmap(
        style()->standardIcon(clear ? QStyle::SP_DialogApplyButton : QStyle::SP_MessageBoxWarning).pixmap(32, 32));
    const bool mayOverride = m_host.access().isAllowed(kRepairPermission, QStringLiteral("/"));
    m_overrideButton->setVisible(!clear && mayOverride);
    m_overrideButton->setEnabled(!m_overriding);
    m_checkAgainButton->setEnabled(!m_overriding);
}

} // namespace custos::ui
