#pragma once

#include "CliArguments.h"
#include "CommandSpec.h"

#include "model/services/CertificateService.h"

namespace custos::app {

// `ca create|list|show|export|revoke|crl` (CLI.md) and `ca issued` (what `ca sign-csr` signed).
class CaCommands
{
public:
    static QList<CommandSpec> specs();
    static QString parseCreate(const CliArguments& args, model::CaCreateRequest* request);

private:
    static int checkCreate(CommandContext& context);
    static QCoro::Task<int> create(CommandContext& context);
    static QCoro::Task<int> list(CommandContext& context);
    static QCoro::Task<int> show(CommandContext& context);
    static QCoro::Task<int> exportCertificate(CommandContext& context);
    static QCoro::Task<int> revoke(CommandContext& context);
    static QCoro::Task<int> crl(CommandContext& context);
    static QCoro::Task<int> issued(CommandContext& context);
};

} // namespace custos::app
