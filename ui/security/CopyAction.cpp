#include "CopyAction.h"

#include "SecureClipboard.h"

#include <QAction>
#include <QLabel>
#include <QPointer>

namespace custos::ui {

SecureClipboard* secureClipboardFor(const QWidget* widget)
{
    // Up through the windows: a dialog's parent chain reaches the main window.
    for (const QWidget* window = widget ? widget->window() : nullptr; window;
         window = window->parentWidget() ? window->parentWidget()->window() : nullptr) {
        if (auto* clipboard = window->findChild<SecureClipboard*>(QString(), Qt::FindDirectChildrenOnly))
            return clipboard;
    }
    return nullptr;
}

QAction* addCopyAction(QLabel* label, const QString& text, const char* objectName)
{
    auto* action = new QAction(text, label);
    action->setObjectName(QString::fromLatin1(objectName));
    QPointer<QLabel> source(label);
    QObject::connect(action, &QAction::triggered, label, [source] {
        if (!source || source->text().isEmpty())
            return;
        if (SecureClipboard* clipboard = secureClipboardFor(source))
            clipboard->copyText(source->text());
    });
    label->addAction(action);
    label->setContextMenuPolicy(Qt::ActionsContextMenu);
    return action;
}

} // namespace custos::ui
