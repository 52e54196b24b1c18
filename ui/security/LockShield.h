#pragma once

#include <QObject>
#include <QPointer>

class QWidget;

namespace custos::ui {

// While raised, nothing that belongs to `window` is on screen but the window itself: its dialogs
// are rejected (an operation waiting on one ends as cancelled), its other windows hidden, and
// their secret fields wiped. A window an operation opens while raised (a result, an error naming
// a key) goes the same way as soon as it shows.
class LockShield : public QObject
{
    Q_OBJECT
public:
    explicit LockShield(QWidget* window);
    ~LockShield() override;

    void raise();
    void lower();
    bool isRaised() const { return m_raised; }

protected:
    bool eventFilter(QObject* watched, QEvent* event) override;

private:
    bool belongs(const QWidget* widget) const; // a window whose parent chain reaches m_window
    void shut(QWidget* window);

    QPointer<QWidget> m_window;
    bool m_raised = false;
};

} // namespace custos::ui
