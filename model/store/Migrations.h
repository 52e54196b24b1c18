#pragma once

#include <QList>
#include <QString>
#include <QStringList>

namespace custos::model {

// One numbered schema step. Steps are applied in order, each in its own transaction that also
// sets PRAGMA user_version to its number. Never edit a released step: append a new one.
struct Migration
{
    int version;
    QString description;
    QStringList statements;
};

const QList<Migration>& migrations(); // ascending, contiguous from 1

} // namespace custos::model
