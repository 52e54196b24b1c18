#pragma once

#include "crypto/Outcome.h"
#include "model/domain/Quorum.h"
#include "model/services/OperationContext.h"

#include <QCoro/QCoroTask>
#include <QObject>
#include <QPointer>
#include <QString>

#include <functional>
#include <optional>

class QWidget;

namespace custos::model {
class ServiceHost;
}

namespace custos::ui {

// What the vault, key and certificate operations share: the count of running operations behind
// busyChanged, and a failure reported three ways (the failed signal, a status message, and a
// window-modal message box opened with open(), so the window keeps running).
class OperationsBase : public QObject
{
    Q_OBJECT
public:
    bool isBusy() const { return m_running > 0; }

Q_SIGNALS:
    void statusMessage(const QString& text);
    void busyChanged(bool busy);
    void failed(const QString& title, const QString& message);
    void succeeded(const QString& text);

protected:
    // `errorBoxName`: the message box's object name, for tests that find and close it.
    OperationsBase(model::ServiceHost& host, QWidget* dialogParent, QString errorBoxName, QObject* parent);

    void begin();
    void end();
    void showError(const QString& title, const QString& message);

    // A quorum-protected call: runs `call` once; when it is refused for want of approvals, shows
    // the approval dialog for the request the service names and, once the approvers have
    // approved, runs it again with their approvals. A cancelled dialog gives Cancelled.
    template <typename T>
    QCoro::Task<Outcome<T>> withApprovals(std::function<QCoro::Task<Outcome<T>>(model::OperationContext)> call);
    // The dialog part: the pending request's approvals, or nothing when cancelled or none.
    QCoro::Task<std::optional<QList<model::Approval>>> gatherApprovals();

    model::ServiceHost& m_host;
    QPointer<QWidget> m_dialogParent;

private:
    QString m_errorBoxName;
    int m_running = 0;
};

template <typename T>
QCoro::Task<Outcome<T>>
OperationsBase::withApprovals(std::function<QCoro::Task<Outcome<T>>(model::OperationContext)> call)
{
    auto first = call({});
    Outcome<T> result = co_await first;
    if (result || result.error().kind != ErrorKind::Denied ||
        !result.error().message.startsWith(model::kQuorumRefusalPrefix))
        co_return result;
    auto gathering = gatherApprovals();
    std::optional<QList<model::Approval>> approvals = co_await gathering;
    if (!approvals)
        co_return makeError(ErrorKind::Cancelled, QStringLiteral("cancelled"));
    model::OperationContext context;
    context.approvals = *approvals;
    auto second = call(context);
    Outcome<T> approved = co_await second;
    co_return approved;
}

} // namespace custos::ui
