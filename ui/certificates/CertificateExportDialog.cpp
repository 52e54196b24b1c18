#include "CertificateExportDialog.h"

#include "ui/security/SecretLineEdit.h"
#include "ui/security/SecretText.h"
#include "ui/widgets/InlineMessage.h"

#include <QButtonGroup>
#include <QDialogButtonBox>
#include <QDir>
#include <QFileDialog>
#include <QFileInfo>
#include <QFormLayout>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QRadioButton>
#include <QSignalBlocker>
#include <QVBoxLayout>

namespace custos::ui {

CertificateExportDialog::CertificateExportDialog(const model::CertificateRecord& certificate, QWidget* parent)
    : QDialog(parent), m_name(certificate.name), m_pending(certificate.currentVersion.isPending())
{
    setObjectName(QStringLiteral("certificateExportDialog"));
    setWindowTitle(tr("Export Certificate '%1'").arg(certificate.name));

    auto* formatBox = new QGroupBox(tr("Format"), this);
    formatBox->setObjectName(QStringLiteral("formatGroupBox"));
    auto* formatLayout = new QVBoxLayout(formatBox);
    m_formatGroup = new QButtonGroup(this);
    auto addFormat = [this, formatBox, formatLayout](Format format, const QString& text, const char* objectName) {
        auto* button = new QRadioButton(text, formatBox);
        button->setObjectName(QLatin1String(objectName));
        m_formatGroup->addButton(button, int(format));
        m_formatButtons.insert(int(format), button);
        formatLayout->addWidget(button);
        return button;
    };
    addFormat(Format::PemLeaf, tr("Certificate (&PEM)"), "pemLeafRadioButton");
    addFormat(Format::PemChain, certificate.isCa ? tr("&CA bundle (PEM)") : tr("Certificate with &chain (PEM)"),
              "pemChainRadioButton");
    addFormat(Format::Der, tr("Certificate (&DER)"), "derRadioButton");
    QRadioButton* pkcs12 =
        addFormat(Format::Pkcs12, tr("PKCS#&12 with the private key (AES-256, PBKDF2)"), "pkcs12RadioButton");
    QRadioButton* legacy = addFormat(Format::Pkcs12Legacy, tr("PKCS#12 with the private key, &legacy (3DES, RC2)"),
                                     "pkcs12LegacyRadioButton");
    m_formatButtons.value(int(Format::PemLeaf))->setChecked(true);

    // Outside the group box and the form: there a wrapped message would be clipped, not grow the dialog.
    m_noteLabel = new InlineMessage(this);
    m_noteLabel->setObjectName(QStringLiteral("noteLabel"));
    m_legacyWarningLabel = new InlineMessage(this);
    m_legacyWarningLabel->setObjectName(QStringLiteral("legacyWarningLabel"));

    // PKCS#12 carries the private key: only for an exportable key of a signed certificate.
    QString pkcs12Reason;
    if (m_pending) {
        pkcs12Reason = tr("'%1' is pending: it has no signed certificate to export yet. Merge the certificate the "
                          "CA signed first.")
                           .arg(certificate.name);
        for (QRadioButton* button : std::as_const(m_formatButtons)) {
            button->setEnabled(false);
            button->setToolTip(pkcs12Reason);
        }
        m_noteLabel->showError(pkcs12Reason);
    } else if (!certificate.policy.exportable) {
        pkcs12Reason = tr("The key of '%1' is not exportable: PKCS#12 holds the private key, so it is not available. "
                          "The certificate itself can be exported.")
                           .arg(certificate.name);
        for (QRadioButton* button : {pkcs12, legacy}) {
            button->setEnabled(false);
            button->setToolTip(pkcs12Reason);
        }
        m_noteLabel->showHint(pkcs12Reason);
    }

    m_passwordEdit = new SecretLineEdit(this);
    m_passwordEdit->setObjectName(QStringLiteral("passwordLineEdit"));
    m_confirmEdit = new SecretLineEdit(this);
    m_confirmEdit->setObjectName(QStringLiteral("confirmLineEdit"));

    m_pathEdit = new QLineEdit(this);
    m_pathEdit->setObjectName(QStringLiteral("pathLineEdit"));
    m_pathEdit->setPlaceholderText(tr("The file to write"));
    auto* browseButton = new QPushButton(tr("&Browse…"), this);
    browseButton->setObjectName(QStringLiteral("browsePushButton"));
    browseButton->setEnabled(!m_pending);
    auto* pathRow = new QHBoxLayout;
    pathRow->addWidget(m_pathEdit, 1);
    pathRow->addWidget(browseButton);

    auto* form = new QFormLayout;
    auto addRow = [this, form](const QString& label, QWidget* buddy, QLayout* row = nullptr) {
        auto* buddyLabel = new QLabel(label, this);
        buddyLabel->setBuddy(buddy);
        if (row)
            form->addRow(buddyLabel, row);
        else
            form->addRow(buddyLabel, buddy);
        return buddyLabel;
    };
    m_passwordLabel = addRow(tr("Pass&word:"), m_passwordEdit);
    m_confirmLabel = addRow(tr("Confi&rm password:"), m_confirmEdit);
    addRow(tr("&File:"), m_pathEdit, pathRow);

    m_messageLabel = new InlineMessage(this);
    m_messageLabel->setObjectName(QStringLiteral("messageLabel"));

    m_buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this);
    m_buttons->setObjectName(QStringLiteral("buttonBox"));
    QPushButton* ok = m_buttons->button(QDialogButtonBox::Ok);
    ok->setObjectName(QStringLiteral("okPushButton"));
    ok->setText(tr("&Export"));
    ok->setDefault(true);
    m_buttons->button(QDialogButtonBox::Cancel)->setObjectName(QStringLiteral("cancelPushButton"));
    connect(m_buttons, &QDialogButtonBox::accepted, this, &QDialog::accept);
    connect(m_buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);

    auto* layout = new QVBoxLayout(this);
    layout->addWidget(formatBox);
    layout->addWidget(m_noteLabel);
    layout->addWidget(m_legacyWarningLabel);
    layout->addLayout(form);
    layout->addWidget(m_messageLabel);
    layout->addStretch();
    layout->addWidget(m_buttons);

    connect(m_formatGroup, &QButtonGroup::idToggled, this, [this](int, bool checked) {
        if (checked)
            onFormatChanged();
    });
    for (QLineEdit* edit : {m_passwordEdit, m_confirmEdit, m_pathEdit})
        connect(edit, &QLineEdit::textChanged, this, &CertificateExportDialog::updateState);
    connect(browseButton, &QPushButton::clicked, this, &CertificateExportDialog::chooseFile);
    // The dialog's own connection runs before any the caller makes: choice() then has the password.
    connect(this, &QDialog::accepted, this, &CertificateExportDialog::takePassword);

    onFormatChanged();
    setMinimumWidth(480);
    m_formatButtons.value(int(Format::PemLeaf))->setFocus();
}

CertificateExportDialog::Format CertificateExportDialog::format() const
{
    const int id = m_formatGroup->checkedId();
    return id < 0 ? Format::PemLeaf : Format(id);
}

bool CertificateExportDialog::isPkcs12() const
{
    return format() == Format::Pkcs12 || format() == Format::Pkcs12Legacy;
}

QString CertificateExportDialog::defaultFileName(Format format) const
{
    switch (format) {
    case Format::PemLeaf:
        return m_name + QStringLiteral(".pem");
    case Format::PemChain:
        return m_name + QStringLiteral("-chain.pem");
    case Format::Der:
        return m_name + QStringLiteral(".cer");
    case Format::Pkcs12:
    case Format::Pkcs12Legacy:
        return m_name + QStringLiteral(".p12");
    }
    return m_name;
}

void CertificateExportDialog::onFormatChanged()
{
    // A file name the dialog proposed follows the format; one the operator chose stays.
    const QString path = m_pathEdit->text().trimmed();
    if (!path.isEmpty()) {
        const QFileInfo info(QDir::fromNativeSeparators(path));
        if (info.fileName() == defaultFileName(m_lastFormat)) {
            const QString directory = QDir::fromNativeSeparators(path).chopped(info.fileName().size());
            m_pathEdit->setText(QDir::toNativeSeparators(directory + defaultFileName(format())));
        }
    }
    m_lastFormat = format();

    const bool pkcs12 = isPkcs12();
    if (!pkcs12) {
        // A password is only for PKCS#12: none stays typed in a field that is not used.
        const QSignalBlocker passwordBlocker(m_passwordEdit);
        const QSignalBlocker confirmBlocker(m_confirmEdit);
        m_passwordEdit->clear();
        m_confirmEdit->clear();
    }
    for (QWidget* widget : {static_cast<QWidget*>(m_passwordLabel), static_cast<QWidget*>(m_passwordEdit),
                            static_cast<QWidget*>(m_confirmLabel), static_cast<QWidget*>(m_confirmEdit)})
        widget->setEnabled(pkcs12);
    if (format() == Format::Pkcs12Legacy)
        m_legacyWarningLabel->showError(tr("Warning: legacy PKCS#12 protects the key with 3DES and the "
                                           "certificates with RC2-40 under a SHA-1 MAC, which is weak. Use it only "
                                           "for consumers that cannot read AES-256 (old Java, Windows 7)."));
    else
        m_legacyWarningLabel->clearMessage();
    updateState();
}

void CertificateExportDialog::chooseFile()
{
    // Non-modal (open(), not exec()): the event loop keeps running.
    const QString current = QDir::fromNativeSeparators(m_pathEdit->text().trimmed());
    const QString directory = current.isEmpty() ? QDir::homePath() : QFileInfo(current).absolutePath();
    auto* chooser = new QFileDialog(this, tr("Export to File"), directory);
    chooser->setObjectName(QStringLiteral("exportFileDialog"));
    chooser->setAcceptMode(QFileDialog::AcceptSave);
    chooser->setFileMode(QFileDialog::AnyFile);
    switch (format()) {
    case Format::PemLeaf:
    case Format::PemChain:
        chooser->setNameFilters({tr("PEM files (*.pem *.crt)"), tr("All files (*)")});
        break;
    case Format::Der:
        chooser->setNameFilters({tr("DER files (*.cer *.der)"), tr("All files (*)")});
        break;
    case Format::Pkcs12:
    case Format::Pkcs12Legacy:
        chooser->setNameFilters({tr("PKCS#12 files (*.p12 *.pfx)"), tr("All files (*)")});
        break;
    }
    chooser->selectFile(defaultFileName(format()));
    chooser->setAttribute(Qt::WA_DeleteOnClose);
    connect(chooser, &QFileDialog::fileSelected, this,
            [this](const QString& file) { m_pathEdit->setText(QDir::toNativeSeparators(file)); });
    chooser->open();
}

QString CertificateExportDialog::validationProblem() const
{
    if (m_pending)
        return tr("There is nothing to export yet.");
    if (isPkcs12()) {
        if (m_passwordEdit->text().isEmpty())
            return tr("Type a password for the PKCS#12 file, twice.");
        if (m_confirmEdit->text().isEmpty())
            return tr("Type the password again to confirm it.");
        if (m_passwordEdit->text() != m_confirmEdit->text())
            return tr("The passwords do not match.");
    }
    const QString path = m_pathEdit->text().trimmed();
    if (path.isEmpty())
        return tr("Choose the file to write (default: %1).").arg(defaultFileName(format()));
    if (QFileInfo(QDir::fromNativeSeparators(path)).isDir())
        return tr("%1 is a directory: choose a file name in it.").arg(path);
    return {};
}

void CertificateExportDialog::updateState()
{
    const QString problem = validationProblem();
    // Mismatches and unusable paths are errors; what is merely missing is a hint.
    const bool error =
        !problem.isEmpty() && !m_pending &&
        ((isPkcs12() && !m_confirmEdit->text().isEmpty() && m_passwordEdit->text() != m_confirmEdit->text()) ||
         QFileInfo(QDir::fromNativeSeparators(m_pathEdit->text().trimmed())).isDir());
    if (problem.isEmpty() || m_pending) // a pending certificate's note says it all
        m_messageLabel->clearMessage();
    else if (error)
        m_messageLabel->showError(problem);
    else
        m_messageLabel->showHint(problem);
    m_buttons->button(QDialogButtonBox::Ok)->setEnabled(problem.isEmpty());
}

void CertificateExportDialog::takePassword()
{
    const QSignalBlocker passwordBlocker(m_passwordEdit);
    const QSignalBlocker confirmBlocker(m_confirmEdit);
    if (isPkcs12())
        m_password = std::make_shared<const crypto::SecureBuffer>(takeSecret(m_passwordEdit));
    m_passwordEdit->clear();
    m_confirmEdit->clear();
}

CertificateExportChoice CertificateExportDialog::choice() const
{
    CertificateExportChoice choice;
    choice.format = format();
    choice.path = QDir::fromNativeSeparators(m_pathEdit->text().trimmed());
    if (isPkcs12()) {
        if (m_password)
            choice.password = m_password;
        else if (!m_passwordEdit->text().isEmpty())
            choice.password = std::make_shared<const crypto::SecureBuffer>(copySecret(m_passwordEdit));
    }
    return choice;
}

} // namespace custos::ui
