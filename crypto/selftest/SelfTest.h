#pragma once

// Known-answer self tests of the primitives Custos relies on, run at every start (custos,
// custosctl) and by `custosctl selftest`. Shaped as Kleopatra's self tests (STYLE.md): each result
// says what was checked, and on failure a short error, a long error and a proposed fix.

#include <QList>
#include <QString>
#include <QStringList>

namespace custos::crypto::selftest {

struct SelfTestResult
{
    QString name; // "SHA-256", "AES-256-GCM", "PKCS#11 module"
    bool passed = false;
    QString detail;      // what was checked, or what was found (module description, version)
    QString shortError;  // one line: "known-answer mismatch"
    QString longError;   // what was expected and what came back
    QString proposedFix; // what the administrator can do
};

struct SelfTestReport
{
    QList<SelfTestResult> results;

    bool passed() const;
    QStringList failedNames() const;
    void append(const SelfTestReport& other) { results << other.results; }
};

// A test seam: the names of the checks whose expected value is corrupted before comparison, so a
// test can prove that a mismatch fails and says so. Empty in production.
struct SelfTestOptions
{
    QStringList corruptExpected;
    bool corrupts(const QString& name) const { return corruptExpected.contains(name); }
};

// Names, in the order the report lists them.
QStringList primitiveSelfTestNames();

// SHA-256, SHA-384, HMAC-SHA-256, AES-256-GCM, AES key wrap (RFC 3394) and with padding
// (RFC 5649), RSA-PSS, RSA-OAEP, ECDSA P-256 and scrypt. In-process, no token; a few ms.
SelfTestReport runPrimitiveSelfTests(const SelfTestOptions& options = {});

// The process's own protections: core dumps off, not dumpable (ProcessHardening.h), and the
// OpenSSL secure heap (SecureHeap.h). Read back from the running process.
SelfTestReport processSelfTests();

} // namespace custos::crypto::selftest
