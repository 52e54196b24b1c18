#pragma once

#include <QString>
#include <QStringList>

namespace custos::model {

// What a caller adds to any operation: the justification (`--reason TEXT`) and, for quorum-
// protected operations (roles issue), the approvers. The correlation id ties one user action's
// events together; empty means a fresh one per operation.
struct OperationContext
{
    QString justification;
    QString correlationId;
};

} // namespace custos::model
