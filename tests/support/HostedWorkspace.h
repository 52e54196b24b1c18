#pragma once

#include "TestWorkspace.h"
#include "model/services/Services.h"
#include "model/session/ServiceHost.h"

#include <QString>
#include <QStringList>

#include <memory>

// GUI tests run with the SQL and PKCS#11 guard armed on the GUI thread (TestMain.cpp): their
// workspace lives behind a ServiceHost, and they seed and inspect it on its service thread.
namespace custos::test {

// As makeReadyWorkspace, on a new host's service thread; `operatorName` logged in
// (non-interactive). nullptr after a qWarning with the reason.
std::unique_ptr<model::ServiceHost> makeHostedWorkspace(const QString& directory,
                                                        const QString& operatorName = QStringLiteral("admin"),
                                                        const QStringList& roles = {}, bool activate = true);

// Runs f(Services&) on the host's service thread and waits for its Outcome (a nested event loop:
// tests only, never the GUI).
template <typename F>
auto onServices(model::ServiceHost& host, F f)
{
    return await(host.call(std::move(f)));
}

// As the overloads in TestWorkspace.h, through the host (which follows the operator switch).
Outcome<void> addOperatorWithRoles(model::ServiceHost& host, const QString& name, const QStringList& roles,
                                   const QString& scope = QStringLiteral("/"));
Outcome<void> switchOperator(model::ServiceHost& host, const QString& name,
                             const QString& passphrase = kTestPassphrase);

} // namespace custos::test
