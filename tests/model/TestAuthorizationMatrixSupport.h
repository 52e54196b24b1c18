#pragma once

// The generated authorisation matrix (issue 5 "Tests"): every service operation, run for every
// built-in role with the role granted at "/" and at one vault, against resources inside and
// outside that grant. The expected allow/deny comes from the role definitions (roleGrants,
// scopeCovers), never from a hand-written table; the outcome from the real service path. Every
// denial must be Denied, name the missing permission and be audited with it.

#include "TestWorkspace.h"

#include "model/authz/Permissions.h"

#include <QMap>
#include <QString>
#include <QStringList>
#include <QVariant>

#include <functional>

namespace custos::authzmatrix {

// Where an operation is authorised: "/", the vault, or a key or certificate in it.
enum class ScopeKind { Root, Vault, Key, Certificate };

// The two vaults of every matrix workspace: the vault grant covers the first only.
inline const QString kInside = QStringLiteral("inside");
inline const QString kOutside = QStringLiteral("outside");
// An operator without roles in every matrix workspace: a group member that is neither the caller
// nor the arranging operator (nobody adds themselves to a group).
inline const QString kBystander = QStringLiteral("bystander");

// One case: an operation, the vault its resources live in, and names unique to it. `data` carries
// what arrange made for call (a signature, a blob, a serial).
struct Case
{
    QString vault;
    QString id; // "c17"
    QMap<QString, QVariant> data;

    QString key() const { return QStringLiteral("k-") + id; }
    QString certificate() const { return QStringLiteral("c-") + id; }
    QString other() const { return QStringLiteral("x-") + id; } // an operator, group or role of its own
};

using Step = std::function<Outcome<void>(model::Services&, Case&)>;

struct MatrixOperation
{
    QString name;            // "key sign"
    QStringList permissions; // all needed, at the operation's scope (ROLES.md)
    ScopeKind scope;
    Step arrange; // as the first operator (who holds every role but the narrow ones); may be empty
    Step call;    // as the role's operator
    // A list that filters instead of refusing: call fails NotFound when the case's resource is not
    // listed. No denial, so no event.
    bool filters = false;
};

QString resourceScope(ScopeKind kind, const Case& c);

// Outcome<T> to Outcome<void>, keeping the error.
template <typename T>
Outcome<void> done(const Outcome<T>& outcome)
{
    if (!outcome)
        return outcome.error();
    return {};
}

// For filtering lists: NotFound when `listed` is false.
Outcome<void> listed(bool listed, const QString& what);

// The tables, one per area (TestAuthorizationMatrix<Area>.cpp).
QList<MatrixOperation> keyOperations();
QList<MatrixOperation> certificateOperations();
QList<MatrixOperation> roleOperations();
QList<MatrixOperation> operatorOperations();
QList<MatrixOperation> auditTokenOperations();

// How many calls a run made, and how many of them the definitions allowed and denied.
struct MatrixTally
{
    int calls = 0;
    int allowed = 0;
    int denied = 0;
};

// Runs `operations` for the built-in role `role` in a new workspace under `directory`; returns
// one line per mismatch (empty: the service layer follows the definitions).
QStringList runMatrix(const QString& role, const QList<MatrixOperation>& operations, const QString& directory,
                      MatrixTally* tally);

} // namespace custos::authzmatrix
