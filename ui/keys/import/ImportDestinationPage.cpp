#include "KeyImportPages.h"
#include "KeyImportSupport_p.h"
#include "KeyImportWizard.h"
#include "model/services/KeyService.h"
#include "model/services/Services.h"
#include "model/session/ServiceHost.h"
#include "ui/dialogs/TagText.h"
#include "ui/widgets/InlineMessage.h"
#include "ui/widgets/ProtectionComboBox.h"

#include <QCheckBox>
#include <QComboBox>
#include <QDateTimeEdit>
#include <QFormLayout>
#include <QGridLayout>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPointer>
#include <QTimer>
#include <QVBoxLayout>

namespace custos::ui {

namespace {

QDateTimeEdit* makeDateEdit(QWidget* parent, const char* name, const QDateTime& initial)
{
    auto* edit = new QDateTimeEdit(initial, parent);
    edit->setObjectName(QLatin1String(name));
    edit->setTimeSpec(Qt::UTC);
    edit->setDisplayFormat(QStringLiteral("yyyy-MM-dd HH:mm 'UTC'"));
    edit->setCalendarPopup(true);
    edit->setEnabled(false);
    return edit;
}

} // namespace

ImportDestinationPage::ImportDestinationPage(KeyImportWizard* wizard) : QWizardPage(wizard), m_wizard(wizard)
{
    setObjectName(QStringLiteral("importDestinationPage"));
    setTitle(tr("Destination and Policy"));
    setSubTitle(tr("Where the key goes and what it may do."));

    m_vaultCombo = new QComboBox(this);
    m_vaultCombo->setObjectName(QStringLiteral("vaultComboBox"));
    m_nameEdit = new QLineEdit(this);
    m_nameEdit->setObjectName(QStringLiteral("nameLineEdit"));
    m_nameEdit->setMaxLength(127);
    m_protectionHolder = new QWidget(this);
    auto* holderLayout = new QHBoxLayout(m_protectionHolder);
    holderLayout->setContentsMargins(0, 0, 0, 0);
    m_exportableCheck = new QCheckBox(tr("E&xportable private key (cannot be changed later)"), this);
    m_exportableCheck->setObjectName(QStringLiteral("exportableCheckBox"));

    auto* opsBox = new QGroupBox(tr("Permitted operations"), this);
    opsBox->setObjectName(QStringLiteral("operationsGroupBox"));
    auto* opsLayout = new QGridLayout(opsBox);
    int position = 0;
    for (const keyimport::OperationText& op : keyimport::kOperations) {
        auto* check = new QCheckBox(QCoreApplication::translate("custos::ui::KeyImportWizard", op.label), opsBox);
        check->setObjectName(QLatin1String(op.name) + QStringLiteral("CheckBox"));
        m_opChecks.insert(QLatin1String(op.name), check);
        opsLayout->addWidget(check, position / 3, position % 3);
        ++position;
        connect(check, &QCheckBox::toggled, this, &ImportDestinationPage::updateState);
    }
    m_opsBox = opsBox;

    m_kekCombo = new QComboBox(this);
    m_kekCombo->setObjectName(QStringLiteral("kekComboBox"));
    m_notBeforeCheck = new QCheckBox(tr("Active &from"), this);
    m_notBeforeCheck->setObjectName(QStringLiteral("notBeforeCheckBox"));
    m_notBeforeEdit = makeDateEdit(this, "notBeforeDateTimeEdit", QDateTime::currentDateTimeUtc());
    m_expiresCheck = new QCheckBox(tr("Ex&pires"), this);
    m_expiresCheck->setObjectName(QStringLiteral("expiresCheckBox"));
    m_expiresEdit = makeDateEdit(this, "expiresDateTimeEdit", QDateTime::currentDateTimeUtc().addYears(1));
    m_tagsEdit = new QLineEdit(this);
    m_tagsEdit->setObjectName(QStringLiteral("tagsLineEdit"));
    m_tagsEdit->setPlaceholderText(tr("optional: owner=payments; env=prod"));
    m_certificateNote = new QLabel(this);
    m_certificateNote->setObjectName(QStringLiteral("certificateNoteLabel"));
    m_certificateNote->setWordWrap(true);
    m_certificateNote->setText(tr("A certificate came with the key. Only the key is imported here: import the "
                                  "certificate with Certificates → Import."));
    m_message = new InlineMessage(this);
    m_message->setObjectName(QStringLiteral("destinationMessageLabel"));

    auto* form = new QFormLayout;
    keyimport::addBuddyRow(form, this, tr("&Vault:"), m_vaultCombo);
    keyimport::addBuddyRow(form, this, tr("&Name:"), m_nameEdit);
    keyimport::addBuddyRow(form, this, tr("P&rotection:"), m_protectionHolder);
    form->addRow(QString(), m_exportableCheck);
    form->addRow(opsBox);
    m_kekLabel = keyimport::addBuddyRow(form, this, tr("&Key exchange key:"), m_kekCombo);
    auto* notBeforeRow = new QHBoxLayout;
    notBeforeRow->addWidget(m_notBeforeCheck);
    notBeforeRow->addWidget(m_notBeforeEdit, 1);
    form->addRow(tr("Activation:"), notBeforeRow);
    auto* expiresRow = new QHBoxLayout;
    expiresRow->addWidget(m_expiresCheck);
    expiresRow->addWidget(m_expiresEdit, 1);
    form->addRow(tr("Expiry:"), expiresRow);
    keyimport::addBuddyRow(form, this, tr("T&ags:"), m_tagsEdit);
    auto* layout = new QVBoxLayout(this);
    layout->addLayout(form);
    layout->addWidget(m_certificateNote);
    layout->addWidget(m_message);
    layout->addStretch();

    m_nameTimer = new QTimer(this);
    m_nameTimer->setSingleShot(true);
    m_nameTimer->setInterval(200);
    connect(m_nameTimer, &QTimer::timeout, this, [this] { checkName(++m_ticket); });
    connect(m_vaultCombo, &QComboBox::currentIndexChanged, this, &ImportDestinationPage::onVaultChanged);
    connect(m_nameEdit, &QLineEdit::textChanged, this, &ImportDestinationPage::scheduleNameCheck);
    connect(m_tagsEdit, &QLineEdit::textChanged, this, &ImportDestinationPage::updateState);
    connect(m_kekCombo, &QComboBox::currentIndexChanged, this, &ImportDestinationPage::updateState);
    connect(m_exportableCheck, &QCheckBox::toggled, this, &ImportDestinationPage::updateState);
    connect(m_notBeforeCheck, &QCheckBox::toggled, m_notBeforeEdit, &QWidget::setEnabled);
    connect(m_notBeforeCheck, &QCheckBox::toggled, this, &ImportDestinationPage::updateState);
    connect(m_notBeforeEdit, &QDateTimeEdit::dateTimeChanged, this, &ImportDestinationPage::updateState);
    connect(m_expiresCheck, &QCheckBox::toggled, m_expiresEdit, &QWidget::setEnabled);
    connect(m_expiresCheck, &QCheckBox::toggled, this, &ImportDestinationPage::updateState);
    connect(m_expiresEdit, &QDateTimeEdit::dateTimeChanged, this, &ImportDestinationPage::updateState);
    connect(wizard, &KeyImportWizard::vaultsLoaded, this, [this] {
        if (m_wizard->currentPage() == this)
            initializePage();
    });
}

bool ImportDestinationPage::isByok() const
{
    const auto& preview = m_wizard->state().preview;
    return preview && preview->isByok;
}

std::optional<model::Vault> ImportDestinationPage::selectedVault() const
{
    const QString name = m_vaultCombo->currentData().toString();
    for (const model::Vault& v : m_wizard->state().vaults) {
        if (v.name == name)
            return v;
    }
    return std::nullopt;
}

QString ImportDestinationPage::vault() const
{
    return m_vaultCombo->currentData().toString();
}

QString ImportDestinationPage::name() const
{
    return m_nameEdit->text().trimmed();
}

QStringList ImportDestinationPage::possibleOperations() const
{
    const model::KeyImportCandidate* c = m_wizard->state().selected();
    return c && !isByok() ? keyimport::operationsFor(c->kind, c->publicOnly) : QStringList();
}

void ImportDestinationPage::initializePage()
{
    const KeyImportState& state = m_wizard->state();
    const QString previous = m_vaultCombo->count() ? vault() : m_wizard->initialVault().name;
    {
        const QSignalBlocker blocker(m_vaultCombo);
        m_vaultCombo->clear();
        for (const model::Vault& v : state.vaults)
            m_vaultCombo->addItem(v.name, v.name);
        m_vaultCombo->setCurrentIndex(std::max(0, m_vaultCombo->findData(previous)));
    }
    const model::KeyImportCandidate* c = state.selected();
    if (m_nameEdit->text().isEmpty()) {
        const QString from = !state.source.fileName.isEmpty()      ? state.source.fileName
                             : c && state.preview->keys.size() > 1 ? c->label
                                                                   : QString();
        m_nameEdit->setText(from.isEmpty() ? QStringLiteral("imported-key") : keyimport::defaultKeyName(from));
    }
    // The operations the candidate gets by default are on; what the type cannot do is off.
    const QStringList possible = possibleOperations();
    const QStringList defaults = c && !c->keyOps.isEmpty() ? c->keyOps : possible;
    for (auto it = m_opChecks.cbegin(); it != m_opChecks.cend(); ++it) {
        const QSignalBlocker blocker(it.value());
        it.value()->setEnabled(possible.contains(it.key()));
        it.value()->setChecked(possible.contains(it.key()) && defaults.contains(it.key()));
    }
    m_opsBox->setVisible(!isByok());
    m_kekLabel->setVisible(isByok());
    m_kekCombo->setVisible(isByok());
    m_certificateNote->setVisible(c && !c->certificateDer.isEmpty());
    onVaultChanged();
    // The name first: QWizard focuses the page's first control after this returns.
    QTimer::singleShot(0, m_nameEdit, [edit = m_nameEdit] {
        edit->setFocus();
        edit->selectAll();
    });
}

void ImportDestinationPage::onVaultChanged()
{
    const std::optional<model::Vault> v = selectedVault();
    if (!v)
        return;
    delete m_protectionCombo;
    m_protectionCombo = makeProtectionComboBox(*v, m_protectionHolder);
    m_protectionHolder->layout()->addWidget(m_protectionCombo);
    if (isByok()) {
        // BYOK keys are unwrapped inside the token: always HSM.
        m_protectionCombo->setCurrentIndex(m_protectionCombo->findData(int(model::Protection::Hsm)));
        m_protectionCombo->setEnabled(false);
        m_protectionCombo->setToolTip(tr("A BYOK key is unwrapped inside the token: always HSM-protected."));
    }
    connect(m_protectionCombo, &QComboBox::currentIndexChanged, this, &ImportDestinationPage::updateState);
    // Keep the tab order top to bottom with the new combo box in it.
    setTabOrder(m_vaultCombo, m_nameEdit);
    setTabOrder(m_nameEdit, m_protectionCombo);
    setTabOrder(m_protectionCombo, m_exportableCheck);
    QWidget* previous = m_exportableCheck;
    for (const keyimport::OperationText& op : keyimport::kOperations) {
        setTabOrder(previous, m_opChecks.value(QLatin1String(op.name)));
        previous = m_opChecks.value(QLatin1String(op.name));
    }
    for (QWidget* next : {static_cast<QWidget*>(m_kekCombo), static_cast<QWidget*>(m_notBeforeCheck),
                          static_cast<QWidget*>(m_notBeforeEdit), static_cast<QWidget*>(m_expiresCheck),
                          static_cast<QWidget*>(m_expiresEdit), static_cast<QWidget*>(m_tagsEdit)}) {
        setTabOrder(previous, next);
        previous = next;
    }
    if (isByok())
        loadKeks(++m_ticket);
    scheduleNameCheck();
}

void ImportDestinationPage::scheduleNameCheck()
{
    m_nameChecked = false;
    m_nameTaken = false;
    if (model::KeyService::isValidName(name()) && selectedVault())
        m_nameTimer->start();
    updateState();
}

QCoro::Task<> ImportDestinationPage::checkName(int ticket)
{
    QPointer<ImportDestinationPage> guard(this);
    const QString v = vault();
    const QString n = name();
    auto task = m_wizard->host().call([v, n](model::Services& s) { return s.keys().show(v, n); });
    auto shown = co_await task;
    if (!guard || ticket != m_ticket || v != vault() || n != name())
        co_return;
    // Not found: free. Other errors (no read permission) are left to the import to report.
    m_nameTaken = shown.ok();
    m_nameChecked = true;
    m_checkedName = v + QLatin1Char('/') + n;
    updateState();
}

QCoro::Task<> ImportDestinationPage::loadKeks(int ticket)
{
    QPointer<ImportDestinationPage> guard(this);
    const QString v = vault();
    auto task = m_wizard->host().call([v](model::Services& s) { return s.keys().list(v); });
    auto keys = co_await task;
    if (!guard || v != vault())
        co_return;
    Q_UNUSED(ticket)
    m_kekCombo->clear();
    if (keys) {
        // A KEK does one thing: key_ops exactly [import].
        for (const model::KeyRecord& key : keys.value()) {
            if (key.keyOps == QStringList{QStringLiteral("import")} && !key.isDeleted())
                m_kekCombo->addItem(key.name, key.name);
        }
        const QString kid = m_wizard->state().preview ? m_wizard->state().preview->byokKid : QString();
        for (int i = 0; i < m_kekCombo->count(); ++i) {
            const QString kekName = m_kekCombo->itemData(i).toString();
            if (kid.contains(QStringLiteral("/keys/") + kekName + QLatin1Char('/')) ||
                kid.endsWith(QStringLiteral("/keys/") + kekName))
                m_kekCombo->setCurrentIndex(i);
        }
    }
    updateState();
}

bool ImportDestinationPage::isComplete() const
{
    return problem().isEmpty() && m_nameChecked;
}

QString ImportDestinationPage::problem() const
{
    const QString n = name();
    if (!selectedVault())
        return tr("Choose a vault.");
    if (!model::KeyService::isValidName(n))
        return n.isEmpty() ? tr("Enter a key name.")
                           : tr("Key names have %1.").arg(tr("1-127 characters: letters, digits and dashes"));
    if (m_nameChecked && m_nameTaken) {
        // The same key there already: the next page offers a new version of it.
        const model::KeyImportCandidate* c = m_wizard->state().selected();
        bool duplicate = false;
        if (c) {
            for (const model::KeyImportDuplicate& d : c->duplicates)
                duplicate = duplicate || (d.vault == vault() && d.name == n && !d.deleted);
        }
        if (!duplicate)
            return tr("Vault '%1' has a key named '%2' already: choose another name.").arg(vault(), n);
    }
    const TagParseResult tags = parseTags(m_tagsEdit->text());
    if (!tags.ok())
        return tags.error;
    if (isByok() && m_kekCombo->currentIndex() < 0)
        return tr("Vault '%1' has no key exchange key (an RSA HSM key with the operation import only).").arg(vault());
    if (!isByok()) {
        bool any = false;
        for (const QString& op : possibleOperations())
            any = any || m_opChecks.value(op)->isChecked();
        if (!any)
            return tr("Choose at least one operation the key may do.");
    }
    if (m_expiresCheck->isChecked() && m_expiresEdit->dateTime() <= QDateTime::currentDateTimeUtc())
        return tr("The expiry must be in the future.");
    if (m_expiresCheck->isChecked() && m_notBeforeCheck->isChecked() &&
        m_expiresEdit->dateTime() <= m_notBeforeEdit->dateTime())
        return tr("The expiry must be after the activation.");
    return {};
}

void ImportDestinationPage::updateState()
{
    const model::KeyImportCandidate* c = m_wizard->state().selected();
    const bool software = m_protectionCombo && selectedProtection(m_protectionCombo) == model::Protection::Software;
    const bool canExport = software && !isByok() && !(c && c->publicOnly);
    m_exportableCheck->setEnabled(canExport);
    if (!canExport && m_exportableCheck->isChecked())
        m_exportableCheck->setChecked(false);
    const QString text = problem();
    if (!text.isEmpty())
        m_message->showError(text);
    else if (m_nameChecked && m_nameTaken)
        m_message->showHint(tr("'%1' is this same key: the next page offers to add a new version to it.").arg(name()));
    else if (!m_nameChecked && model::KeyService::isValidName(name()))
        m_message->showHint(tr("Checking the name…"));
    else
        m_message->clearMessage();
    Q_EMIT completeChanged();
}

void ImportDestinationPage::fill(model::KeyImportRequest& r) const
{
    r.vault = vault();
    r.name = name();
    if (isByok()) {
        r.kek = m_kekCombo->currentData().toString();
        r.protection = model::Protection::Hsm;
    } else if (m_protectionCombo) {
        r.protection = selectedProtection(m_protectionCombo);
    }
    r.exportable = m_exportableCheck->isEnabled() && m_exportableCheck->isChecked();
    r.keyOps.clear();
    for (const keyimport::OperationText& op : keyimport::kOperations) {
        const QString opName = QLatin1String(op.name);
        if (possibleOperations().contains(opName) && m_opChecks.value(opName)->isChecked())
            r.keyOps << opName;
    }
    if (m_notBeforeCheck->isChecked())
        r.notBefore = m_notBeforeEdit->dateTime().toUTC();
    if (m_expiresCheck->isChecked())
        r.expires = m_expiresEdit->dateTime().toUTC();
    r.tags = parseTags(m_tagsEdit->text()).tags;
}

int ImportDestinationPage::nextId() const
{
    const model::KeyImportCandidate* c = m_wizard->state().selected();
    bool active = false;
    if (c) {
        for (const model::KeyImportDuplicate& d : c->duplicates)
            active = active || !d.deleted;
    }
    return active ? KeyImportWizard::DuplicatesPage : KeyImportWizard::ReviewPage;
}

} // namespace custos::ui
