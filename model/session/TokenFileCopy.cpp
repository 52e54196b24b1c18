#include "TokenFileCopy.h"
#include "Workspace.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QSaveFile>
#include <QtGlobal>

#include <chrono>
#include <thread>

#include <fcntl.h>
#include <unistd.h>

namespace custos::model::tokenfile {

namespace {

constexpr const char* kTokenObject = "token.object";

QString copyPath(const QString& workspaceDirectory, const QString& tokenUuid)
{
    return QDir(workspaceDirectory)
        .filePath(QStringLiteral("%1/%2.%3").arg(QLatin1String(kCopyDirName), tokenUuid, QLatin1String(kTokenObject)));
}

QStringList tokenDirectories(const QString& workspaceDirectory)
{
    QDir tokens(QDir(workspaceDirectory).filePath(QLatin1String(kTokenDirName)));
    return tokens.entryList(QDir::Dirs | QDir::NoDotAndDotDot);
}

bool writeAtomically(const QString& path, const QByteArray& bytes)
{
    QSaveFile file(path);
    if (!file.open(QIODevice::WriteOnly))
        return false;
    file.setPermissions(QFileDevice::ReadOwner | QFileDevice::WriteOwner);
    return file.write(bytes) == bytes.size() && file.commit();
}

// SoftHSM2 2.6.1 writes token.object under an fcntl lock on the file itself, but through stdio:
// it truncates, then releases the lock before fclose flushes the new bytes. A concurrent login
// therefore shows a short (usually empty) file for a moment, under no lock. Holding the lock
// keeps a new rewrite from starting; a file that stays short across a few looks was cut short
// by a killed process, not by one that is still writing.
class TokenObjectLock
{
public:
    explicit TokenObjectLock(const QString& tokenObjectPath)
    {
        m_fd = ::open(QFile::encodeName(tokenObjectPath).constData(), O_RDWR | O_CLOEXEC);
        if (m_fd < 0)
            return;
        struct flock lock = {};
        lock.l_type = F_WRLCK;
        lock.l_whence = SEEK_SET;
        while (::fcntl(m_fd, F_SETLKW, &lock) != 0 && errno == EINTR) {
        }
    }
    ~TokenObjectLock()
    {
        if (m_fd >= 0)
            ::close(m_fd);
    }

private:
    int m_fd = -1;
};

bool staysShorterThan(const QString& path, qint64 size)
{
    for (int look = 0; look < 4; ++look) {
        if (look > 0)
            std::this_thread::sleep_for(std::chrono::milliseconds(50));
        if (QFileInfo(path).size() >= size)
            return false;
    }
    return true;
}

} // namespace

QStringList restoreDamaged(const QString& workspaceDirectory)
{
    QStringList restored;
    const QString tokensPath = QDir(workspaceDirectory).filePath(QLatin1String(kTokenDirName));
    for (const QString& uuid : tokenDirectories(workspaceDirectory)) {
        const QString copy = copyPath(workspaceDirectory, uuid);
        if (!QFileInfo::exists(copy))
            continue;
        const QString original = QDir(QDir(tokensPath).filePath(uuid)).filePath(QLatin1String(kTokenObject));
        if (QFileInfo(original).size() >= QFileInfo(copy).size())
            continue;
        TokenObjectLock lock(original);
        if (!staysShorterThan(original, QFileInfo(copy).size()))
            continue;
        QFile source(copy);
        if (!source.open(QIODevice::ReadOnly))
            continue;
        if (writeAtomically(original, source.readAll())) {
            qWarning("restored %s from its copy: a process was killed while SoftHSM2 rewrote it", qPrintable(original));
            restored << uuid;
        }
    }
    return restored;
}

void saveCopies(const QString& workspaceDirectory)
{
    const QString copies = QDir(workspaceDirectory).filePath(QLatin1String(kCopyDirName));
    if (!QDir().mkpath(copies))
        return;
    QFile::setPermissions(copies, QFileDevice::ReadOwner | QFileDevice::WriteOwner | QFileDevice::ExeOwner);
    const QString tokensPath = QDir(workspaceDirectory).filePath(QLatin1String(kTokenDirName));
    for (const QString& uuid : tokenDirectories(workspaceDirectory)) {
        QFile original(QDir(QDir(tokensPath).filePath(uuid)).filePath(QLatin1String(kTokenObject)));
        if (!original.open(QIODevice::ReadOnly))
            continue;
        const QByteArray bytes = original.readAll();
        const QString copy = copyPath(workspaceDirectory, uuid);
        QFile existing(copy);
        if (existing.open(QIODevice::ReadOnly)) {
            const QByteArray old = existing.readAll();
            // A concurrent login may be rewriting it: a shorter read is not a better copy.
            if (old == bytes || bytes.size() < old.size())
                continue;
        }
        if (bytes.isEmpty())
            continue;
        (void)writeAtomically(copy, bytes);
    }
}

} // namespace custos::model::tokenfile
