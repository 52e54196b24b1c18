#pragma once

#include <QString>

namespace custos::model {

// Every process that has a workspace open holds a shared flock(2) on DIR/.custos.lock. The kernel
// releases it when the process ends, however it ends (SIGKILL included), so the lock can never be
// stale. `doctor --repair` asks for it exclusively: an intent row belongs to an interrupted
// operation only when no other process could still be running it.
class WorkspaceLock
{
public:
    static constexpr const char* kFileName = ".custos.lock";

    // Takes the shared lock. A workspace the process cannot write (read-only media) gets no lock
    // file; the lock is then inactive and tryExclusive() cannot prove anything (false).
    explicit WorkspaceLock(const QString& directory);
    ~WorkspaceLock();
    WorkspaceLock(const WorkspaceLock&) = delete;
    WorkspaceLock& operator=(const WorkspaceLock&) = delete;

    bool isActive() const { return m_fd >= 0; }
    // Converts the shared lock to an exclusive one without waiting: false while another process
    // holds it (that process keeps its lock; ours stays shared).
    bool tryExclusive();
    void releaseExclusive(); // back to shared

private:
    int m_fd = -1;
};

} // namespace custos::model
