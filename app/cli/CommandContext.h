#pragma once

#include "CliArguments.h"
#include "Console.h"

#include "crypto/SecureBuffer.h"
#include "model/services/OperationContext.h"

#include <QCoro/QCoroTask>

#include <memory>

namespace custos::model {
class Workspace;
class Services;
} // namespace custos::model

namespace custos::app {

// Everything one custosctl run shares with its command handler: the parsed line, the console,
// and (once opened) the workspace, its services and the logged-in session.
// The int-returning steps print their own message and return the exit status, 0 when they succeeded.
class CommandContext
{
public:
    CommandContext(const CliArguments& args, Console& console);
    // One line of a batch: the batch's workspace, services and logged-in operator, its own line.
    CommandContext(const CliArguments& args, Console& console, CommandContext& batch);
    ~CommandContext();
    CommandContext(const CommandContext&) = delete;
    CommandContext& operator=(const CommandContext&) = delete;

    const CliArguments& args() const { return m_args; }
    Console& console() { return m_console; }
    bool json() const { return m_args.json(); }

    // --workspace, else CUSTOS_WORKSPACE, else Workspace::defaultDirectory(); absolute.
    QString workspaceDirectory() const;
    // --operator, else CUSTOS_OPERATOR (an extension to CLI.md), else empty.
    QString operatorName() const;

    int openWorkspace();
    // Async. Logs in the operator with the caller's passphrase. With `keepPassphrase` a copy of it
    // stays for takeLoginPassphrase() (passwd of oneself verifies it again).
    QCoro::Task<int> login(bool keepPassphrase = false);
    crypto::SecureBuffer takeLoginPassphrase() { return std::move(m_loginPassphrase); }

    model::Workspace& workspace() { return m_batch ? m_batch->workspace() : *m_workspace; }
    model::Services& services() { return m_batch ? m_batch->services() : *m_services; }
    // --reason TEXT as the justification, and the approvers read by readApprovers().
    model::OperationContext operationContext() const;
    // `--approver NAME [--approver-passphrase-file F]`, repeated: each approver's passphrase from
    // its file, else asked on the terminal. Usage error (2) for a file option without its approver.
    int readApprovers();

    // Shorthands for handlers.
    int fail(const Error& error) { return m_console.fail(error); }
    int fail(const QString& message) { return m_console.fail(message); }
    int usage(const QString& message) { return m_console.usage(message); }
    // The one line (or the JSON object with --json) a changing command prints.
    int done(const QString& line, const QJsonObject& json);

private:
    const CliArguments& m_args;
    Console& m_console;
    CommandContext* m_batch = nullptr; // set for a batch line: the context that owns the session
    std::unique_ptr<model::Workspace> m_workspace;
    std::unique_ptr<model::Services> m_services; // declared after m_workspace: destroyed first
    crypto::SecureBuffer m_loginPassphrase;
    QList<model::ApproverCredential> m_approvers;
};

} // namespace custos::app
