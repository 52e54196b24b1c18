// `operator delete`: OperatorService::remove. The operator's row, its role assignments and (through
// the schema's trigger) its group memberships go in the one transaction that records the event.

#include "OperatorService.h"

#include "AdministratorRule.h"
#include "QuorumRules.h"
#include "ServicePath.h"
#include "model/session/Session.h"
#include "model/store/AccessStores.h"
#include "model/store/Stores.h"

#include <QJsonArray>

namespace custos::model {

namespace {
// The checks the precheck and the commit both make: the commit repeats them because another
// change may have committed in between.
Outcome<void> checkDeletable(Database& db, const QString& name, const QString& self, const QDateTime& now)
{
    if (name == self)
        return makeError(ErrorKind::Conflict,
                         QStringLiteral("refused: operator '%1' cannot delete themself; another operator holding "
                                        "operators/write must do it")
                             .arg(name));
    auto found = OperatorStore(db).find(name);
    if (!found)
        return found.error();
    if (!found.value())
        return makeError(ErrorKind::NotFound, QStringLiteral("operator '%1' not found").arg(name));
    return checkNotLastAdministrator(db, name, now, QStringLiteral("deleted"));
}
} // namespace

QCoro::Task<Outcome<void>> OperatorService::remove(QString name, OperationContext context)
{
    Operation op;
    op.name = QStringLiteral("OperatorDelete");
    op.permission = QStringLiteral("operators/write");
    op.scope = QStringLiteral("/");
    op.resource = QStringLiteral("/operators/") + name;
    op.details = {{QStringLiteral("operator"), name}};
    op.context = std::move(context);
    op.protectedAs = QStringLiteral("operator-disable"); // ROLES.md: disable or delete

    const QString self = m_path.session().operatorName();
    const QDateTime now = m_path.now();
    Steps<void> steps;
    steps.precheck = [name, self, now](Database& db) { return checkDeletable(db, name, self, now); };
    steps.persist = [name, self, now](Database& db, QJsonObject& details) -> Outcome<void> {
        if (auto checked = checkDeletable(db, name, self, now); !checked)
            return checked;
        auto groups = OperatorGroupStore(db).groupsOf(name);
        if (!groups)
            return groups.error();
        auto assignments = RoleAssignmentStore(db).list(name);
        if (!assignments)
            return assignments.error();
        QJsonArray removed;
        for (const RoleAssignment& a : assignments.value()) {
            if (auto gone = RoleAssignmentStore(db).remove(a.id); !gone)
                return gone;
            removed.append(QJsonObject{{QStringLiteral("role"), a.role}, {QStringLiteral("scope"), a.scope}});
        }
        if (auto gone = OperatorStore(db).remove(name); !gone)
            return gone;
        details.insert(QStringLiteral("removedAssignments"), removed);
        details.insert(QStringLiteral("removedFromGroups"), QJsonArray::fromStringList(groups.value()));
        return checkQuorumRemains(db, now, QStringLiteral("refused: deleting '%1'").arg(name));
    };
    auto task = m_path.run(std::move(op), std::move(steps));
    auto result = co_await task;
    if (result)
        Q_EMIT operatorsChanged();
    co_return result;
}

} // namespace custos::model
