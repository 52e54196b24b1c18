#include "CopyBlocker.h"

#include <QApplication>
#include <QClipboard>
#include <QKeyEvent>
#include <QLabel>
#include <QMimeData>
#include <QWidget>

namespace custos::ui {

CopyBlocker::CopyBlocker(QWidget* root) : QObject(root), m_root(root)
{
    qApp->installEventFilter(this);
    QClipboard* clipboard = QGuiApplication::clipboard();
    connect(clipboard, &QClipboard::dataChanged, this, &CopyBlocker::clearOwned);
    connect(clipboard, &QClipboard::selectionChanged, this, &CopyBlocker::clearOwned);
}

CopyBlocker::~CopyBlocker()
{
    qApp->removeEventFilter(this);
}

bool CopyBlocker::covers(const QObject* object) const
{
    if (!m_root || !object || !object->isWidgetType())
        return false;
    // A window opened from the ceremony window keeps it as its parent widget.
    for (auto* widget = static_cast<const QWidget*>(object); widget; widget = widget->parentWidget()) {
        if (widget == m_root)
            return true;
    }
    return false;
}

bool CopyBlocker::eventFilter(QObject* watched, QEvent* event)
{
    switch (event->type()) {
    case QEvent::KeyPress: {
        auto* key = static_cast<QKeyEvent*>(event);
        if ((key->matches(QKeySequence::Copy) || key->matches(QKeySequence::Cut)) && covers(watched)) {
            Q_EMIT copyBlocked();
            return true;
        }
        break;
    }
    case QEvent::ContextMenu:
        // The text widgets' menus offer Copy; the ceremony widgets have no menus of their own.
        if (covers(watched))
            return true;
        break;
    case QEvent::Show:
        if (auto* label = qobject_cast<QLabel*>(watched); label && covers(label))
            label->setTextInteractionFlags(label->textInteractionFlags() &
                                           ~(Qt::TextSelectableByMouse | Qt::TextSelectableByKeyboard));
        break;
    default:
        break;
    }
    return QObject::eventFilter(watched, event);
}

void CopyBlocker::clearOwned()
{
    // Only what this application put there (a selection made in a line edit, on X11): what
    // another program holds is not ours to touch.
    QClipboard* clipboard = QGuiApplication::clipboard();
    auto holdsData = [clipboard](QClipboard::Mode mode) {
        const QMimeData* data = clipboard->mimeData(mode);
        return data && !data->formats().isEmpty();
    };
    if (clipboard->ownsClipboard() && holdsData(QClipboard::Clipboard))
        clipboard->clear(QClipboard::Clipboard);
    if (clipboard->supportsSelection() && clipboard->ownsSelection() && holdsData(QClipboard::Selection))
        clipboard->clear(QClipboard::Selection);
}

} // namespace custos::ui
