#include "AdministratorRule.h"

#include "model/store/AccessStores.h"
#include "model/store/Stores.h"

#include <QHash>
#include <QSet>

namespace custos::model {

Outcome<int> countAdministrators(Database& db, const QDateTime& now, const AdministratorChange& change)
{
    auto assignments = RoleAssignmentStore(db).list({}, QStringLiteral("/"));
    if (!assignments)
        return assignments.error();
    auto operators = OperatorStore(db).list();
    if (!operators)
        return operators.error();
    auto groups = OperatorGroupStore(db).list();
    if (!groups)
        return groups.error();
    QSet<QString> enabled;
    for (const Operator& op : operators.value()) {
        if (op.enabled && op.name != change.disabledOperator)
            enabled.insert(op.name);
    }
    QHash<QString, QStringList> members; // group -> members after the change
    for (const OperatorGroup& group : groups.value()) {
        QStringList list = group.members;
        if (group.name.compare(change.group, Qt::CaseInsensitive) == 0)
            list.removeAll(change.removedMember);
        members.insert(group.name.toLower(), list);
    }
    QSet<QString> holders;
    for (const RoleAssignment& a : assignments.value()) {
        if (a.role != kAdministratorRole || !a.isActiveAt(now) || a.id == change.removedAssignmentId)
            continue;
        if (enabled.contains(a.principal))
            holders.insert(a.principal);
        for (const QString& member : members.value(a.principal.toLower())) {
            if (enabled.contains(member))
                holders.insert(member);
        }
    }
    return int(holders.size());
}

Outcome<void> checkAdministratorsRemain(Database& db, const QDateTime& now, const AdministratorChange& change,
                                        const QString& refusal)
{
    auto before = countAdministrators(db, now);
    if (!before)
        return before.error();
    auto after = countAdministrators(db, now, change);
    if (!after)
        return after.error();
    if (before.value() > 0 && after.value() == 0)
        return makeError(ErrorKind::Conflict, refusal);
    return {};
}

Outcome<void> checkNotLastAdministrator(Database& db, const QString& operatorName, const QDateTime& now,
                                        const QString& action)
{
    AdministratorChange change;
    change.disabledOperator = operatorName;
    return checkAdministratorsRemain(
        db, now, change,
        QStringLiteral("refused: '%1' is the last enabled operator holding Administrator and cannot be "
                       "%2; assign Administrator to another operator first")
            .arg(operatorName, action));
}

} // namespace custos::model
