#include "RoleEditDialog.h"

#include "RolePermissionTree.h"
#include "ui/widgets/InlineMessage.h"

#include <QDialogButtonBox>
#include <QFormLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QVBoxLayout>

namespace custos::ui {

RoleEditDialog::RoleEditDialog(QWidget* parent) : QDialog(parent)
{
    build();
    setWindowTitle(tr("New Role"));
    m_buttons->button(QDialogButtonBox::Ok)->setText(tr("C&reate"));
    updateState();
}

RoleEditDialog::RoleEditDialog(const model::RoleDefinition& role, QWidget* parent) : QDialog(parent), m_editing(true)
{
    build();
    setWindowTitle(tr("Edit Role '%1'").arg(role.name));
    m_buttons->button(QDialogButtonBox::Ok)->setText(tr("&Save"));
    m_nameEdit->setText(role.name);
    m_nameEdit->setReadOnly(true);
    m_descriptionEdit->setText(role.description);
    m_tree->setPatterns(role.actions, role.notActions);
    m_descriptionEdit->setFocus();
    updateState();
}

void RoleEditDialog::build()
{
    setObjectName(QStringLiteral("roleEditDialog"));
    m_nameEdit = new QLineEdit(this);
    m_nameEdit->setObjectName(QStringLiteral("nameLineEdit"));
    m_nameEdit->setMaxLength(64);
    m_nameEdit->setPlaceholderText(tr("e.g. Key Rotation Operator"));
    m_descriptionEdit = new QLineEdit(this);
    m_descriptionEdit->setObjectName(QStringLiteral("descriptionLineEdit"));
    m_descriptionEdit->setMaxLength(512);
    m_tree = new RolePermissionTree(this);
    m_tree->setMinimumHeight(320);

    auto* form = new QFormLayout;
    auto* nameLabel = new QLabel(tr("&Name:"), this);
    nameLabel->setBuddy(m_nameEdit);
    form->addRow(nameLabel, m_nameEdit);
    auto* descriptionLabel = new QLabel(tr("&Description:"), this);
    descriptionLabel->setBuddy(m_descriptionEdit);
    form->addRow(descriptionLabel, m_descriptionEdit);
    auto* treeLabel = new QLabel(tr("&Permissions (Grant) and not-permissions (Exclude):"), this);
    treeLabel->setBuddy(m_tree);

    m_hintLabel = new InlineMessage(this);
    m_hintLabel->setObjectName(QStringLiteral("roleHintLabel"));
    m_buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this);
    m_buttons->button(QDialogButtonBox::Ok)->setObjectName(QStringLiteral("okPushButton"));
    m_buttons->button(QDialogButtonBox::Cancel)->setObjectName(QStringLiteral("cancelPushButton"));
    connect(m_buttons, &QDialogButtonBox::accepted, this, [this] {
        if (isInputValid())
            accept();
    });
    connect(m_buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);

    auto* layout = new QVBoxLayout(this);
    layout->addLayout(form);
    layout->addWidget(treeLabel);
    layout->addWidget(m_tree, 1);
    layout->addWidget(m_hintLabel);
    layout->addWidget(m_buttons);
    resize(560, 600);

    connect(m_nameEdit, &QLineEdit::textChanged, this, &RoleEditDialog::updateState);
    connect(m_tree, &RolePermissionTree::patternsChanged, this, &RoleEditDialog::updateState);
}

model::RoleDefinition RoleEditDialog::role() const
{
    model::RoleDefinition role;
    role.name = m_nameEdit->text().trimmed();
    role.description = m_descriptionEdit->text().trimmed();
    role.actions = m_tree->actions();
    role.notActions = m_tree->notActions();
    role.builtIn = false;
    return role;
}

bool RoleEditDialog::isInputValid() const
{
    const QString name = m_nameEdit->text().trimmed();
    return !name.isEmpty() && (m_editing || !model::findBuiltInRole(name)) && !m_tree->actions().isEmpty();
}

void RoleEditDialog::updateState()
{
    const QString name = m_nameEdit->text().trimmed();
    if (name.isEmpty())
        m_hintLabel->showHint(tr("Enter the role's name."));
    else if (!m_editing && model::findBuiltInRole(name))
        m_hintLabel->showError(tr("'%1' is a built-in role; choose another name.").arg(name));
    else if (m_tree->actions().isEmpty())
        m_hintLabel->showHint(tr("Grant at least one permission."));
    else
        m_hintLabel->showHint(tr("Grants %n permission(s).", nullptr, int(model::effectivePermissions(role()).size())));
    m_buttons->button(QDialogButtonBox::Ok)->setEnabled(isInputValid());
}

} // namespace custos::ui
