#include "OsslError.h"

#include <QStringList>

#include <openssl/err.h>

namespace custos::crypto::ossl {

QString drainErrorQueue()
{
    QStringList entries;
    const char* data = nullptr;
    int flags = 0;
    while (const unsigned long code = ERR_get_error_all(nullptr, nullptr, nullptr, &data, &flags)) {
        char text[256];
        ERR_error_string_n(code, text, sizeof text);
        QString entry = QString::fromUtf8(text);
        // Extra data is diagnostic text from OpenSSL (e.g. a provider name), never key material.
        if (data && (flags & ERR_TXT_STRING) && *data)
            entry += QStringLiteral(" (%1)").arg(QString::fromUtf8(data));
        entries << entry;
    }
    return entries.join(QStringLiteral("; "));
}

Error opensslError(const char* operation, ErrorKind kind)
{
    const QString queue = drainErrorQueue();
    const QString op = QString::fromLatin1(operation);
    if (queue.isEmpty())
        return makeError(kind, QStringLiteral("%1 failed").arg(op));
    return makeError(kind, QStringLiteral("%1: %2").arg(op, queue));
}

} // namespace custos::crypto::ossl
