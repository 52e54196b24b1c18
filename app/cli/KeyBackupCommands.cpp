#include "KeyBackupCommands.h"
#include "CommandContext.h"
#include "KeyCommands.h"
#include "KeyFiles.h"
#include "KeyJson.h"

#include "model/services/Services.h"

namespace custos::app {

using model::KeyRecord;

QList<CommandSpec> KeyBackupCommands::specs()
{
    const QString k = QStringLiteral("key");
    auto opt = [](const char* name) { return OptionSpec{QString::fromLatin1(name), true}; };
    const auto login = CommandNeeds::Login;
    // clang-format off
    return {
        {k, QStringLiteral("backup"), {QStringLiteral("VAULT"), QStringLiteral("NAME")}, {opt("out")}, true, login,
         &KeyBackupCommands::backup, QStringLiteral("key backup VAULT NAME --out F"), &KeyBackupCommands::checkBackup},
        {k, QStringLiteral("restore"), {QStringLiteral("VAULT")}, {opt("in")}, true, login,
         &KeyBackupCommands::restore, QStringLiteral("key restore VAULT --in F"), &KeyBackupCommands::checkRestore},
    };
    // clang-format on
}

int KeyBackupCommands::checkBackup(CommandContext& context)
{
    if (context.args().value(QStringLiteral("out")).isEmpty())
        return context.usage(QStringLiteral("'key backup' needs --out F"));
    return Console::Success;
}

int KeyBackupCommands::checkRestore(CommandContext& context)
{
    if (context.args().value(QStringLiteral("in")).isEmpty())
        return context.usage(QStringLiteral("'key restore' needs --in F"));
    return Console::Success;
}

QCoro::Task<int> KeyBackupCommands::backup(CommandContext& context)
{
    const QString vaultName = context.args().positional(0);
    const QString name = context.args().positional(1);
    const QString path = context.args().value(QStringLiteral("out"));
    if (auto writable = KeyFiles::checkWritable(path, QStringLiteral("--out file")); !writable)
        co_return context.fail(writable.error());
    auto blobTask = context.services().keys().backup(vaultName, name, context.operationContext());
    auto blob = co_await blobTask;
    if (!blob)
        co_return context.fail(blob.error());
    // Wrapped under the domain key, but still a key: owner-only permissions.
    if (auto written = KeyFiles::write(path, blob.value(), true, QStringLiteral("--out file")); !written)
        co_return context.fail(written.error());
    co_return context.done(QStringLiteral("Backed up key '%1' in vault '%2' to '%3' (%4 bytes)")
                               .arg(name, vaultName, path)
                               .arg(blob->size()),
                           QJsonObject{{QStringLiteral("name"), name},
                                       {QStringLiteral("id"), KeyRecord::keyResourceId(vaultName, name)},
                                       {QStringLiteral("file"), path},
                                       {QStringLiteral("bytes"), blob->size()}});
}

QCoro::Task<int> KeyBackupCommands::restore(CommandContext& context)
{
    const QString vaultName = context.args().positional(0);
    auto blob = KeyFiles::read(context.args().value(QStringLiteral("in")), QStringLiteral("--in file"));
    if (!blob)
        co_return context.fail(blob.error());
    auto restoredTask = context.services().keys().restore(vaultName, blob.take(), context.operationContext());
    auto restored = co_await restoredTask;
    if (!restored)
        co_return context.fail(restored.error());
    const KeyRecord& key = restored.value();
    const auto vault = KeyCommands::readableVault(context, key.vault);
    co_return context.done(QStringLiteral("Restored key '%1' into vault '%2' (%3, current version %4)")
                               .arg(key.name, key.vault, KeyJson::typeText(key), key.currentVersion.id),
                           KeyJson::bundle(key, vault ? &*vault : nullptr));
}

} // namespace custos::app
