#pragma once

#include "CommandSpec.h"

namespace custos::app {

// The security-domain commands that work on files alone (no workspace, login or audit; ROLES.md):
// `sd inspect SD.json`, `sd restore-blob` (Azure's offline restore-blob step, SECURITY-DOMAIN.md
// §10-13), `sd verify-share` (a custodian's quarterly drill) and `sd transcript verify`.
class SecurityDomainFileCommands
{
public:
    static QList<CommandSpec> specs();

private:
    static QCoro::Task<int> inspect(CommandContext& context);
    static int checkRestoreBlob(CommandContext& context);
    static QCoro::Task<int> restoreBlob(CommandContext& context);
    static int checkVerifyShare(CommandContext& context);
    static QCoro::Task<int> verifyShare(CommandContext& context);
    static int checkTranscript(CommandContext& context);
    static QCoro::Task<int> transcript(CommandContext& context);
};

} // namespace custos::app
