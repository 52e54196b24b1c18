#include "KeyImportPages.h"
#include "KeyImportWizard.h"

#include <QButtonGroup>
#include <QComboBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QRadioButton>
#include <QVBoxLayout>

namespace custos::ui {

ImportDuplicatesPage::ImportDuplicatesPage(KeyImportWizard* wizard) : QWizardPage(wizard), m_wizard(wizard)
{
    setObjectName(QStringLiteral("importDuplicatesPage"));
    setTitle(tr("Already Imported"));
    setSubTitle(tr("The same public key is in a vault already."));
    m_description = new QLabel(this);
    m_description->setObjectName(QStringLiteral("duplicatesDescriptionLabel"));
    m_description->setWordWrap(true);
    m_description->setTextFormat(Qt::PlainText);
    m_versionRadio = new QRadioButton(tr("Add it as a new &version of"), this);
    m_versionRadio->setObjectName(QStringLiteral("newVersionRadioButton"));
    m_duplicateCombo = new QComboBox(this);
    m_duplicateCombo->setObjectName(QStringLiteral("duplicateComboBox"));
    m_duplicateCombo->setAccessibleName(tr("Existing key"));
    m_newNameRadio = new QRadioButton(this);
    m_newNameRadio->setObjectName(QStringLiteral("newNameRadioButton"));
    m_stopRadio = new QRadioButton(tr("&Stop: import nothing"), this);
    m_stopRadio->setObjectName(QStringLiteral("stopRadioButton"));
    auto* group = new QButtonGroup(this);
    group->addButton(m_versionRadio);
    group->addButton(m_newNameRadio);
    group->addButton(m_stopRadio);

    auto* versionRow = new QHBoxLayout;
    versionRow->addWidget(m_versionRadio);
    versionRow->addWidget(m_duplicateCombo, 1);
    auto* layout = new QVBoxLayout(this);
    layout->addWidget(m_description);
    layout->addLayout(versionRow);
    layout->addWidget(m_newNameRadio);
    layout->addWidget(m_stopRadio);
    layout->addStretch();
    setTabOrder(m_versionRadio, m_duplicateCombo);
    setTabOrder(m_duplicateCombo, m_newNameRadio);
    setTabOrder(m_newNameRadio, m_stopRadio);
    connect(m_versionRadio, &QRadioButton::toggled, m_duplicateCombo, &QWidget::setEnabled);
}

void ImportDuplicatesPage::initializePage()
{
    const model::KeyImportCandidate* c = m_wizard->state().selected();
    m_duplicates.clear();
    m_duplicateCombo->clear();
    QStringList where;
    if (c) {
        for (const model::KeyImportDuplicate& d : c->duplicates) {
            where << tr("vault '%1', key '%2', version %3%4")
                         .arg(d.vault, d.name, d.versionId, d.deleted ? tr(" (deleted)") : QString());
            if (d.deleted)
                continue;
            m_duplicates << d;
            m_duplicateCombo->addItem(QStringLiteral("%1/%2").arg(d.vault, d.name));
        }
    }
    m_description->setText(tr("This public key is already in:\n%1").arg(where.join(QLatin1Char('\n'))));
    const auto* destination =
        static_cast<const ImportDestinationPage*>(m_wizard->page(KeyImportWizard::DestinationPage));
    const QString vault = destination->vault();
    const QString name = destination->name();
    m_newNameRadio->setText(tr("Import it as a new key named '%1' in '%2'").arg(name, vault));
    // A name that is taken (by this same key) cannot be used for a new key.
    bool nameTaken = false;
    for (const model::KeyImportDuplicate& d : std::as_const(m_duplicates))
        nameTaken = nameTaken || (d.vault == vault && d.name == name);
    m_newNameRadio->setEnabled(!nameTaken);
    m_versionRadio->setChecked(true);
    m_duplicateCombo->setEnabled(true);
    for (int i = 0; i < m_duplicates.size(); ++i) {
        if (m_duplicates.at(i).vault == vault && m_duplicates.at(i).name == name)
            m_duplicateCombo->setCurrentIndex(i);
    }
    m_versionRadio->setFocus();
}

bool ImportDuplicatesPage::validatePage()
{
    if (m_stopRadio->isChecked()) {
        m_wizard->reject();
        return false;
    }
    return true;
}

bool ImportDuplicatesPage::asVersion() const
{
    return m_versionRadio->isChecked() && m_duplicateCombo->currentIndex() >= 0;
}

std::optional<model::KeyImportDuplicate> ImportDuplicatesPage::target() const
{
    const int index = m_duplicateCombo->currentIndex();
    if (index < 0 || index >= m_duplicates.size())
        return std::nullopt;
    return m_duplicates.at(index);
}

int ImportDuplicatesPage::nextId() const
{
    return KeyImportWizard::ReviewPage;
}

} // namespace custos::ui
