#pragma once

#include <QObject>
#include <QTimer>

#include <chrono>
#include <functional>

namespace custos::ui {

// Auto-lock's clock: watches the whole application's keyboard, mouse, wheel, touch and tablet
// input (an event filter on qApp) and emits timedOut() once when none has come for timeout().
// Time is read from a monotonic millisecond clock that, on Linux, keeps counting while the machine
// is suspended (CLOCK_BOOTTIME), so waking a laptop after lunch locks at the next check. Tests
// replace the clock and shorten the check interval instead of waiting minutes.
class InactivityTimer : public QObject
{
    Q_OBJECT
public:
    using Clock = std::function<qint64()>; // monotonic milliseconds

    explicit InactivityTimer(QObject* parent = nullptr);
    ~InactivityTimer() override;

    void setTimeout(std::chrono::milliseconds timeout);
    std::chrono::milliseconds timeout() const { return m_timeout; }
    void setCheckInterval(std::chrono::milliseconds interval);
    std::chrono::milliseconds checkInterval() const { return m_check.intervalAsDuration(); }
    void setClock(Clock clock); // also counts as activity: the idle time starts from the new clock's now

    // Counting starts afresh (after an unlock, say).
    void restart();
    std::chrono::milliseconds idleTime() const;
    // Compares the idle time with the timeout now (the check timer calls it too).
    void check();

Q_SIGNALS:
    // Once per idle period: input (or restart()) arms it again.
    void timedOut();

protected:
    bool eventFilter(QObject* watched, QEvent* event) override;

private:
    qint64 now() const;

    Clock m_clock;
    QTimer m_check;
    std::chrono::milliseconds m_timeout{std::chrono::minutes(5)};
    qint64 m_lastActivity = 0;
    bool m_fired = false;
};

} // namespace custos::ui
