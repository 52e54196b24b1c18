#pragma once

#include "crypto/SecureBuffer.h"

#include <QCoro/QCoroTask>
#include <QObject>
#include <QPointer>

#include <memory>

namespace custos::model {
class Services;
class Workspace;
} // namespace custos::model

namespace custos::ui {
class MainWindow;
}

namespace custos::app {

// The GUI's composition root and flow: first run or login, then the main window; logout returns
// to the login dialog. Owns the workspace, the services over it and the main window, and destroys
// them in that dependency order.
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
    void openWorkspace();
    void adopt(std::unique_ptr<model::Workspace> workspace);
    void showLogin();
    void showMainWindow();
    void logout();
    void closeMainWindow();
    void fail(const QString& title, const QString& message);
    QCoro::Task<> logInFirstOperator(QString operatorName, crypto::SecureBuffer passphrase);

    QString m_directory;
    std::unique_ptr<model::Workspace> m_workspace;
    std::unique_ptr<model::Services> m_services;
    QPointer<ui::MainWindow> m_window;
};

} // namespace custos::app
