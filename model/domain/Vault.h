#pragma once

#include <QDateTime>
#include <QMap>
#include <QString>

namespace custos::model {

enum class Protection { Hsm, Software };
QString protectionName(Protection p); // "hsm" | "software"
bool parseProtection(const QString& text, Protection* out);

struct Vault
{
    qint64 id = 0;
    QString name;
    Protection protection = Protection::Hsm;
    int retentionDays = 90;
    bool purgeProtection = false;
    QMap<QString, QString> tags;
    QDateTime created;
    QDateTime updated;
    QDateTime deleted;        // invalid unless soft-deleted
    QDateTime scheduledPurge; // deleted + retentionDays

    bool isDeleted() const { return deleted.isValid(); }
    QString resourceId() const { return QStringLiteral("/vaults/") + name; }
};

} // namespace custos::model
