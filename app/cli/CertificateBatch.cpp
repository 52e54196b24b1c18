#include "CertificateBatch.h"
#include "CertificateCommands.h"
#include "Cli.h"
#include "CommandContext.h"
#include "JsonFormat.h"
#include "KeyFiles.h"

#include "model/services/Services.h"

#include <QJsonArray>
#include <QJsonDocument>

#include <deque>

namespace custos::app {

QStringList CertificateBatch::argumentsOf(const QJsonObject& line, QString* error)
{
    QStringList args{QStringLiteral("cert"), QStringLiteral("issue"), line.value(QStringLiteral("vault")).toString(),
                     line.value(QStringLiteral("name")).toString()};
    for (auto it = line.constBegin(); it != line.constEnd(); ++it) {
        const QString key = it.key();
        if (key == QLatin1String("vault") || key == QLatin1String("name"))
            continue;
        if (key == QLatin1String("batch") || key == QLatin1String("reason")) {
            *error = QStringLiteral("field '%1' is not allowed in a batch line").arg(key);
            return {};
        }
        const QJsonValue value = it.value();
        const QString option = QStringLiteral("--") + key;
        if (value.isBool()) {
            if (value.toBool())
                args << option;
        } else if (value.isDouble()) {
            args << option << QString::number(value.toInteger());
        } else if (value.isString()) {
            args << option << value.toString();
        } else if (value.isArray()) {
            for (const QJsonValue& item : value.toArray()) {
                if (!item.isString()) {
                    *error = QStringLiteral("field '%1' takes a list of strings").arg(key);
                    return {};
                }
                args << option << item.toString();
            }
        } else {
            *error = QStringLiteral("field '%1' takes a string, number, boolean or list of strings").arg(key);
            return {};
        }
    }
    return args;
}

int CertificateBatch::check(CommandContext& context)
{
    QList<BatchLine> lines;
    return parse(context, &lines);
}

int CertificateBatch::parse(CommandContext& context, QList<BatchLine>* lines)
{
    const QString path = context.args().value(QStringLiteral("batch"));
    auto bytes = KeyFiles::read(path, QStringLiteral("--batch file"));
    if (!bytes)
        return context.usage(bytes.error().message);
    // Parse every line first: a typo on line 900 must not leave 899 certificates behind.
    const QList<QByteArray> rawLines = bytes->split('\n');
    for (int i = 0; i < rawLines.size(); ++i) {
        const QByteArray raw = rawLines.at(i).trimmed();
        if (raw.isEmpty())
            continue;
        QJsonParseError parseError;
        const QJsonDocument document = QJsonDocument::fromJson(raw, &parseError);
        if (!document.isObject())
            return context.usage(QStringLiteral("%1:%2: expected a JSON object per line: %3")
                                     .arg(path)
                                     .arg(i + 1)
                                     .arg(parseError.error != QJsonParseError::NoError
                                              ? parseError.errorString()
                                              : QStringLiteral("not an object")));
        QString error;
        const QStringList tokens = argumentsOf(document.object(), &error);
        if (!error.isEmpty())
            return context.usage(QStringLiteral("%1:%2: %3").arg(path).arg(i + 1).arg(error));
        const CliArguments args = CliArguments::parse(tokens, Cli::commands());
        if (!args.isValid())
            return context.usage(QStringLiteral("%1:%2: %3").arg(path).arg(i + 1).arg(args.error()));
        BatchLine line;
        line.number = i + 1;
        if (args.positionals().size() != 2 || args.positional(0).isEmpty() || args.positional(1).isEmpty())
            return context.usage(QStringLiteral("%1:%2: expected \"vault\" and \"name\"").arg(path).arg(i + 1));
        if (QString e = CertificateCommands::parseIssue(args, &line.request); !e.isEmpty())
            return context.usage(QStringLiteral("%1:%2: %3").arg(path).arg(i + 1).arg(e));
        *lines << line;
    }
    if (lines->isEmpty())
        return context.usage(QStringLiteral("%1: no certificates: expected one JSON object per line").arg(path));
    return Console::Success;
}

QCoro::Task<int> CertificateBatch::run(CommandContext& context)
{
    const QString path = context.args().value(QStringLiteral("batch"));
    QList<BatchLine> lines;
    if (const int parsed = parse(context, &lines); parsed != Console::Success)
        co_return parsed;
    // Several issues in flight: while one waits for the token, others reach their commit, and the
    // group commit makes their events durable together (one fsync for many certificates).
    constexpr int kInFlight = 16;
    int failed = 0;
    QJsonArray results;
    auto report = [&](const BatchLine& line, const Outcome<model::CertificateRecord>& issued) {
        QJsonObject result{{QStringLiteral("line"), line.number}, {QStringLiteral("name"), line.request.name}};
        if (issued) {
            result.insert(QStringLiteral("serial"), issued->currentVersion.serialHex);
            result.insert(QStringLiteral("version"), issued->currentVersion.id);
        } else {
            ++failed;
            result.insert(QStringLiteral("error"), issued.error().message);
            if (!context.json())
                (void)context.console().fail(QStringLiteral("%1:%2: %3: %4")
                                                 .arg(path)
                                                 .arg(line.number)
                                                 .arg(line.request.name, issued.error().message));
        }
        results << result;
    };
    std::deque<std::pair<int, QCoro::Task<Outcome<model::CertificateRecord>>>> inFlight;
    for (int i = 0; i < lines.size(); ++i) {
        inFlight.emplace_back(i, context.services().certificates().issue(lines[i].request, context.operationContext()));
        if (int(inFlight.size()) < kInFlight && i + 1 < lines.size())
            continue;
        while (!inFlight.empty() && (int(inFlight.size()) >= kInFlight || i + 1 == lines.size())) {
            auto& [index, task] = inFlight.front();
            Outcome<model::CertificateRecord> issued = co_await task;
            report(lines[index], issued);
            inFlight.pop_front();
        }
    }
    const int issuedCount = int(lines.size()) - failed;
    if (context.json())
        context.console().printJson(JsonFormat::list(results));
    else
        context.console().print(QStringLiteral("Issued %1 of %2 certificates from '%3'%4")
                                    .arg(issuedCount)
                                    .arg(lines.size())
                                    .arg(path, failed ? QStringLiteral(" (%1 failed)").arg(failed) : QString()));
    co_return failed ? int(Console::Refused) : int(Console::Success);
}

} // namespace custos::app
