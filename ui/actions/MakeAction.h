#pragma once

#include <QKeySequence>
#include <QString>

class QAction;
class QObject;

namespace custos::ui {

// A QAction with the object name tests find it by, its shortcut and its status-bar tip.
QAction* makeAction(QObject* parent, const QString& text, const char* objectName, const QKeySequence& shortcut = {},
                    const QString& statusTip = {});

} // namespace custos::ui
