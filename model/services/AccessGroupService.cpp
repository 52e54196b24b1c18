#include "AccessGroupService.h"

#include "AdministratorRule.h"
#include "OperatorService.h"
#include "QuorumRules.h"
#include "ServicePath.h"
#include "model/session/Session.h"
#include "model/store/AccessStores.h"
#include "model/store/Stores.h"

namespace custos::model {

namespace {
const QString kWrite = QStringLiteral("operators/write");

Outcome<OperatorGroup> findGroup(Database& db, const QString& name)
{
    auto group = OperatorGroupStore(db).find(name);
    if (!group)
        return group.error();
    if (!group.value())
        return makeError(ErrorKind::NotFound,
                         QStringLiteral("operator group '%1' not found (see `operator group list`)").arg(name));
    return *group.value();
}
} // namespace

AccessGroupService::AccessGroupService(ServicePath& path, QObject* parent) : QObject(parent), m_path(path) {}

QCoro::Task<Outcome<OperatorGroup>> AccessGroupService::addGroup(QString name, OperationContext context)
{
    Operation op;
    op.name = QStringLiteral("OperatorGroupCreate");
    op.permission = kWrite;
    op.resource = QStringLiteral("/operatorGroups/") + name;
    op.details = {{QStringLiteral("group"), name}};
    op.context = context;
    const QString caller = m_path.session().operatorName();
    const QDateTime now = m_path.now();
    Steps<OperatorGroup> steps;
    steps.precheck = [name](Database& db) -> Outcome<void> {
        if (!OperatorService::isValidName(name))
            return makeError(ErrorKind::Invalid, QStringLiteral("invalid group name '%1': expected 1 to 64 letters, "
                                                                "digits, '.', '_' or '-'")
                                                     .arg(name));
        auto op = OperatorStore(db).find(name);
        if (!op)
            return op.error();
        if (op.value())
            return makeError(ErrorKind::Conflict,
                             QStringLiteral("'%1' is an operator's name; groups and operators share names").arg(name));
        return {};
    };
    steps.persist = [name, caller, now](Database& db, QJsonObject&) -> Outcome<OperatorGroup> {
        OperatorGroup group;
        group.name = name;
        group.created = now;
        group.createdBy = caller;
        if (auto inserted = OperatorGroupStore(db).insert(group); !inserted)
            return inserted.error();
        return group;
    };
    auto task = m_path.run(std::move(op), std::move(steps));
    auto result = co_await task;
    if (result)
        Q_EMIT groupsChanged();
    co_return result;
}

QCoro::Task<Outcome<OperatorGroup>> AccessGroupService::setMember(QString group, QString operatorName, bool remove,
                                                                  OperationContext context)
{
    Operation op;
    op.name = remove ? QStringLiteral("OperatorGroupMemberRemove") : QStringLiteral("OperatorGroupMemberAdd");
    op.permission = kWrite;
    op.resource = QStringLiteral("/operatorGroups/") + group;
    op.details = {{QStringLiteral("group"), group}, {QStringLiteral("operator"), operatorName}};
    op.context = context;
    const QString caller = m_path.session().operatorName();
    const QDateTime now = m_path.now();
    Steps<OperatorGroup> steps;
    steps.precheck = [group, operatorName, remove, caller](Database& db) -> Outcome<void> {
        auto found = findGroup(db, group);
        if (!found)
            return found.error();
        auto op = OperatorStore(db).find(operatorName);
        if (!op)
            return op.error();
        if (!op.value())
            return makeError(ErrorKind::NotFound, QStringLiteral("operator '%1' not found").arg(operatorName));
        if (!remove && operatorName == caller)
            return makeError(ErrorKind::Denied, QStringLiteral("refused: nobody adds themselves to a group (its "
                                                               "roles would be self-assigned)"));
        return {};
    };
    steps.persist = [group, operatorName, remove, now](Database& db, QJsonObject& details) -> Outcome<OperatorGroup> {
        auto found = findGroup(db, group);
        if (!found)
            return found.error();
        OperatorGroupStore store(db);
        if (remove) {
            AdministratorChange change;
            change.group = found->name;
            change.removedMember = operatorName;
            const QString refusal =
                QStringLiteral("refused: removing '%1' from group '%2' would leave no enabled operator holding "
                               "Administrator; assign Administrator to another operator first")
                    .arg(operatorName, found->name);
            if (auto rule = checkAdministratorsRemain(db, now, change, refusal); !rule)
                return rule.error();
            if (auto removed = store.removeMember(found->name, operatorName); !removed)
                return removed.error();
            if (auto live = checkQuorumRemains(
                    db, now, QStringLiteral("refused: removing '%1' from group '%2'").arg(operatorName, found->name));
                !live)
                return live.error();
        } else if (auto added = store.addMember(found->name, operatorName); !added) {
            return added.error();
        }
        details.insert(QStringLiteral("group"), found->name);
        return findGroup(db, found->name);
    };
    auto task = m_path.run(std::move(op), std::move(steps));
    auto result = co_await task;
    if (result)
        Q_EMIT groupsChanged();
    co_return result;
}

Outcome<QList<OperatorGroup>> AccessGroupService::list()
{
    Operation op;
    op.name = QStringLiteral("OperatorGroupList");
    op.permission = QStringLiteral("operators/read");
    if (auto allowed = m_path.authorise(op); !allowed)
        return allowed.error();
    return OperatorGroupStore(m_path.database()).list();
}

} // namespace custos::model
