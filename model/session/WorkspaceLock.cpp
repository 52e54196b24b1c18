#include "WorkspaceLock.h"

#include <QDir>
#include <QFile>

#include <fcntl.h>
#include <sys/file.h>
#include <unistd.h>

namespace custos::model {

WorkspaceLock::WorkspaceLock(const QString& directory)
{
    const QByteArray path = QFile::encodeName(QDir(directory).filePath(QLatin1String(kFileName)));
    m_fd = ::open(path.constData(), O_RDWR | O_CREAT | O_CLOEXEC, 0600);
    if (m_fd < 0)
        m_fd = ::open(path.constData(), O_RDONLY | O_CLOEXEC); // flock works on read-only descriptors
    if (m_fd < 0)
        return;
    // Blocks only while a doctor --repair holds it exclusively, which is short.
    while (::flock(m_fd, LOCK_SH) != 0) {
        if (errno != EINTR) {
            ::close(m_fd);
            m_fd = -1;
            return;
        }
    }
}

WorkspaceLock::~WorkspaceLock()
{
    if (m_fd >= 0)
        ::close(m_fd); // releases the lock
}

bool WorkspaceLock::tryExclusive()
{
    return m_fd >= 0 && ::flock(m_fd, LOCK_EX | LOCK_NB) == 0;
}

void WorkspaceLock::releaseExclusive()
{
    if (m_fd >= 0)
        (void)::flock(m_fd, LOCK_SH);
}

} // namespace custos::model
