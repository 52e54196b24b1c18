#pragma once

// The token-fault tests' handle on the fault-injecting PKCS#11 shim (faultshim/FaultShim.h), and a
// test workspace whose token is reached through it.

#include "TestWorkspace.h"

#include "crypto/Outcome.h"

#include <QString>

#include <memory>

#include <p11-kit/pkcs11.h>

namespace custos::test {

// Loads the shim into this process (dlopen, so its rules outlive any Pkcs11Module of it) and calls
// its control functions. The rules are process-wide: one fixture at a time; the destructor clears.
class TokenFaultShim
{
public:
    static QString path() { return QStringLiteral(CUSTOS_FAULTSHIM_PATH); }

    TokenFaultShim() = default;
    ~TokenFaultShim();
    TokenFaultShim(const TokenFaultShim&) = delete;
    TokenFaultShim& operator=(const TokenFaultShim&) = delete;

    QString load(); // empty on success, otherwise what failed

    // The `nth` call of `function` from now on fails with `rv` (0: every call).
    void fail(const char* function, CK_RV rv, unsigned long nth = 1);
    // The real call runs, then its answer is replaced by `rv` (the token did the work).
    void failAfter(const char* function, CK_RV rv, unsigned long nth = 1);
    // The `nth` call of `function` waits `ms` before it reaches the token.
    void stall(const char* function, unsigned ms, unsigned long nth = 1);
    void clear(); // no rules, the token present, stalls ended, counters zero
    unsigned long calls(const char* function) const;
    unsigned long fired() const;
    unsigned long stalling() const;
    bool tokenPresent() const;

private:
    void* m_library = nullptr;
    int (*m_set)(const char*, unsigned long, unsigned long, unsigned) = nullptr;
    int (*m_setAfter)(const char*, unsigned long, unsigned long, unsigned) = nullptr;
    void (*m_clear)() = nullptr;
    unsigned long (*m_calls)(const char*) = nullptr;
    unsigned long (*m_fired)() = nullptr;
    unsigned long (*m_stalling)() = nullptr;
    int (*m_present)() = nullptr;
};

// Points a closed workspace's token module at the shim: the workspace keeps its own SoftHSM2
// configuration (embedded token), the shim forwards to SoftHSM2. No production option is involved:
// the setting is the one `init --module` writes.
Outcome<void> routeTokenThroughShim(const QString& directory);

// makeReadyWorkspace (activated, `operatorName` logged in), then closed, routed through the shim,
// opened again and logged in. nullptr after a qWarning with the reason.
std::unique_ptr<ReadyWorkspace> makeShimmedWorkspace(const QString& directory,
                                                     const QString& operatorName = QStringLiteral("admin"));

} // namespace custos::test
