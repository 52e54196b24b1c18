#include "FirstRunDialog.h"

#include "model/services/OperatorService.h"
#include "model/session/ServiceHost.h"
#include "ui/security/SecretLineEdit.h"
#include "ui/security/SecretText.h"
#include "ui/widgets/InlineMessage.h"

#include <QCheckBox>
#include <QDialogButtonBox>
#include <QDir>
#include <QFileDialog>
#include <QFileInfo>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPointer>
#include <QProgressBar>
#include <QPushButton>
#include <QSpinBox>
#include <QToolButton>
#include <QVBoxLayout>

namespace custos::ui {

namespace {

bool isUsableDirectory(const QString& path)
{
    const QFileInfo info(path);
    if (!info.exists())
        return true;
    return info.isDir() && QDir(path).isEmpty(QDir::AllEntries | QDir::NoDotAndDotDot | QDir::Hidden | QDir::System);
}

} // namespace

FirstRunDialog::FirstRunDialog(model::ServiceHost& host, QString directory, QWidget* parent)
    : QDialog(parent), m_host(host)
{
    setObjectName(QStringLiteral("firstRunDialog"));
    setWindowTitle(tr("Create a Custos Workspace"));

    auto* intro = new QLabel(tr("A workspace holds your keys in its own token, plus the database of vaults, "
                                "operators and roles and the audit trail. You become its first operator, "
                                "with the Administrator role; your passphrase unlocks the token."),
                             this);
    intro->setWordWrap(true);

    m_directoryLabel = new QLabel(this);
    m_directoryLabel->setObjectName(QStringLiteral("directoryValueLabel"));
    m_directoryLabel->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_directoryLabel->setTextFormat(Qt::PlainText);
    m_directoryLabel->setWordWrap(true);
    m_changeButton = new QPushButton(tr("C&hange…"), this);
    m_changeButton->setObjectName(QStringLiteral("changeDirectoryPushButton"));
    auto* directoryRow = new QHBoxLayout;
    directoryRow->addWidget(m_directoryLabel, 1);
    directoryRow->addWidget(m_changeButton);

    m_nameEdit = new QLineEdit(this);
    m_nameEdit->setObjectName(QStringLiteral("operatorNameLineEdit"));
    m_nameEdit->setMaxLength(64);
    m_passphraseEdit = new SecretLineEdit(this);
    m_passphraseEdit->setObjectName(QStringLiteral("passphraseLineEdit"));
    m_confirmEdit = new SecretLineEdit(this);
    m_confirmEdit->setObjectName(QStringLiteral("confirmLineEdit"));

    auto* form = new QFormLayout;
    auto* directoryCaption = new QLabel(tr("Directory:"), this);
    form->addRow(directoryCaption, directoryRow);
    auto addRow = [this, form](const QString& label, QWidget* field) {
        auto* buddyLabel = new QLabel(label, this);
        buddyLabel->setBuddy(field);
        form->addRow(buddyLabel, field);
    };
    addRow(tr("&Operator name:"), m_nameEdit);
    addRow(tr("&Passphrase:"), m_passphraseEdit);
    addRow(tr("Con&firm passphrase:"), m_confirmEdit);

    m_advancedButton = new QToolButton(this);
    m_advancedButton->setObjectName(QStringLiteral("advancedToolButton"));
    m_advancedButton->setText(tr("&Advanced"));
    m_advancedButton->setCheckable(true);
    m_advancedButton->setToolButtonStyle(Qt::ToolButtonTextBesideIcon);
    m_advancedButton->setArrowType(Qt::RightArrow);
    m_advancedButton->setAutoRaise(true);

    m_advancedWidget = new QWidget(this);
    m_advancedWidget->setObjectName(QStringLiteral("advancedWidget"));
    m_kdfSpin = new QSpinBox(m_advancedWidget);
    m_kdfSpin->setObjectName(QStringLiteral("kdfMemorySpinBox"));
    m_kdfSpin->setRange(1, 4096);
    m_kdfSpin->setValue(kDefaultKdfMemoryMiB);
    m_kdfSpin->setSuffix(tr(" MiB"));
    m_kdfNoteLabel = new QLabel(m_advancedWidget);
    m_kdfNoteLabel->setObjectName(QStringLiteral("kdfNoteLabel"));
    m_kdfNoteLabel->setWordWrap(true);
    auto* advancedForm = new QFormLayout(m_advancedWidget);
    advancedForm->setContentsMargins(0, 0, 0, 0);
    auto* kdfLabel = new QLabel(tr("Passphrase &KDF memory:"), m_advancedWidget);
    kdfLabel->setBuddy(m_kdfSpin);
    advancedForm->addRow(kdfLabel, m_kdfSpin);
    advancedForm->addRow(m_kdfNoteLabel);
    m_advancedWidget->setVisible(false);

    createAttachWidgets();

    m_hintLabel = new InlineMessage(this);
    m_hintLabel->setObjectName(QStringLiteral("hintLabel"));
    m_errorLabel = new InlineMessage(this);
    m_errorLabel->setObjectName(QStringLiteral("errorLabel"));

    m_progress = new QProgressBar(this);
    m_progress->setObjectName(QStringLiteral("busyProgressBar"));
    m_progress->setRange(0, 0); // busy indicator
    m_progress->setTextVisible(false);
    m_progress->setVisible(false);

    m_buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this);
    m_buttons->setObjectName(QStringLiteral("buttonBox"));
    QPushButton* ok = m_buttons->button(QDialogButtonBox::Ok);
    ok->setObjectName(QStringLiteral("okPushButton"));
    ok->setText(tr("&Create Workspace"));
    ok->setDefault(true);
    m_buttons->button(QDialogButtonBox::Cancel)->setObjectName(QStringLiteral("cancelPushButton"));
    connect(m_buttons, &QDialogButtonBox::accepted, this, &FirstRunDialog::submit);
    connect(m_buttons, &QDialogButtonBox::rejected, this, &FirstRunDialog::reject);

    auto* layout = new QVBoxLayout(this);
    layout->addWidget(intro);
    layout->addSpacing(6);
    layout->addLayout(form);
    layout->addWidget(m_advancedButton, 0, Qt::AlignLeft);
    layout->addWidget(m_advancedWidget);
    layout->addWidget(m_attachCheck);
    layout->addWidget(m_attachWidget);
    layout->addWidget(m_hintLabel);
    layout->addWidget(m_errorLabel);
    layout->addWidget(m_progress);
    layout->addStretch();
    layout->addWidget(m_buttons);

    setTabOrder(m_changeButton, m_nameEdit);
    setTabOrder(m_nameEdit, m_passphraseEdit);
    setTabOrder(m_passphraseEdit, m_confirmEdit);
    setTabOrder(m_confirmEdit, m_advancedButton);
    setTabOrder(m_advancedButton, m_kdfSpin);
    setTabOrder(m_kdfSpin, m_attachCheck);
    setTabOrder(m_attachCheck, m_moduleEdit);
    setTabOrder(m_moduleEdit, m_moduleButton);
    setTabOrder(m_moduleButton, m_tokenLabelEdit);
    setTabOrder(m_tokenLabelEdit, m_userPinEdit);
    setTabOrder(m_userPinEdit, m_soPinEdit);

    connect(m_changeButton, &QPushButton::clicked, this, &FirstRunDialog::chooseDirectory);
    connect(m_advancedButton, &QToolButton::toggled, this, [this](bool open) {
        m_advancedButton->setArrowType(open ? Qt::DownArrow : Qt::RightArrow);
        m_advancedWidget->setVisible(open);
    });
    for (QLineEdit* edit : {m_nameEdit, m_passphraseEdit, m_confirmEdit})
        connect(edit, &QLineEdit::textChanged, this, &FirstRunDialog::updateState);
    connect(m_kdfSpin, &QSpinBox::valueChanged, this, &FirstRunDialog::updateState);

    setDirectory(directory);
    setMinimumWidth(480);
    m_nameEdit->setFocus();
}

void FirstRunDialog::createAttachWidgets()
{
    m_attachCheck = new QCheckBox(tr("Attach to an e&xisting token"), this);
    m_attachCheck->setObjectName(QStringLiteral("attachTokenCheckBox"));
    m_attachCheck->setToolTip(tr("Keep the keys on a PKCS#11 token you already have (an HSM, a smart card) instead "
                                 "of a new SoftHSM2 token inside the workspace"));
    m_attachWidget = new QWidget(this);
    m_attachWidget->setObjectName(QStringLiteral("attachWidget"));
    m_moduleEdit = new QLineEdit(m_attachWidget);
    m_moduleEdit->setObjectName(QStringLiteral("modulePathLineEdit"));
    m_moduleEdit->setPlaceholderText(QStringLiteral("/usr/lib/softhsm/libsofthsm2.so"));
    m_moduleButton = new QPushButton(tr("&Browse…"), m_attachWidget);
    m_moduleButton->setObjectName(QStringLiteral("browseModulePushButton"));
    auto* moduleRow = new QHBoxLayout;
    moduleRow->addWidget(m_moduleEdit, 1);
    moduleRow->addWidget(m_moduleButton);
    m_tokenLabelEdit = new QLineEdit(m_attachWidget);
    m_tokenLabelEdit->setObjectName(QStringLiteral("tokenLabelLineEdit"));
    m_tokenLabelEdit->setMaxLength(32); // a PKCS#11 token label
    m_userPinEdit = new SecretLineEdit(m_attachWidget);
    m_userPinEdit->setObjectName(QStringLiteral("userPinLineEdit"));
    m_soPinEdit = new SecretLineEdit(m_attachWidget);
    m_soPinEdit->setObjectName(QStringLiteral("soPinLineEdit"));
    m_soPinEdit->setToolTip(tr("Custos keeps the SO PIN inside the token to create its domain key; it is never "
                               "written anywhere else"));

    auto* form = new QFormLayout(m_attachWidget);
    form->setContentsMargins(0, 0, 0, 0);
    auto* moduleLabel = new QLabel(tr("PKCS#11 &module:"), m_attachWidget);
    moduleLabel->setBuddy(m_moduleEdit);
    form->addRow(moduleLabel, moduleRow);
    auto addRow = [this, form](const QString& label, QWidget* field) {
        auto* buddyLabel = new QLabel(label, m_attachWidget);
        buddyLabel->setBuddy(field);
        form->addRow(buddyLabel, field);
    };
    addRow(tr("Token &label:"), m_tokenLabelEdit);
    addRow(tr("&User PIN:"), m_userPinEdit);
    addRow(tr("&SO PIN:"), m_soPinEdit);
    m_attachWidget->setVisible(false);

    connect(m_attachCheck, &QCheckBox::toggled, this, [this](bool on) {
        m_attachWidget->setVisible(on);
        updateState();
    });
    connect(m_moduleButton, &QPushButton::clicked, this, &FirstRunDialog::chooseModule);
    for (QLineEdit* edit : {m_moduleEdit, m_tokenLabelEdit, m_userPinEdit, m_soPinEdit})
        connect(edit, &QLineEdit::textChanged, this, &FirstRunDialog::updateState);
}

bool FirstRunDialog::attachesToken() const
{
    return m_attachCheck->isChecked();
}

void FirstRunDialog::chooseModule()
{
    auto* chooser = new QFileDialog(this, tr("PKCS#11 Module"), QFileInfo(m_moduleEdit->text()).absolutePath(),
                                    tr("PKCS#11 modules (*.so *.so.*);;All files (*)"));
    chooser->setObjectName(QStringLiteral("moduleFileDialog"));
    chooser->setFileMode(QFileDialog::ExistingFile);
    chooser->setAttribute(Qt::WA_DeleteOnClose);
    connect(chooser, &QFileDialog::fileSelected, m_moduleEdit, &QLineEdit::setText);
    chooser->open();
}

QString FirstRunDialog::operatorName() const
{
    return m_nameEdit->text().trimmed();
}

void FirstRunDialog::reject()
{
    if (m_busy)
        return;
    QDialog::reject();
}

void FirstRunDialog::setDirectory(const QString& directory)
{
    m_directory = QDir::cleanPath(directory);
    m_directoryLabel->setText(QDir::toNativeSeparators(m_directory));
    m_errorLabel->clearMessage();
    updateState();
}

void FirstRunDialog::chooseDirectory()
{
    // Non-modal file dialog (opened with open()): the event loop keeps running.
    auto* chooser = new QFileDialog(this, tr("Workspace Directory"), QFileInfo(m_directory).absolutePath());
    chooser->setObjectName(QStringLiteral("directoryFileDialog"));
    chooser->setFileMode(QFileDialog::Directory);
    chooser->setOption(QFileDialog::ShowDirsOnly, true);
    chooser->setAttribute(Qt::WA_DeleteOnClose);
    connect(chooser, &QFileDialog::fileSelected, this, &FirstRunDialog::setDirectory);
    chooser->open();
}

QString FirstRunDialog::validationProblem() const
{
    if (!isUsableDirectory(m_directory))
        return tr("The directory is not empty. Choose an empty or new directory.");
    const QString name = operatorName();
    if (name.isEmpty())
        return tr("Enter the name you will log in with.");
    if (!model::OperatorService::isValidName(name))
        return tr("Operator names have 1-64 characters: letters, digits, '.', '_' and '-'.");
    if (m_passphraseEdit->text().size() < kMinPassphraseLength)
        return tr("The passphrase needs at least %n characters.", nullptr, kMinPassphraseLength);
    if (m_passphraseEdit->text() != m_confirmEdit->text())
        return tr("The passphrases do not match.");
    if (attachesToken()) {
        const QString module = m_moduleEdit->text().trimmed();
        if (module.isEmpty())
            return tr("Enter the path of the token's PKCS#11 module.");
        if (!QFileInfo(module).isFile())
            return tr("There is no PKCS#11 module at %1.").arg(QDir::toNativeSeparators(module));
        if (m_tokenLabelEdit->text().trimmed().isEmpty())
            return tr("Enter the label of the token to attach to.");
        if (m_userPinEdit->text().isEmpty() || m_soPinEdit->text().isEmpty())
            return tr("Enter the token's user PIN and SO PIN.");
    }
    return {};
}

void FirstRunDialog::updateState()
{
    const QString problem = validationProblem();
    if (problem.isEmpty())
        m_hintLabel->clearMessage();
    else
        m_hintLabel->showHint(problem);
    m_buttons->button(QDialogButtonBox::Ok)->setEnabled(problem.isEmpty() && !m_busy);

    if (m_kdfSpin->value() < kDefaultKdfMemoryMiB)
        m_kdfNoteLabel->setText(tr("Below %1 MiB this becomes a test workspace: passphrases are cheaper to guess, "
                                   "and the window title says so. Use it only for tests.")
                                    .arg(kDefaultKdfMemoryMiB));
    else
        m_kdfNoteLabel->setText(tr("Memory the passphrase key derivation needs (scrypt). Below %1 MiB the "
                                   "workspace counts as a test workspace.")
                                    .arg(kDefaultKdfMemoryMiB));
}

void FirstRunDialog::setBusy(bool busy)
{
    m_busy = busy;
    m_progress->setVisible(busy);
    for (QWidget* input : {static_cast<QWidget*>(m_changeButton), static_cast<QWidget*>(m_nameEdit),
                           static_cast<QWidget*>(m_passphraseEdit), static_cast<QWidget*>(m_confirmEdit),
                           static_cast<QWidget*>(m_advancedWidget), static_cast<QWidget*>(m_attachCheck),
                           static_cast<QWidget*>(m_attachWidget)})
        input->setEnabled(!busy);
    m_buttons->button(QDialogButtonBox::Cancel)->setEnabled(!busy);
    updateState();
}

void FirstRunDialog::submit()
{
    if (m_busy)
        return;
    if (!validationProblem().isEmpty()) {
        updateState(); // e.g. the directory filled up since the last check
        return;
    }
    model::WorkspaceInitRequest request;
    request.directory = m_directory;
    request.operatorName = operatorName();
    request.passphrase = copySecret(m_passphraseEdit);
    request.kdfMemoryMiB = m_kdfSpin->value();
    if (attachesToken()) {
        request.attach = true;
        request.modulePath = m_moduleEdit->text().trimmed();
        request.tokenLabel = m_tokenLabelEdit->text().trimmed();
        request.userPin = copySecret(m_userPinEdit);
        request.soPin = copySecret(m_soPinEdit);
    }
    initialise(std::move(request));
}

QCoro::Task<> FirstRunDialog::initialise(model::WorkspaceInitRequest request)
{
    QPointer<FirstRunDialog> guard(this);
    m_errorLabel->clearMessage();
    setBusy(true);
    crypto::SecureBuffer passphrase = request.passphrase.clone();
    // A named task, never a temporary in the co_await operand (GCC 12, see ServicePath.h).
    auto initialising = m_host.initialise(std::move(request));
    Outcome<void> result = co_await initialising;
    if (!guard)
        co_return;
    setBusy(false);
    if (!result) {
        m_errorLabel->showError(tr("The workspace could not be created: %1").arg(result.error().message));
        co_return;
    }
    m_passphrase = std::move(passphrase);
    for (QLineEdit* secret : {m_passphraseEdit, m_confirmEdit, m_userPinEdit, m_soPinEdit})
        wipeSecret(secret); // the field's buffer overwritten, not only released
    Q_EMIT workspaceCreated(m_directory);
    accept();
}

} // namespace custos::ui
