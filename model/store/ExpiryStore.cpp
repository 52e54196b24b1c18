#include "Stores.h"

#include "SqlSupport_p.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <QSqlError>
#include <QSqlQuery>

namespace custos::model {

Outcome<QList<ExpiryRow>> ExpiryStore::rows()
{
    QList<ExpiryRow> rows;
    QSqlQuery certificates(m_db.connection());
    certificates.setForwardOnly(true);
    // The current version is the newest; the CA settings (a small JSON) only for CAs.
    if (!certificates.exec(
            QStringLiteral("SELECT vt.name, c.name, v.not_after, v.revoked IS NOT NULL, v.der IS NULL, "
                           "CASE WHEN c.is_ca THEN c.ca ELSE NULL END "
                           "FROM certificates c JOIN vaults vt ON vt.id = c.vault_id "
                           "JOIN certificate_versions v ON v.certificate_id = c.id "
                           "AND v.seq = (SELECT MAX(seq) FROM certificate_versions WHERE certificate_id = c.id) "
                           "WHERE c.deleted IS NULL AND vt.deleted IS NULL")))
        return sqlError(QStringLiteral("cannot read the certificates' expiry"), certificates.lastError());
    while (certificates.next()) {
        ExpiryRow row;
        row.vault = certificates.value(0).toString();
        row.name = certificates.value(1).toString();
        row.expires = sql::toTime(certificates.value(2));
        row.revoked = certificates.value(3).toBool();
        row.pending = certificates.value(4).toBool();
        rows << row;
        if (certificates.value(5).isNull())
            continue;
        const CaSettings ca =
            caSettingsFromJson(QJsonDocument::fromJson(certificates.value(5).toString().toUtf8()).object());
        if (ca.crlNextUpdate.isValid())
            rows << ExpiryRow{ExpiryRow::Kind::CrlNextUpdate, row.vault, row.name, ca.crlNextUpdate, false, false};
    }
    QSqlQuery keys(m_db.connection());
    keys.setForwardOnly(true);
    if (!keys.exec(QStringLiteral("SELECT vt.name, k.name, v.expires FROM keys k JOIN vaults vt ON vt.id = k.vault_id "
                                  "JOIN key_versions v ON v.key_id = k.id "
                                  "AND v.seq = (SELECT MAX(seq) FROM key_versions WHERE key_id = k.id) "
                                  "WHERE k.deleted IS NULL AND vt.deleted IS NULL AND v.expires IS NOT NULL "
                                  "AND NOT EXISTS (SELECT 1 FROM certificates c WHERE c.key_id = k.id)")))
        return sqlError(QStringLiteral("cannot read the keys' expiry"), keys.lastError());
    while (keys.next())
        rows << ExpiryRow{ExpiryRow::Kind::Key,
                          keys.value(0).toString(),
                          keys.value(1).toString(),
                          sql::toTime(keys.value(2)),
                          false,
                          false};
    return rows;
}

} // namespace custos::model
