#pragma once

#include "crypto/SecureBuffer.h"
#include "model/session/Workspace.h"

#include <QCoro/QCoroTask>
#include <QDialog>

#include <memory>

class QCheckBox;
class QDialogButtonBox;
class QLabel;
class QLineEdit;
class QProgressBar;
class QPushButton;
class QSpinBox;
class QToolButton;

namespace custos::model {
class ServiceHost;
}

namespace custos::ui {

class InlineMessage;

// First start: creates the workspace (token, database, first operator) through
// ServiceHost::initialise, so it is created on the service thread and stays open there; once the
// dialog is accepted the caller takes the passphrase for the automatic first login.
// "Attach to an existing token" uses a PKCS#11 token the operator already has (an HSM, a smart
// card, another SoftHSM2 token) instead of creating one, as `custosctl init --attach` does: module
// path, token label, its user PIN and SO PIN (only kept in SecureBuffers until the request goes).
class FirstRunDialog : public QDialog
{
    Q_OBJECT
public:
    static constexpr int kMinPassphraseLength = 8;
    static constexpr int kDefaultKdfMemoryMiB = 64;

    FirstRunDialog(model::ServiceHost& host, QString directory, QWidget* parent = nullptr);

    QString directory() const { return m_directory; }
    QString operatorName() const;
    bool isBusy() const { return m_busy; }
    bool attachesToken() const;
    crypto::SecureBuffer takePassphrase() { return std::move(m_passphrase); }

    void reject() override; // refused while the workspace is being created

Q_SIGNALS:
    void workspaceCreated(const QString& directory);

private:
    void setDirectory(const QString& directory);
    void chooseDirectory();
    void chooseModule();
    void createAttachWidgets();
    void updateState();
    QString validationProblem() const;
    void setBusy(bool busy);
    void submit();
    QCoro::Task<> initialise(model::WorkspaceInitRequest request);

    model::ServiceHost& m_host;
    QString m_directory;
    bool m_busy = false;
    crypto::SecureBuffer m_passphrase; // only between success and takePassphrase()

    QLabel* m_directoryLabel = nullptr;
    QPushButton* m_changeButton = nullptr;
    QLineEdit* m_nameEdit = nullptr;
    QLineEdit* m_passphraseEdit = nullptr;
    QLineEdit* m_confirmEdit = nullptr;
    QToolButton* m_advancedButton = nullptr;
    QWidget* m_advancedWidget = nullptr;
    QSpinBox* m_kdfSpin = nullptr;
    QLabel* m_kdfNoteLabel = nullptr;
    InlineMessage* m_hintLabel = nullptr;
    InlineMessage* m_errorLabel = nullptr;
    QProgressBar* m_progress = nullptr;
    QCheckBox* m_attachCheck = nullptr;
    QWidget* m_attachWidget = nullptr;
    QLineEdit* m_moduleEdit = nullptr;
    QPushButton* m_moduleButton = nullptr;
    QLineEdit* m_tokenLabelEdit = nullptr;
    QLineEdit* m_userPinEdit = nullptr;
    QLineEdit* m_soPinEdit = nullptr;
    QDialogButtonBox* m_buttons = nullptr;
};

} // namespace custos::ui
