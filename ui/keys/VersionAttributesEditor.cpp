#include "VersionAttributesEditor.h"

#include "ui/dialogs/TagText.h"
#include "ui/widgets/InlineMessage.h"

#include <QCheckBox>
#include <QDateTimeEdit>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QVBoxLayout>

namespace custos::ui {

namespace {

QDateTimeEdit* makeTimeEdit(QWidget* parent, const char* objectName)
{
    auto* edit = new QDateTimeEdit(parent);
    edit->setObjectName(QLatin1String(objectName));
    edit->setTimeSpec(Qt::UTC);
    edit->setDisplayFormat(QStringLiteral("yyyy-MM-dd HH:mm 'UTC'"));
    edit->setCalendarPopup(true);
    return edit;
}

// The editors show minutes: compare at that precision so an untouched field is no change.
bool sameMinute(const QDateTime& a, const QDateTime& b)
{
    if (a.isValid() != b.isValid())
        return false;
    return !a.isValid() || a.toSecsSinceEpoch() / 60 == b.toSecsSinceEpoch() / 60;
}

} // namespace

VersionAttributesEditor::VersionAttributesEditor(QWidget* parent) : QWidget(parent)
{
    setObjectName(QStringLiteral("versionAttributesEditor"));
    m_titleLabel = new QLabel(this);
    m_titleLabel->setObjectName(QStringLiteral("versionTitleLabel"));
    m_titleLabel->setTextFormat(Qt::PlainText);

    m_enabledCheck = new QCheckBox(tr("En&abled"), this);
    m_enabledCheck->setObjectName(QStringLiteral("versionEnabledCheckBox"));
    m_notBeforeCheck = new QCheckBox(tr("Not befo&re"), this);
    m_notBeforeCheck->setObjectName(QStringLiteral("notBeforeCheckBox"));
    m_notBeforeEdit = makeTimeEdit(this, "notBeforeDateTimeEdit");
    m_expiresCheck = new QCheckBox(tr("E&xpires"), this);
    m_expiresCheck->setObjectName(QStringLiteral("versionExpiresCheckBox"));
    m_expiresEdit = makeTimeEdit(this, "versionExpiresDateTimeEdit");
    m_tagsEdit = new QLineEdit(this);
    m_tagsEdit->setObjectName(QStringLiteral("versionTagsLineEdit"));
    m_tagsEdit->setPlaceholderText(tr("owner=payments; env=prod"));

    auto* form = new QFormLayout;
    form->addRow(m_titleLabel);
    form->addRow(QString(), m_enabledCheck);
    form->addRow(m_notBeforeCheck, m_notBeforeEdit);
    form->addRow(m_expiresCheck, m_expiresEdit);
    auto* tagsLabel = new QLabel(tr("Ta&gs:"), this);
    tagsLabel->setBuddy(m_tagsEdit);
    form->addRow(tagsLabel, m_tagsEdit);

    m_hintLabel = new InlineMessage(this);
    m_hintLabel->setObjectName(QStringLiteral("versionHintLabel"));
    m_applyButton = new QPushButton(tr("Appl&y"), this);
    m_applyButton->setObjectName(QStringLiteral("applyVersionPushButton"));
    auto* buttons = new QHBoxLayout;
    buttons->addWidget(m_hintLabel, 1);
    buttons->addWidget(m_applyButton);

    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addLayout(form);
    layout->addLayout(buttons);

    connect(m_enabledCheck, &QCheckBox::toggled, this, &VersionAttributesEditor::updateState);
    connect(m_notBeforeCheck, &QCheckBox::toggled, this, &VersionAttributesEditor::updateState);
    connect(m_expiresCheck, &QCheckBox::toggled, this, &VersionAttributesEditor::updateState);
    connect(m_notBeforeEdit, &QDateTimeEdit::dateTimeChanged, this, &VersionAttributesEditor::updateState);
    connect(m_expiresEdit, &QDateTimeEdit::dateTimeChanged, this, &VersionAttributesEditor::updateState);
    connect(m_tagsEdit, &QLineEdit::textChanged, this, &VersionAttributesEditor::updateState);
    connect(m_applyButton, &QPushButton::clicked, this, [this] {
        if (hasChanges() && parseTags(m_tagsEdit->text()).ok())
            Q_EMIT applyRequested(request());
    });
    setVersion({}, {}, std::nullopt);
}

void VersionAttributesEditor::setVersion(const QString& vault, const QString& name,
                                         const std::optional<model::KeyVersion>& version)
{
    m_vault = vault;
    m_name = name;
    m_version = version;
    const QDateTime inAYear = QDateTime::currentDateTimeUtc().addYears(1);
    if (version) {
        m_titleLabel->setText(tr("Version %1 (%2)").arg(version->seq).arg(version->id));
        m_enabledCheck->setChecked(version->enabled);
        m_notBeforeCheck->setChecked(version->notBefore.isValid());
        m_notBeforeEdit->setDateTime(version->notBefore.isValid() ? version->notBefore
                                                                  : QDateTime::currentDateTimeUtc());
        m_expiresCheck->setChecked(version->expires.isValid());
        m_expiresEdit->setDateTime(version->expires.isValid() ? version->expires : inAYear);
        m_tagsEdit->setText(formatTags(version->tags));
    } else {
        m_titleLabel->setText(tr("Select a version to edit its attributes."));
        m_tagsEdit->clear();
    }
    updateState();
}

void VersionAttributesEditor::setEditable(bool editable)
{
    m_editable = editable;
    updateState();
}

model::KeyUpdateRequest VersionAttributesEditor::request() const
{
    model::KeyUpdateRequest request;
    request.vault = m_vault;
    request.name = m_name;
    if (!m_version)
        return request;
    request.versionId = m_version->id;
    if (m_enabledCheck->isChecked() != m_version->enabled)
        request.enabled = m_enabledCheck->isChecked();
    const QDateTime notBefore = m_notBeforeCheck->isChecked() ? m_notBeforeEdit->dateTime().toUTC() : QDateTime();
    if (!sameMinute(notBefore, m_version->notBefore))
        request.notBefore = notBefore;
    const QDateTime expires = m_expiresCheck->isChecked() ? m_expiresEdit->dateTime().toUTC() : QDateTime();
    if (!sameMinute(expires, m_version->expires))
        request.expires = expires;
    const TagParseResult tags = parseTags(m_tagsEdit->text());
    if (tags.ok() && tags.tags != m_version->tags)
        request.tags = tags.tags;
    return request;
}

bool VersionAttributesEditor::hasChanges() const
{
    const model::KeyUpdateRequest r = request();
    return r.enabled || r.notBefore || r.expires || r.tags;
}

void VersionAttributesEditor::updateState()
{
    const bool on = m_editable && m_version.has_value();
    for (QWidget* w : std::initializer_list<QWidget*>{m_enabledCheck, m_notBeforeCheck, m_expiresCheck, m_tagsEdit})
        w->setEnabled(on);
    m_notBeforeEdit->setEnabled(on && m_notBeforeCheck->isChecked());
    m_expiresEdit->setEnabled(on && m_expiresCheck->isChecked());
    const TagParseResult tags = parseTags(m_tagsEdit->text());
    if (!tags.ok())
        m_hintLabel->showError(tags.error);
    else
        m_hintLabel->clearMessage();
    m_applyButton->setEnabled(on && tags.ok() && hasChanges());
}

} // namespace custos::ui
