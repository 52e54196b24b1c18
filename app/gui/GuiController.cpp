#include "GuiController.h"

#include "GuiOptions.h"
#include "model/services/Services.h"
#include "model/session/Session.h"
#include "model/session/Workspace.h"
#include "ui/dialogs/FirstRunDialog.h"
#include "ui/dialogs/LoginDialog.h"
#include "ui/mainwindow/MainWindow.h"

#include <QDir>
#include <QMessageBox>
#include <QSettings>

#include <exception>

namespace custos::app {

GuiController::GuiController(QString workspaceDirectory, QObject* parent)
    : QObject(parent), m_directory(std::move(workspaceDirectory))
{
}

GuiController::~GuiController()
{
    if (m_window) {
        disconnect(m_window, nullptr, this, nullptr);
        delete m_window; // before the services it uses
    }
    if (m_services && m_services->session().isLoggedIn())
        m_services->session().logout();
    m_services.reset();
    m_workspace.reset();
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
    auto* dialog = new ui::FirstRunDialog(m_directory);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    connect(dialog, &QDialog::accepted, this, [this, dialog] {
        m_directory = dialog->directory();
        rememberWorkspaceDirectory(m_directory);
        adopt(dialog->takeWorkspace());
        logInFirstOperator(dialog->operatorName(), dialog->takePassphrase());
    });
    connect(dialog, &QDialog::rejected, this, [this] { Q_EMIT finished(0); });
    dialog->show();
}

void GuiController::openWorkspace()
{
    auto opened = model::Workspace::open(m_directory);
    if (!opened) {
        fail(tr("Cannot Open Workspace"), tr("The workspace in %1 cannot be opened.\n\n%2")
                                              .arg(QDir::toNativeSeparators(m_directory), opened.error().message));
        return;
    }
    adopt(opened.take());
    showLogin();
}

void GuiController::adopt(std::unique_ptr<model::Workspace> workspace)
{
    m_workspace = std::move(workspace);
    m_services = std::make_unique<model::Services>(*m_workspace);
}

void GuiController::showLogin()
{
    auto* dialog = new ui::LoginDialog(m_services->session(), m_workspace->directory());
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    connect(dialog, &QDialog::accepted, this, &GuiController::showMainWindow);
    connect(dialog, &QDialog::rejected, this, [this] { Q_EMIT finished(0); });
    dialog->show();
}

QCoro::Task<> GuiController::logInFirstOperator(QString operatorName, crypto::SecureBuffer passphrase)
{
    QPointer<GuiController> guard(this);
    Outcome<void> result;
    try {
        // A named task, never a temporary in the co_await operand (GCC 12, see ServicePath.h).
        auto loggingIn = m_services->session().login(operatorName, std::move(passphrase), true);
        result = co_await loggingIn;
    } catch (const std::exception& e) {
        result = makeError(ErrorKind::Failed, QString::fromLocal8Bit(e.what()));
    }
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
    auto* window = new ui::MainWindow(*m_services);
    window->setAttribute(Qt::WA_DeleteOnClose);
    m_window = window;
    connect(window, &ui::MainWindow::logoutRequested, this, &GuiController::logout);
    connect(window, &ui::MainWindow::closed, this, [this] {
        if (m_services->session().isLoggedIn())
            m_services->session().logout();
        Q_EMIT finished(0);
    });
    window->show();
    window->checkDueKeyActions();
}

void GuiController::logout()
{
    closeMainWindow();
    m_services->session().logout();
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
