#include "CeremonyWindow.h"

#include "AirGapPanel.h"
#include "CopyBlocker.h"
#include "model/services/SecurityDomainService.h"
#include "model/services/Services.h"
#include "model/session/ServiceHost.h"
#include "ui/mainwindow/LockPanel.h"
#include "ui/security/InactivityTimer.h"
#include "ui/security/LockShield.h"
#include "ui/security/ScreenLockWatcher.h"
#include "ui/security/SecureClipboard.h"
#include "ui/securitydomain/DownloadWizard.h"
#include "ui/securitydomain/RestoreBlobWizard.h"
#include "ui/securitydomain/RestoreWizard.h"
#include "ui/securitydomain/VerifyShareDialog.h"
#include "ui/settings/AppSettings.h"
#include "ui/widgets/InlineMessage.h"

#include <QAction>
#include <QApplication>
#include <QClipboard>
#include <QCloseEvent>
#include <QDialog>
#include <QDir>
#include <QFont>
#include <QGridLayout>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QIcon>
#include <QKeyEvent>
#include <QLabel>
#include <QPushButton>
#include <QStackedWidget>
#include <QTimer>
#include <QVBoxLayout>

namespace custos::ui {

namespace {
const QString kRoot = QStringLiteral("/");

// The permission each ceremony needs at "/" (as the Security Domain menu asks); the restore blob
// works on files alone.
QString permissionFor(CeremonyWindow::Ceremony ceremony)
{
    switch (ceremony) {
    case CeremonyWindow::Ceremony::Download:
    case CeremonyWindow::Ceremony::Rotate:
        return QStringLiteral("securitydomain/download/action");
    case CeremonyWindow::Ceremony::Restore:
        return QStringLiteral("securitydomain/upload/action");
    case CeremonyWindow::Ceremony::VerifyShare:
        return QStringLiteral("securitydomain/upload/read");
    case CeremonyWindow::Ceremony::RestoreBlob:
        break;
    }
    return {};
}

QFont largeFont()
{
    QFont font = QApplication::font();
    if (font.pointSizeF() > 0)
        font.setPointSizeF(font.pointSizeF() * CeremonyWindow::kFontScale);
    else
        font.setPixelSize(qRound(font.pixelSize() * CeremonyWindow::kFontScale));
    return font;
}
} // namespace

CeremonyWindow::CeremonyWindow(model::ServiceHost& host, Route route, AppSettings* settings, QWidget* parent)
    : QWidget(parent, Qt::Window), m_host(host), m_route(route)
{
    setObjectName(QStringLiteral("ceremonyWindow"));
    setWindowTitle(tr("Custos — Ceremony Mode"));
    setWindowIcon(QIcon(QStringLiteral(":/icons/custos.svg")));
    setFont(largeFont());

    // Nothing leaves through the clipboard: Custos's own copies are refused, the text widgets' too.
    m_clipboard = new SecureClipboard(QGuiApplication::clipboard(), this);
    m_clipboard->setEnabled(false);
    m_copyBlocker = new CopyBlocker(this);
    connect(m_copyBlocker, &CopyBlocker::copyBlocked, this,
            [this] { showStatus(tr("The clipboard is disabled in ceremony mode.")); });
    connect(m_clipboard, &SecureClipboard::copyRefused, this,
            [this] { showStatus(tr("The clipboard is disabled in ceremony mode.")); });

    auto* title = new QLabel(tr("Ceremony Mode"), this);
    title->setObjectName(QStringLiteral("ceremonyTitleLabel"));
    QFont titleFont = title->font();
    titleFont.setBold(true);
    titleFont.setPointSizeF(titleFont.pointSizeF() > 0 ? titleFont.pointSizeF() * 1.5 : 18);
    title->setFont(titleFont);
    m_operatorLabel = new QLabel(this);
    m_operatorLabel->setObjectName(QStringLiteral("ceremonyOperatorLabel"));
    m_operatorLabel->setTextFormat(Qt::PlainText);
    m_operatorLabel->setText(
        tr("Operator %1, workspace %2").arg(m_host.operatorName(), QDir::toNativeSeparators(m_host.directory())));

    auto* preflight = new QGroupBox(tr("Pre-flight: air gap"), this);
    m_airGap = new AirGapPanel(host, preflight);
    auto* preflightLayout = new QVBoxLayout(preflight);
    preflightLayout->addWidget(m_airGap);

    auto* ceremonies = new QGroupBox(tr("Ceremonies"), this);
    auto* grid = new QGridLayout(ceremonies);
    const struct
    {
        QString text;
        const char* name;
        QString description;
        Ceremony ceremony;
    } entries[] = {
        {tr("&Download the Security Domain…"), "ceremonyDownloadButton",
         tr("Back up the domain key to a quorum of custodians"), Ceremony::Download},
        {tr("&Rotate the Domain Key…"), "ceremonyRotateButton",
         tr("A new domain key for everything wrapped from now on, and a new file for it"), Ceremony::Rotate},
        {tr("R&estore the Security Domain…"), "ceremonyRestoreButton",
         tr("Restore a domain key into this new workspace from its security-domain file"), Ceremony::Restore},
        {tr("Managed HSM Restore &Blob…"), "ceremonyRestoreBlobButton",
         tr("Azure Managed HSM's offline step: a restore blob from the file, the exchange key and custodians"),
         Ceremony::RestoreBlob},
        {tr("&Verify a Share…"), "ceremonyVerifyShareButton",
         tr("The custodians' drill: does a key still open its share of a file?"), Ceremony::VerifyShare},
    };
    int row = 0;
    for (const auto& entry : entries) {
        QPushButton* button = addCeremonyButton(entry.text, entry.name, entry.description, entry.ceremony);
        auto* description = new QLabel(entry.description, ceremonies);
        description->setWordWrap(true);
        description->setTextFormat(Qt::PlainText);
        grid->addWidget(button, row, 0);
        grid->addWidget(description, row, 1);
        ++row;
    }
    grid->setColumnStretch(1, 1);

    m_statusMessage = new InlineMessage(this);
    m_statusMessage->setObjectName(QStringLiteral("ceremonyStatusMessage"));
    m_leaveButton =
        new QPushButton(m_route == Route::CommandLine ? tr("Log Out and &Quit") : tr("&Leave Ceremony Mode"), this);
    m_leaveButton->setObjectName(QStringLiteral("ceremonyLeaveButton"));
    m_leaveButton->setAccessibleDescription(m_route == Route::CommandLine ? tr("Ends the session and closes Custos")
                                                                          : tr("Back to the main window"));
    connect(m_leaveButton, &QPushButton::clicked, this, &CeremonyWindow::leave);

    m_lockAction = new QAction(QIcon(QStringLiteral(":/icons/lock.svg")), tr("Loc&k"), this);
    m_lockAction->setObjectName(QStringLiteral("ceremonyLockAction"));
    m_lockAction->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_L));
    // The wizards opened from here carry the action too (prepareChild).
    m_lockAction->setShortcutContext(Qt::WindowShortcut);
    m_lockAction->setStatusTip(tr("Hide everything, close the wizards and forget unsealed keys until you enter "
                                  "your passphrase"));
    addAction(m_lockAction);
    connect(m_lockAction, &QAction::triggered, this, &CeremonyWindow::lock);
    auto* lockButton = new QPushButton(m_lockAction->icon(), tr("Loc&k (Ctrl+L)"), this);
    lockButton->setObjectName(QStringLiteral("ceremonyLockButton"));
    connect(lockButton, &QPushButton::clicked, m_lockAction, &QAction::trigger);

    auto* bottom = new QHBoxLayout;
    bottom->addWidget(m_statusMessage, 1);
    bottom->addWidget(lockButton);
    bottom->addWidget(m_leaveButton);

    m_ceremonyPage = new QWidget(this);
    auto* pageLayout = new QVBoxLayout(m_ceremonyPage);
    pageLayout->addWidget(title);
    pageLayout->addWidget(m_operatorLabel);
    pageLayout->addWidget(preflight);
    pageLayout->addWidget(ceremonies);
    pageLayout->addStretch();
    pageLayout->addLayout(bottom);
    auto* centre = new QHBoxLayout;
    centre->addStretch(1);
    centre->addWidget(m_ceremonyPage, 4);
    centre->addStretch(1);
    auto* centred = new QWidget(this);
    centred->setLayout(centre);

    m_lockPanel = new LockPanel(this);
    m_pages = new QStackedWidget(this);
    m_pages->setObjectName(QStringLiteral("ceremonyPages"));
    m_pages->addWidget(centred);
    m_pages->addWidget(m_lockPanel);
    auto* layout = new QVBoxLayout(this);
    layout->addWidget(m_pages);
    connect(m_lockPanel, &LockPanel::unlockRequested, this, [this] { unlockAsync(); });
    connect(m_lockPanel, &LockPanel::logoutRequested, this, &CeremonyWindow::logoutRequested);
    // A lock from elsewhere (the main window's idle timer, the screen locker) hides this one too.
    m_lockShield = new LockShield(this);
    connect(&m_host, &model::ServiceHost::lockChanged, this, &CeremonyWindow::showLocked);
    if (m_route == Route::CommandLine)
        createLockTriggers(settings);

    // Keyboard order: the pre-flight, the ceremonies top to bottom, then lock and leave.
    QWidget* previous = m_airGap->checkAgainButton();
    setTabOrder(previous, m_airGap->overrideButton());
    previous = m_airGap->overrideButton();
    for (Ceremony ceremony :
         {Ceremony::Download, Ceremony::Rotate, Ceremony::Restore, Ceremony::RestoreBlob, Ceremony::VerifyShare}) {
        setTabOrder(previous, m_buttons.value(ceremony));
        previous = m_buttons.value(ceremony);
    }
    setTabOrder(previous, lockButton);
    setTabOrder(lockButton, m_leaveButton);

    connect(m_airGap, &AirGapPanel::stateChanged, this, &CeremonyWindow::updateButtons);
    connect(&m_host, &model::ServiceHost::accessChanged, this, &CeremonyWindow::updateButtons);
    updateButtons();
    loadActivation();
}

CeremonyWindow::~CeremonyWindow() = default;

void CeremonyWindow::createLockTriggers(AppSettings* settings)
{
    // Without a main window nobody else locks: idle input and the desktop's screen lock, as there.
    QPointer<AppSettings> preferences(settings);
    m_inactivity = new InactivityTimer(this);
    m_inactivity->setTimeout(preferences ? std::chrono::milliseconds(preferences->idleLockTimeout())
                                         : std::chrono::milliseconds(std::chrono::minutes(5)));
    connect(m_inactivity, &InactivityTimer::timedOut, this, [this] {
        if (m_host.isLoggedIn())
            lock();
    });
    auto* screenLock = new ScreenLockWatcher(this);
    connect(screenLock, &ScreenLockWatcher::screenLocked, this, [this, preferences] {
        if ((!preferences || preferences->lockOnScreenLock()) && m_host.isLoggedIn())
            lock();
    });
}

QPushButton* CeremonyWindow::addCeremonyButton(const QString& text, const char* objectName, const QString& description,
                                               Ceremony ceremony)
{
    auto* button = new QPushButton(text, this);
    button->setObjectName(QString::fromLatin1(objectName));
    button->setAccessibleDescription(description);
    button->setMinimumHeight(button->sizeHint().height() * 3 / 2);
    connect(button, &QPushButton::clicked, this, [this, ceremony] { startCeremony(ceremony); });
    m_buttons.insert(ceremony, button);
    return button;
}

QPushButton* CeremonyWindow::ceremonyButton(Ceremony ceremony) const
{
    return m_buttons.value(ceremony);
}

void CeremonyWindow::enter()
{
    showFullScreen();
    raise();
    activateWindow();
    m_airGap->check();
    QPushButton* first = nullptr;
    for (QPushButton* button : m_buttons) {
        if (!first && button->isEnabled())
            first = button;
    }
    (first ? first : m_airGap->checkAgainButton())->setFocus();
}

void CeremonyWindow::setInterfaceSource(NetworkInterfaceSource source)
{
    m_airGap->setInterfaceSource(std::move(source));
}

void CeremonyWindow::updateButtons()
{
    const bool clear = m_airGap->isClear();
    const QString refused = tr("Refused by the air-gap check: see the pre-flight above");
    for (auto it = m_buttons.cbegin(); it != m_buttons.cend(); ++it) {
        const QString permission = permissionFor(it.key());
        const bool allowed = permission.isEmpty() || m_host.access().isAllowed(permission, kRoot);
        // Rotation needs a security domain in force.
        const bool ready = it.key() != Ceremony::Rotate || m_activated.value_or(false);
        QPushButton* button = it.value();
        button->setEnabled(clear && allowed && ready && !isLocked());
        button->setToolTip(!allowed ? tr("You lack the permission %1 at /").arg(permission)
                           : !ready ? tr("Download the security domain first")
                           : !clear ? refused
                                    : QString());
    }
}

void CeremonyWindow::showStatus(const QString& text, bool error)
{
    if (error)
        m_statusMessage->showError(text);
    else
        m_statusMessage->showHint(text);
}

void CeremonyWindow::prepareChild(QWidget* child)
{
    child->setAttribute(Qt::WA_DeleteOnClose);
    child->setFont(font()); // a window does not inherit its parent's font
    // Ctrl+L from inside the wizard too: this window is blocked while its modal wizard is open.
    child->addAction(m_lockAction);
}

QWidget* CeremonyWindow::startCeremony(Ceremony ceremony)
{
    if (isLocked())
        return nullptr;
    // Read again now: an interface may have come up since the last look.
    if (!m_airGap->check()) {
        QStringList names;
        for (const NetworkInterfaceState& state : m_airGap->blocking())
            names << state.name;
        showStatus(tr("Refused: network interfaces are up (%1). Unplug the cable and disable Wi-Fi, then choose "
                      "Check Again.")
                       .arg(names.join(QStringLiteral(", "))),
                   true);
        return nullptr;
    }
    QPushButton* button = m_buttons.value(ceremony);
    if (!button->isEnabled()) {
        showStatus(button->toolTip(), true);
        return nullptr;
    }
    m_statusMessage->clearMessage();
    QDialog* dialog = nullptr;
    switch (ceremony) {
    case Ceremony::Download:
    case Ceremony::Rotate: {
        const bool rotate = ceremony == Ceremony::Rotate;
        auto* wizard =
            new DownloadWizard(m_host, rotate ? DownloadWizard::Mode::Rotate : DownloadWizard::Mode::Download, this);
        connect(wizard, &DownloadWizard::completed, this, [this, rotate] {
            loadActivation();
            showStatus(rotate ? tr("Domain key rotated; the new security-domain file is written")
                              : tr("Security domain downloaded"));
        });
        dialog = wizard;
        break;
    }
    case Ceremony::Restore: {
        auto* wizard = new RestoreWizard(m_host, this);
        connect(wizard, &RestoreWizard::restored, this, [this] {
            loadActivation();
            showStatus(tr("Domain key restored: restore the latest backup next"));
        });
        dialog = wizard;
        break;
    }
    case Ceremony::RestoreBlob:
        dialog = new RestoreBlobWizard(&m_host, this);
        break;
    case Ceremony::VerifyShare:
        dialog = new VerifyShareDialog(m_host, this);
        break;
    }
    prepareChild(dialog);
    dialog->open();
    return dialog;
}

QList<QWidget*> CeremonyWindow::openChildWindows() const
{
    QList<QWidget*> windows;
    const QList<QWidget*> children = findChildren<QWidget*>();
    for (QWidget* child : children) {
        if (child->isWindow() && child->isVisible())
            windows << child;
    }
    return windows;
}

bool CeremonyWindow::leave()
{
    // Locked, only the lock panel leads on (its Log Out); the main window must not come back unlocked.
    if (isLocked())
        return false;
    // Cancel closes a wizard and wipes what it collected; one that is working refuses.
    for (QWidget* window : openChildWindows())
        window->close();
    if (!openChildWindows().isEmpty()) {
        showStatus(tr("A ceremony is still working: let it finish, then leave."), true);
        return false;
    }
    Q_EMIT left();
    return true;
}

void CeremonyWindow::closeEvent(QCloseEvent* event)
{
    // The window manager's close is the Leave button; the owner hides and deletes this window.
    event->ignore();
    leave();
}

void CeremonyWindow::keyPressEvent(QKeyEvent* event)
{
    // Esc must not leave full screen or the mode by accident.
    if (event->key() == Qt::Key_Escape) {
        event->accept();
        return;
    }
    QWidget::keyPressEvent(event);
}

void CeremonyWindow::lock()
{
    if (!isLocked())
        lockAsync();
}

bool CeremonyWindow::isLocked() const
{
    return m_pages->currentWidget() == m_lockPanel;
}

void CeremonyWindow::showLocked(bool locked)
{
    if (locked == isLocked())
        return;
    if (locked) {
        // The wizards close (their Cancel wipes the shares and keys they hold); one that is working
        // cannot: the shield hides it (and anything it opens) until the unlock.
        m_hiddenByLock.clear();
        for (QWidget* window : openChildWindows()) {
            if (auto* dialog = qobject_cast<QDialog*>(window))
                dialog->reject();
            if (window->isVisible())
                m_hiddenByLock << window;
        }
        m_lockShield->raise();
        m_pages->setCurrentWidget(m_lockPanel);
        m_lockPanel->reset(m_host.lockedOperator());
        m_lockAction->setEnabled(false);
        m_statusMessage->clearMessage();
        activateWindow();
        m_lockPanel->focusPassphrase();
        QTimer::singleShot(0, m_lockPanel, &LockPanel::focusPassphrase);
    } else {
        m_lockShield->lower();
        m_pages->setCurrentWidget(m_pages->widget(0));
        m_lockAction->setEnabled(true);
        for (const QPointer<QWidget>& window : std::as_const(m_hiddenByLock)) {
            if (window)
                window->show();
        }
        m_hiddenByLock.clear();
        if (m_inactivity)
            m_inactivity->restart();
        m_airGap->check();
    }
    updateButtons();
}

QCoro::Task<> CeremonyWindow::lockAsync()
{
    QPointer<CeremonyWindow> guard(this);
    auto locking = m_host.lock(); // lockChanged hides everything at once
    showLocked(true);
    Outcome<void> locked = co_await locking;
    if (!guard)
        co_return;
    if (!locked)
        m_lockPanel->showError(tr("Locking failed: %1").arg(locked.error().message));
}

QCoro::Task<> CeremonyWindow::unlockAsync()
{
    QPointer<CeremonyWindow> guard(this);
    auto unlocking = m_lockPanel->unlock(m_host);
    const bool unlocked = co_await unlocking;
    if (!guard || !unlocked)
        co_return;
    showLocked(false);
    loadActivation();
}

QCoro::Task<> CeremonyWindow::loadActivation()
{
    QPointer<CeremonyWindow> guard(this);
    auto task = m_host.call([](model::Services& services) { return services.securityDomain().status(); });
    auto status = co_await task;
    if (!guard || !status)
        co_return;
    m_activated = status->activated;
    updateButtons();
}

} // namespace custos::ui
