#pragma once

#include <QDateTime>
#include <QString>
#include <QStringList>

namespace custos::model {

// A named set of operators; an assignment principal like an operator (ROLES.md). Group and
// operator names share one namespace.
struct OperatorGroup
{
    QString name;
    QStringList members; // operator names, sorted
    QDateTime created;
    QString createdBy;
};

} // namespace custos::model
