#include "MakeAction.h"

#include <QAction>

namespace custos::ui {

QAction* makeAction(QObject* parent, const QString& text, const char* objectName, const QKeySequence& shortcut,
                    const QString& statusTip)
{
    auto* action = new QAction(text, parent);
    action->setObjectName(QLatin1String(objectName));
    action->setShortcut(shortcut);
    if (!statusTip.isEmpty())
        action->setStatusTip(statusTip);
    return action;
}

} // namespace custos::ui
