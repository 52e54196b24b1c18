#include "KeyFiles.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

namespace custos::app {

using crypto::SecureBuffer;

namespace {

QString errnoText(int error)
{
    return QString::fromLocal8Bit(std::strerror(error));
}

Error readError(const QString& what, const QString& path, const QString& why)
{
    return makeError(ErrorKind::Failed, QStringLiteral("cannot read %1 '%2': %3").arg(what, path, why));
}

// Opens `path` for reading and returns its size; -1 with *error set otherwise.
int openForRead(const QString& path, const QString& what, qint64 maxBytes, qint64* size, Error* error)
{
    const QByteArray native = QFile::encodeName(path);
    const int fd = ::open(native.constData(), O_RDONLY | O_CLOEXEC);
    if (fd < 0) {
        *error = readError(what, path, errnoText(errno));
        return -1;
    }
    struct stat info = {};
    if (::fstat(fd, &info) != 0 || !S_ISREG(info.st_mode)) {
        *error = readError(what, path,
                           S_ISDIR(info.st_mode) ? QStringLiteral("it is a directory, not a file")
                                                 : QStringLiteral("not a regular file"));
        ::close(fd);
        return -1;
    }
    // Refused by its size alone: nothing of a 1 GB file is read.
    if (info.st_size > maxBytes) {
        *error = readError(what, path,
                           QStringLiteral("%1 bytes is more than the %2 MiB this command takes")
                               .arg(info.st_size)
                               .arg(maxBytes / (1024 * 1024)));
        ::close(fd);
        return -1;
    }
    *size = qint64(info.st_size);
    return fd;
}

// Reads exactly `size` bytes (the file may not grow or shrink meanwhile).
bool readAll(int fd, unsigned char* data, std::size_t size, int* error)
{
    std::size_t done = 0;
    while (done < size) {
        const ssize_t n = ::read(fd, data + done, size - done);
        if (n < 0 && errno == EINTR)
            continue;
        if (n < 0) {
            *error = errno;
            return false;
        }
        if (n == 0)
            break;
        done += std::size_t(n);
    }
    if (done != size) {
        *error = EIO;
        return false;
    }
    return true;
}

bool writeAll(int fd, const unsigned char* data, std::size_t size, int* error)
{
    std::size_t done = 0;
    while (done < size) {
        const ssize_t n = ::write(fd, data + done, size - done);
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0) {
            *error = n < 0 ? errno : EIO;
            return false;
        }
        done += std::size_t(n);
    }
    return true;
}

} // namespace

Outcome<QByteArray> KeyFiles::read(const QString& path, const QString& what, qint64 maxBytes)
{
    qint64 size = 0;
    Error error;
    const int fd = openForRead(path, what, maxBytes, &size, &error);
    if (fd < 0)
        return error;
    QByteArray bytes(size, Qt::Uninitialized);
    int readErrno = 0;
    const bool ok = readAll(fd, reinterpret_cast<unsigned char*>(bytes.data()), std::size_t(size), &readErrno);
    ::close(fd);
    if (!ok)
        return readError(what, path, errnoText(readErrno));
    return bytes;
}

Outcome<SecureBuffer> KeyFiles::readSecret(const QString& path, const QString& what, qint64 maxBytes)
{
    qint64 size = 0;
    Error error;
    const int fd = openForRead(path, what, maxBytes, &size, &error);
    if (fd < 0)
        return error;
    SecureBuffer buffer{std::size_t(size)};
    int readErrno = 0;
    const bool ok = readAll(fd, buffer.data(), buffer.size(), &readErrno);
    ::close(fd);
    if (!ok)
        return readError(what, path, errnoText(readErrno));
    return buffer;
}

Outcome<void> KeyFiles::write(const QString& path, const void* data, std::size_t size, bool secret, const QString& what)
{
    const QFileInfo target(path);
    auto failed = [&](const QString& why) {
        return makeError(ErrorKind::Failed, QStringLiteral("cannot write %1 '%2': %3").arg(what, path, why));
    };
    if (target.isDir())
        return failed(QStringLiteral("it is a directory"));
    const QString temp = target.absolutePath() + QStringLiteral("/.") + target.fileName() + QStringLiteral(".XXXXXX");
    QByteArray pattern = QFile::encodeName(temp);
    const int fd = ::mkostemp(pattern.data(), O_CLOEXEC); // 0600 from the start
    if (fd < 0)
        return failed(errnoText(errno));
    int error = 0;
    bool ok = true;
    if (!secret) {
        const mode_t mask = ::umask(0);
        ::umask(mask);
        ok = ::fchmod(fd, 0666 & ~mask) == 0;
        if (!ok)
            error = errno;
    }
    ok = ok && writeAll(fd, static_cast<const unsigned char*>(data), size, &error);
    if (ok && ::fsync(fd) != 0) {
        ok = false;
        error = errno;
    }
    if (::close(fd) != 0 && ok) {
        ok = false;
        error = errno;
    }
    if (ok && ::rename(pattern.constData(), QFile::encodeName(target.absoluteFilePath()).constData()) != 0) {
        ok = false;
        error = errno;
    }
    if (!ok) {
        ::unlink(pattern.constData());
        return failed(errnoText(error));
    }
    return {};
}

Outcome<void> KeyFiles::checkWritable(const QString& path, const QString& what)
{
    const QFileInfo target(path);
    const QFileInfo directory(target.absolutePath());
    auto failed = [&](const QString& why) {
        return makeError(ErrorKind::Failed, QStringLiteral("cannot write %1 '%2': %3").arg(what, path, why));
    };
    if (target.isDir())
        return failed(QStringLiteral("it is a directory"));
    if (!directory.isDir())
        return failed(QStringLiteral("directory '%1' does not exist").arg(directory.filePath()));
    if (::access(QFile::encodeName(directory.filePath()).constData(), W_OK | X_OK) != 0)
        return failed(QStringLiteral("directory '%1' is not writable").arg(directory.filePath()));
    return {};
}

bool KeyFiles::stdoutIsTerminal()
{
    return ::isatty(STDOUT_FILENO) == 1;
}

Outcome<void> KeyFiles::writeStdout(const void* data, std::size_t size, bool binary)
{
    if (binary && stdoutIsTerminal())
        return makeError(ErrorKind::Invalid,
                         QStringLiteral("binary output refused on a terminal: use --out F or redirect stdout"));
    std::fflush(stdout);
    int error = 0;
    if (!writeAll(STDOUT_FILENO, static_cast<const unsigned char*>(data), size, &error))
        return makeError(ErrorKind::Failed, QStringLiteral("cannot write to stdout: %1").arg(errnoText(error)));
    return {};
}

QByteArray KeyFiles::base64Url(const QByteArray& bytes)
{
    return bytes.toBase64(QByteArray::Base64UrlEncoding | QByteArray::OmitTrailingEquals);
}

bool KeyFiles::fromBase64Url(const QString& text, QByteArray* out)
{
    const QByteArray ascii = text.toLatin1();
    if (ascii.contains('=') || ascii.contains('+') || ascii.contains('/'))
        return false;
    auto decoded =
        QByteArray::fromBase64Encoding(ascii, QByteArray::Base64UrlEncoding | QByteArray::AbortOnBase64DecodingErrors);
    if (!decoded)
        return false;
    *out = *decoded;
    return true;
}

} // namespace custos::app
