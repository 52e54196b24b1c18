#pragma once

#include "crypto/SecureBuffer.h"

#include <QCoro/QCoroTask>

#include <QWidget>

class QLabel;
class QLineEdit;
class QPushButton;

namespace custos::model {
class ServiceHost;
}

namespace custos::ui {

class InlineMessage;

// What a locked main window shows instead of its data: who locked it, a passphrase field to
// unlock as that operator, and Log Out for anybody else. The passphrase never stays in a QString
// member: takePassphrase() moves it into secure memory and clears the field.
class LockPanel : public QWidget
{
    Q_OBJECT
public:
    explicit LockPanel(QWidget* parent = nullptr);

    void reset(const QString& operatorName); // a fresh lock: empty field, no message
    crypto::SecureBuffer takePassphrase();
    void setBusy(bool busy);
    void showError(const QString& text);
    void focusPassphrase();
    // Unlocks the host as the operator who locked it with the typed passphrase (taken into secure
    // memory, the field cleared); busy meanwhile. False, with the error shown, when it fails or
    // the panel went away.
    QCoro::Task<bool> unlock(model::ServiceHost& host);

Q_SIGNALS:
    void unlockRequested();
    void logoutRequested();

private:
    void updateState();

    bool m_busy = false;
    QLabel* m_titleLabel = nullptr;
    QLineEdit* m_passphraseEdit = nullptr;
    QPushButton* m_unlockButton = nullptr;
    QPushButton* m_logoutButton = nullptr;
    InlineMessage* m_errorLabel = nullptr;
};

} // namespace custos::ui
