#pragma once

#include <QObject>
#include <QPointer>

class QWidget;

namespace custos::ui {

// Ceremony mode's clipboard ban for the widgets Qt gives a copy of their own (line edits, text
// edits, selectable labels): while it lives, in `root` and every window opened from it, the copy
// and cut keys and context menus are swallowed, labels lose text selection (no copy, no drag), and
// whatever this application still puts on the clipboard or the X11 selection is cleared at once.
// The ceremony wizards make no copy of their own (SecureClipboard refuses them anyway).
class CopyBlocker : public QObject
{
    Q_OBJECT
public:
    explicit CopyBlocker(QWidget* root);
    ~CopyBlocker() override;

    bool covers(const QObject* object) const; // root or a widget inside a window opened from it

Q_SIGNALS:
    void copyBlocked();

protected:
    bool eventFilter(QObject* watched, QEvent* event) override;

private:
    void clearOwned();

    QPointer<QWidget> m_root;
};

} // namespace custos::ui
