#pragma once

#include "CommandSpec.h"

namespace custos::app {

// `key import VAULT NAME --in F [--format auto|pem|der|pkcs8|pkcs12|jwk|raw|byok] [--password-file F]
// [--kek KEKNAME] [--protection hsm|software] [--exportable] [--ops ...] [--as-version] [--dry-run]
// [--item N] [--allow-duplicate] [--expires ...] [--tags ...]` (CLI.md) over KeyImportService.
// --dry-run prints the preview as JSON and changes nothing.
class KeyImportCommands
{
public:
    static QList<CommandSpec> specs();

private:
    static int checkImport(CommandContext& context);
    static QCoro::Task<int> importKey(CommandContext& context);
};

} // namespace custos::app
