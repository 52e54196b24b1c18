#include "WorkspaceSnapshot.h"

#include <QSqlDatabase>
#include <QSqlError>
#include <QSqlQuery>
#include <QUuid>

#include <functional>

namespace custos::test {

namespace {

bool select(QSqlDatabase& db, const QString& sql, WorkspaceSnapshot& snapshot,
            const std::function<void(const QSqlQuery&)>& row)
{
    QSqlQuery query(db);
    query.setForwardOnly(true);
    if (!query.exec(sql)) {
        snapshot.error = sql + QStringLiteral(": ") + query.lastError().text();
        return false;
    }
    while (query.next())
        row(query);
    return true;
}

void read(QSqlDatabase& db, WorkspaceSnapshot& s)
{
    const auto name = [](const QSqlQuery& q) {
        return q.value(0).toString() + QLatin1Char('/') + q.value(1).toString();
    };
    if (!select(db, QStringLiteral("SELECT name FROM vaults WHERE deleted IS NULL ORDER BY name"), s,
                [&](const QSqlQuery& q) { s.vaults << q.value(0).toString(); }))
        return;
    if (!select(db,
                QStringLiteral("SELECT v.name, k.name, k.deleted IS NOT NULL,"
                               " (SELECT count(*) FROM key_versions kv WHERE kv.key_id = k.id), k.kty"
                               " FROM keys k JOIN vaults v ON v.id = k.vault_id"
                               " WHERE NOT EXISTS (SELECT 1 FROM certificates c WHERE c.key_id = k.id)"),
                s, [&](const QSqlQuery& q) {
                    (q.value(2).toBool() ? s.deletedKeys : s.liveKeys) << name(q);
                    s.keyVersions.insert(name(q), q.value(3).toInt());
                    s.keyKinds.insert(name(q), q.value(4).toString());
                }))
        return;
    if (!select(db,
                QStringLiteral("SELECT v.name, c.name,"
                               " (SELECT count(*) FROM certificate_versions cv WHERE cv.certificate_id = c.id)"
                               " FROM certificates c JOIN vaults v ON v.id = c.vault_id WHERE c.deleted IS NULL"),
                s, [&](const QSqlQuery& q) {
                    s.certificates << name(q);
                    if (q.value(2).toInt() == 0)
                        s.halfMade << QStringLiteral("certificate %1 has no version").arg(name(q));
                }))
        return;
    for (auto it = s.keyVersions.cbegin(); it != s.keyVersions.cend(); ++it) {
        if (it.value() == 0)
            s.halfMade << QStringLiteral("key %1 has no version").arg(it.key());
    }
    if (!select(db, QStringLiteral("SELECT scope FROM role_assignments"), s,
                [&](const QSqlQuery& q) { s.assignedScopes.insert(q.value(0).toString()); }))
        return;
    select(db,
           QStringLiteral("SELECT operation, resource, count(*) FROM audit_events WHERE result = 'Success'"
                          " GROUP BY operation, resource"),
           s, [&](const QSqlQuery& q) {
               s.successEvents.insert(q.value(0).toString() + QLatin1Char(' ') + q.value(1).toString(),
                                      q.value(2).toInt());
           });
}

} // namespace

WorkspaceSnapshot readWorkspaceSnapshot(const QString& databasePath)
{
    WorkspaceSnapshot snapshot;
    const QString connection = QUuid::createUuid().toString();
    {
        QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), connection);
        db.setDatabaseName(databasePath);
        db.setConnectOptions(QStringLiteral("QSQLITE_OPEN_READONLY"));
        if (!db.open())
            snapshot.error = QStringLiteral("cannot open %1: %2").arg(databasePath, db.lastError().text());
        else
            read(db, snapshot);
        db.close();
    }
    QSqlDatabase::removeDatabase(connection);
    return snapshot;
}

} // namespace custos::test
