#pragma once

#include "crypto/SecureBuffer.h"
#include "model/session/Workspace.h"

#include <QCoro/QCoroTask>
#include <QDialog>

#include <memory>

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
class FirstRunDialog : public QDialog
{
    Q_OBJECT
public:
    static constexpr int kMinPassphraseLength = 8;
    static constexpr int kDefaultKdfMemoryMiB = 64;

    FirstRunDialog(model::ServiceHost& host, QString directory, QWidget* parent = nullptr);
    ~FirstRunDialog() override;

    QString directory() const { return m_directory; }
    QString operatorName() const;
    bool isBusy() const { return m_busy; }
    crypto::SecureBuffer takePassphrase() { return std::move(m_passphrase); }

    void reject() override; // refused while the workspace is being created

Q_SIGNALS:
    void workspaceCreated(const QString& directory);

private:
    void setDirectory(const QString& directory);
    void chooseDirectory();
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
    QDialogButtonBox* m_buttons = nullptr;
};

} // namespace custos::ui
