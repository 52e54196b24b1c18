#include "TokenFaultShim.h"

#include "model/session/Session.h"
#include "model/store/Stores.h"

#include <QtGlobal>

#include <dlfcn.h>

namespace custos::test {

TokenFaultShim::~TokenFaultShim()
{
    if (!m_library)
        return;
    m_clear();
    dlclose(m_library);
}

QString TokenFaultShim::load()
{
    const QByteArray file = path().toLocal8Bit();
    m_library = dlopen(file.constData(), RTLD_NOW | RTLD_LOCAL);
    if (!m_library)
        return QStringLiteral("cannot load the fault shim %1: %2").arg(path(), QString::fromLocal8Bit(dlerror()));
    const auto find = [this](const char* name, auto& pointer) {
        pointer = reinterpret_cast<std::remove_reference_t<decltype(pointer)>>(dlsym(m_library, name));
        return pointer != nullptr;
    };
    if (!find("custos_faultshim_set", m_set) || !find("custos_faultshim_set_after", m_setAfter) ||
        !find("custos_faultshim_clear", m_clear) || !find("custos_faultshim_calls", m_calls) ||
        !find("custos_faultshim_fired", m_fired) || !find("custos_faultshim_stalling", m_stalling) ||
        !find("custos_faultshim_token_present", m_present)) {
        dlclose(m_library);
        m_library = nullptr;
        return QStringLiteral("%1 lacks the custos_faultshim_* control functions").arg(path());
    }
    m_clear();
    return {};
}

void TokenFaultShim::fail(const char* function, CK_RV rv, unsigned long nth)
{
    if (m_set(function, nth, rv, 0) != 0)
        qFatal("fault shim: unknown function %s", function);
}

void TokenFaultShim::failAfter(const char* function, CK_RV rv, unsigned long nth)
{
    if (m_setAfter(function, nth, rv, 0) != 0)
        qFatal("fault shim: unknown function %s", function);
}

void TokenFaultShim::stall(const char* function, unsigned ms, unsigned long nth)
{
    if (m_set(function, nth, CKR_OK, ms) != 0)
        qFatal("fault shim: unknown function %s", function);
}

void TokenFaultShim::clear()
{
    m_clear();
}

unsigned long TokenFaultShim::calls(const char* function) const
{
    return m_calls(function);
}

unsigned long TokenFaultShim::fired() const
{
    return m_fired();
}

unsigned long TokenFaultShim::stalling() const
{
    return m_stalling();
}

bool TokenFaultShim::tokenPresent() const
{
    return m_present() != 0;
}

Outcome<void> routeTokenThroughShim(const QString& directory)
{
    auto workspace = model::Workspace::open(directory);
    if (!workspace)
        return workspace.error();
    // The key Workspace.cpp keeps the module path under (`init --module` for attached tokens).
    return model::SettingsStore(workspace.value()->database())
        .set(QStringLiteral("token.module"), TokenFaultShim::path());
}

std::unique_ptr<ReadyWorkspace> makeShimmedWorkspace(const QString& directory, const QString& operatorName)
{
    auto ready = makeReadyWorkspace(directory, operatorName);
    if (!ready)
        return nullptr;
    // Services before the workspace: the module is finalised before the shim loads SoftHSM2 again.
    ready->services.reset();
    ready->workspace.reset();
    if (auto routed = routeTokenThroughShim(directory); !routed) {
        qWarning("makeShimmedWorkspace: %s", qPrintable(routed.error().message));
        return nullptr;
    }
    auto opened = model::Workspace::open(directory);
    if (!opened) {
        qWarning("makeShimmedWorkspace: %s", qPrintable(opened.error().message));
        return nullptr;
    }
    ready->workspace = opened.take();
    ready->services = std::make_unique<model::Services>(*ready->workspace);
    auto login = await(ready->services->session().login(operatorName, secret(kTestPassphrase), false));
    if (!login) {
        qWarning("makeShimmedWorkspace: login failed: %s", qPrintable(login.error().message));
        return nullptr;
    }
    if (ready->workspace->modulePath() != TokenFaultShim::path()) {
        qWarning("makeShimmedWorkspace: the workspace still uses %s", qPrintable(ready->workspace->modulePath()));
        return nullptr;
    }
    return ready;
}

} // namespace custos::test
