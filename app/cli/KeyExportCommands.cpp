#include "KeyExportCommands.h"
#include "CommandContext.h"
#include "KeyCommands.h"
#include "KeyFiles.h"
#include "PassphraseSource.h"

#include "model/services/Services.h"

#include <QJsonDocument>

#include <memory>

namespace custos::app {

using model::KeyRecord;

namespace {
QString formatOf(const CliArguments& args)
{
    if (args.has(QStringLiteral("format")))
        return args.value(QStringLiteral("format")).toLower();
    return args.has(QStringLiteral("private")) ? QStringLiteral("pkcs8") : QStringLiteral("pem");
}
} // namespace

QList<CommandSpec> KeyExportCommands::specs()
{
    auto opt = [](const char* name, bool value = true) { return OptionSpec{QString::fromLatin1(name), value}; };
    // Exporting is audited (KeyExport): it accepts --reason like a change.
    return {
        {QStringLiteral("key"),
         QStringLiteral("export"),
         {QStringLiteral("VAULT"), QStringLiteral("NAME")},
         {opt("format"), opt("version"), opt("out"), opt("private", false), opt("password-file")},
         true,
         CommandNeeds::Login,
         &KeyExportCommands::exportKey,
         QStringLiteral("key export VAULT NAME --format pem|jwk [--version V] [--out F] | "
                        "--private --format pkcs8 --password-file F --out F"),
         &KeyExportCommands::check},
    };
}

int KeyExportCommands::check(CommandContext& context)
{
    const CliArguments& args = context.args();
    const QString format = formatOf(args);
    if (args.has(QStringLiteral("private"))) {
        if (format != QLatin1String("pkcs8"))
            return context.usage(QStringLiteral("--private exports as --format pkcs8, not '%1'").arg(format));
        if (args.value(QStringLiteral("password-file")).isEmpty())
            return context.usage(
                QStringLiteral("'key export --private' needs --password-file F (the PKCS#8 password)"));
        if (args.value(QStringLiteral("out")).isEmpty())
            return context.usage(QStringLiteral("'key export --private' needs --out F"));
        return Console::Success;
    }
    if (format == QLatin1String("pkcs8"))
        return context.usage(QStringLiteral("--format pkcs8 is the private key's format: add --private"));
    if (format != QLatin1String("pem") && format != QLatin1String("jwk"))
        return context.usage(QStringLiteral("--format takes pem or jwk (pkcs8 with --private), not '%1'").arg(format));
    if (args.has(QStringLiteral("password-file")))
        return context.usage(QStringLiteral("--password-file applies only to 'key export --private'"));
    if (args.has(QStringLiteral("out")) && args.value(QStringLiteral("out")).isEmpty())
        return context.usage(QStringLiteral("--out takes a file name"));
    return Console::Success;
}

QCoro::Task<int> KeyExportCommands::exportKey(CommandContext& context)
{
    const CliArguments& args = context.args();
    if (args.has(QStringLiteral("private"))) {
        auto task = exportPrivate(context);
        co_return co_await task;
    }
    const model::KeyTarget target{args.positional(0), args.positional(1), KeyCommands::versionOption(args)};
    const QString format = formatOf(args);
    if (args.has(QStringLiteral("out"))) {
        if (auto writable = KeyFiles::checkWritable(args.value(QStringLiteral("out")), QStringLiteral("--out file"));
            !writable)
            co_return context.fail(writable.error());
    }
    auto exportedTask = context.services().keyCrypto().exportPublic(
        target, format == QLatin1String("jwk") ? model::PublicKeyFormat::Jwk : model::PublicKeyFormat::Pem,
        context.operationContext());
    auto exported = co_await exportedTask;
    if (!exported)
        co_return context.fail(exported.error());
    QByteArray bytes = exported.take();
    if (format == QLatin1String("jwk") && !bytes.endsWith('\n'))
        bytes += '\n';
    const QJsonObject summary{{QStringLiteral("name"), target.name},
                              {QStringLiteral("id"), KeyRecord::keyResourceId(target.vault, target.name)},
                              {QStringLiteral("format"), format}};
    if (!args.has(QStringLiteral("out"))) {
        if (context.json() && format == QLatin1String("pem")) {
            QJsonObject o = summary;
            o.insert(QStringLiteral("value"), QString::fromLatin1(bytes));
            context.console().printJson(o);
            co_return Console::Success;
        }
        if (auto written = KeyFiles::writeStdout(bytes, false); !written)
            co_return context.fail(written.error());
        co_return Console::Success;
    }
    const QString path = args.value(QStringLiteral("out"));
    if (auto written = KeyFiles::write(path, bytes, false, QStringLiteral("--out file")); !written)
        co_return context.fail(written.error());
    QJsonObject o = summary;
    o.insert(QStringLiteral("file"), path);
    co_return context.done(QStringLiteral("Exported the public key of '%1' in vault '%2' as %3 to '%4'")
                               .arg(target.name, target.vault, format.toUpper(), path),
                           o);
}

QCoro::Task<int> KeyExportCommands::exportPrivate(CommandContext& context)
{
    const CliArguments& args = context.args();
    const model::KeyTarget target{args.positional(0), args.positional(1), KeyCommands::versionOption(args)};
    auto password = PassphraseSource::readFile(args.value(QStringLiteral("password-file")), QStringLiteral("password"));
    if (!password)
        co_return context.fail(password.error());
    if (auto writable = KeyFiles::checkWritable(args.value(QStringLiteral("out")), QStringLiteral("--out file"));
        !writable)
        co_return context.fail(writable.error());
    auto shared = std::make_shared<const crypto::SecureBuffer>(password.take());
    auto exportedTask = context.services().keyCrypto().exportPrivate(target, shared, context.operationContext());
    auto exported = co_await exportedTask;
    if (!exported)
        co_return context.fail(exported.error());
    const QString path = args.value(QStringLiteral("out"));
    if (auto written = KeyFiles::write(path, exported.value(), true, QStringLiteral("--out file")); !written)
        co_return context.fail(written.error());
    co_return context.done(QStringLiteral("Exported the private key of '%1' in vault '%2' as encrypted PKCS#8 to '%3'")
                               .arg(target.name, target.vault, path),
                           QJsonObject{{QStringLiteral("name"), target.name},
                                       {QStringLiteral("id"), KeyRecord::keyResourceId(target.vault, target.name)},
                                       {QStringLiteral("format"), QStringLiteral("pkcs8")},
                                       {QStringLiteral("file"), path}});
}

} // namespace custos::app
