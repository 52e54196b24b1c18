#pragma once

#include "crypto/SecureBuffer.h"

#include <QCoro/QCoroTask>
#include <QObject>
#include <QPointer>

#include <memory>

namespace custos::model {
class ServiceHost;
}

namespace custos::ui {
class MainWindow;
}

namespace custos::app {

// The GUI's composition root and flow: first run or login, then the main window; logout returns
// to the login dialog. Owns the service host (the workspace and its services live on its thread)
// and the main window, and destroys them in that dependency order. Nothing here touches the
// database or the token on the GUI thread.
class GuiController : public QObject
{
    Q_OBJECT
public:
    explicit GuiController(QString workspaceDirectory, QObject* parent = nullptr);
    ~GuiController() override;

    void start();

Q_SIGNALS:
    void finished(int exitCode);

private:
    void showFirstRun();
    QCoro::Task<> openWorkspace();
    void showLogin();
    void showMainWindow();
    QCoro::Task<> logout();
    void closeMainWindow();
    void fail(const QString& title, const QString& message);
    QCoro::Task<> logInFirstOperator(QString operatorName, crypto::SecureBuffer passphrase);

    QString m_directory;
    std::unique_ptr<model::ServiceHost> m_host;
    QPointer<ui::MainWindow> m_window;
};

} // namespace custos::app
