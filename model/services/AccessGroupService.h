#pragma once

#include "OperationContext.h"
#include "crypto/Outcome.h"
#include "model/domain/OperatorGroup.h"

#include <QCoro/QCoroTask>
#include <QObject>

namespace custos::model {

class ServicePath;

// Operator groups (`operator group ...`): a group is an assignment principal, and its members
// hold what is assigned to it. Changes need operators/write, listing operators/read. Group and
// operator names share one namespace (same rules as operator names). Nobody adds themselves to
// a group (its roles would be self-assigned); removing a member must not leave no Administrator.
class AccessGroupService : public QObject
{
    Q_OBJECT
public:
    explicit AccessGroupService(ServicePath& path, QObject* parent = nullptr);

    QCoro::Task<Outcome<OperatorGroup>> addGroup(QString name, OperationContext context = {});
    // Adds `operatorName` to the group, or removes them when `remove`.
    QCoro::Task<Outcome<OperatorGroup>> setMember(QString group, QString operatorName, bool remove,
                                                  OperationContext context = {});
    Outcome<QList<OperatorGroup>> list();

Q_SIGNALS:
    void groupsChanged();

private:
    ServicePath& m_path;
};

} // namespace custos::model
