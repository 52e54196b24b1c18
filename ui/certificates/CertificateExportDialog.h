#pragma once

#include "crypto/SecureBuffer.h"
#include "model/domain/Certificate.h"

#include <QDialog>

#include <QMap>

#include <memory>

class QButtonGroup;
class QDialogButtonBox;
class QLabel;
class QLineEdit;
class QRadioButton;

namespace custos::ui {

class InlineMessage;

// What to write and where.
struct CertificateExportChoice
{
    enum class Format {
        PemLeaf,      // the certificate alone, PEM
        PemChain,     // leaf first, through the root, PEM (for a CA: its CA bundle)
        Der,          // the certificate alone, DER
        Pkcs12,       // with the private key, AES-256/PBKDF2
        Pkcs12Legacy, // with the private key, 3DES/RC2 for old consumers (warned)
    };
    Format format = Format::PemLeaf;
    QString path;
    std::shared_ptr<const crypto::SecureBuffer> password; // PKCS#12 only: typed twice, never echoed
};

// Asks how to export `certificate`: PKCS#12 only when its key is exportable (otherwise shown
// disabled with the reason), a password entered twice for PKCS#12, and the file to write.
class CertificateExportDialog : public QDialog
{
    Q_OBJECT
public:
    explicit CertificateExportDialog(const model::CertificateRecord& certificate, QWidget* parent = nullptr);

    CertificateExportChoice choice() const;

private:
    using Format = CertificateExportChoice::Format;

    Format format() const;
    bool isPkcs12() const;
    QString defaultFileName(Format format) const; // web01.pem, web01-chain.pem, web01.cer, web01.p12
    void onFormatChanged();
    void chooseFile();
    void updateState();
    QString validationProblem() const;
    void takePassword(); // on accept: into secure memory, the line edits cleared

    QString m_name;
    bool m_pending = false;
    Format m_lastFormat = Format::PemLeaf;
    std::shared_ptr<const crypto::SecureBuffer> m_password; // set on accept
    QButtonGroup* m_formatGroup = nullptr;
    QMap<int, QRadioButton*> m_formatButtons; // by Format
    InlineMessage* m_noteLabel = nullptr;
    InlineMessage* m_legacyWarningLabel = nullptr;
    QLabel* m_passwordLabel = nullptr;
    QLineEdit* m_passwordEdit = nullptr;
    QLabel* m_confirmLabel = nullptr;
    QLineEdit* m_confirmEdit = nullptr;
    QLineEdit* m_pathEdit = nullptr;
    InlineMessage* m_messageLabel = nullptr;
    QDialogButtonBox* m_buttons = nullptr;
};

} // namespace custos::ui
