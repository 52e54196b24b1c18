#include "KeyPolicyEditor.h"

#include "model/domain/IsoDuration.h"
#include "ui/widgets/InlineMessage.h"

#include <QCheckBox>
#include <QComboBox>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QVBoxLayout>

namespace custos::ui {

using model::KeyLifetimeAction;

KeyPolicyEditor::KeyPolicyEditor(QWidget* parent) : QWidget(parent)
{
    setObjectName(QStringLiteral("keyPolicyEditor"));

    m_expiryEdit = new QLineEdit(this);
    m_expiryEdit->setObjectName(QStringLiteral("expiryTimeLineEdit"));
    m_expiryEdit->setPlaceholderText(tr("none, or e.g. P1Y"));
    m_expiryEdit->setToolTip(tr("Each new version expires this long after it is created."));

    m_rotateCombo = new QComboBox(this);
    m_rotateCombo->setObjectName(QStringLiteral("rotateTriggerComboBox"));
    m_rotateCombo->addItem(tr("Never"), int(RotateTrigger::Never));
    m_rotateCombo->addItem(tr("After creation"), int(RotateTrigger::AfterCreate));
    m_rotateCombo->addItem(tr("Before expiry"), int(RotateTrigger::BeforeExpiry));
    m_rotateEdit = new QLineEdit(this);
    m_rotateEdit->setObjectName(QStringLiteral("rotateDurationLineEdit"));
    m_rotateEdit->setPlaceholderText(tr("e.g. P90D"));

    m_notifyCheck = new QCheckBox(tr("Notif&y before expiry"), this);
    m_notifyCheck->setObjectName(QStringLiteral("notifyCheckBox"));
    m_notifyEdit = new QLineEdit(this);
    m_notifyEdit->setObjectName(QStringLiteral("notifyDurationLineEdit"));
    m_notifyEdit->setPlaceholderText(tr("e.g. P30D"));

    auto* form = new QFormLayout;
    auto* expiryLabel = new QLabel(tr("New versions e&xpire after:"), this);
    expiryLabel->setBuddy(m_expiryEdit);
    form->addRow(expiryLabel, m_expiryEdit);
    auto* rotateRow = new QHBoxLayout;
    rotateRow->addWidget(m_rotateCombo);
    rotateRow->addWidget(m_rotateEdit, 1);
    auto* rotateLabel = new QLabel(tr("R&otate automatically:"), this);
    rotateLabel->setBuddy(m_rotateCombo);
    form->addRow(rotateLabel, rotateRow);
    auto* notifyRow = new QHBoxLayout;
    notifyRow->addWidget(m_notifyCheck);
    notifyRow->addWidget(m_notifyEdit, 1);
    form->addRow(QString(), notifyRow);

    m_hintLabel = new InlineMessage(this);
    m_hintLabel->setObjectName(QStringLiteral("policyHintLabel"));

    m_saveButton = new QPushButton(tr("S&ave Policy"), this);
    m_saveButton->setObjectName(QStringLiteral("savePolicyPushButton"));
    m_revertButton = new QPushButton(tr("&Revert"), this);
    m_revertButton->setObjectName(QStringLiteral("revertPolicyPushButton"));
    auto* buttons = new QHBoxLayout;
    buttons->addStretch();
    buttons->addWidget(m_revertButton);
    buttons->addWidget(m_saveButton);

    auto* layout = new QVBoxLayout(this);
    layout->addLayout(form);
    layout->addWidget(m_hintLabel);
    layout->addStretch();
    layout->addLayout(buttons);

    for (QLineEdit* edit : {m_expiryEdit, m_rotateEdit, m_notifyEdit})
        connect(edit, &QLineEdit::textChanged, this, &KeyPolicyEditor::updateState);
    connect(m_rotateCombo, &QComboBox::currentIndexChanged, this, &KeyPolicyEditor::updateState);
    connect(m_notifyCheck, &QCheckBox::toggled, this, &KeyPolicyEditor::updateState);
    connect(m_saveButton, &QPushButton::clicked, this, [this] {
        if (isInputValid())
            Q_EMIT saveRequested(policy());
    });
    connect(m_revertButton, &QPushButton::clicked, this, [this] { setPolicy(m_loaded); });
    setPolicy({});
}

void KeyPolicyEditor::setPolicy(const model::KeyRotationPolicy& policy)
{
    m_loaded = policy;
    m_expiryEdit->setText(policy.expiryTime);
    m_rotateCombo->setCurrentIndex(0);
    m_rotateEdit->clear();
    m_notifyCheck->setChecked(false);
    m_notifyEdit->clear();
    // The editor shows one action of each kind, as the GUI offers them; the first one wins.
    bool rotateSeen = false;
    bool notifySeen = false;
    for (const KeyLifetimeAction& action : policy.actions) {
        const bool afterCreate = !action.timeAfterCreate.isEmpty();
        if (action.kind == KeyLifetimeAction::Kind::Rotate && !rotateSeen) {
            rotateSeen = true;
            m_rotateCombo->setCurrentIndex(
                m_rotateCombo->findData(int(afterCreate ? RotateTrigger::AfterCreate : RotateTrigger::BeforeExpiry)));
            m_rotateEdit->setText(afterCreate ? action.timeAfterCreate : action.timeBeforeExpiry);
        } else if (action.kind == KeyLifetimeAction::Kind::Notify && !notifySeen && !afterCreate) {
            notifySeen = true;
            m_notifyCheck->setChecked(true);
            m_notifyEdit->setText(action.timeBeforeExpiry);
        }
    }
    updateState();
}

model::KeyRotationPolicy KeyPolicyEditor::policy() const
{
    model::KeyRotationPolicy result;
    result.expiryTime = m_expiryEdit->text().trimmed();
    const auto trigger = RotateTrigger(m_rotateCombo->currentData().toInt());
    if (trigger != RotateTrigger::Never) {
        KeyLifetimeAction rotate;
        rotate.kind = KeyLifetimeAction::Kind::Rotate;
        if (trigger == RotateTrigger::AfterCreate)
            rotate.timeAfterCreate = m_rotateEdit->text().trimmed();
        else
            rotate.timeBeforeExpiry = m_rotateEdit->text().trimmed();
        result.actions << rotate;
    }
    if (m_notifyCheck->isChecked()) {
        KeyLifetimeAction notify;
        notify.kind = KeyLifetimeAction::Kind::Notify;
        notify.timeBeforeExpiry = m_notifyEdit->text().trimmed();
        result.actions << notify;
    }
    return result;
}

QString KeyPolicyEditor::fieldError() const
{
    const QString expiry = m_expiryEdit->text().trimmed();
    if (!expiry.isEmpty() && !model::IsoDuration::isValid(expiry))
        return tr("The expiry must be %1.").arg(model::IsoDuration::rule());
    const auto trigger = RotateTrigger(m_rotateCombo->currentData().toInt());
    if (trigger != RotateTrigger::Never && !model::IsoDuration::isValid(m_rotateEdit->text().trimmed()))
        return tr("The rotation time must be %1.").arg(model::IsoDuration::rule());
    if (m_notifyCheck->isChecked() && !model::IsoDuration::isValid(m_notifyEdit->text().trimmed()))
        return tr("The notification time must be %1.").arg(model::IsoDuration::rule());
    return {};
}

bool KeyPolicyEditor::isInputValid() const
{
    return fieldError().isEmpty();
}

void KeyPolicyEditor::setEditable(bool editable, const QString& reason)
{
    m_editable = editable;
    setToolTip(reason);
    updateState();
}

void KeyPolicyEditor::updateState()
{
    const auto trigger = RotateTrigger(m_rotateCombo->currentData().toInt());
    m_rotateEdit->setEnabled(m_editable && trigger != RotateTrigger::Never);
    m_notifyEdit->setEnabled(m_editable && m_notifyCheck->isChecked());
    for (QWidget* w : std::initializer_list<QWidget*>{m_expiryEdit, m_rotateCombo, m_notifyCheck})
        w->setEnabled(m_editable);
    const QString error = fieldError();
    const bool beforeExpiry = trigger == RotateTrigger::BeforeExpiry || m_notifyCheck->isChecked();
    if (!error.isEmpty())
        m_hintLabel->showError(error);
    else if (beforeExpiry && m_expiryEdit->text().trimmed().isEmpty())
        m_hintLabel->showHint(tr("Actions before expiry apply only to versions that have an expiry."));
    else
        m_hintLabel->clearMessage();
    const bool changed = !(policy() == m_loaded);
    m_saveButton->setEnabled(m_editable && changed && error.isEmpty());
    m_revertButton->setEnabled(m_editable && changed);
}

} // namespace custos::ui
