#include "GuiController.h"

#include "GuiOptions.h"
#include "model/session/ServiceHost.h"
#include "model/session/Workspace.h"
#include "ui/dialogs/FirstRunDialog.h"
#include "ui/dialogs/LoginDialog.h"
#include "ui/mainwindow/MainWindow.h"

#include <QDir>
#include <QMessageBox>
#include <QSettings>

namespace custos::app {

GuiController::GuiController(QString workspaceDirectory, QObject* parent)
    : QObject(parent), m_directory(std::move(workspaceDirectory)), m_host(std::make_unique<model::ServiceHost>())
{
}

GuiController::~GuiController()
{
    if (m_window) {
        disconnect(m_window, nullptr, this, nullptr);
        delete m_window; // before the services it uses
    }
    // Logs out (auditing Logout), destroys the services and the workspace on the service thread.
    m_host.reset();
}

void GuiController::start()
{
    if (model::Workspace::looksInitialised(m_directory))
        openWorkspace();
    else
        showFirstRun();
}

void GuiController::showFirstRun()
{
    auto* dialog = new ui::FirstRunDialog(*m_host, m_directory);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    connect(dialog, &QDialog::accepted, this, [this, dialog] {
        m_directory = dialog->directory();
        rememberWorkspaceDirectory(m_directory);
        logInFirstOperator(dialog->operatorName(), dialog->takePassphrase());
    });
    connect(dialog, &QDialog::rejected, this, [this] { Q_EMIT finished(0); });
    dialog->show();
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
    connect(dialog, &QDialog::accepted, this, &GuiController::showMainWindow);
    connect(dialog, &QDialog::rejected, this, [this] { Q_EMIT finished(0); });
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
    QSettings().setValue(ui::LoginDialog::lastOperatorKey(), operatorName);
    showMainWindow();
}

void GuiController::showMainWindow()
{
    auto* window = new ui::MainWindow(*m_host);
    window->setAttribute(Qt::WA_DeleteOnClose);
    m_window = window;
    connect(window, &ui::MainWindow::logoutRequested, this, &GuiController::logout);
    // Quitting logs out when the host shuts down (~GuiController).
    connect(window, &ui::MainWindow::closed, this, [this] { Q_EMIT finished(0); });
    window->show();
    window->checkDueKeyActions();
    window->checkDueCertificateActions();
    // Not activated yet (a new workspace): the activation wizard, skippable ("Later").
    window->checkActivation();
}

QCoro::Task<> GuiController::logout()
{
    QPointer<GuiController> guard(this);
    closeMainWindow();
    auto loggingOut = m_host->logout();
    Outcome<void> done = co_await loggingOut;
    if (!guard)
        co_return;
    if (!done)
        qWarning("logout: %s", qPrintable(done.error().message));
    showLogin();
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

} // namespace custos::app
