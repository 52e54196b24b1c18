#pragma once

#include "BenchResults.h"
#include "HostedWorkspace.h"
#include "TestWorkspace.h"

#include <QStringList>
#include <QTextStream>

namespace custos::bench {

// A test workspace in `directory` whose operator may manage and use keys, with `vaults` (hsm)
// created; nullptr after saying why on the log.
inline std::unique_ptr<test::ReadyWorkspace> benchWorkspace(const QString& directory, const QStringList& vaults)
{
    auto ready = test::makeReadyWorkspace(directory, QStringLiteral("admin"),
                                          {QStringLiteral("Administrator"), QStringLiteral("Crypto User")});
    if (!ready)
        return nullptr;
    for (const QString& name : vaults) {
        auto vault = test::await(ready->services->vaults().create(name));
        if (!vault) {
            log() << "vault creation failed: " << vault.error().message << Qt::endl;
            return nullptr;
        }
    }
    return ready;
}

// The same behind a ServiceHost, for the GUI benchmarks: the services run on its thread, as in the GUI.
inline std::unique_ptr<model::ServiceHost> hostedBenchWorkspace(const QString& directory, const QStringList& vaults)
{
    auto host = test::makeHostedWorkspace(directory, QStringLiteral("admin"),
                                          {QStringLiteral("Administrator"), QStringLiteral("Crypto User")});
    if (!host)
        return nullptr;
    for (const QString& name : vaults) {
        auto vault = test::onServices(*host, [name](model::Services& s) { return s.vaults().create(name); });
        if (!vault) {
            log() << "vault creation failed: " << vault.error().message << Qt::endl;
            return nullptr;
        }
    }
    return host;
}

} // namespace custos::bench
