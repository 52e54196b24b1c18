#include "GuiController.h"

#include "GuiOptions.h"
#include "model/session/ServiceHost.h"
#include "model/session/Workspace.h"
#include "ui/ceremony/CeremonyWindow.h"
#include "ui/dialogs/FirstRunDialog.h"
#include "ui/dialogs/LoginDialog.h"
#include "ui/mainwindow/MainWindow.h"
#include "ui/settings/Languages.h"
#include "ui/theme/Theme.h"

#include <QDir>
#include <QMessageBox>
#include <QSettings>

#include <utility>

namespace custos::app {

GuiController::GuiController(QString workspaceDirectory, QObject* parent)
    : GuiController(std::move(workspaceDirectory), nullptr, parent)
{
}

GuiController::GuiController(QString workspaceDirectory, ui::AppSettings* settings, QObject* parent)
    : QObject(parent), m_directory(std::move(workspaceDirectory)),
      m_settings(settings ? settings : new ui::AppSettings(this)), m_host(std::make_unique<model::ServiceHost>())
{
    m_appliedTheme = m_settings->theme();
    m_appliedLanguage = m_settings->language();
    // Queued: the settings dialog that changed them belongs to the window a language switch rebuilds.
    connect(m_settings, &ui::AppSettings::changed, this, &GuiController::applySettings, Qt::QueuedConnection);
}

GuiController::~GuiController()
{
    delete m_ceremonyWindow; // before the services it uses
    if (m_window) {
        disconnect(m_window, nullptr, this, nullptr);
        delete m_window; // before the services it uses
    }
    // Logs out (auditing Logout), destroys the services and the workspace on the service thread.
    m_host.reset();
}

ui::MainWindow* GuiController::mainWindow() const
{
    return m_window;
}

ui::CeremonyWindow* GuiController::ceremonyWindow() const
{
    return m_ceremonyWindow;
}

void GuiController::start()
{
    ui::applyTheme(m_appliedTheme);
    if (model::Workspace::looksInitialised(m_directory))
        openWorkspace();
    else
        showFirstRun();
}

void GuiController::applySettings()
{
    if (m_settings->theme() != m_appliedTheme) {
        m_appliedTheme = m_settings->theme();
        ui::applyTheme(m_appliedTheme);
    }
    if (m_settings->language() != m_appliedLanguage) {
        m_appliedLanguage = m_settings->language();
        ui::installLanguage(m_appliedLanguage);
        // Rebuilt rather than retranslated: every string of every view comes back in the new
        // language, with no retranslate code to forget. The session stays logged in (the host
        // keeps it); geometry and columns come back through the ViewStateKeeper. A locked window
        // keeps its language until the next login.
        if (m_window && !m_window->isLocked()) {
            closeMainWindow();
            showMainWindow(false);
        }
    }
}

void GuiController::showFirstRun()
{
    auto* dialog = new ui::FirstRunDialog(*m_host, m_directory);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    connect(dialog, &QDialog::accepted, this, [this, dialog] {
        m_directory = dialog->directory();
        rememberWorkspaceDirectory(m_directory, m_settings->store());
        logInFirstOperator(dialog->operatorName(), dialog->takePassphrase());
    });
    connect(dialog, &QDialog::rejected, this, &GuiController::cancelled);
    dialog->show();
}

void GuiController::cancelled()
{
    // Cancelled while switching workspaces: back to the login of the one that was open.
    if (m_returnTo.isEmpty()) {
        Q_EMIT finished(0);
        return;
    }
    m_host = std::make_unique<model::ServiceHost>();
    m_directory = std::exchange(m_returnTo, QString());
    start();
}

QCoro::Task<> GuiController::openWorkspace()
{
    QPointer<GuiController> guard(this);
    auto opening = m_host->open(m_directory);
    Outcome<void> opened = co_await opening;
    if (!guard)
        co_return;
    if (!opened) {
        fail(tr("Cannot Open Workspace"), tr("The workspace in %1 cannot be opened.\n\n%2")
                                              .arg(QDir::toNativeSeparators(m_directory), opened.error().message));
        co_return;
    }
    showLogin();
}

void GuiController::showLogin()
{
    auto* dialog = new ui::LoginDialog(*m_host, m_host->directory());
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    connect(dialog, &QDialog::accepted, this, [this] { showMainWindow(true); });
    connect(dialog, &QDialog::rejected, this, &GuiController::cancelled);
    dialog->show();
}

QCoro::Task<> GuiController::logInFirstOperator(QString operatorName, crypto::SecureBuffer passphrase)
{
    QPointer<GuiController> guard(this);
    // A named task, never a temporary in the co_await operand (GCC 12, see ServicePath.h).
    auto loggingIn = m_host->login(operatorName, std::move(passphrase), true);
    Outcome<void> result = co_await loggingIn;
    if (!guard)
        co_return;
    if (!result) {
        // The workspace exists; let the operator try again by hand.
        showLogin();
        co_return;
    }
    m_settings->store().setValue(ui::LoginDialog::lastOperatorKey(), operatorName);
    showMainWindow(true);
}

void GuiController::showMainWindow(bool afterLogin)
{
    if (afterLogin) {
        m_returnTo.clear();
        // A workspace somebody logged into is worth offering again (File > Open Recent).
        m_settings->addRecentWorkspace(m_host->directory());
        rememberWorkspaceDirectory(m_host->directory(), m_settings->store());
    }
    if (m_ceremony) {
        showCeremonyWindow();
        return;
    }
    auto* window = new ui::MainWindow(*m_host, m_settings);
    window->setAttribute(Qt::WA_DeleteOnClose);
    m_window = window;
    connect(window, &ui::MainWindow::logoutRequested, this, &GuiController::logout);
    connect(window, &ui::MainWindow::openWorkspaceRequested, this,
            [this](const QString& directory) { switchWorkspace(directory); });
    connect(window, &ui::MainWindow::newWorkspaceRequested, this,
            [this](const QString& directory) { switchWorkspace(directory); });
    // Quitting logs out when the host shuts down (~GuiController).
    connect(window, &ui::MainWindow::closed, this, [this] { Q_EMIT finished(0); });
    window->show();
    Q_EMIT mainWindowShown(window);
    if (!afterLogin)
        return; // a rebuild (language switch): the operator has seen the prompts already
    window->checkDueKeyActions();
    window->checkDueCertificateActions();
    // Not activated yet (a new workspace): the activation wizard, skippable ("Later").
    window->checkActivation();
}

QCoro::Task<bool> GuiController::logOutOfWorkspace()
{
    QPointer<GuiController> guard(this);
    auto loggingOut = m_host->logout(); // audited as Logout in the workspace being left
    Outcome<void> done = co_await loggingOut;
    if (!guard)
        co_return false;
    if (!done)
        qWarning("logout: %s", qPrintable(done.error().message));
    co_return true;
}

QCoro::Task<> GuiController::logout()
{
    closeMainWindow();
    auto loggingOut = logOutOfWorkspace();
    if (!co_await loggingOut)
        co_return;
    showLogin();
}

QCoro::Task<> GuiController::switchWorkspace(QString directory)
{
    closeMainWindow();
    auto loggingOut = logOutOfWorkspace();
    if (!co_await loggingOut)
        co_return;
    // Resumed from the event loop, outside the window's own code: it can go now, before its host.
    delete m_window;
    // A fresh host: the old one closes its workspace on its thread as it goes.
    m_host = std::make_unique<model::ServiceHost>();
    m_returnTo = m_directory;
    m_directory = QDir(directory).absolutePath();
    start();
}

void GuiController::closeMainWindow()
{
    if (!m_window)
        return;
    // Not close(): that would end the application through MainWindow::closed. deleteLater: this runs
    // inside the window's own action; the services it uses outlive it.
    disconnect(m_window, nullptr, this, nullptr);
    m_window->hide();
    m_window->deleteLater();
}

void GuiController::fail(const QString& title, const QString& message)
{
    auto* box = new QMessageBox(QMessageBox::Critical, title, message, QMessageBox::Close);
    box->setObjectName(QStringLiteral("workspaceErrorMessageBox"));
    box->setAttribute(Qt::WA_DeleteOnClose);
    connect(box, &QMessageBox::finished, this, [this] { Q_EMIT finished(1); });
    box->show();
}

void GuiController::showCeremonyWindow()
{
    auto* window = new ui::CeremonyWindow(*m_host, ui::CeremonyWindow::Route::CommandLine, m_settings);
    m_ceremonyWindow = window;
    // Leaving logs out and quits; the lock panel's Log Out lets another operator log in.
    connect(window, &ui::CeremonyWindow::left, this, &GuiController::leaveCeremony);
    connect(window, &ui::CeremonyWindow::logoutRequested, this, [this] {
        closeCeremonyWindow();
        logout();
    });
    window->enter();
}

void GuiController::closeCeremonyWindow()
{
    if (!m_ceremonyWindow)
        return;
    disconnect(m_ceremonyWindow, nullptr, this, nullptr);
    m_ceremonyWindow->hide();
    m_ceremonyWindow->deleteLater();
}

QCoro::Task<> GuiController::leaveCeremony()
{
    closeCeremonyWindow();
    auto loggingOut = logOutOfWorkspace();
    if (!co_await loggingOut)
        co_return;
    Q_EMIT finished(0);
}

} // namespace custos::app
