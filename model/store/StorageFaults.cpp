#include "StorageFaults.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>

#include <cerrno>
#include <cstring>
#include <mutex>

#include <sys/statvfs.h>
#include <unistd.h>

namespace custos::model::storage {

namespace {

std::mutex& registryMutex()
{
    static std::mutex mutex;
    return mutex;
}

QStringList& registry()
{
    static QStringList paths;
    return paths;
}

// statvfs needs an existing path: a file that could not be created is judged by its directory.
QString existingAncestor(const QString& path)
{
    QFileInfo info(path);
    while (!info.exists()) {
        const QString parent = info.absolutePath();
        if (parent == info.absoluteFilePath())
            return {};
        info = QFileInfo(parent);
    }
    return info.absoluteFilePath();
}

} // namespace

qint64 freeBytes(const QString& path)
{
    const QString existing = existingAncestor(path);
    if (existing.isEmpty())
        return -1;
    struct statvfs stats
    {
    };
    if (::statvfs(QFile::encodeName(existing).constData(), &stats) != 0)
        return -1;
    return qint64(stats.f_bavail) * qint64(stats.f_frsize ? stats.f_frsize : stats.f_bsize);
}

QString fullFileSystem(const QStringList& paths)
{
    for (const QString& path : paths) {
        const qint64 free = freeBytes(path);
        if (free >= 0 && free < kFullBelowBytes)
            return path;
    }
    return {};
}

QString diskFullText(const QString& path)
{
    return QStringLiteral("disk full: the file system holding %1 has %2 bytes free; free some space and try again")
        .arg(path)
        .arg(qMax<qint64>(freeBytes(path), 0));
}

Error explainFailure(const Error& error, const QStringList& paths)
{
    if (error.kind != ErrorKind::Failed || error.message.contains(QLatin1String("disk full")))
        return error;
    const QString full = fullFileSystem(paths);
    if (full.isEmpty())
        return error;
    return makeError(error.kind, error.message + QStringLiteral(" (") + diskFullText(full) + QLatin1Char(')'));
}

QString notWritableReason(const QString& directory, const QStringList& files)
{
    QStringList paths{directory};
    for (const QString& file : files) {
        const QString path = QDir(directory).filePath(file);
        if (QFileInfo::exists(path))
            paths << path;
    }
    for (const QString& path : paths) {
        if (::access(QFile::encodeName(path).constData(), W_OK) != 0) {
            const int error = errno;
            return QStringLiteral("%1: %2").arg(path, QString::fromLocal8Bit(std::strerror(error)));
        }
    }
    return {};
}

QString damagedText(const QString& databasePath, const QString& detail)
{
    const QString what = databasePath.isEmpty() ? QStringLiteral("the workspace database")
                                                : QStringLiteral("the database %1").arg(databasePath);
    return QStringLiteral("%1 is damaged (%2): restore the workspace from a backup (custosctl backup restore) or "
                          "run custosctl doctor to see what is damaged")
        .arg(what, detail);
}

void registerOpenDatabase(const QString& path)
{
    std::lock_guard lock(registryMutex());
    registry().append(path);
}

void unregisterOpenDatabase(const QString& path)
{
    std::lock_guard lock(registryMutex());
    registry().removeOne(path);
}

QStringList openDatabases()
{
    std::lock_guard lock(registryMutex());
    return registry();
}

} // namespace custos::model::storage
