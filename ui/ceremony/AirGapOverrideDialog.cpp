#include "AirGapOverrideDialog.h"

#include <QDialogButtonBox>
#include <QLabel>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QVBoxLayout>

namespace custos::ui {

AirGapOverrideDialog::AirGapOverrideDialog(const QStringList& interfaces, QWidget* parent)
    : QDialog(parent), m_interfaces(interfaces)
{
    setObjectName(QStringLiteral("airGapOverrideDialog"));
    setWindowTitle(tr("Override the Air-Gap Check"));
    auto* explanation = new QLabel(
        tr("These network interfaces are up: %1.\n\nA ceremony on a networked machine can leak what it "
           "handles. Override only when the interfaces cannot reach a network (say how you know). The override "
           "is recorded in the audit trail with your name, the interface names and your justification.")
            .arg(interfaces.join(QStringLiteral(", "))),
        this);
    explanation->setObjectName(QStringLiteral("airGapOverrideExplanationLabel"));
    explanation->setTextFormat(Qt::PlainText);
    explanation->setWordWrap(true);
    auto* prompt = new QLabel(tr("&Justification:"), this);
    m_justificationEdit = new QPlainTextEdit(this);
    m_justificationEdit->setObjectName(QStringLiteral("airGapJustificationEdit"));
    m_justificationEdit->setTabChangesFocus(true);
    m_justificationEdit->setAccessibleName(tr("Justification for the override"));
    m_justificationEdit->setAccessibleDescription(tr("Recorded in the audit trail with the interface names"));
    prompt->setBuddy(m_justificationEdit);

    auto* buttons = new QDialogButtonBox(QDialogButtonBox::Cancel, this);
    m_overrideButton = buttons->addButton(tr("&Override and Proceed"), QDialogButtonBox::AcceptRole);
    m_overrideButton->setObjectName(QStringLiteral("airGapOverrideConfirmButton"));
    m_overrideButton->setEnabled(false);
    connect(buttons, &QDialogButtonBox::accepted, this, &QDialog::accept);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    connect(m_justificationEdit, &QPlainTextEdit::textChanged, this,
            [this] { m_overrideButton->setEnabled(!justification().isEmpty()); });

    auto* layout = new QVBoxLayout(this);
    layout->addWidget(explanation);
    layout->addWidget(prompt);
    layout->addWidget(m_justificationEdit);
    layout->addWidget(buttons);
    m_justificationEdit->setFocus();
}

QString AirGapOverrideDialog::justification() const
{
    return m_justificationEdit->toPlainText().trimmed();
}

} // namespace custos::ui
