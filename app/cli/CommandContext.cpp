#include "CommandContext.h"
#include "PassphraseSource.h"

#include "model/services/Services.h"
#include "model/session/Session.h"
#include "model/session/Workspace.h"

#include <QDir>
#include <QFileInfo>

#include <cstdlib>

namespace custos::app {

CommandContext::CommandContext(const CliArguments& args, Console& console) : m_args(args), m_console(console) {}

CommandContext::CommandContext(const CliArguments& args, Console& console, CommandContext& batch)
    : m_args(args), m_console(console), m_batch(&batch)
{
}

CommandContext::~CommandContext()
{
    if (m_services && m_services->session().isLoggedIn())
        m_services->session().logout();
}

QString CommandContext::workspaceDirectory() const
{
    if (m_batch)
        return m_batch->workspaceDirectory();
    QString dir = m_args.workspace();
    if (dir.isEmpty())
        dir = QString::fromLocal8Bit(qgetenv("CUSTOS_WORKSPACE"));
    if (dir.isEmpty())
        dir = model::Workspace::defaultDirectory();
    return QDir::cleanPath(QFileInfo(dir).absoluteFilePath());
}

QString CommandContext::operatorName() const
{
    if (m_batch)
        return m_batch->operatorName();
    if (!m_args.operatorName().isEmpty())
        return m_args.operatorName();
    return QString::fromLocal8Bit(qgetenv("CUSTOS_OPERATOR"));
}

model::OperationContext CommandContext::operationContext() const
{
    model::OperationContext context;
    context.justification = m_args.value(QStringLiteral("reason"));
    context.approverCredentials = m_approvers;
    return context;
}

int CommandContext::readApprovers()
{
    const auto& sequence = m_args.sequence();
    for (qsizetype i = 0; i < sequence.size(); ++i) {
        if (sequence.at(i).first == QLatin1String("approver-passphrase-file"))
            return usage(QStringLiteral("--approver-passphrase-file must follow the --approver it belongs to"));
        if (sequence.at(i).first != QLatin1String("approver"))
            continue;
        const QString name = sequence.at(i).second;
        if (name.isEmpty())
            return usage(QStringLiteral("--approver needs an operator name"));
        QString file;
        if (i + 1 < sequence.size() && sequence.at(i + 1).first == QLatin1String("approver-passphrase-file"))
            file = sequence.at(++i).second;
        auto secret = PassphraseSource::secret(file, QStringLiteral("approver-passphrase-file"),
                                               QStringLiteral("Passphrase of approver %1: ").arg(name), false);
        if (!secret)
            return secret.error().kind == ErrorKind::Invalid ? usage(secret.error().message) : fail(secret.error());
        m_approvers.append({name, std::make_shared<crypto::SecureBuffer>(secret.take())});
    }
    return Console::Success;
}

int CommandContext::done(const QString& line, const QJsonObject& json)
{
    if (m_args.json())
        m_console.printJson(json);
    else
        m_console.print(line);
    return Console::Success;
}

int CommandContext::openWorkspace()
{
    const QString dir = workspaceDirectory();
    if (!QFileInfo(dir).isDir())
        return fail(
            QStringLiteral("no workspace at '%1': the directory does not exist (custosctl init creates one)").arg(dir));
    if (!model::Workspace::looksInitialised(dir))
        return fail(
            QStringLiteral("no workspace at '%1': it holds no Custos database (custosctl init creates one)").arg(dir));
    auto opened = model::Workspace::open(dir);
    if (!opened)
        return fail(opened.error());
    m_workspace = opened.take();
    m_services = std::make_unique<model::Services>(*m_workspace);
    return Console::Success;
}

QCoro::Task<int> CommandContext::login(bool keepPassphrase)
{
    const QString name = operatorName();
    if (name.isEmpty())
        co_return usage(QStringLiteral("no operator: use --operator NAME"));
    auto passphrase = PassphraseSource::callerPassphrase(m_args.passphraseFile(), name, false);
    if (!passphrase)
        co_return passphrase.error().kind == ErrorKind::Invalid ? usage(passphrase.error().message)
                                                                : fail(passphrase.error());
    if (keepPassphrase)
        m_loginPassphrase = passphrase->clone();
    auto cardPin = PassphraseSource::cardPin(m_args.value(QStringLiteral("card-pin-file")));
    if (!cardPin)
        co_return fail(cardPin.error());
    auto loggedInTask = m_services->session().login(name, passphrase.take(), false, cardPin.take());
    const auto loggedIn = co_await loggedInTask;
    if (!loggedIn)
        co_return fail(loggedIn.error());
    co_return Console::Success;
}

} // namespace custos::app
