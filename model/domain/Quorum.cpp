#include "Quorum.h"

namespace custos::model {

QStringList quorumProtectedOperations()
{
    // ROLES.md's names and order.
    return {QStringLiteral("securitydomain-restore"),
            QStringLiteral("purge"),
            QStringLiteral("assign-administrator"),
            QStringLiteral("role-definitions"),
            QStringLiteral("quorum"),
            QStringLiteral("operator-disable"),
            QStringLiteral("operator-reset"),
            QStringLiteral("audit-archive"),
            QStringLiteral("workspace-repair")};
}

bool isAdministrativeQuorumOperation(const QString& name)
{
    // A purge is approved by whoever may purge there; the rest govern the workspace itself.
    return name != QLatin1String("purge") && quorumProtectedOperations().contains(name);
}

QString ApprovalRequest::summary() const
{
    QString text = QStringLiteral("%1 %2 by %3").arg(operation, resource, initiator);
    if (!parameters.isEmpty()) {
        QStringList pairs;
        for (auto it = parameters.begin(); it != parameters.end(); ++it) {
            const QJsonValue value = it.value();
            const QString shown = value.isString() ? value.toString()
                                  : value.isBool() ? (value.toBool() ? QStringLiteral("true") : QStringLiteral("false"))
                                  : value.isDouble() ? QString::number(value.toDouble())
                                                     : QStringLiteral("...");
            pairs << it.key() + QLatin1Char('=') + shown;
        }
        text += QStringLiteral(" (") + pairs.join(QStringLiteral(", ")) + QLatin1Char(')');
    }
    return text;
}

} // namespace custos::model
