#include "KeyCreateDialog.h"

#include "ui/dialogs/TagText.h"
#include "ui/widgets/InlineMessage.h"
#include "ui/widgets/ProtectionComboBox.h"

#include <QCheckBox>
#include <QComboBox>
#include <QDateTimeEdit>
#include <QDialogButtonBox>
#include <QFormLayout>
#include <QGridLayout>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QVBoxLayout>

namespace custos::ui {

namespace {

struct OperationText
{
    const char* name; // Key Vault's key_ops name
    const char* label;
};

// In the order Key Vault lists them; mnemonics are unique within the dialog.
const OperationText kOperations[] = {
    {"sign", QT_TRANSLATE_NOOP("custos::ui::KeyCreateDialog", "&Sign")},
    {"verify", QT_TRANSLATE_NOOP("custos::ui::KeyCreateDialog", "Ver&ify")},
    {"encrypt", QT_TRANSLATE_NOOP("custos::ui::KeyCreateDialog", "&Encrypt")},
    {"decrypt", QT_TRANSLATE_NOOP("custos::ui::KeyCreateDialog", "&Decrypt")},
    {"wrapKey", QT_TRANSLATE_NOOP("custos::ui::KeyCreateDialog", "&Wrap key")},
    {"unwrapKey", QT_TRANSLATE_NOOP("custos::ui::KeyCreateDialog", "&Unwrap key")},
};

QStringList operationsFor(crypto::KeyKind kind)
{
    switch (kind) {
    case crypto::KeyKind::Rsa:
        return {QStringLiteral("sign"),    QStringLiteral("verify"),  QStringLiteral("encrypt"),
                QStringLiteral("decrypt"), QStringLiteral("wrapKey"), QStringLiteral("unwrapKey")};
    case crypto::KeyKind::Ec:
        return {QStringLiteral("sign"), QStringLiteral("verify")};
    case crypto::KeyKind::Aes:
        return {QStringLiteral("encrypt"), QStringLiteral("decrypt"), QStringLiteral("wrapKey"),
                QStringLiteral("unwrapKey")};
    }
    return {};
}

} // namespace

KeyCreateDialog::KeyCreateDialog(const model::Vault& vault, QWidget* parent) : QDialog(parent), m_vault(vault.name)
{
    setObjectName(QStringLiteral("keyCreateDialog"));
    setWindowTitle(tr("New Key in '%1'").arg(vault.name));

    m_nameEdit = new QLineEdit(this);
    m_nameEdit->setObjectName(QStringLiteral("nameLineEdit"));
    m_nameEdit->setMaxLength(127);
    m_nameEdit->setPlaceholderText(tr("e.g. signing-1"));

    m_typeCombo = new QComboBox(this);
    m_typeCombo->setObjectName(QStringLiteral("typeComboBox"));
    m_typeCombo->addItem(tr("RSA"), int(crypto::KeyKind::Rsa));
    m_typeCombo->addItem(tr("EC"), int(crypto::KeyKind::Ec));
    m_typeCombo->addItem(tr("AES (oct)"), int(crypto::KeyKind::Aes));

    m_sizeCombo = new QComboBox(this);
    m_sizeCombo->setObjectName(QStringLiteral("sizeComboBox"));

    auto* opsBox = new QGroupBox(tr("Permitted operations"), this);
    opsBox->setObjectName(QStringLiteral("operationsGroupBox"));
    auto* opsLayout = new QGridLayout(opsBox);
    int position = 0;
    for (const OperationText& op : kOperations) {
        auto* check = new QCheckBox(tr(op.label), opsBox);
        check->setObjectName(QLatin1String(op.name) + QStringLiteral("CheckBox"));
        m_opChecks.insert(QLatin1String(op.name), check);
        opsLayout->addWidget(check, position / 2, position % 2);
        ++position;
        connect(check, &QCheckBox::toggled, this, &KeyCreateDialog::updateState);
    }

    m_protectionCombo = makeProtectionComboBox(vault, this);

    m_exportableCheck = new QCheckBox(tr("E&xportable private key (cannot be changed later)"), this);
    m_exportableCheck->setObjectName(QStringLiteral("exportableCheckBox"));

    m_expiresCheck = new QCheckBox(tr("Ex&pires"), this);
    m_expiresCheck->setObjectName(QStringLiteral("expiresCheckBox"));
    m_expiresEdit = new QDateTimeEdit(QDateTime::currentDateTimeUtc().addYears(1), this);
    m_expiresEdit->setObjectName(QStringLiteral("expiresDateTimeEdit"));
    m_expiresEdit->setAccessibleName(tr("Expiry date and time (UTC)"));
    m_expiresEdit->setTimeSpec(Qt::UTC);
    m_expiresEdit->setDisplayFormat(QStringLiteral("yyyy-MM-dd HH:mm 'UTC'"));
    m_expiresEdit->setCalendarPopup(true);
    m_expiresEdit->setEnabled(false);

    m_tagsEdit = new QLineEdit(this);
    m_tagsEdit->setObjectName(QStringLiteral("tagsLineEdit"));
    m_tagsEdit->setPlaceholderText(tr("optional: owner=payments; env=prod"));

    auto* form = new QFormLayout;
    auto addRow = [this, form](const QString& label, QWidget* field) {
        auto* buddyLabel = new QLabel(label, this);
        buddyLabel->setBuddy(field);
        form->addRow(buddyLabel, field);
        return buddyLabel;
    };
    addRow(tr("&Name:"), m_nameEdit);
    addRow(tr("&Type:"), m_typeCombo);
    m_sizeLabel = addRow(tr("Si&ze:"), m_sizeCombo);
    form->addRow(opsBox);
    addRow(tr("P&rotection:"), m_protectionCombo);
    form->addRow(QString(), m_exportableCheck);
    auto* expiresRow = new QHBoxLayout;
    expiresRow->addWidget(m_expiresCheck);
    expiresRow->addWidget(m_expiresEdit, 1);
    form->addRow(tr("Expiry:"), expiresRow);
    addRow(tr("T&ags:"), m_tagsEdit);

    m_hintLabel = new InlineMessage(this);
    m_hintLabel->setObjectName(QStringLiteral("hintLabel"));

    m_buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this);
    m_buttons->setObjectName(QStringLiteral("buttonBox"));
    QPushButton* ok = m_buttons->button(QDialogButtonBox::Ok);
    ok->setObjectName(QStringLiteral("okPushButton"));
    ok->setText(tr("&Create"));
    ok->setDefault(true);
    m_buttons->button(QDialogButtonBox::Cancel)->setObjectName(QStringLiteral("cancelPushButton"));
    connect(m_buttons, &QDialogButtonBox::accepted, this, &QDialog::accept);
    connect(m_buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);

    auto* layout = new QVBoxLayout(this);
    layout->addLayout(form);
    layout->addWidget(m_hintLabel);
    layout->addStretch();
    layout->addWidget(m_buttons);

    // Tab order: top to bottom as the form reads.
    QWidget* previous = m_nameEdit;
    auto chain = [this, &previous](QWidget* next) {
        setTabOrder(previous, next);
        previous = next;
    };
    chain(m_typeCombo);
    chain(m_sizeCombo);
    for (const OperationText& op : kOperations)
        chain(m_opChecks.value(QLatin1String(op.name)));
    chain(m_protectionCombo);
    chain(m_exportableCheck);
    chain(m_expiresCheck);
    chain(m_expiresEdit);
    chain(m_tagsEdit);

    connect(m_nameEdit, &QLineEdit::textChanged, this, &KeyCreateDialog::updateState);
    connect(m_tagsEdit, &QLineEdit::textChanged, this, &KeyCreateDialog::updateState);
    connect(m_typeCombo, &QComboBox::currentIndexChanged, this, &KeyCreateDialog::onTypeChanged);
    connect(m_protectionCombo, &QComboBox::currentIndexChanged, this, &KeyCreateDialog::updateState);
    connect(m_expiresCheck, &QCheckBox::toggled, m_expiresEdit, &QWidget::setEnabled);
    connect(m_expiresCheck, &QCheckBox::toggled, this, &KeyCreateDialog::updateState);
    connect(m_expiresEdit, &QDateTimeEdit::dateTimeChanged, this, &KeyCreateDialog::updateState);
    onTypeChanged();
    m_nameEdit->setFocus();
}

crypto::KeyKind KeyCreateDialog::kind() const
{
    return crypto::KeyKind(m_typeCombo->currentData().toInt());
}

model::Protection KeyCreateDialog::protection() const
{
    return selectedProtection(m_protectionCombo);
}

void KeyCreateDialog::onTypeChanged()
{
    m_sizeCombo->clear();
    switch (kind()) {
    case crypto::KeyKind::Rsa:
        m_sizeLabel->setText(tr("Si&ze:"));
        for (int bits : {2048, 3072, 4096})
            m_sizeCombo->addItem(tr("%1 bits").arg(bits), bits);
        break;
    case crypto::KeyKind::Ec:
        m_sizeLabel->setText(tr("Cur&ve:"));
        for (const char* curve : {"P-256", "P-384", "P-521"})
            m_sizeCombo->addItem(QLatin1String(curve), QLatin1String(curve));
        break;
    case crypto::KeyKind::Aes:
        m_sizeLabel->setText(tr("Si&ze:"));
        for (int bits : {256, 192, 128})
            m_sizeCombo->addItem(tr("%1 bits").arg(bits), bits);
        break;
    }
    // Every operation the type can do is on by default, as `key create` without --ops.
    const QStringList possible = operationsFor(kind());
    for (auto it = m_opChecks.cbegin(); it != m_opChecks.cend(); ++it) {
        const bool applies = possible.contains(it.key());
        it.value()->setEnabled(applies);
        it.value()->setChecked(applies);
    }
    updateState();
}

model::KeyCreateRequest KeyCreateDialog::request() const
{
    model::KeyCreateRequest request;
    request.vault = m_vault;
    request.name = m_nameEdit->text().trimmed();
    request.kty = kind();
    if (kind() == crypto::KeyKind::Ec)
        request.curve = m_sizeCombo->currentData().toString();
    else
        request.size = m_sizeCombo->currentData().toInt();
    for (const QString& op : operationsFor(kind())) {
        if (m_opChecks.value(op)->isChecked())
            request.keyOps << op;
    }
    request.protection = protection();
    request.exportable = protection() == model::Protection::Software && m_exportableCheck->isChecked();
    if (request.exportable)
        request.keyOps << QStringLiteral("export");
    if (m_expiresCheck->isChecked())
        request.expires = m_expiresEdit->dateTime().toUTC();
    request.tags = parseTags(m_tagsEdit->text()).tags;
    return request;
}

bool KeyCreateDialog::isInputValid() const
{
    if (!model::KeyService::isValidName(m_nameEdit->text().trimmed()) || !parseTags(m_tagsEdit->text()).ok())
        return false;
    if (m_expiresCheck->isChecked() && m_expiresEdit->dateTime() <= QDateTime::currentDateTimeUtc())
        return false;
    for (const QString& op : operationsFor(kind())) {
        if (m_opChecks.value(op)->isChecked())
            return true;
    }
    return false;
}

void KeyCreateDialog::updateState()
{
    const bool software = protection() == model::Protection::Software;
    m_exportableCheck->setEnabled(software);
    if (!software)
        m_exportableCheck->setChecked(false);

    const QString name = m_nameEdit->text().trimmed();
    const TagParseResult tags = parseTags(m_tagsEdit->text());
    bool anyOperation = false;
    for (const QString& op : operationsFor(kind()))
        anyOperation = anyOperation || m_opChecks.value(op)->isChecked();
    if (!name.isEmpty() && !model::KeyService::isValidName(name))
        m_hintLabel->showError(tr("Key names have %1.").arg(tr("1-127 characters: letters, digits and dashes")));
    else if (!tags.ok())
        m_hintLabel->showError(tags.error);
    else if (!anyOperation)
        m_hintLabel->showError(tr("Choose at least one operation the key may do."));
    else if (m_expiresCheck->isChecked() && m_expiresEdit->dateTime() <= QDateTime::currentDateTimeUtc())
        m_hintLabel->showError(tr("The expiry must be in the future."));
    else if (name.isEmpty())
        m_hintLabel->showHint(tr("Key names have %1.").arg(tr("1-127 characters: letters, digits and dashes")));
    else if (kind() == crypto::KeyKind::Rsa && m_sizeCombo->currentData().toInt() == 4096)
        m_hintLabel->showHint(tr("Generating an RSA-4096 key can take several seconds."));
    else
        m_hintLabel->clearMessage();
    m_buttons->button(QDialogButtonBox::Ok)->setEnabled(isInputValid());
}

} // namespace custos::ui
