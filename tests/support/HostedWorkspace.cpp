#include "HostedWorkspace.h"

#include <QTemporaryDir>

#include <QtGlobal>

namespace custos::test {

std::unique_ptr<model::ServiceHost> makeHostedWorkspace(const QString& directory, const QString& operatorName,
                                                        const QStringList& roles, bool activate)
{
    model::WorkspaceInitRequest request;
    request.directory = directory;
    request.operatorName = operatorName;
    request.passphrase = secret(kTestPassphrase);
    request.roles = roles;
    request.kdfMemoryMiB = 1;
    auto host = std::make_unique<model::ServiceHost>();
    auto created = await(host->initialise(std::move(request)));
    if (!created) {
        qWarning("makeHostedWorkspace: %s", qPrintable(created.error().message));
        return nullptr;
    }
    auto login = await(host->login(operatorName, secret(kTestPassphrase), false));
    if (!login) {
        qWarning("makeHostedWorkspace: login failed: %s", qPrintable(login.error().message));
        return nullptr;
    }
    if (activate) {
        auto activated = await(host->call([](model::Services& services) -> QCoro::Task<Outcome<void>> {
            model::SecurityDomainDownloadRequest request;
            for (int i = 0; i < 3; ++i)
                request.certificates << custodianCertificate(i);
            request.quorum = 2;
            QTemporaryDir scratch;
            request.outPath = scratch.filePath(QStringLiteral("sd.json"));
            auto downloading = services.securityDomain().download(std::move(request));
            auto downloaded = co_await downloading;
            if (!downloaded)
                co_return downloaded.error();
            co_return Outcome<void>{};
        }));
        if (!activated) {
            qWarning("makeHostedWorkspace: activation failed: %s", qPrintable(activated.error().message));
            return nullptr;
        }
    }
    return host;
}

Outcome<void> addOperatorWithRoles(model::ServiceHost& host, const QString& name, const QStringList& roles,
                                   const QString& scope)
{
    return await(host.call([name, roles, scope](model::Services& services) -> QCoro::Task<Outcome<void>> {
        auto adding = services.operators().add(name, secret(kTestPassphrase));
        auto added = co_await adding;
        if (!added)
            co_return added.error();
        for (const QString& role : roles) {
            auto assigning = services.roles().assign(name, role, scope);
            auto assigned = co_await assigning;
            if (!assigned)
                co_return assigned.error();
        }
        co_return Outcome<void>{};
    }));
}

Outcome<void> switchOperator(model::ServiceHost& host, const QString& name, const QString& passphrase)
{
    if (auto out = await(host.logout()); !out)
        return out;
    return await(host.login(name, secret(passphrase), false));
}

} // namespace custos::test
