#include "IssueCertificatePageSupport_p.h"

#include "IssueCertificatePages.h"

#include <QFormLayout>
#include <QLabel>

namespace custos::ui::issuepage {

QLabel* addBuddyRow(QFormLayout* form, QWidget* parent, const QString& text, QWidget* field)
{
    auto* label = new QLabel(text, parent);
    label->setBuddy(field);
    form->addRow(label, field);
    return label;
}

QString nameRuleText()
{
    return IssueProfilePage::tr("Certificate names have 1-127 characters: letters, digits and dashes.");
}

} // namespace custos::ui::issuepage
