#include "SelfTestCommand.h"
#include "CommandContext.h"
#include "Table.h"

#include "crypto/ProcessHardening.h"
#include "crypto/SecureHeap.h"
#include "crypto/selftest/ModuleProbe.h"
#include "crypto/selftest/SelfTest.h"
#include "crypto/selftest/SelfTestGate.h"
#include "model/session/Workspace.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonObject>
#include <QTemporaryDir>

#include <memory>

namespace custos::app {

using crypto::selftest::SelfTestReport;
using crypto::selftest::SelfTestResult;

namespace {

QString heapName(crypto::SecureHeapState state)
{
    switch (state) {
    case crypto::SecureHeapState::Locked:
        return QStringLiteral("locked");
    case crypto::SecureHeapState::Unlocked:
        return QStringLiteral("unlocked");
    case crypto::SecureHeapState::Unavailable:
        break;
    }
    return QStringLiteral("unavailable");
}

QJsonObject toJson(const SelfTestResult& r)
{
    QJsonObject object{
        {QStringLiteral("name"), r.name}, {QStringLiteral("passed"), r.passed}, {QStringLiteral("detail"), r.detail}};
    if (!r.passed) {
        object.insert(QStringLiteral("shortError"), r.shortError);
        object.insert(QStringLiteral("longError"), r.longError);
        object.insert(QStringLiteral("proposedFix"), r.proposedFix);
    }
    return object;
}

QJsonObject processJson()
{
    const crypto::HardeningState state = crypto::currentHardeningState();
    return {{QStringLiteral("coreLimitSoft"), state.coreLimitSoft},
            {QStringLiteral("coreLimitHard"), state.coreLimitHard},
            {QStringLiteral("dumpable"), state.dumpable},
            {QStringLiteral("secureHeap"), heapName(crypto::secureHeapState())}};
}

// "Given" means named on the line or in CUSTOS_WORKSPACE: the default location alone is not
// probed, so `custosctl selftest` works on a machine without a workspace.
bool workspaceGiven(const CommandContext& context)
{
    return !context.args().workspace().isEmpty() || !qEnvironmentVariableIsEmpty("CUSTOS_WORKSPACE");
}

// The workspace's module and token, login-free. The embedded SoftHSM2 token reads the
// workspace's own configuration, as at login.
SelfTestReport workspaceChecks(CommandContext& context)
{
    SelfTestReport report;
    const QString dir = context.workspaceDirectory();
    auto opened = model::Workspace::open(dir);
    if (!opened) {
        SelfTestResult r;
        r.name = QStringLiteral("Workspace");
        r.detail = dir;
        r.shortError = QStringLiteral("workspace does not open");
        r.longError = opened.error().message;
        r.proposedFix = QStringLiteral("Check the --workspace path (or CUSTOS_WORKSPACE); create a workspace with "
                                       "custosctl init, or run selftest without a workspace.");
        report.results << r;
        return report;
    }
    const model::Workspace& workspace = *opened.value();
    if (workspace.embeddedToken()) {
        const QString conf = QDir(workspace.directory()).filePath(QLatin1String(model::kSoftHsmConfFileName));
        if (QFileInfo::exists(conf))
            qputenv("SOFTHSM2_CONF", QFile::encodeName(conf));
    }
    report.results << crypto::selftest::probeModule(workspace.modulePath());
    if (report.results.constLast().passed) // else the token check would only repeat the module's error
        report.results << crypto::selftest::probeToken(workspace.modulePath(), workspace.tokenLabel());
    return report;
}

// SoftHSM2's default module. Without SOFTHSM2_CONF it would read the system configuration, whose
// token directory an ordinary user often cannot read: probe it with an empty store of its own.
SelfTestResult defaultModuleCheck()
{
    const QString module = QStringLiteral(CUSTOS_DEFAULT_PKCS11_MODULE);
    std::unique_ptr<QTemporaryDir> store;
    if (qEnvironmentVariableIsEmpty("SOFTHSM2_CONF")) {
        store = std::make_unique<QTemporaryDir>();
        QFile conf(store->filePath(QStringLiteral("softhsm2.conf")));
        if (store->isValid() && QDir(store->path()).mkdir(QStringLiteral("tokens")) &&
            conf.open(QIODevice::WriteOnly)) {
            conf.write(QStringLiteral("directories.tokendir = %1\nobjectstore.backend = file\nlog.level = ERROR\n")
                           .arg(store->filePath(QStringLiteral("tokens")))
                           .toUtf8());
            conf.close();
            qputenv("SOFTHSM2_CONF", QFile::encodeName(conf.fileName()));
        }
    }
    return crypto::selftest::probeModule(module); // the module is finalised again before `store` goes
}

int printText(CommandContext& context, const SelfTestReport& report)
{
    Table table({QStringLiteral("CHECK"), QStringLiteral("RESULT"), QStringLiteral("ERROR")});
    for (const SelfTestResult& r : report.results)
        table.addRow({r.name, r.passed ? QStringLiteral("passed") : QStringLiteral("FAILED"), r.shortError});
    QString text = table.render();
    // What the module and the token are (description, version): worth seeing when they pass too.
    for (const SelfTestResult& r : report.results) {
        if (r.passed && (r.name == QLatin1String("PKCS#11 module") || r.name == QLatin1String("Token")))
            text += QStringLiteral("%1: %2\n").arg(r.name, r.detail);
    }
    for (const SelfTestResult& r : report.results) {
        if (r.passed)
            continue;
        text += QStringLiteral("\n%1: %2\n  %3\n  Proposed fix: %4\n")
                    .arg(r.name, r.shortError, r.longError, r.proposedFix);
    }
    const QStringList failed = report.failedNames();
    text += failed.isEmpty() ? QStringLiteral("\nAll %1 checks passed.\n").arg(report.results.size())
                             : QStringLiteral("\n%1 of %2 checks failed: %3.\n")
                                   .arg(failed.size())
                                   .arg(report.results.size())
                                   .arg(failed.join(QStringLiteral(", ")));
    // The same primitives failed at this process's start: say what that blocks.
    if (const QStringList blocking = crypto::selftest::startupFailures(); !blocking.isEmpty())
        text += QStringLiteral("Custos refuses key and certificate operations while they fail (%1).\n")
                    .arg(blocking.join(QStringLiteral(", ")));
    context.console().print(text);
    return failed.isEmpty() ? Console::Success : Console::Refused;
}

} // namespace

QList<CommandSpec> SelfTestCommand::specs()
{
    return {{QStringLiteral("selftest"),
             {},
             {},
             {},
             false,
             CommandNeeds::Nothing,
             &SelfTestCommand::run,
             QStringLiteral("selftest")}};
}

QCoro::Task<int> SelfTestCommand::run(CommandContext& context)
{
    SelfTestReport report = crypto::selftest::processSelfTests();
    report.append(crypto::selftest::runPrimitiveSelfTests());
    if (workspaceGiven(context))
        report.append(workspaceChecks(context));
    else
        report.results << defaultModuleCheck();

    if (!context.json())
        co_return printText(context, report);
    QJsonArray checks;
    for (const SelfTestResult& r : report.results)
        checks.append(toJson(r));
    context.console().printJson({{QStringLiteral("passed"), report.passed()},
                                 {QStringLiteral("checks"), checks},
                                 {QStringLiteral("process"), processJson()}});
    co_return report.passed() ? Console::Success : Console::Refused;
}

} // namespace custos::app
