#include "OperatorOperations.h"

#include "model/services/AccessGroupService.h"
#include "model/services/OperatorService.h"
#include "model/services/Services.h"
#include "model/session/ServiceHost.h"

namespace custos::ui {

OperatorOperations::OperatorOperations(model::ServiceHost& host, QWidget* dialogParent, QObject* parent)
    : OperationsBase(host, dialogParent, QStringLiteral("operatorErrorMessageBox"), parent)
{
}

template <typename T>
bool OperatorOperations::report(const T& outcome, const QString& failedTitle, const QString& doneText)
{
    end();
    if (!outcome) {
        showError(failedTitle, outcome.error().message);
        return false;
    }
    Q_EMIT succeeded(doneText);
    Q_EMIT statusMessage(doneText);
    return true;
}

QCoro::Task<bool> OperatorOperations::addOperator(QString name, QString displayName, crypto::SecureBuffer passphrase)
{
    begin();
    // Shared with the service thread (call() copies its function); wiped there and here.
    auto secret = std::make_shared<crypto::SecureBuffer>(std::move(passphrase));
    auto task = m_host.call([name, displayName, secret](model::Services& s) -> QCoro::Task<Outcome<model::Operator>> {
        auto adding = s.operators().add(name, std::move(*secret), displayName);
        auto added = co_await adding;
        secret->clear();
        co_return added;
    });
    auto result = co_await task;
    secret->clear();
    co_return report(result, tr("Could not add operator '%1'").arg(name), tr("Operator '%1' added.").arg(name));
}

QCoro::Task<bool> OperatorOperations::setEnabled(QString name, bool enabled)
{
    begin();
    auto task = withApprovals<model::Operator>([this, name, enabled](model::OperationContext context) {
        return m_host.call(
            [name, enabled, context](model::Services& s) { return s.operators().setEnabled(name, enabled, context); });
    });
    auto result = co_await task;
    if (enabled)
        co_return report(result, tr("Could not enable operator '%1'").arg(name),
                         tr("Operator '%1' enabled.").arg(name));
    co_return report(result, tr("Could not disable operator '%1'").arg(name), tr("Operator '%1' disabled.").arg(name));
}

QCoro::Task<bool> OperatorOperations::resetPassphrase(QString name, crypto::SecureBuffer passphrase)
{
    begin();
    auto secret = std::make_shared<crypto::SecureBuffer>(std::move(passphrase));
    // A copy per attempt: a quorum refusal is answered by a second attempt with the approvals.
    auto task = withApprovals<void>([this, name, secret](model::OperationContext context) {
        auto attempt = std::make_shared<crypto::SecureBuffer>(secret->clone());
        return m_host.call([name, attempt, context](model::Services& s) -> QCoro::Task<Outcome<void>> {
            // Another operator's passphrase: the current one is not asked (operators/write).
            auto resetting = s.operators().changePassphrase(name, crypto::SecureBuffer(), std::move(*attempt), context);
            auto reset = co_await resetting;
            attempt->clear();
            co_return reset;
        });
    });
    auto result = co_await task;
    secret->clear();
    co_return report(result, tr("Could not reset the passphrase of '%1'").arg(name),
                     tr("Passphrase of '%1' reset.").arg(name));
}

QCoro::Task<bool> OperatorOperations::removeOperator(QString name)
{
    begin();
    auto task = withApprovals<void>([this, name](model::OperationContext context) {
        return m_host.call([name, context](model::Services& s) { return s.operators().remove(name, context); });
    });
    auto result = co_await task;
    co_return report(result, tr("Could not delete operator '%1'").arg(name), tr("Operator '%1' deleted.").arg(name));
}

QCoro::Task<bool> OperatorOperations::addGroup(QString name)
{
    begin();
    auto task = m_host.call([name](model::Services& s) { return s.groups().addGroup(name); });
    auto result = co_await task;
    co_return report(result, tr("Could not add group '%1'").arg(name), tr("Group '%1' added.").arg(name));
}

QCoro::Task<bool> OperatorOperations::setMember(QString group, QString operatorName, bool remove)
{
    begin();
    auto task = m_host.call([group, operatorName, remove](model::Services& s) {
        return s.groups().setMember(group, operatorName, remove);
    });
    auto result = co_await task;
    if (remove)
        co_return report(result, tr("Could not remove '%1' from group '%2'").arg(operatorName, group),
                         tr("'%1' removed from group '%2'.").arg(operatorName, group));
    co_return report(result, tr("Could not add '%1' to group '%2'").arg(operatorName, group),
                     tr("'%1' added to group '%2'.").arg(operatorName, group));
}

} // namespace custos::ui
