#pragma once

#include "OutcomeText.h"
#include "crypto/Outcome.h"
#include "crypto/SecureBuffer.h"
#include "crypto/sd/CustodianKey.h"
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

// Initialises a test workspace (KDF memory 1 MiB) in `directory`, logs `operatorName` in and,
// unless `activate` is false, activates it (issue 7) with activateWorkspace. Returns nullptr after
// a qWarning with the reason when anything fails.
std::unique_ptr<ReadyWorkspace> makeReadyWorkspace(const QString& directory,
                                                   const QString& operatorName = QStringLiteral("admin"),
                                                   const QStringList& roles = {}, bool activate = true);

// The test custodian set (tests/data/custodians): custodian_N.cer / custodian_N.key, N = 0..4;
// custodian_0.key is encrypted with the password in custodian_0.password.
QString custodianCertificatePath(int index);
QString custodianKeyPath(int index);
QByteArray custodianCertificate(int index);
// Custodian `index`'s key file opened (custodian 0 with its password); nullptr after a qWarning.
std::shared_ptr<crypto::sd::CustodianKey> openTestCustodian(int index);

// Downloads the security domain to custodians 0..custodians-1 with `quorum` as the logged-in
// operator (who needs securitydomain/download/action), into `outPath` (default: a file in the
// system's temp directory that is removed again).
Outcome<model::SecurityDomainDownloadResult> activateWorkspace(model::Services& services, int custodians = 3,
                                                               int quorum = 2, const QString& outPath = {});

// As the logged-in operator: adds `name` (passphrase kTestPassphrase) and assigns `roles` at `scope`.
Outcome<void> addOperatorWithRoles(model::Services& services, const QString& name, const QStringList& roles,
                                   const QString& scope = QStringLiteral("/"));

// Logs the session out and `name` in (non-interactive, as the CLI does).
Outcome<void> switchOperator(model::Services& services, const QString& name,
                             const QString& passphrase = kTestPassphrase);

} // namespace custos::test
