#include "OperationsBase.h"

#include "model/services/Services.h"
#include "model/session/ServiceHost.h"
#include "ui/dialogs/ApprovalDialog.h"

#include <QCoro/QCoroSignal>
#include <QMessageBox>

namespace custos::ui {

OperationsBase::OperationsBase(model::ServiceHost& host, QWidget* dialogParent, QString errorBoxName, QObject* parent)
    : QObject(parent), m_host(host), m_dialogParent(dialogParent), m_errorBoxName(std::move(errorBoxName))
{
}

void OperationsBase::begin()
{
    if (m_running++ == 0)
        Q_EMIT busyChanged(true);
}

void OperationsBase::end()
{
    if (--m_running == 0)
        Q_EMIT busyChanged(false);
}

void OperationsBase::showError(const QString& title, const QString& message)
{
    Q_EMIT failed(title, message);
    Q_EMIT statusMessage(title);
    auto* box = new QMessageBox(QMessageBox::Warning, title, title, QMessageBox::Ok, m_dialogParent);
    box->setObjectName(m_errorBoxName);
    box->setInformativeText(message);
    box->setAttribute(Qt::WA_DeleteOnClose);
    box->open();
}

QCoro::Task<std::optional<QList<model::Approval>>> OperationsBase::gatherApprovals()
{
    QPointer<OperationsBase> guard(this);
    auto fetching =
        m_host.call([](model::Services& s) -> Outcome<model::ApprovalRequest> { return s.quorum().pendingRequest(); });
    Outcome<model::ApprovalRequest> request = co_await fetching;
    if (!guard || !request || !request->isValid())
        co_return std::nullopt;
    QPointer<ApprovalDialog> dialog = new ApprovalDialog(m_host, request.value(), m_dialogParent);
    dialog->open();
    auto finishing = qCoro(dialog.data(), &QDialog::finished);
    const int outcome = co_await finishing;
    if (!guard || !dialog)
        co_return std::nullopt;
    const QList<model::Approval> approvals = dialog->approvals();
    dialog->deleteLater();
    if (outcome != QDialog::Accepted)
        co_return std::nullopt;
    co_return approvals;
}

} // namespace custos::ui
