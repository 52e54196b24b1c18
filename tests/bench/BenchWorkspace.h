#pragma once

#include "TestWorkspace.h"

#include <QStringList>
#include <QTextStream>

namespace custos::bench {

// A test workspace in `directory` whose operator may manage and use keys, with `vaults` (hsm)
// created; nullptr after saying why on stdout.
inline std::unique_ptr<test::ReadyWorkspace> benchWorkspace(const QString& directory, const QStringList& vaults)
{
    auto ready = test::makeReadyWorkspace(directory, QStringLiteral("admin"),
                                          {QStringLiteral("Administrator"), QStringLiteral("Crypto User")});
    if (!ready)
        return nullptr;
    for (const QString& name : vaults) {
        auto vault = test::await(ready->services->vaults().create(name));
        if (!vault) {
            QTextStream(stdout) << "vault creation failed: " << vault.error().message << Qt::endl;
            return nullptr;
        }
    }
    return ready;
}

} // namespace custos::bench
