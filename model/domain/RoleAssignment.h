#pragma once

#include <QDateTime>
#include <QString>

namespace custos::model {

struct RoleAssignment
{
    QString id;        // random hex
    QString principal; // operator name (groups come with the roles issue)
    QString role;      // built-in role name, e.g. "Crypto Officer"
    QString scope;     // "/", "/vaults/V", "/vaults/V/keys/K", "/vaults/V/certificates/C"
    QDateTime created;
    QString createdBy;
    QDateTime expires; // invalid: never

    bool isActiveAt(const QDateTime& now) const { return !expires.isValid() || now < expires; }
};

} // namespace custos::model
