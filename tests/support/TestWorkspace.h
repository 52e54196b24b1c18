#pragma once

#include "OutcomeText.h"
#include "crypto/Outcome.h"
#include "crypto/SecureBuffer.h"
#include "model/services/Services.h"
#include "model/session/Workspace.h"

#include <QCoro/QCoroTask>
#include <QString>
#include <QStringList>

#include <memory>

// The one place tests get a ready workspace. When the security-domain issue requires an activation
// ceremony before keys can be created, only this file changes.
namespace custos::test {

inline const QString kTestPassphrase = QStringLiteral("correct horse battery");

crypto::SecureBuffer secret(const QString& text);

// QCoro::waitFor hangs forever when the task throws: catch inside a wrapper coroutine and turn an
// exception into a failed test (QFAIL cannot run inside a coroutine).
template <typename T>
QCoro::Task<T> catchingTask(QCoro::Task<T> task, bool* threw)
{
    try {
        co_return co_await task;
    } catch (...) {
        *threw = true;
        co_return T{};
    }
}

template <typename T>
T await(QCoro::Task<T>&& task)
{
    bool threw = false;
    T result = QCoro::waitFor(catchingTask(std::move(task), &threw));
    if (threw)
        qFatal("a service task threw an exception");
    return result;
}

struct ReadyWorkspace
{
    std::unique_ptr<model::Workspace> workspace;
    std::unique_ptr<model::Services> services;
    QString directory;
};

// Initialises a test workspace (KDF memory 1 MiB) in `directory` and logs `operatorName` in.
// Returns nullptr after a qWarning with the reason when anything fails.
std::unique_ptr<ReadyWorkspace> makeReadyWorkspace(const QString& directory,
                                                   const QString& operatorName = QStringLiteral("admin"),
                                                   const QStringList& roles = {});

// As the logged-in operator: adds `name` (passphrase kTestPassphrase) and assigns `roles` at `scope`.
Outcome<void> addOperatorWithRoles(model::Services& services, const QString& name, const QStringList& roles,
                                   const QString& scope = QStringLiteral("/"));

// Logs the session out and `name` in (non-interactive, as the CLI does).
Outcome<void> switchOperator(model::Services& services, const QString& name,
                             const QString& passphrase = kTestPassphrase);

} // namespace custos::test
