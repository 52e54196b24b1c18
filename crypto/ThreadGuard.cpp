#include "ThreadGuard.h"

#include <QtGlobal>

#include <atomic>
#include <thread>

namespace custos::crypto {

namespace {
std::atomic<std::thread::id> guarded{std::thread::id()};
std::atomic<ThreadGuardHandler> handler{nullptr};
} // namespace

void setThreadGuardHandler(ThreadGuardHandler h)
{
    handler = h;
}

void armThreadGuard()
{
    guarded = std::this_thread::get_id();
}

void disarmThreadGuard()
{
    guarded = std::thread::id();
}

bool onGuardedThread()
{
    return guarded.load() == std::this_thread::get_id();
}

void checkNotOnGuardedThread(const char* what)
{
#ifndef NDEBUG
    if (!onGuardedThread())
        return;
    if (ThreadGuardHandler h = handler.load())
        h(what);
    else
        qFatal("%s on the GUI thread: token and database work belongs on a worker thread (ThreadGuard.h)", what);
#else
    (void)what;
#endif
}

} // namespace custos::crypto
