#include "Stores.h"

#include "SqlSupport_p.h"

#include <QSqlError>
#include <QSqlQuery>

namespace custos::model {

namespace {

const QString kColumns = QStringLiteral("id, name, display_name, kdf, salt, verifier, wrapped_pin, enabled, "
                                        "failed_attempts, locked_until, created, updated, last_login, "
                                        "last_login_workstation, card_token_label, card_cert_label, "
                                        "card_certificate");

Operator readOperator(const QSqlQuery& query)
{
    Operator op;
    op.id = query.value(0).toLongLong();
    op.name = query.value(1).toString();
    op.displayName = query.value(2).toString();
    op.kdf = query.value(3).toString();
    op.salt = query.value(4).toByteArray();
    op.verifier = query.value(5).toByteArray();
    op.wrappedPin = query.value(6).toByteArray();
    op.enabled = query.value(7).toInt() != 0;
    op.failedAttempts = query.value(8).toInt();
    op.lockedUntil = sql::toTime(query.value(9));
    op.created = sql::toTime(query.value(10));
    op.updated = sql::toTime(query.value(11));
    op.lastLogin = sql::toTime(query.value(12));
    op.lastLoginWorkstation = query.value(13).toString();
    op.cardTokenLabel = query.value(14).toString();
    op.cardCertLabel = query.value(15).toString();
    op.cardCertificate = query.value(16).toByteArray();
    return op;
}

// BLOB columns are NOT NULL: a null QByteArray would bind as NULL, so bind an empty one instead.
QVariant blob(const QByteArray& bytes)
{
    return bytes.isNull() ? QVariant(QByteArray("")) : QVariant(bytes);
}

} // namespace

Outcome<Operator> OperatorStore::insert(Operator op)
{
    if (!op.created.isValid())
        op.created = sql::nowUtc();
    if (!op.updated.isValid())
        op.updated = op.created;
    QSqlQuery query(m_db.connection());
    query.prepare(QStringLiteral("INSERT INTO operators(name, display_name, kdf, salt, verifier, wrapped_pin, enabled, "
                                 "failed_attempts, locked_until, created, updated) "
                                 "VALUES(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"));
    query.addBindValue(op.name);
    query.addBindValue(op.displayName.isNull() ? QString(QLatin1String("")) : op.displayName);
    query.addBindValue(op.kdf.isNull() ? QString(QLatin1String("")) : op.kdf);
    query.addBindValue(blob(op.salt));
    query.addBindValue(blob(op.verifier));
    query.addBindValue(blob(op.wrappedPin));
    query.addBindValue(op.enabled ? 1 : 0);
    query.addBindValue(op.failedAttempts);
    query.addBindValue(sql::fromTime(op.lockedUntil));
    query.addBindValue(sql::fromTime(op.created));
    query.addBindValue(sql::fromTime(op.updated));
    if (!query.exec()) {
        if (sql::isUniqueViolation(query.lastError()))
            return makeError(ErrorKind::Conflict, QStringLiteral("operator %1 already exists").arg(op.name));
        return sqlError(QStringLiteral("cannot add operator %1").arg(op.name), query.lastError());
    }
    op.id = query.lastInsertId().toLongLong();
    return op;
}

Outcome<std::optional<Operator>> OperatorStore::find(const QString& name)
{
    QSqlQuery query(m_db.connection());
    query.prepare(QStringLiteral("SELECT %1 FROM operators WHERE name = ?").arg(kColumns));
    query.addBindValue(name);
    if (!query.exec())
        return sqlError(QStringLiteral("cannot read operator %1").arg(name), query.lastError());
    if (!query.next())
        return std::optional<Operator>();
    return std::optional<Operator>(readOperator(query));
}

Outcome<QList<Operator>> OperatorStore::list()
{
    QSqlQuery query(m_db.connection());
    query.setForwardOnly(true);
    if (!query.exec(QStringLiteral("SELECT %1 FROM operators ORDER BY name").arg(kColumns)))
        return sqlError(QStringLiteral("cannot list operators"), query.lastError());
    QList<Operator> operators;
    while (query.next())
        operators << readOperator(query);
    return operators;
}

Outcome<void> OperatorStore::update(const Operator& op)
{
    // The name identifies the operator: it never changes once created.
    QSqlQuery query(m_db.connection());
    query.prepare(QStringLiteral(
        "UPDATE operators SET display_name = ?, kdf = ?, salt = ?, verifier = ?, "
        "wrapped_pin = ?, enabled = ?, failed_attempts = ?, locked_until = ?, created = COALESCE(?, created), "
        "updated = ?, last_login = ?, last_login_workstation = ?, card_token_label = ?, card_cert_label = ?, "
        "card_certificate = ? WHERE name = ?"));
    query.addBindValue(op.displayName.isNull() ? QString(QLatin1String("")) : op.displayName);
    query.addBindValue(op.kdf.isNull() ? QString(QLatin1String("")) : op.kdf);
    query.addBindValue(blob(op.salt));
    query.addBindValue(blob(op.verifier));
    query.addBindValue(blob(op.wrappedPin));
    query.addBindValue(op.enabled ? 1 : 0);
    query.addBindValue(op.failedAttempts);
    query.addBindValue(sql::fromTime(op.lockedUntil));
    query.addBindValue(sql::fromTime(op.created)); // invalid: keep the stored one
    query.addBindValue(sql::fromTime(op.updated.isValid() ? op.updated : sql::nowUtc()));
    query.addBindValue(sql::fromTime(op.lastLogin));
    query.addBindValue(op.lastLoginWorkstation.isNull() ? QString(QLatin1String("")) : op.lastLoginWorkstation);
    query.addBindValue(op.cardTokenLabel.isNull() ? QString(QLatin1String("")) : op.cardTokenLabel);
    query.addBindValue(op.cardCertLabel.isNull() ? QString(QLatin1String("")) : op.cardCertLabel);
    query.addBindValue(op.cardCertificate.isEmpty() ? QVariant(QMetaType::fromType<QByteArray>())
                                                    : QVariant(op.cardCertificate));
    query.addBindValue(op.name);
    if (!query.exec())
        return sqlError(QStringLiteral("cannot update operator %1").arg(op.name), query.lastError());
    if (query.numRowsAffected() == 0)
        return makeError(ErrorKind::NotFound, QStringLiteral("operator %1 not found").arg(op.name));
    return {};
}

Outcome<int> OperatorStore::count()
{
    QSqlQuery query(m_db.connection());
    if (!query.exec(QStringLiteral("SELECT count(*) FROM operators")) || !query.next())
        return sqlError(QStringLiteral("cannot count operators"), query.lastError());
    return query.value(0).toInt();
}

Outcome<void> OperatorStore::remove(const QString& name)
{
    QSqlQuery query(m_db.connection());
    query.prepare(QStringLiteral("DELETE FROM operators WHERE name = ?"));
    query.addBindValue(name);
    if (!query.exec())
        return sqlError(QStringLiteral("cannot delete operator %1").arg(name), query.lastError());
    if (query.numRowsAffected() == 0)
        return makeError(ErrorKind::NotFound, QStringLiteral("operator '%1' not found").arg(name));
    return {};
}

} // namespace custos::model
