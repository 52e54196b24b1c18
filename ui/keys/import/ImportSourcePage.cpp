#include "KeyImportBulkModel.h"
#include "KeyImportPages.h"
#include "KeyImportSupport_p.h"
#include "KeyImportWizard.h"
#include "TokenObjectPicker.h"
#include "crypto/import/KeyFile.h"
#include "ui/widgets/InlineMessage.h"

#include <QButtonGroup>
#include <QCheckBox>
#include <QDir>
#include <QFileDialog>
#include <QFileInfo>
#include <QGridLayout>
#include <QHBoxLayout>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QPointer>
#include <QPushButton>
#include <QRadioButton>
#include <QVBoxLayout>

namespace custos::ui {

ImportSourcePage::ImportSourcePage(KeyImportWizard* wizard) : QWizardPage(wizard), m_wizard(wizard)
{
    setObjectName(QStringLiteral("importSourcePage"));
    setTitle(tr("Source"));
    setSubTitle(tr("Where the key comes from. The format is found from the content, not the file name."));

    auto* fileRadio = new QRadioButton(tr("&File"), this);
    fileRadio->setObjectName(QStringLiteral("fileRadioButton"));
    auto* pasteRadio = new QRadioButton(tr("&Pasted text (PEM or JWK)"), this);
    pasteRadio->setObjectName(QStringLiteral("pasteRadioButton"));
    auto* tokenRadio = new QRadioButton(tr("An object on a PKCS#11 &token"), this);
    tokenRadio->setObjectName(QStringLiteral("tokenRadioButton"));
    auto* folderRadio = new QRadioButton(tr("Bulk: every file in a f&older"), this);
    folderRadio->setObjectName(QStringLiteral("folderRadioButton"));
    m_modeGroup = new QButtonGroup(this);
    m_modeGroup->addButton(fileRadio, int(Mode::File));
    m_modeGroup->addButton(pasteRadio, int(Mode::Paste));
    m_modeGroup->addButton(tokenRadio, int(Mode::Token));
    m_modeGroup->addButton(folderRadio, int(Mode::Folder));
    fileRadio->setChecked(true);

    m_fileEdit = new QLineEdit(this);
    m_fileEdit->setObjectName(QStringLiteral("filePathLineEdit"));
    m_fileEdit->setAccessibleName(tr("Key file"));
    m_fileButton = new QPushButton(tr("C&hoose…"), this);
    m_fileButton->setObjectName(QStringLiteral("chooseFilePushButton"));
    m_bulkCheck = new QCheckBox(tr("Import &every key of the source (bulk)"), this);
    m_bulkCheck->setObjectName(QStringLiteral("bulkCheckBox"));
    m_pasteEdit = new QPlainTextEdit(this);
    m_pasteEdit->setObjectName(QStringLiteral("pasteTextEdit"));
    m_pasteEdit->setAccessibleName(tr("Pasted key"));
    m_pasteEdit->setTabChangesFocus(true);
    m_pasteEdit->setPlaceholderText(tr("-----BEGIN PRIVATE KEY-----…"));
    m_tokenPicker = new TokenObjectPicker(this);
    m_tokenPicker->setObjectName(QStringLiteral("tokenObjectPicker"));
    m_folderEdit = new QLineEdit(this);
    m_folderEdit->setObjectName(QStringLiteral("folderPathLineEdit"));
    m_folderEdit->setAccessibleName(tr("Folder"));
    m_folderButton = new QPushButton(tr("Choo&se…"), this);
    m_folderButton->setObjectName(QStringLiteral("chooseFolderPushButton"));
    m_message = new InlineMessage(this);
    m_message->setObjectName(QStringLiteral("sourceMessageLabel"));

    auto* grid = new QGridLayout;
    grid->addWidget(fileRadio, 0, 0, 1, 2);
    auto* fileRow = new QHBoxLayout;
    fileRow->addWidget(m_fileEdit, 1);
    fileRow->addWidget(m_fileButton);
    grid->addLayout(fileRow, 1, 1);
    grid->addWidget(pasteRadio, 2, 0, 1, 2);
    grid->addWidget(m_pasteEdit, 3, 1);
    grid->addWidget(m_bulkCheck, 4, 1);
    grid->addWidget(tokenRadio, 5, 0, 1, 2);
    grid->addWidget(m_tokenPicker, 6, 1);
    grid->addWidget(folderRadio, 7, 0, 1, 2);
    auto* folderRow = new QHBoxLayout;
    folderRow->addWidget(m_folderEdit, 1);
    folderRow->addWidget(m_folderButton);
    grid->addLayout(folderRow, 8, 1);
    grid->setColumnMinimumWidth(0, 16);
    auto* layout = new QVBoxLayout(this);
    layout->addLayout(grid, 1);
    layout->addWidget(m_message);

    // Tab order: each choice, then its fields.
    QWidget* order[] = {fileRadio,  m_fileEdit,    m_fileButton, pasteRadio,   m_pasteEdit,   m_bulkCheck,
                        tokenRadio, m_tokenPicker, folderRadio,  m_folderEdit, m_folderButton};
    for (std::size_t i = 1; i < std::size(order); ++i)
        setTabOrder(order[i - 1], order[i]);

    connect(m_modeGroup, &QButtonGroup::idToggled, this, [this] { updateState(); });
    connect(m_fileEdit, &QLineEdit::textChanged, this, &ImportSourcePage::updateState);
    connect(m_pasteEdit, &QPlainTextEdit::textChanged, this, &ImportSourcePage::updateState);
    connect(m_folderEdit, &QLineEdit::textChanged, this, &ImportSourcePage::updateState);
    connect(m_tokenPicker, &TokenObjectPicker::selectionChanged, this, [this] {
        m_tokenRead = false;
        updateState();
    });
    connect(m_fileButton, &QPushButton::clicked, this, &ImportSourcePage::chooseFile);
    connect(m_folderButton, &QPushButton::clicked, this, &ImportSourcePage::chooseFolder);
    updateState();
}

ImportSourcePage::Mode ImportSourcePage::mode() const
{
    return Mode(m_modeGroup->checkedId());
}

void ImportSourcePage::chooseFile()
{
    auto* dialog = new QFileDialog(this, tr("Choose Key File"));
    dialog->setObjectName(QStringLiteral("keyFileDialog"));
    dialog->setFileMode(QFileDialog::ExistingFile);
    dialog->setNameFilters({tr("Key files (*.pem *.key *.der *.p8 *.pk8 *.p12 *.pfx *.jwk *.json *.byok *.cer *.crt)"),
                            tr("All files (*)")});
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    connect(dialog, &QFileDialog::fileSelected, this, [this](const QString& file) {
        m_modeGroup->button(int(Mode::File))->setChecked(true);
        m_fileEdit->setText(QDir::toNativeSeparators(file));
    });
    dialog->open();
}

void ImportSourcePage::chooseFolder()
{
    auto* dialog = new QFileDialog(this, tr("Choose Folder of Key Files"));
    dialog->setObjectName(QStringLiteral("keyFolderDialog"));
    dialog->setFileMode(QFileDialog::Directory);
    dialog->setOption(QFileDialog::ShowDirsOnly);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    connect(dialog, &QFileDialog::fileSelected, this, [this](const QString& folder) {
        m_modeGroup->button(int(Mode::Folder))->setChecked(true);
        m_folderEdit->setText(QDir::toNativeSeparators(folder));
    });
    dialog->open();
}

void ImportSourcePage::updateState()
{
    const Mode m = mode();
    m_fileEdit->setEnabled(m == Mode::File);
    m_fileButton->setEnabled(m == Mode::File);
    m_pasteEdit->setEnabled(m == Mode::Paste);
    m_tokenPicker->setEnabled(m == Mode::Token);
    m_folderEdit->setEnabled(m == Mode::Folder);
    m_bulkCheck->setEnabled(m == Mode::File || m == Mode::Paste);
    m_message->clearMessage();
    Q_EMIT completeChanged();
}

bool ImportSourcePage::isComplete() const
{
    switch (mode()) {
    case Mode::File:
        return !m_fileEdit->text().trimmed().isEmpty();
    case Mode::Paste:
        return !m_pasteEdit->toPlainText().trimmed().isEmpty();
    case Mode::Token:
        return m_tokenPicker->hasSelection();
    case Mode::Folder:
        return !m_folderEdit->text().trimmed().isEmpty();
    }
    return false;
}

bool ImportSourcePage::useBytes(QByteArray bytes, const QString& fileName, const QString& label)
{
    // Detection only sniffs the content (no password, no parsing of key material): quick enough
    // here; the parsing itself runs off the GUI thread on the next pages.
    const auto detected = crypto::import::detectKeyFile(bytes);
    if (!detected) {
        m_message->showError(detected.error().message);
        return false;
    }
    KeyImportState& state = m_wizard->state();
    state.source = {};
    state.source.bytes = std::move(bytes);
    state.source.fileName = fileName;
    state.sourceLabel = label;
    state.needsPassword = detected.value().needsPassword;
    state.bulk = m_bulkCheck->isChecked();
    state.bulkFiles.clear();
    return true;
}

bool ImportSourcePage::useFolder(const QString& path)
{
    const QDir dir(path);
    if (!dir.exists()) {
        m_message->showError(tr("Folder '%1' does not exist.").arg(path));
        return false;
    }
    const QFileInfoList files = dir.entryInfoList(QDir::Files | QDir::NoDotAndDotDot, QDir::Name);
    QList<KeyImportBulkItem> items;
    for (const QFileInfo& file : files) {
        if (!file.isFile())
            continue;
        KeyImportBulkItem item;
        item.label = file.fileName();
        item.filePath = file.absoluteFilePath();
        item.name = keyimport::defaultKeyName(file.fileName());
        items << item;
    }
    if (items.isEmpty()) {
        m_message->showError(tr("Folder '%1' holds no files: expected key files.").arg(path));
        return false;
    }
    KeyImportState& state = m_wizard->state();
    state.source = {};
    state.sourceLabel = path;
    state.needsPassword = false;
    state.bulk = true;
    state.bulkFiles.clear();
    for (const KeyImportBulkItem& item : std::as_const(items))
        state.bulkFiles << item.filePath;
    m_wizard->bulkModel()->setItems(items);
    return true;
}

bool ImportSourcePage::validatePage()
{
    m_message->clearMessage();
    m_wizard->invalidate();
    m_wizard->wipePassword();
    switch (mode()) {
    case Mode::File: {
        const QString path = QDir::fromNativeSeparators(m_fileEdit->text().trimmed());
        QString error;
        QByteArray bytes = keyimport::readSourceFile(path, &error);
        if (!error.isEmpty()) {
            m_message->showError(error);
            return false;
        }
        return useBytes(std::move(bytes), QFileInfo(path).fileName(), QFileInfo(path).fileName());
    }
    case Mode::Paste:
        return useBytes(m_pasteEdit->toPlainText().trimmed().toUtf8() + '\n', QString(), tr("pasted text"));
    case Mode::Folder:
        return useFolder(QDir::fromNativeSeparators(m_folderEdit->text().trimmed()));
    case Mode::Token:
        break;
    }
    if (m_tokenRead) {
        m_tokenRead = false;
        return true;
    }
    // Read off the GUI thread; Next again once the contents are here.
    [](QPointer<ImportSourcePage> page, int generation) -> QCoro::Task<> {
        auto task = page->m_tokenPicker->readSelected();
        auto contents = co_await task;
        if (!page || generation != page->m_wizard->generation())
            co_return;
        if (!contents) {
            page->m_message->showError(contents.error().message);
            co_return;
        }
        KeyImportState& state = page->m_wizard->state();
        state.source = {};
        state.source.contents = contents.value();
        state.sourceLabel = page->m_tokenPicker->selectedLabel();
        state.needsPassword = false;
        state.bulk = false;
        state.bulkFiles.clear();
        page->m_tokenRead = true;
        page->m_wizard->next();
    }(this, m_wizard->generation());
    return false;
}

int ImportSourcePage::nextId() const
{
    if (mode() == Mode::Folder)
        return KeyImportWizard::BulkPage;
    return m_wizard->state().needsPassword && mode() != Mode::Token ? KeyImportWizard::PasswordPage
                                                                    : KeyImportWizard::PreviewPage;
}

} // namespace custos::ui
