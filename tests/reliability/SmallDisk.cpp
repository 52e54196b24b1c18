#include "SmallDisk.h"

#include <QDir>
#include <QFile>
#include <QtGlobal>

#include <cerrno>
#include <cstring>

#include <fcntl.h>
#include <sys/statvfs.h>
#include <unistd.h>

namespace custos::test {

namespace {

constexpr qint64 kPage = 4096;

QString scriptPath()
{
    return QDir::cleanPath(QStringLiteral(CUSTOS_TEST_DATA_DIR "/../reliability/scripts/small-disk.sh"));
}

} // namespace

SmallDisk::SmallDisk(const QString& mountPoint, int sizeKiB)
{
    m_holder.setProcessChannelMode(QProcess::SeparateChannels);
    m_holder.start(QStringLiteral("bash"), {scriptPath(), mountPoint, QString::number(sizeKiB)});
    if (!m_holder.waitForStarted(10000)) {
        m_unavailable = QStringLiteral("cannot start %1: %2").arg(scriptPath(), m_holder.errorString());
        return;
    }
    // "ready" once mounted, or the script ends with the reason on stderr.
    while (!m_holder.canReadLine()) {
        if (!m_holder.waitForReadyRead(10000))
            break;
    }
    const QByteArray first = m_holder.readLine().trimmed();
    if (first != "ready") {
        m_holder.waitForFinished(10000);
        m_unavailable = QStringLiteral("no small tmpfs (%1 exited %2): %3")
                            .arg(scriptPath())
                            .arg(m_holder.exitCode())
                            .arg(QString::fromLocal8Bit(m_holder.readAllStandardError()).trimmed());
        return;
    }
    m_mountPoint = QDir(mountPoint).absolutePath();
    m_path = QStringLiteral("/proc/%1/root%2").arg(m_holder.processId()).arg(m_mountPoint);
    m_ready = true;
}

SmallDisk::~SmallDisk()
{
    if (m_holder.state() == QProcess::NotRunning)
        return;
    m_holder.closeWriteChannel(); // the script ends at the end of its input
    if (!m_holder.waitForFinished(10000)) {
        m_holder.kill();
        m_holder.waitForFinished();
    }
}

CliResult SmallDisk::run(const QStringList& args) const
{
    CliResult result;
    if (!m_ready) {
        result.err = m_unavailable;
        return result;
    }
    QProcess process;
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    for (const char* name : {"CUSTOS_PASSPHRASE", "CUSTOS_WORKSPACE", "CUSTOS_OPERATOR", "CUSTOS_CARD_PIN"})
        env.remove(QString::fromLatin1(name));
    process.setProcessEnvironment(env);
    process.setChildProcessModifier([] { ::setsid(); }); // no controlling terminal: never a prompt
    process.start(QStringLiteral("nsenter"),
                  QStringList{QStringLiteral("--target"), QString::number(m_holder.processId()),
                              QStringLiteral("--mount"), QStringLiteral("--"), QStringLiteral(CUSTOS_CUSTOSCTL_PATH)} +
                      args);
    if (!process.waitForFinished(60000)) {
        process.kill();
        process.waitForFinished();
        result.crashed = true;
    }
    result.crashed = result.crashed || process.exitStatus() != QProcess::NormalExit;
    result.exitCode = process.exitCode();
    result.out = QString::fromUtf8(process.readAllStandardOutput());
    result.err = QString::fromUtf8(process.readAllStandardError());
    return result;
}

qint64 SmallDisk::freeBytes() const
{
    struct statvfs stats
    {
    };
    if (!m_ready || ::statvfs(QFile::encodeName(m_path).constData(), &stats) != 0)
        return -1;
    return qint64(stats.f_bavail) * qint64(stats.f_frsize);
}

bool SmallDisk::fill(qint64 leaveBytes)
{
    release();
    const QByteArray filler = QFile::encodeName(m_path + QStringLiteral("/filler"));
    const int fd = ::open(filler.constData(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
    if (fd < 0) {
        qWarning("cannot create %s: %s", filler.constData(), std::strerror(errno));
        return false;
    }
    // Big writes first, then single pages, until the tmpfs says no more.
    const QByteArray chunk(1 << 20, 'f');
    qint64 written = 0;
    for (const qint64 size : {qint64(chunk.size()), kPage}) {
        for (;;) {
            const ssize_t n = ::write(fd, chunk.constData(), size_t(size));
            if (n <= 0)
                break;
            written += n;
        }
    }
    const int error = errno;
    bool ok = error == ENOSPC;
    if (!ok)
        qWarning("filling %s stopped with %s, not ENOSPC", filler.constData(), std::strerror(error));
    const qint64 leave = (leaveBytes + kPage - 1) / kPage * kPage;
    if (ok && leave > 0 && ::ftruncate(fd, qMax<qint64>(0, written - leave)) != 0) {
        qWarning("cannot shorten %s: %s", filler.constData(), std::strerror(errno));
        ok = false;
    }
    ::close(fd);
    return ok;
}

void SmallDisk::release()
{
    if (m_ready)
        QFile::remove(m_path + QStringLiteral("/filler"));
}

bool SmallDisk::setReadOnly(bool readOnly)
{
    const QString answer = command(readOnly ? "ro" : "rw");
    if (answer != QLatin1String("ok"))
        qWarning("remounting %s %s: %s", qPrintable(m_path), readOnly ? "read-only" : "read-write", qPrintable(answer));
    return answer == QLatin1String("ok");
}

QString SmallDisk::command(const QByteArray& line)
{
    if (!m_ready)
        return QStringLiteral("failed: no small disk");
    m_holder.write(line + '\n');
    m_holder.waitForBytesWritten(10000);
    while (!m_holder.canReadLine()) {
        if (!m_holder.waitForReadyRead(10000))
            return QStringLiteral("failed: no answer from %1").arg(scriptPath());
    }
    return QString::fromLocal8Bit(m_holder.readLine()).trimmed();
}

} // namespace custos::test
