#include "InactivityTimer.h"

#include <QCoreApplication>
#include <QElapsedTimer>
#include <QEvent>

#include <ctime>

namespace custos::ui {

namespace {

qint64 systemClock()
{
#ifdef CLOCK_BOOTTIME
    timespec now{};
    if (clock_gettime(CLOCK_BOOTTIME, &now) == 0)
        return qint64(now.tv_sec) * 1000 + now.tv_nsec / 1000000;
#endif
    static QElapsedTimer elapsed = [] {
        QElapsedTimer started;
        started.start();
        return started;
    }();
    return elapsed.elapsed();
}

bool isInput(const QEvent* event)
{
    switch (event->type()) {
    case QEvent::KeyPress:
    case QEvent::KeyRelease:
    case QEvent::MouseButtonPress:
    case QEvent::MouseButtonRelease:
    case QEvent::MouseButtonDblClick:
    case QEvent::MouseMove:
    case QEvent::Wheel:
    case QEvent::TouchBegin:
    case QEvent::TouchUpdate:
    case QEvent::TouchEnd:
    case QEvent::TabletPress:
    case QEvent::TabletMove:
    case QEvent::TabletRelease:
        // Only what the window system delivered: an event the program sends itself is no operator.
        return event->spontaneous();
    default:
        return false;
    }
}

} // namespace

InactivityTimer::InactivityTimer(QObject* parent) : QObject(parent), m_clock(&systemClock)
{
    m_lastActivity = now();
    m_check.setInterval(std::chrono::seconds(5));
    connect(&m_check, &QTimer::timeout, this, &InactivityTimer::check);
    m_check.start();
    if (QCoreApplication::instance())
        QCoreApplication::instance()->installEventFilter(this);
}

InactivityTimer::~InactivityTimer()
{
    if (QCoreApplication::instance())
        QCoreApplication::instance()->removeEventFilter(this);
}

void InactivityTimer::setTimeout(std::chrono::milliseconds timeout)
{
    m_timeout = timeout;
}

void InactivityTimer::setCheckInterval(std::chrono::milliseconds interval)
{
    m_check.start(interval);
}

void InactivityTimer::setClock(Clock clock)
{
    m_clock = clock ? std::move(clock) : Clock(&systemClock);
    restart();
}

void InactivityTimer::restart()
{
    m_lastActivity = now();
    m_fired = false;
}

std::chrono::milliseconds InactivityTimer::idleTime() const
{
    return std::chrono::milliseconds(now() - m_lastActivity);
}

void InactivityTimer::check()
{
    if (m_fired || idleTime() < m_timeout)
        return;
    m_fired = true;
    Q_EMIT timedOut();
}

bool InactivityTimer::eventFilter(QObject* watched, QEvent* event)
{
    if (isInput(event)) {
        m_lastActivity = now();
        m_fired = false;
    }
    return QObject::eventFilter(watched, event);
}

qint64 InactivityTimer::now() const
{
    return m_clock();
}

} // namespace custos::ui
