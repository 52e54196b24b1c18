#pragma once

#include "crypto/SecureBuffer.h"
#include "ui/settings/AppSettings.h"

#include <QCoro/QCoroTask>
#include <QObject>
#include <QPointer>

#include <memory>

namespace custos::model {
class ServiceHost;
}

namespace custos::ui {
class CeremonyWindow;
class MainWindow;
} // namespace custos::ui

namespace custos::app {

// The GUI's composition root and flow: first run or login, then the main window; logout returns
// to the login dialog. Owns the service host (the workspace and its services live on its thread)
// and the main window, and destroys them in that dependency order. Nothing here touches the
// database or the token on the GUI thread.
//
// Also applies the settings: the theme, a language chosen at run time (the translators are
// replaced and the main window rebuilt; the session stays logged in) and the switch to another
// workspace (File > Open Workspace…, Open Recent, New Workspace…).
class GuiController : public QObject
{
    Q_OBJECT
public:
    // Over the application's settings (QSettings of "Custos"/"custos").
    explicit GuiController(QString workspaceDirectory, QObject* parent = nullptr);
    // Over given settings (tests: a QSettings on a temporary file); not owned.
    GuiController(QString workspaceDirectory, ui::AppSettings* settings, QObject* parent = nullptr);
    ~GuiController() override;

    void start();
    // `custos --ceremony`: after login the ceremony window (ui/ceremony) instead of the main
    // window; leaving it logs out and quits.
    void setCeremonyMode(bool ceremony) { m_ceremony = ceremony; }
    ui::CeremonyWindow* ceremonyWindow() const; // out of line: QPointer needs the complete type

    // Logs out of the open workspace (an audited Logout), closes it and shows the login for
    // `directory`, or the first-run dialog (create or attach) when it holds no workspace yet.
    // Cancelling that dialog comes back to the login of the workspace left.
    QCoro::Task<> switchWorkspace(QString directory);

    QString directory() const { return m_directory; }
    model::ServiceHost& host() const { return *m_host; }
    ui::MainWindow* mainWindow() const;
    ui::AppSettings& settings() const { return *m_settings; }

Q_SIGNALS:
    void finished(int exitCode);
    void mainWindowShown(ui::MainWindow* window);

private:
    void showFirstRun();
    QCoro::Task<> openWorkspace();
    void showLogin();
    void showMainWindow(bool afterLogin = true);
    // Logs the host's operator out; false when this controller went away meanwhile.
    QCoro::Task<bool> logOutOfWorkspace();
    QCoro::Task<> logout();
    void closeMainWindow();
    void fail(const QString& title, const QString& message);
    QCoro::Task<> logInFirstOperator(QString operatorName, crypto::SecureBuffer passphrase);
    void applySettings();
    void cancelled(); // the login or first-run dialog was cancelled
    void showCeremonyWindow();
    void closeCeremonyWindow();
    QCoro::Task<> leaveCeremony();

    QString m_directory;
    ui::AppSettings* m_settings;
    std::unique_ptr<model::ServiceHost> m_host;
    QPointer<ui::MainWindow> m_window;
    ui::AppSettings::Theme m_appliedTheme = ui::AppSettings::Theme::System;
    QString m_appliedLanguage; // the language setting in effect (--lang wins until it changes)
    QString m_returnTo;        // the workspace left by a switch, until the new one is logged into
    bool m_ceremony = false;
    QPointer<ui::CeremonyWindow> m_ceremonyWindow;
};

} // namespace custos::app
