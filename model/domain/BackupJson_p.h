#pragma once

// Private to the backup formats (KeyBackupFormat, WorkspaceBackupFormat): how their JSON writes
// times, tags and bytes, so both files encode them identically (their canonical bytes are signed).

#include <QByteArray>
#include <QDateTime>
#include <QJsonObject>
#include <QJsonValue>
#include <QMap>
#include <QString>

namespace custos::model::backupjson {

QString iso(const QDateTime& time);         // UTC with milliseconds; empty for an invalid time
QDateTime fromIso(const QJsonValue& value); // invalid for a missing or malformed value
QJsonObject tagsObject(const QMap<QString, QString>& tags);
QMap<QString, QString> tagsMap(const QJsonValue& value);
QString b64(const QByteArray& bytes);
QByteArray fromB64(const QJsonValue& value); // strict; empty for a missing or malformed value

} // namespace custos::model::backupjson
