#include "Console.h"

#include <QJsonDocument>

#include <cstdio>

namespace custos::app {

namespace {
void write(std::FILE* stream, const QString& text)
{
    const QByteArray bytes = text.toUtf8();
    std::fwrite(bytes.constData(), 1, size_t(bytes.size()), stream);
    std::fflush(stream);
}
} // namespace

QString Console::oneLine(QString text)
{
    text.replace(QLatin1String("\r\n"), QLatin1String(" "));
    text.replace(QLatin1Char('\n'), QLatin1Char(' '));
    text.replace(QLatin1Char('\r'), QLatin1Char(' '));
    return text.trimmed();
}

void Console::print(const QString& text)
{
    write(stdout, text.endsWith(QLatin1Char('\n')) ? text : text + QLatin1Char('\n'));
}

void Console::printJson(const QJsonObject& object)
{
    write(stdout, QString::fromUtf8(QJsonDocument(object).toJson(QJsonDocument::Indented)));
}

int Console::fail(const Error& error)
{
    QString message = oneLine(error.message);
    if (message.isEmpty())
        message = QStringLiteral("operation failed");
    // A missing permission reads "denied: missing permission P at S" (the service path says so
    // already; this keeps it true for any other source).
    if (error.kind == ErrorKind::Denied && message.startsWith(QLatin1String("missing permission")))
        message = QStringLiteral("denied: ") + message;
    return fail(message);
}

int Console::fail(const QString& message)
{
    write(stderr, QStringLiteral("custosctl: ") + m_location + oneLine(message) + QLatin1Char('\n'));
    return Refused;
}

int Console::usage(const QString& message)
{
    write(stderr, QStringLiteral("custosctl: ") + m_location + oneLine(message) +
                      QStringLiteral(" (see 'custosctl --help')\n"));
    return Usage;
}

} // namespace custos::app
