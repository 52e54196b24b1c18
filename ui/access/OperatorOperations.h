#pragma once

#include "crypto/SecureBuffer.h"
#include "ui/actions/OperationsBase.h"

#include <QCoro/QCoroTask>

#include <memory>

namespace custos::ui {

// The operator and group changes the operators view starts (OperatorService, AccessGroupService
// on the service thread). Each reports success through succeeded() and a failure (a denial, a
// refusal for want of quorum approvals, the last Administrator) through failed() and an error box
// named "operatorErrorMessageBox".
class OperatorOperations : public OperationsBase
{
    Q_OBJECT
public:
    OperatorOperations(model::ServiceHost& host, QWidget* dialogParent, QObject* parent = nullptr);

    // The passphrase is moved out at once and wiped when the call is done.
    QCoro::Task<bool> addOperator(QString name, QString displayName, crypto::SecureBuffer passphrase);
    QCoro::Task<bool> setEnabled(QString name, bool enabled);
    QCoro::Task<bool> resetPassphrase(QString name, crypto::SecureBuffer passphrase);
    QCoro::Task<bool> removeOperator(QString name);
    QCoro::Task<bool> addGroup(QString name);
    QCoro::Task<bool> setMember(QString group, QString operatorName, bool remove);

private:
    template <typename T>
    bool report(const T& outcome, const QString& failedTitle, const QString& doneText);
};

} // namespace custos::ui
