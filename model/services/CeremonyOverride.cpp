#include "CeremonyOverride.h"

#include "ServicePath.h"
#include "Services.h"

#include <QJsonArray>

namespace custos::model {

QCoro::Task<Outcome<void>> overrideAirGapCheck(Services& services, QStringList interfaces, QString justification)
{
    interfaces.removeDuplicates();
    justification = justification.trimmed();
    Operation op;
    op.name = QStringLiteral("CeremonyNetworkOverride");
    op.permission = QStringLiteral("workspace/repair");
    op.scope = QStringLiteral("/");
    // Names only: the addresses say nothing the audit needs.
    op.details = {{QStringLiteral("interfaces"), QJsonArray::fromStringList(interfaces)}};
    op.context.justification = justification;
    Steps<void> steps;
    steps.precheck = [interfaces, justification](Database&) -> Outcome<void> {
        if (interfaces.isEmpty())
            return makeError(ErrorKind::Invalid,
                             QStringLiteral("no network interface to override: the air-gap check passed"));
        if (justification.isEmpty())
            return makeError(ErrorKind::Invalid,
                             QStringLiteral("a justification is required to override the air-gap check"));
        return {};
    };
    // Nothing to change and no token work: the audit event is the override.
    steps.persist = [](Database&, QJsonObject&) -> Outcome<void> { return {}; };
    auto task = services.path().run(std::move(op), std::move(steps));
    co_return co_await task;
}

} // namespace custos::model
