#include "LockShield.h"

#include "SecretLineEdit.h"

#include <QApplication>
#include <QDialog>
#include <QEvent>
#include <QLineEdit>
#include <QWidget>

namespace custos::ui {

LockShield::LockShield(QWidget* window) : QObject(window), m_window(window) {}

LockShield::~LockShield()
{
    lower();
}

void LockShield::raise()
{
    if (m_raised)
        return;
    m_raised = true;
    qApp->installEventFilter(this);
    const QWidgetList windows = QApplication::topLevelWidgets();
    for (QWidget* window : windows) {
        if (window->isVisible() && belongs(window))
            shut(window);
    }
}

void LockShield::lower()
{
    if (!m_raised)
        return;
    m_raised = false;
    qApp->removeEventFilter(this);
}

bool LockShield::eventFilter(QObject* watched, QEvent* event)
{
    if (event->type() == QEvent::Show && watched->isWidgetType()) {
        auto* widget = static_cast<QWidget*>(watched);
        if (widget->isWindow() && belongs(widget)) {
            // Not inside its own show event (hiding there leaves the window system's state
            // inconsistent): at once after it.
            QPointer<QWidget> guard(widget);
            QMetaObject::invokeMethod(
                this,
                [this, guard] {
                    if (guard && m_raised && guard->isVisible())
                        shut(guard);
                },
                Qt::QueuedConnection);
        }
    }
    return QObject::eventFilter(watched, event);
}

bool LockShield::belongs(const QWidget* widget) const
{
    if (!m_window || widget == m_window)
        return false;
    for (const QWidget* parent = widget->parentWidget(); parent; parent = parent->parentWidget()) {
        if (parent == m_window)
            return true;
    }
    return false;
}

void LockShield::shut(QWidget* window)
{
    const QList<QLineEdit*> edits = window->findChildren<QLineEdit*>();
    for (QLineEdit* edit : edits) {
        if (isSecret(edit))
            wipeSecret(edit);
    }
    if (auto* dialog = qobject_cast<QDialog*>(window))
        dialog->reject(); // also hides it
    window->hide();       // a dialog that refused to be rejected, or a plain window
}

} // namespace custos::ui
