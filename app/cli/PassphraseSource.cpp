#include "PassphraseSource.h"

#include <QFile>

#include <cerrno>
#include <csignal>
#include <cstdlib>
#include <cstring>
#include <fcntl.h>
#include <termios.h>
#include <unistd.h>

namespace custos::app {

using crypto::SecureBuffer;

namespace {

// A signal while echo is off must not leave the user's terminal silent.
int g_ttyFd = -1;
struct termios g_savedTermios;

void restoreTerminalAndReraise(int signal)
{
    if (g_ttyFd >= 0)
        tcsetattr(g_ttyFd, TCSAFLUSH, &g_savedTermios);
    std::signal(signal, SIG_DFL);
    std::raise(signal);
}

QString errnoText(int error)
{
    return QString::fromLocal8Bit(std::strerror(error));
}

// Reads up to the first newline (or EOF) from fd into a SecureBuffer; false on a read error.
bool readLine(int fd, SecureBuffer* line, bool* tooLong, int* error)
{
    SecureBuffer buffer(PassphraseSource::kMaxLength);
    std::size_t length = 0;
    *tooLong = false;
    for (;;) {
        if (length == buffer.size()) {
            *tooLong = true;
            break;
        }
        const ssize_t n = ::read(fd, buffer.data() + length, 1);
        if (n < 0 && errno == EINTR)
            continue;
        if (n < 0) {
            *error = errno;
            return false;
        }
        if (n == 0 || buffer.data()[length] == '\n')
            break;
        ++length;
    }
    buffer.resize(length);
    buffer.chopLineEnd(); // a CR before the LF
    *line = std::move(buffer);
    return true;
}

Outcome<SecureBuffer> noTerminal(const QString& what)
{
    return makeError(ErrorKind::Invalid, what);
}

} // namespace

Outcome<SecureBuffer> PassphraseSource::readFile(const QString& path, const QString& what)
{
    const QByteArray native = QFile::encodeName(path);
    const int fd = ::open(native.constData(), O_RDONLY | O_CLOEXEC);
    if (fd < 0)
        return makeError(ErrorKind::Failed,
                         QStringLiteral("cannot read %1 file '%2': %3").arg(what, path, errnoText(errno)));
    SecureBuffer line;
    bool tooLong = false;
    int error = 0;
    const bool ok = readLine(fd, &line, &tooLong, &error);
    ::close(fd);
    if (!ok)
        return makeError(ErrorKind::Failed,
                         QStringLiteral("cannot read %1 file '%2': %3").arg(what, path, errnoText(error)));
    if (tooLong)
        return makeError(
            ErrorKind::Failed,
            QStringLiteral("the first line of %1 file '%2' is longer than %3 bytes").arg(what, path).arg(kMaxLength));
    if (line.isEmpty())
        return makeError(ErrorKind::Failed, QStringLiteral("%1 file '%2' starts with an empty line").arg(what, path));
    return line;
}

std::optional<SecureBuffer> PassphraseSource::fromEnvironment(const char* name)
{
    const char* value = std::getenv(name); // not qgetenv: no QByteArray copy of the secret
    if (!value || !*value)
        return std::nullopt;
    return SecureBuffer(value, std::strlen(value));
}

bool PassphraseSource::hasTerminal()
{
    const int fd = ::open("/dev/tty", O_RDWR | O_NOCTTY | O_CLOEXEC);
    if (fd < 0)
        return false;
    ::close(fd);
    return true;
}

Outcome<SecureBuffer> PassphraseSource::prompt(const QString& text)
{
    const int fd = ::open("/dev/tty", O_RDWR | O_NOCTTY | O_CLOEXEC);
    if (fd < 0)
        return makeError(ErrorKind::Invalid, QStringLiteral("no terminal"));
    struct termios saved;
    const bool isTty = tcgetattr(fd, &saved) == 0;
    auto oldInt = SIG_DFL, oldTerm = SIG_DFL;
    if (isTty) {
        g_ttyFd = fd;
        g_savedTermios = saved;
        oldInt = std::signal(SIGINT, restoreTerminalAndReraise);
        oldTerm = std::signal(SIGTERM, restoreTerminalAndReraise);
        struct termios quiet = saved;
        quiet.c_lflag &= ~tcflag_t(ECHO);
        quiet.c_lflag |= ICANON;
        tcsetattr(fd, TCSAFLUSH, &quiet);
    }
    const QByteArray promptBytes = text.toUtf8();
    [[maybe_unused]] ssize_t written = ::write(fd, promptBytes.constData(), size_t(promptBytes.size()));
    SecureBuffer line;
    bool tooLong = false;
    int error = 0;
    const bool ok = readLine(fd, &line, &tooLong, &error);
    if (isTty) {
        tcsetattr(fd, TCSAFLUSH, &saved);
        std::signal(SIGINT, oldInt);
        std::signal(SIGTERM, oldTerm);
        g_ttyFd = -1;
    }
    written = ::write(fd, "\n", 1);
    ::close(fd);
    if (!ok)
        return makeError(ErrorKind::Failed, QStringLiteral("cannot read from the terminal: %1").arg(errnoText(error)));
    if (tooLong)
        return makeError(ErrorKind::Failed, QStringLiteral("the input is longer than %1 bytes").arg(kMaxLength));
    if (line.isEmpty())
        return makeError(ErrorKind::Failed, QStringLiteral("empty input"));
    return line;
}

Outcome<SecureBuffer> PassphraseSource::promptNew(const QString& text)
{
    auto first = prompt(text);
    if (!first)
        return first;
    auto second = prompt(QStringLiteral("Repeat: "));
    if (!second)
        return second;
    if (!first->equals(second.value()))
        return makeError(ErrorKind::Failed, QStringLiteral("the two entries do not match"));
    return first;
}

Outcome<SecureBuffer> PassphraseSource::callerPassphrase(const QString& file, const QString& operatorName, bool isNew)
{
    if (!file.isEmpty())
        return readFile(file, QStringLiteral("passphrase"));
    if (auto fromEnv = fromEnvironment("CUSTOS_PASSPHRASE"))
        return std::move(*fromEnv);
    if (!hasTerminal())
        return noTerminal(QStringLiteral("no passphrase: use --passphrase-file F, CUSTOS_PASSPHRASE or a terminal"));
    const QString text = isNew ? QStringLiteral("New passphrase for %1: ").arg(operatorName)
                               : QStringLiteral("Passphrase for %1: ").arg(operatorName);
    return isNew ? promptNew(text) : prompt(text);
}

Outcome<SecureBuffer> PassphraseSource::cardPin(const QString& file)
{
    if (!file.isEmpty())
        return readFile(file, QStringLiteral("card PIN"));
    if (auto fromEnv = fromEnvironment("CUSTOS_CARD_PIN"))
        return std::move(*fromEnv);
    return SecureBuffer();
}

Outcome<SecureBuffer> PassphraseSource::secret(const QString& file, const QString& optionName, const QString& text,
                                               bool isNew)
{
    if (!file.isEmpty())
        return readFile(file, optionName.contains(QLatin1String("pin")) ? QStringLiteral("PIN")
                                                                        : QStringLiteral("passphrase"));
    if (!hasTerminal())
        return noTerminal(QStringLiteral("no terminal to ask for it: use --%1 F").arg(optionName));
    return isNew ? promptNew(text) : prompt(text);
}

} // namespace custos::app
