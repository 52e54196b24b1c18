#pragma once

#include "model/domain/Vault.h"
#include "model/services/CertificateService.h"

#include <QDialog>

#include <memory>

class QCheckBox;
class QComboBox;
class QDialogButtonBox;
class QFormLayout;
class QLabel;
class QLineEdit;
class QTimer;

namespace custos::ui {

class InlineMessage;

// Asks for a certificate file to import into `vault` (PEM, DER, PKCS#7 or PKCS#12, detected by
// content), its password when it needs one, the new certificate's name, and the key's protection
// (within the vault's bound) and exportability. Shows what the file holds (format, subject,
// chain length, private key or not, legacy-encryption warning) before the operator accepts; a
// file that cannot be read or parsed is reported inline with its path and why.
class CertificateImportDialog : public QDialog
{
    Q_OBJECT
public:
    explicit CertificateImportDialog(const model::Vault& vault, QWidget* parent = nullptr);

    void setFile(const QString& path);               // also what the file chooser calls
    model::CertificateImportRequest request() const; // file bytes read; the password in secure memory

private:
    // What the preview found in the file; OK only when it can be imported as it stands.
    enum class FileState { None, Unreadable, Unrecognised, NeedsPassword, WrongPassword, NoPrivateKey, Ready };

    void chooseFile();
    void onPreviewTimer();
    void loadFile(const QString& path);
    void updatePreview(); // reads the bytes already loaded, with the password typed so far
    void updateState();
    bool isInputValid() const;
    model::Protection protection() const;
    void takePassword(); // on accept: into secure memory, the line edit cleared

    QString m_vault;
    QString m_path;     // the file the bytes came from
    QByteArray m_bytes; // what the preview read: what is imported
    bool m_passwordNeeded = false;
    bool m_nameEdited = false;
    FileState m_state = FileState::None;
    std::shared_ptr<const crypto::SecureBuffer> m_password; // set on accept
    QLineEdit* m_pathEdit = nullptr;
    QLabel* m_passwordLabel = nullptr;
    QLineEdit* m_passwordEdit = nullptr;
    QLineEdit* m_nameEdit = nullptr;
    QComboBox* m_protectionCombo = nullptr;
    QCheckBox* m_exportableCheck = nullptr;
    QFormLayout* m_form = nullptr;
    QLabel* m_previewLabel = nullptr;
    InlineMessage* m_warningLabel = nullptr;
    InlineMessage* m_messageLabel = nullptr;
    QDialogButtonBox* m_buttons = nullptr;
    QTimer* m_previewTimer = nullptr;
};

} // namespace custos::ui
