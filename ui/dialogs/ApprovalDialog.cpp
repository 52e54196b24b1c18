#include "ApprovalDialog.h"

#include "model/services/Services.h"
#include "model/session/ServiceHost.h"
#include "ui/security/SecretLineEdit.h"
#include "ui/security/SecretText.h"
#include "ui/widgets/InlineMessage.h"

#include <QComboBox>
#include <QDialogButtonBox>
#include <QFormLayout>
#include <QGroupBox>
#include <QJsonArray>
#include <QJsonValue>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QPointer>
#include <QProgressBar>
#include <QPushButton>
#include <QTreeWidget>
#include <QVBoxLayout>

namespace custos::ui {

namespace {
QString shown(const QJsonValue& value)
{
    if (value.isString())
        return value.toString();
    if (value.isBool())
        return value.toBool() ? QStringLiteral("true") : QStringLiteral("false");
    if (value.isDouble())
        return QString::number(value.toDouble());
    if (value.isArray()) {
        QStringList items;
        for (const QJsonValue& item : value.toArray())
            items << shown(item);
        return items.join(QStringLiteral(", "));
    }
    return {};
}

// The digest in groups of eight, so two people can read it to each other.
QString groupedDigest(const QString& digest)
{
    QStringList groups;
    for (qsizetype i = 0; i < digest.size(); i += 8)
        groups << digest.mid(i, 8);
    return groups.join(QLatin1Char(' '));
}
} // namespace

ApprovalDialog::ApprovalDialog(model::ServiceHost& host, model::ApprovalRequest request, QWidget* parent)
    : QDialog(parent), m_host(host), m_request(std::move(request))
{
    setObjectName(QStringLiteral("approvalDialog"));
    setWindowTitle(tr("Quorum Approval"));

    auto* intro =
        new QLabel(tr("This operation needs the approval of %n other operator(s). Each approver reads what follows, "
                      "then enters their own passphrase at this workstation.",
                      nullptr, m_request.approvalsNeeded),
                   this);
    intro->setWordWrap(true);

    auto* what = new QGroupBox(tr("What is approved"), this);
    auto* whatForm = new QFormLayout(what);
    auto addRow = [this, whatForm](const QString& label, const QString& text, const QString& name) {
        auto* value = new QLabel(text, this);
        value->setObjectName(name);
        value->setTextFormat(Qt::PlainText);
        value->setTextInteractionFlags(Qt::TextSelectableByMouse | Qt::TextSelectableByKeyboard);
        value->setWordWrap(true);
        whatForm->addRow(label, value);
    };
    addRow(tr("Operation:"), m_request.operation, QStringLiteral("operationLabel"));
    addRow(tr("Resource:"), m_request.resource, QStringLiteral("resourceLabel"));
    addRow(tr("Requested by:"), m_request.initiator, QStringLiteral("initiatorLabel"));
    addRow(tr("Permission:"), tr("%1 at %2").arg(m_request.permission, m_request.scope),
           QStringLiteral("permissionLabel"));
    auto* parameters = new QTreeWidget(this);
    parameters->setObjectName(QStringLiteral("parametersTreeWidget"));
    parameters->setAccessibleName(tr("Request parameters"));
    parameters->setAccessibleDescription(tr("What the operation to approve will do"));
    parameters->setHeaderLabels({tr("Parameter"), tr("Value")});
    parameters->setRootIsDecorated(false);
    for (auto it = m_request.parameters.begin(); it != m_request.parameters.end(); ++it)
        parameters->addTopLevelItem(new QTreeWidgetItem({it.key(), shown(it.value())}));
    parameters->setMaximumHeight(120);
    whatForm->addRow(tr("Parameters:"), parameters);
    addRow(tr("Digest:"), groupedDigest(m_request.digest), QStringLiteral("digestLabel"));

    m_approverCombo = new QComboBox(this);
    m_approverCombo->setObjectName(QStringLiteral("approverComboBox"));
    m_approverCombo->addItems(m_request.eligible);
    m_passphraseEdit = new SecretLineEdit(this);
    m_passphraseEdit->setObjectName(QStringLiteral("approverPassphraseLineEdit"));
    m_passphraseEdit->setAccessibleName(tr("Approver passphrase"));
    m_approveButton = new QPushButton(tr("&Approve"), this);
    m_approveButton->setObjectName(QStringLiteral("approvePushButton"));
    auto* approverForm = new QFormLayout;
    auto* approverLabel = new QLabel(tr("Appro&ver:"), this);
    approverLabel->setBuddy(m_approverCombo);
    approverForm->addRow(approverLabel, m_approverCombo);
    auto* passphraseLabel = new QLabel(tr("&Passphrase:"), this);
    passphraseLabel->setBuddy(m_passphraseEdit);
    approverForm->addRow(passphraseLabel, m_passphraseEdit);
    approverForm->addRow(QString(), m_approveButton);

    m_approvedList = new QListWidget(this);
    m_approvedList->setObjectName(QStringLiteral("approvedListWidget"));
    m_approvedList->setAccessibleName(tr("Approvals"));
    m_approvedList->setAccessibleDescription(tr("Approvers who have approved so far"));
    m_approvedList->setMaximumHeight(80);
    m_countLabel = new QLabel(this);
    m_countLabel->setObjectName(QStringLiteral("approvalCountLabel"));
    m_message = new InlineMessage(this);
    m_message->setObjectName(QStringLiteral("approvalMessage"));
    m_progress = new QProgressBar(this);
    m_progress->setRange(0, 0);
    m_progress->setTextVisible(false);
    m_progress->setVisible(false);

    m_buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this);
    QPushButton* ok = m_buttons->button(QDialogButtonBox::Ok);
    ok->setObjectName(QStringLiteral("okPushButton"));
    ok->setText(tr("&Run With These Approvals"));
    m_buttons->button(QDialogButtonBox::Cancel)->setObjectName(QStringLiteral("cancelPushButton"));
    connect(m_buttons, &QDialogButtonBox::accepted, this, &QDialog::accept);
    connect(m_buttons, &QDialogButtonBox::rejected, this, &ApprovalDialog::reject);
    connect(m_approveButton, &QPushButton::clicked, this, &ApprovalDialog::submit);
    connect(m_passphraseEdit, &QLineEdit::returnPressed, this, &ApprovalDialog::submit);
    connect(m_passphraseEdit, &QLineEdit::textChanged, this, &ApprovalDialog::updateState);

    auto* layout = new QVBoxLayout(this);
    layout->addWidget(intro);
    layout->addWidget(what);
    layout->addLayout(approverForm);
    layout->addWidget(m_approvedList);
    layout->addWidget(m_countLabel);
    layout->addWidget(m_message);
    layout->addWidget(m_progress);
    layout->addWidget(m_buttons);
    setMinimumWidth(520);
    if (m_request.eligible.isEmpty())
        m_message->showError(
            tr("Nobody may approve this operation now: no other enabled operator holds what it needs."));
    updateState();
    m_passphraseEdit->setFocus();
}

void ApprovalDialog::reject()
{
    if (m_busy)
        return;
    QDialog::reject();
}

void ApprovalDialog::updateState()
{
    const int have = int(m_approvals.size());
    m_countLabel->setText(tr("%1 of %2 approvals").arg(have).arg(m_request.approvalsNeeded));
    const bool complete = have >= m_request.approvalsNeeded;
    m_buttons->button(QDialogButtonBox::Ok)->setEnabled(complete && !m_busy);
    if (complete)
        m_buttons->button(QDialogButtonBox::Ok)->setDefault(true);
    m_approveButton->setEnabled(!complete && !m_busy && m_approverCombo->count() > 0 &&
                                !m_passphraseEdit->text().isEmpty());
    m_approverCombo->setEnabled(!complete && !m_busy);
    m_passphraseEdit->setEnabled(!complete && !m_busy);
}

void ApprovalDialog::setBusy(bool busy)
{
    m_busy = busy;
    m_progress->setVisible(busy);
    m_buttons->button(QDialogButtonBox::Cancel)->setEnabled(!busy);
    updateState();
}

void ApprovalDialog::submit()
{
    if (m_busy || m_approverCombo->count() == 0 || m_passphraseEdit->text().isEmpty())
        return;
    approve(m_approverCombo->currentText(), takeSecret(m_passphraseEdit));
}

QCoro::Task<> ApprovalDialog::approve(QString approver, crypto::SecureBuffer passphrase)
{
    QPointer<ApprovalDialog> guard(this);
    m_message->clearMessage();
    setBusy(true);
    auto secret = std::make_shared<crypto::SecureBuffer>(std::move(passphrase));
    auto task = m_host.call([request = m_request, approver, secret](model::Services& s) {
        return s.quorum().approve(request, approver, std::move(*secret));
    });
    Outcome<model::Approval> result = co_await task;
    secret->clear();
    if (!guard)
        co_return;
    setBusy(false);
    if (!result) {
        m_message->showError(tr("Not approved: %1").arg(result.error().message));
        m_passphraseEdit->setFocus();
        co_return;
    }
    m_approvals << result.value();
    m_approvedList->addItem(
        tr("Approved by %1 at %2")
            .arg(approver, QLocale().toString(result->approvedAt.toLocalTime(), QLocale::ShortFormat)));
    m_approverCombo->removeItem(m_approverCombo->findText(approver));
    updateState();
    if (m_buttons->button(QDialogButtonBox::Ok)->isEnabled())
        m_buttons->button(QDialogButtonBox::Ok)->setFocus();
}

} // namespace custos::ui
