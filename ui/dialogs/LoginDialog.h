#pragma once

#include "crypto/SecureBuffer.h"

#include <QCoro/QCoroTask>
#include <QDialog>

class QDialogButtonBox;
class QLineEdit;
class QProgressBar;

namespace custos::model {
class ServiceHost;
}

namespace custos::ui {

class InlineMessage;

// Logs an operator in (Session::login, interactive, on the service thread). Failures stay in the dialog: the error
// shows inline, the passphrase is cleared and gets the focus back. The last operator name (never a secret) is
// remembered in QSettings.
class LoginDialog : public QDialog
{
    Q_OBJECT
public:
    static QString lastOperatorKey() { return QStringLiteral("login/lastOperator"); }

    LoginDialog(model::ServiceHost& host, const QString& workspaceDirectory, QWidget* parent = nullptr);

    bool isBusy() const { return m_busy; }
    void reject() override; // refused while a login runs

private:
    void updateState();
    void setBusy(bool busy);
    void submit();
    QCoro::Task<> logIn(QString operatorName, crypto::SecureBuffer passphrase, crypto::SecureBuffer cardPin);

    model::ServiceHost& m_host;
    bool m_busy = false;
    QLineEdit* m_operatorEdit = nullptr;
    QLineEdit* m_passphraseEdit = nullptr;
    QLineEdit* m_cardPinEdit = nullptr; // optional: operators with an enrolled card (second factor)
    InlineMessage* m_errorLabel = nullptr;
    QProgressBar* m_progress = nullptr;
    QDialogButtonBox* m_buttons = nullptr;
};

} // namespace custos::ui
