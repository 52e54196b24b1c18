#include "CertificateImportDialog.h"

#include "crypto/keys/software/SoftwareKey.h"
#include "crypto/x509/CertificateFiles.h"
#include "crypto/x509/CertificateInfo.h"
#include "crypto/x509/PemPrivateKey.h"
#include "crypto/x509/Pkcs12.h"
#include "model/services/KeyService.h"
#include "ui/security/SecretLineEdit.h"
#include "ui/security/SecretText.h"
#include "ui/widgets/InlineMessage.h"
#include "ui/widgets/ProtectionComboBox.h"

#include <QCheckBox>
#include <QComboBox>
#include <QDialogButtonBox>
#include <QDir>
#include <QFile>
#include <QFileDialog>
#include <QFileInfo>
#include <QFormLayout>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QRegularExpression>
#include <QSignalBlocker>
#include <QTimer>
#include <QVBoxLayout>

namespace custos::ui {

namespace {

namespace x509 = crypto::x509;

// Certificate files are a few KiB; anything far larger is not one (and is not read into memory).
constexpr qint64 kMaxFileSize = 10 * 1024 * 1024;
// Typing in the path or password fields re-reads the file after a short pause, not per key.
constexpr int kPreviewDelayMs = 250;

bool isNotPkcs12(const Error& error)
{
    return error.message.startsWith(QLatin1String("not a PKCS#12 file"));
}

bool isWrongPkcs12Password(const Error& error)
{
    return error.message.startsWith(QLatin1String("wrong password"));
}

bool isEncryptedPemKey(const Error& error)
{
    return error.message.startsWith(QLatin1String("the PEM private key is encrypted"));
}

bool isEncryptedKey(const Error& error)
{
    return isEncryptedPemKey(error) || error.message.startsWith(QLatin1String("the DER private key is encrypted"));
}

// "web01.example.p12" → "web01-example": the name rule is letters, digits and dashes.
QString nameFromFile(const QString& path)
{
    static const QRegularExpression other(QStringLiteral("[^A-Za-z0-9-]+"));
    static const QRegularExpression dashes(QStringLiteral("-{2,}"));
    QString name = QFileInfo(path).completeBaseName();
    name.replace(other, QStringLiteral("-"));
    name.replace(dashes, QStringLiteral("-"));
    while (name.startsWith(QLatin1Char('-')))
        name.remove(0, 1);
    while (name.endsWith(QLatin1Char('-')))
        name.chop(1);
    return name.left(127);
}

} // namespace

CertificateImportDialog::CertificateImportDialog(const model::Vault& vault, QWidget* parent)
    : QDialog(parent), m_vault(vault.name)
{
    setObjectName(QStringLiteral("certificateImportDialog"));
    setWindowTitle(tr("Import Certificate into '%1'").arg(vault.name));

    m_pathEdit = new QLineEdit(this);
    m_pathEdit->setObjectName(QStringLiteral("pathLineEdit"));
    m_pathEdit->setPlaceholderText(tr("PEM, DER, PKCS#7 or PKCS#12 file"));
    auto* browseButton = new QPushButton(tr("&Browse…"), this);
    browseButton->setObjectName(QStringLiteral("browsePushButton"));
    auto* pathRow = new QHBoxLayout;
    pathRow->addWidget(m_pathEdit, 1);
    pathRow->addWidget(browseButton);

    m_passwordEdit = new SecretLineEdit(this);
    m_passwordEdit->setObjectName(QStringLiteral("passwordLineEdit"));

    auto* previewBox = new QGroupBox(tr("Contents"), this);
    previewBox->setObjectName(QStringLiteral("previewGroupBox"));
    m_previewLabel = new QLabel(previewBox);
    m_previewLabel->setObjectName(QStringLiteral("previewLabel"));
    m_previewLabel->setTextFormat(Qt::PlainText);
    m_previewLabel->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_previewLabel->setWordWrap(true);
    m_warningLabel = new InlineMessage(previewBox);
    m_warningLabel->setObjectName(QStringLiteral("warningLabel"));
    auto* previewLayout = new QVBoxLayout(previewBox);
    previewLayout->addWidget(m_previewLabel);
    previewLayout->addWidget(m_warningLabel);

    m_keyPathEdit = new QLineEdit(this);
    m_keyPathEdit->setObjectName(QStringLiteral("keyPathLineEdit"));
    m_keyPathEdit->setPlaceholderText(tr("PEM or DER private key (PKCS#8, PKCS#1 or SEC1)"));
    auto* keyBrowseButton = new QPushButton(tr("Br&owse…"), this);
    keyBrowseButton->setObjectName(QStringLiteral("keyBrowsePushButton"));
    auto* keyRow = new QHBoxLayout;
    keyRow->addWidget(m_keyPathEdit, 1);
    keyRow->addWidget(keyBrowseButton);
    m_keyRow = keyRow;

    m_nameEdit = new QLineEdit(this);
    m_nameEdit->setObjectName(QStringLiteral("nameLineEdit"));
    m_nameEdit->setMaxLength(127);

    m_protectionCombo = makeProtectionComboBox(vault, this);

    m_exportableCheck = new QCheckBox(tr("E&xportable private key (cannot be changed later)"), this);
    m_exportableCheck->setObjectName(QStringLiteral("exportableCheckBox"));

    m_form = new QFormLayout;
    auto addRow = [this](const QString& label, QWidget* field, QLayout* row = nullptr) {
        auto* buddyLabel = new QLabel(label, this);
        buddyLabel->setBuddy(field);
        if (row)
            m_form->addRow(buddyLabel, row);
        else
            m_form->addRow(buddyLabel, field);
        return buddyLabel;
    };
    addRow(tr("&File:"), m_pathEdit, pathRow);
    addRow(tr("Private &key file:"), m_keyPathEdit, keyRow);
    m_passwordLabel = addRow(tr("Pass&word:"), m_passwordEdit);
    m_form->addRow(previewBox);
    addRow(tr("&Name:"), m_nameEdit);
    addRow(tr("P&rotection:"), m_protectionCombo);
    m_form->addRow(QString(), m_exportableCheck);

    m_messageLabel = new InlineMessage(this);
    m_messageLabel->setObjectName(QStringLiteral("messageLabel"));

    m_buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this);
    m_buttons->setObjectName(QStringLiteral("buttonBox"));
    QPushButton* ok = m_buttons->button(QDialogButtonBox::Ok);
    ok->setObjectName(QStringLiteral("okPushButton"));
    ok->setText(tr("&Import"));
    ok->setDefault(true);
    m_buttons->button(QDialogButtonBox::Cancel)->setObjectName(QStringLiteral("cancelPushButton"));
    connect(m_buttons, &QDialogButtonBox::accepted, this, &QDialog::accept);
    connect(m_buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);

    auto* layout = new QVBoxLayout(this);
    layout->addLayout(m_form);
    layout->addWidget(m_messageLabel);
    layout->addStretch();
    layout->addWidget(m_buttons);

    setTabOrder(m_pathEdit, browseButton);
    setTabOrder(browseButton, m_keyPathEdit);
    setTabOrder(m_keyPathEdit, keyBrowseButton);
    setTabOrder(keyBrowseButton, m_passwordEdit);
    setTabOrder(m_passwordEdit, m_nameEdit);
    setTabOrder(m_nameEdit, m_protectionCombo);
    setTabOrder(m_protectionCombo, m_exportableCheck);

    m_previewTimer = new QTimer(this);
    m_previewTimer->setSingleShot(true);
    m_previewTimer->setInterval(kPreviewDelayMs);
    connect(m_previewTimer, &QTimer::timeout, this, &CertificateImportDialog::onPreviewTimer);
    auto schedule = [this] {
        m_previewTimer->start();
        updateState(); // OK waits for the preview of what was typed
    };
    connect(m_pathEdit, &QLineEdit::textEdited, this, schedule);
    connect(m_passwordEdit, &QLineEdit::textChanged, this, schedule);
    connect(m_keyPathEdit, &QLineEdit::textEdited, this, schedule);
    connect(browseButton, &QPushButton::clicked, this, &CertificateImportDialog::chooseFile);
    connect(keyBrowseButton, &QPushButton::clicked, this, &CertificateImportDialog::chooseKeyFile);
    connect(m_nameEdit, &QLineEdit::textEdited, this, [this] { m_nameEdited = true; });
    connect(m_nameEdit, &QLineEdit::textChanged, this, &CertificateImportDialog::updateState);
    connect(m_protectionCombo, &QComboBox::currentIndexChanged, this, &CertificateImportDialog::updateState);
    // The dialog's own connection runs before any the caller makes: request() then has the password.
    connect(this, &QDialog::accepted, this, &CertificateImportDialog::takePassword);

    loadFile(QString());
    setMinimumWidth(520);
    m_pathEdit->setFocus();
}

void CertificateImportDialog::setFile(const QString& path)
{
    m_previewTimer->stop();
    m_pathEdit->setText(QDir::toNativeSeparators(path));
    loadFile(path);
}

void CertificateImportDialog::setKeyFile(const QString& path)
{
    m_previewTimer->stop();
    m_keyPathEdit->setText(QDir::toNativeSeparators(path));
    loadKeyFile(path);
    updatePreview();
}

void CertificateImportDialog::chooseKeyFile()
{
    const QString start = !m_keyPath.isEmpty() ? QFileInfo(m_keyPath).absolutePath()
                          : m_path.isEmpty()   ? QDir::homePath()
                                               : QFileInfo(m_path).absolutePath();
    auto* chooser = new QFileDialog(this, tr("Private Key File"), start);
    chooser->setObjectName(QStringLiteral("keyFileDialog"));
    chooser->setFileMode(QFileDialog::ExistingFile);
    chooser->setNameFilters({tr("Private key files (*.key *.pem *.der *.p8 *.pk8)"), tr("All files (*)")});
    chooser->setAttribute(Qt::WA_DeleteOnClose);
    connect(chooser, &QFileDialog::fileSelected, this, &CertificateImportDialog::setKeyFile);
    chooser->open();
}

void CertificateImportDialog::loadKeyFile(const QString& path)
{
    m_keyPath = path;
    m_keyBytes.clear();
    m_keyProblem.clear();
    if (path.isEmpty())
        return;
    const QFileInfo info(path);
    QFile file(path);
    if (!info.exists())
        m_keyProblem = tr("the file does not exist");
    else if (info.isDir())
        m_keyProblem = tr("it is a directory");
    else if (info.size() > kMaxFileSize)
        m_keyProblem = tr("the file is larger than 10 MiB: not a private key file");
    else if (!file.open(QIODevice::ReadOnly))
        m_keyProblem = file.errorString();
    else
        m_keyBytes = file.readAll();
}

CertificateImportDialog::FileState CertificateImportDialog::keyFileState(const QList<QByteArray>& certificates,
                                                                         const crypto::SecureBuffer& password,
                                                                         QStringList& lines, QString& error)
{
    const QString keyPath = QDir::toNativeSeparators(m_keyPath);
    if (m_keyPath.isEmpty()) {
        lines << tr("Private key: none (choose its private key file)");
        return FileState::NoPrivateKey;
    }
    if (!m_keyProblem.isEmpty()) {
        lines << tr("Private key: none");
        error = tr("Cannot read %1: %2.").arg(keyPath, m_keyProblem);
        return FileState::Unrecognised; // not Unreadable: that one is the certificate file's, said by loadFile
    }
    auto key = x509::readPrivateKeyFile(m_keyBytes, nullptr);
    if (!key && isEncryptedKey(key.error())) {
        m_passwordNeeded = true;
        if (password.isEmpty()) {
            lines << tr("Private key: from %1, encrypted, password needed").arg(keyPath);
            return FileState::NeedsPassword;
        }
        key = x509::readPrivateKeyFile(m_keyBytes, &password);
        if (!key) {
            lines << tr("Private key: from %1, encrypted, password needed").arg(keyPath);
            error = tr("Wrong password for the private key in %1.").arg(keyPath);
            return FileState::WrongPassword;
        }
    }
    if (!key) {
        lines << tr("Private key: none");
        error = tr("The private key in %1 cannot be read: %2").arg(keyPath, key.error().message);
        return FileState::Unrecognised;
    }
    auto software = crypto::SoftwareKey::fromPrivateDer(crypto::KeyKind::Ec, key.value());
    if (!software)
        software = crypto::SoftwareKey::fromPrivateDer(crypto::KeyKind::Rsa, key.value());
    auto publicKey = software ? software->publicKeyDer() : Outcome<QByteArray>(software.error());
    bool certified = false;
    for (const QByteArray& certificate : certificates) {
        auto matches = publicKey ? x509::certifiesPublicKey(certificate, publicKey.value()) : Outcome<bool>(false);
        certified = certified || (matches && matches.value());
    }
    if (!certified) {
        lines << tr("Private key: none");
        error = tr("The key in %1 does not belong to the certificate in %2.")
                    .arg(keyPath, QDir::toNativeSeparators(m_path));
        return FileState::Unrecognised;
    }
    m_usesKeyFile = true;
    lines << tr("Private key: from %1").arg(keyPath);
    return FileState::Ready;
}

void CertificateImportDialog::chooseFile()
{
    // Non-modal (open(), not exec()): the event loop keeps running.
    const QString start = m_path.isEmpty() ? QDir::homePath() : QFileInfo(m_path).absolutePath();
    auto* chooser = new QFileDialog(this, tr("Certificate File"), start);
    chooser->setObjectName(QStringLiteral("certificateFileDialog"));
    chooser->setFileMode(QFileDialog::ExistingFile);
    chooser->setNameFilters(
        {tr("Certificate files (*.pem *.crt *.cer *.der *.p7b *.p7c *.p12 *.pfx)"), tr("All files (*)")});
    chooser->setAttribute(Qt::WA_DeleteOnClose);
    connect(chooser, &QFileDialog::fileSelected, this, &CertificateImportDialog::setFile);
    chooser->open();
}

// The preview timer's end: a new path is read, a new password tried on the bytes already read.
void CertificateImportDialog::onPreviewTimer()
{
    const QString keyPath = QDir::fromNativeSeparators(m_keyPathEdit->text().trimmed());
    if (keyPath != m_keyPath)
        loadKeyFile(keyPath);
    const QString path = QDir::fromNativeSeparators(m_pathEdit->text().trimmed());
    if (path != m_path)
        loadFile(path);
    else
        updatePreview();
}

void CertificateImportDialog::loadFile(const QString& path)
{
    if (path != m_path) {
        // A password typed for another file does not stay around.
        const QSignalBlocker blocker(m_passwordEdit);
        m_passwordEdit->clear();
    }
    m_path = path;
    m_bytes.clear();
    m_state = FileState::None;
    if (!path.isEmpty()) {
        const QFileInfo info(path);
        QFile file(path);
        QString problem;
        if (!info.exists())
            problem = tr("the file does not exist");
        else if (info.isDir())
            problem = tr("it is a directory");
        else if (info.size() > kMaxFileSize)
            problem = tr("the file is larger than 10 MiB: not a certificate file");
        else if (!file.open(QIODevice::ReadOnly))
            problem = file.errorString();
        else
            m_bytes = file.readAll();
        if (!problem.isEmpty()) {
            m_state = FileState::Unreadable;
            m_messageLabel->showError(tr("Cannot read %1: %2.").arg(QDir::toNativeSeparators(path), problem));
        }
        if (!m_nameEdited) {
            const QSignalBlocker blocker(m_nameEdit);
            m_nameEdit->setText(nameFromFile(path));
        }
    }
    updatePreview();
}

void CertificateImportDialog::updatePreview()
{
    m_passwordNeeded = false;
    m_usesKeyFile = false;
    bool keyRowShown = false; // only for a file that holds certificates without a key
    m_warningLabel->clearMessage();
    const QString path = QDir::toNativeSeparators(m_path);
    auto finish = [this, &keyRowShown](FileState state, const QString& preview, const QString& error = {}) {
        m_state = state;
        m_previewLabel->setText(preview);
        if (error.isEmpty())
            m_messageLabel->clearMessage();
        else
            m_messageLabel->showError(error);
        m_form->setRowVisible(m_passwordEdit, m_passwordNeeded);
        m_form->setRowVisible(m_keyRow, keyRowShown);
        updateState();
    };
    if (m_path.isEmpty())
        return finish(FileState::None, tr("Choose a file to see what it holds."));
    if (m_state == FileState::Unreadable) // loadFile said why
        return finish(FileState::Unreadable, tr("Nothing read."), m_messageLabel->text());

    const crypto::SecureBuffer password = copySecret(m_passwordEdit);
    const crypto::SecureBuffer noPassword;
    QStringList lines;
    auto describe = [&lines, this](const QString& format, const QList<QByteArray>& certificates) {
        lines << tr("Format: %1").arg(format);
        if (certificates.isEmpty())
            return;
        auto leaf = x509::inspectCertificate(certificates.first());
        if (leaf) {
            lines << tr("Certificate: %1").arg(leaf->subject);
            lines << tr("Issuer: %1").arg(leaf->issuer);
            lines << tr("Valid: %1 to %2")
                         .arg(leaf->notBefore.toUTC().toString(QStringLiteral("yyyy-MM-dd")),
                              leaf->notAfter.toUTC().toString(QStringLiteral("yyyy-MM-dd")));
            lines << tr("Key: %1").arg(leaf->keyDescription);
        }
        lines << (certificates.size() > 1 ? tr("Chain: %n more certificate(s)", nullptr, int(certificates.size() - 1))
                                          : tr("Chain: none"));
    };

    // PKCS#12 first, as the import itself reads it; its contents are encrypted, so without the
    // password nothing but "PKCS#12" can be said.
    auto p12 = x509::readPkcs12(m_bytes, noPassword);
    if (!p12 && !isNotPkcs12(p12.error())) {
        if (!isWrongPkcs12Password(p12.error()))
            return finish(FileState::Unrecognised, tr("Nothing read."),
                          tr("%1 cannot be read: %2").arg(path, p12.error().message));
        m_passwordNeeded = true;
        if (password.isEmpty())
            return finish(FileState::NeedsPassword, tr("PKCS#12, password needed."),
                          QString()); // not an error yet: the field asks for it
        p12 = x509::readPkcs12(m_bytes, password);
        if (!p12 && isWrongPkcs12Password(p12.error()))
            return finish(FileState::WrongPassword, tr("PKCS#12, password needed."),
                          tr("Wrong password for the PKCS#12 file %1.").arg(path));
        if (!p12)
            return finish(FileState::Unrecognised, tr("Nothing read."),
                          tr("%1 cannot be read: %2").arg(path, p12.error().message));
    }
    if (p12) {
        describe(tr("PKCS#12 (%1)").arg(p12->encryption), QList<QByteArray>{p12->certificateDer} + p12->chainDer);
        const bool hasKey = !p12->privateKeyPkcs8Der.isEmpty();
        if (p12->legacy)
            m_warningLabel->showError(tr("Warning: the file uses legacy encryption (%1), which is weak. Prefer files "
                                         "protected with AES-256 and PBKDF2.")
                                          .arg(p12->encryption));
        if (hasKey) {
            lines << tr("Private key: included");
            return finish(FileState::Ready, lines.join(QLatin1Char('\n')));
        }
        keyRowShown = true;
        QString error;
        const FileState state =
            keyFileState(QList<QByteArray>{p12->certificateDer} + p12->chainDer, password, lines, error);
        return finish(state, lines.join(QLatin1Char('\n')), error);
    }

    auto file = x509::readCertificateFile(m_bytes);
    if (!file)
        return finish(FileState::Unrecognised, tr("Nothing read."),
                      tr("%1 is not a certificate file Custos can read: %2").arg(path, file.error().message));
    describe(x509::certificateFileFormatName(file->format), file->certificatesDer);
    if (file->format != x509::CertificateFileFormat::Pem || !x509::hasPemPrivateKey(m_bytes)) {
        keyRowShown = true;
        QString error;
        const FileState state = keyFileState(file->certificatesDer, password, lines, error);
        return finish(state, lines.join(QLatin1Char('\n')), error);
    }
    auto key = x509::readPemPrivateKey(m_bytes, nullptr);
    if (!key && isEncryptedPemKey(key.error())) {
        m_passwordNeeded = true;
        if (password.isEmpty()) {
            lines << tr("Private key: encrypted, password needed");
            return finish(FileState::NeedsPassword, lines.join(QLatin1Char('\n')));
        }
        key = x509::readPemPrivateKey(m_bytes, &password);
        if (!key) {
            lines << tr("Private key: encrypted, password needed");
            return finish(FileState::WrongPassword, lines.join(QLatin1Char('\n')),
                          tr("Wrong password for the private key in %1.").arg(path));
        }
    }
    if (!key)
        return finish(FileState::Unrecognised, lines.join(QLatin1Char('\n')),
                      tr("The private key in %1 cannot be read: %2").arg(path, key.error().message));
    lines << tr("Private key: included");
    finish(FileState::Ready, lines.join(QLatin1Char('\n')));
}

model::Protection CertificateImportDialog::protection() const
{
    return selectedProtection(m_protectionCombo);
}

bool CertificateImportDialog::isInputValid() const
{
    return !m_previewTimer->isActive() && m_state == FileState::Ready &&
           model::KeyService::isValidName(m_nameEdit->text().trimmed());
}

void CertificateImportDialog::updateState()
{
    const bool software = protection() == model::Protection::Software;
    m_exportableCheck->setEnabled(software);
    if (!software)
        m_exportableCheck->setChecked(false);
    m_passwordLabel->setEnabled(m_passwordNeeded);
    m_passwordEdit->setEnabled(m_passwordNeeded);

    // File problems are shown by updatePreview; the form's own come after them.
    const bool fileProblem =
        m_state == FileState::Unreadable || m_state == FileState::Unrecognised || m_state == FileState::WrongPassword;
    if (!fileProblem && !m_previewTimer->isActive()) {
        const QString name = m_nameEdit->text().trimmed();
        if (m_state == FileState::NeedsPassword)
            m_messageLabel->showHint(tr("Type the file's password to read it."));
        else if (m_state == FileState::NoPrivateKey)
            m_messageLabel->showError(tr("%1 holds no private key: choose the certificate's private key file.")
                                          .arg(QDir::toNativeSeparators(m_path)));
        else if (!name.isEmpty() && !model::KeyService::isValidName(name))
            m_messageLabel->showError(
                tr("Certificate names have %1.").arg(tr("1-127 characters: letters, digits and dashes")));
        else if (m_state == FileState::Ready && name.isEmpty())
            m_messageLabel->showHint(
                tr("Certificate names have %1.").arg(tr("1-127 characters: letters, digits and dashes")));
        else
            m_messageLabel->clearMessage();
    }
    m_buttons->button(QDialogButtonBox::Ok)->setEnabled(isInputValid());
}

void CertificateImportDialog::takePassword()
{
    const QSignalBlocker blocker(m_passwordEdit);
    if (m_passwordNeeded)
        m_password = std::make_shared<const crypto::SecureBuffer>(takeSecret(m_passwordEdit));
    else
        m_passwordEdit->clear();
}

model::CertificateImportRequest CertificateImportDialog::request() const
{
    model::CertificateImportRequest request;
    request.vault = m_vault;
    request.name = m_nameEdit->text().trimmed();
    request.fileBytes = m_bytes;
    request.fileName = QDir::toNativeSeparators(m_path);
    if (m_usesKeyFile) {
        request.keyFileBytes = m_keyBytes;
        request.keyFileName = QDir::toNativeSeparators(m_keyPath);
    }
    if (m_password)
        request.password = m_password;
    else if (m_passwordNeeded && !m_passwordEdit->text().isEmpty())
        request.password = std::make_shared<const crypto::SecureBuffer>(copySecret(m_passwordEdit));
    request.protection = protection();
    request.exportable = protection() == model::Protection::Software && m_exportableCheck->isChecked();
    return request;
}

} // namespace custos::ui
