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
class QLayout;
class QLineEdit;
class QTimer;

namespace custos::ui {

class InlineMessage;

// Asks for a certificate file to import into `vault` (PEM, DER, PKCS#7 or PKCS#12, detected by
// content), a separate private key file when the certificate file holds no key, a password when one
// of them needs it, the new certificate's name, and the key's protection
// (within the vault's bound) and exportability. Shows what the file holds (format, subject,
// chain length, private key or not, legacy-encryption warning) before the operator accepts; a
// file that cannot be read or parsed is reported inline with its path and why.
class CertificateImportDialog : public QDialog
{
    Q_OBJECT
public:
    explicit CertificateImportDialog(const model::Vault& vault, QWidget* parent = nullptr);

    void setFile(const QString& path);               // also what the file chooser calls
    void setKeyFile(const QString& path);            // the separate private key file
    model::CertificateImportRequest request() const; // file bytes read; the password in secure memory

private:
    // What the preview found in the file; OK only when it can be imported as it stands.
    enum class FileState { None, Unreadable, Unrecognised, NeedsPassword, WrongPassword, NoPrivateKey, Ready };

    void chooseFile();
    void chooseKeyFile();
    void loadKeyFile(const QString& path);
    // The file holds certificates but no key: the key file's key, when it belongs to one of them.
    FileState keyFileState(const QList<QByteArray>& certificates, const crypto::SecureBuffer& password,
                           QStringList& lines, QString& error);
    void onPreviewTimer();
    void loadFile(const QString& path);
    void updatePreview(); // reads the bytes already loaded, with the password typed so far
    void updateState();
    bool isInputValid() const;
    model::Protection protection() const;
    void takePassword(); // on accept: into secure memory, the line edit cleared

    QString m_vault;
    QString m_path;             // the file the bytes came from
    QByteArray m_bytes;         // what the preview read: what is imported
    QString m_keyPath;          // the separate key file, if any
    QByteArray m_keyBytes;      // its bytes (PEM or DER)
    QString m_keyProblem;       // why it could not be read
    bool m_usesKeyFile = false; // the preview took the key from the key file
    bool m_passwordNeeded = false;
    bool m_nameEdited = false;
    FileState m_state = FileState::None;
    std::shared_ptr<const crypto::SecureBuffer> m_password; // set on accept
    QLineEdit* m_pathEdit = nullptr;
    QLabel* m_passwordLabel = nullptr;
    QLineEdit* m_passwordEdit = nullptr;
    QLineEdit* m_keyPathEdit = nullptr;
    QLayout* m_keyRow = nullptr;
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
