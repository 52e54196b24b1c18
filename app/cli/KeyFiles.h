#pragma once

#include "crypto/Outcome.h"
#include "crypto/SecureBuffer.h"

#include <QByteArray>
#include <QString>

#include <cstddef>

namespace custos::app {

// The files of key, rng and token commands (CLI.md: `--in F`, `--out F`, stdout without `--out`,
// binary refused on a TTY). Errors are one line naming the file and the option it came from.
class KeyFiles
{
public:
    static constexpr qint64 kMaxInput = qint64(256) * 1024 * 1024; // whole-file operations

    // `what` names the file in messages: "--in file", "--signature file". A file over `maxBytes`
    // (key files: 16 MiB) is refused by its size, without being read; so are directories.
    static Outcome<QByteArray> read(const QString& path, const QString& what, qint64 maxBytes = kMaxInput);
    // Read straight into secure memory (plaintext, key bytes): never through a QByteArray.
    static Outcome<crypto::SecureBuffer> readSecret(const QString& path, const QString& what,
                                                    qint64 maxBytes = kMaxInput);

    // Atomic: a temporary file in the same directory, flushed, then renamed over `path`, so a
    // failure leaves nothing half-written. `secret` makes it 0600 (else 0666 minus the umask).
    static Outcome<void> write(const QString& path, const void* data, std::size_t size, bool secret,
                               const QString& what);
    static Outcome<void> write(const QString& path, const QByteArray& bytes, bool secret, const QString& what)
    {
        return write(path, bytes.constData(), std::size_t(bytes.size()), secret, what);
    }

    // Before an audited operation whose result goes to `path`: the directory exists and is
    // writable, so a typo does not cost a key operation whose result is then lost.
    static Outcome<void> checkWritable(const QString& path, const QString& what);

    static bool stdoutIsTerminal();
    // Raw bytes on stdout; binary output is refused when stdout is a terminal.
    static Outcome<void> writeStdout(const void* data, std::size_t size, bool binary);
    static Outcome<void> writeStdout(const QByteArray& bytes, bool binary)
    {
        return writeStdout(bytes.constData(), std::size_t(bytes.size()), binary);
    }

    // base64url without padding (JOSE), and its strict reading (nullopt-like: ok=false when malformed).
    static QByteArray base64Url(const QByteArray& bytes);
    static bool fromBase64Url(const QString& text, QByteArray* out);
};

} // namespace custos::app
