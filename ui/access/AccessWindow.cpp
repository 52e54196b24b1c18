#include "AccessWindow.h"

#include "AssignmentsView.h"
#include "EffectiveAccessView.h"
#include "OperatorsView.h"
#include "RoleOperations.h"
#include "RolesView.h"
#include "SodReportView.h"

#include <QDialogButtonBox>
#include <QHBoxLayout>
#include <QIcon>
#include <QLabel>
#include <QPushButton>
#include <QTabWidget>
#include <QVBoxLayout>

namespace custos::ui {

AccessWindow::AccessWindow(model::ServiceHost& host, QWidget* parent) : QDialog(parent)
{
    setObjectName(QStringLiteral("accessWindow"));
    setWindowTitle(tr("Roles and Access"));
    setWindowIcon(QIcon(QStringLiteral(":/icons/role.svg")));
    // Non-modal and resizable, next to the main window.
    setWindowFlag(Qt::WindowMaximizeButtonHint, true);
    setWindowFlag(Qt::WindowContextHelpButtonHint, false);

    m_operations = new RoleOperations(host, this, this);
    m_roles = new RolesView(host, *m_operations, this);
    m_assignments = new AssignmentsView(host, *m_operations, this);
    m_sod = new SodReportView(host, this);
    m_effective = new EffectiveAccessView(host, this);
    m_operators = new OperatorsView(host, this);

    m_tabs = new QTabWidget(this);
    m_tabs->setObjectName(QStringLiteral("accessTabWidget"));
    m_tabs->addTab(m_roles, QIcon(QStringLiteral(":/icons/role.svg")), tr("&Roles"));
    m_tabs->addTab(m_assignments, tr("A&ssignments"));
    m_tabs->addTab(m_sod, tr("Separation of &duties"));
    m_tabs->addTab(m_effective, tr("&Effective access"));
    m_tabs->addTab(m_operators, QIcon(QStringLiteral(":/icons/operator.svg")), tr("&Operators && groups"));

    m_statusLabel = new QLabel(this);
    m_statusLabel->setObjectName(QStringLiteral("accessStatusLabel"));
    auto* buttons = new QDialogButtonBox(QDialogButtonBox::Close, this);
    buttons->button(QDialogButtonBox::Close)->setObjectName(QStringLiteral("closePushButton"));
    buttons->button(QDialogButtonBox::Close)->setAutoDefault(false);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::close);
    auto* bottom = new QHBoxLayout;
    bottom->addWidget(m_statusLabel, 1);
    bottom->addWidget(buttons);

    auto* layout = new QVBoxLayout(this);
    layout->addWidget(m_tabs, 1);
    layout->addLayout(bottom);
    resize(960, 620);

    connect(m_operations, &RoleOperations::statusMessage, m_statusLabel, &QLabel::setText);
}

} // namespace custos::ui
