#pragma once

#include <QMap>
#include <QSet>
#include <QString>
#include <QStringList>

namespace custos::test {

// What the crash harness reads straight from a workspace's custos.db (read-only, between runs):
// the objects that exist, and how many Success events each (operation, resource) has.
struct WorkspaceSnapshot
{
    QStringList vaults;               // live vaults
    QStringList liveKeys;             // "vault/name", not deleted, certificate keys excluded
    QStringList deletedKeys;          // "vault/name"
    QStringList certificates;         // "vault/name"
    QMap<QString, int> keyVersions;   // "vault/name" -> number of versions
    QMap<QString, QString> keyKinds;  // "vault/name" -> kty
    QSet<QString> assignedScopes;     // scopes of role assignments
    QMap<QString, int> successEvents; // "Operation resource" -> count
    QStringList halfMade;             // objects that exist without what must come with them
    QString error;                    // set when the database could not be read

    int successes(const QString& operation, const QString& resource) const
    {
        return successEvents.value(operation + QLatin1Char(' ') + resource);
    }
};

WorkspaceSnapshot readWorkspaceSnapshot(const QString& databasePath);

} // namespace custos::test
