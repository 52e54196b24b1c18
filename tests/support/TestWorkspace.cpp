#include "TestWorkspace.h"

#include "model/session/Session.h"

#include <QtGlobal>

namespace custos::test {

crypto::SecureBuffer secret(const QString& text)
{
    const QByteArray utf8 = text.toUtf8();
    return crypto::SecureBuffer(utf8.constData(), static_cast<std::size_t>(utf8.size()));
}

std::unique_ptr<ReadyWorkspace> makeReadyWorkspace(const QString& directory, const QString& operatorName,
                                                   const QStringList& roles)
{
    model::WorkspaceInitRequest request;
    request.directory = directory;
    request.operatorName = operatorName;
    request.passphrase = secret(kTestPassphrase);
    request.roles = roles;
    request.kdfMemoryMiB = 1;
    auto created = await(model::Workspace::initialise(std::move(request)));
    if (!created) {
        qWarning("makeReadyWorkspace: %s", qPrintable(created.error().message));
        return nullptr;
    }
    auto ready = std::make_unique<ReadyWorkspace>();
    ready->directory = directory;
    ready->workspace = created.take();
    ready->services = std::make_unique<model::Services>(*ready->workspace);
    auto login = await(ready->services->session().login(operatorName, secret(kTestPassphrase), false));
    if (!login) {
        qWarning("makeReadyWorkspace: login failed: %s", qPrintable(login.error().message));
        return nullptr;
    }
    return ready;
}

Outcome<void> addOperatorWithRoles(model::Services& services, const QString& name, const QStringList& roles,
                                   const QString& scope)
{
    auto added = await(services.operators().add(name, secret(kTestPassphrase)));
    if (!added)
        return added.error();
    for (const QString& role : roles) {
        auto assigned = await(services.roles().assign(name, role, scope));
        if (!assigned)
            return assigned.error();
    }
    return {};
}

Outcome<void> switchOperator(model::Services& services, const QString& name, const QString& passphrase)
{
    services.session().logout();
    return await(services.session().login(name, secret(passphrase), false));
}

} // namespace custos::test
