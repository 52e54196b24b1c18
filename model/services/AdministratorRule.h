#pragma once

#include "crypto/Outcome.h"

#include <QDateTime>
#include <QString>

namespace custos::model {

class Database;

inline const QString kAdministratorRole = QStringLiteral("Administrator");

// ROLES.md: the last enabled operator holding Administrator (at "/") cannot be unassigned,
// disabled or deleted. Conflict naming the operator when `operatorName` is that last one.
// Administrator counts directly and through groups.
Outcome<void> checkNotLastAdministrator(Database& db, const QString& operatorName, const QDateTime& now,
                                        const QString& action);

// A change that may take Administrator away from operators (one field set).
struct AdministratorChange
{
    QString disabledOperator;    // disabled or deleted
    QString removedAssignmentId; // an Administrator assignment removed
    QString group;               // with removedMember: a membership removed
    QString removedMember;
};

// The number of enabled operators holding an active Administrator assignment at "/", directly or
// through a group, after `change` (an empty change: as it is now).
Outcome<int> countAdministrators(Database& db, const QDateTime& now, const AdministratorChange& change = {});

// Conflict with `refusal` when the change would leave no Administrator where there is one now.
Outcome<void> checkAdministratorsRemain(Database& db, const QDateTime& now, const AdministratorChange& change,
                                        const QString& refusal);

} // namespace custos::model
