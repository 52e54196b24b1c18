#include "AdministratorRule.h"

#include "model/store/Stores.h"

#include <QSet>

namespace custos::model {

Outcome<void> checkNotLastAdministrator(Database& db, const QString& operatorName, const QDateTime& now,
                                        const QString& action)
{
    auto assignments = RoleAssignmentStore(db).list({}, QStringLiteral("/"));
    if (!assignments)
        return assignments.error();
    auto operators = OperatorStore(db).list();
    if (!operators)
        return operators.error();
    QSet<QString> enabled;
    for (const Operator& op : operators.value()) {
        if (op.enabled)
            enabled.insert(op.name);
    }
    bool holds = false;
    int others = 0;
    for (const RoleAssignment& a : assignments.value()) {
        if (a.role != kAdministratorRole || !a.isActiveAt(now) || !enabled.contains(a.principal))
            continue;
        if (a.principal == operatorName)
            holds = true;
        else
            ++others;
    }
    if (holds && others == 0)
        return makeError(
            ErrorKind::Conflict,
            QStringLiteral("refused: '%1' is the last enabled operator holding Administrator and cannot be "
                           "%2; assign Administrator to another operator first")
                .arg(operatorName, action));
    return {};
}

} // namespace custos::model
