#pragma once

#include "crypto/Outcome.h"

#include <QDateTime>
#include <QString>

namespace custos::model {

class Database;

inline const QString kAdministratorRole = QStringLiteral("Administrator");

// ROLES.md: the last enabled operator holding Administrator (at "/") cannot be unassigned,
// disabled or deleted. Conflict naming the operator when `operatorName` is that last one.
Outcome<void> checkNotLastAdministrator(Database& db, const QString& operatorName, const QDateTime& now,
                                        const QString& action);

} // namespace custos::model
