#include "SelfTest.h"
#include "SelfTestSupport_p.h"

#include "crypto/ProcessHardening.h"
#include "crypto/SecureHeap.h"

#include <openssl/crypto.h>

#include <functional>
#include <utility>

namespace custos::crypto::selftest {

namespace detail {

QByteArray fromHex(const char* hex)
{
    return QByteArray::fromHex(QByteArray(hex));
}

QByteArray expectedValue(const char* hex, bool corrupt)
{
    QByteArray value = fromHex(hex);
    if (corrupt && !value.isEmpty())
        value[0] = static_cast<char>(value[0] ^ 0x01);
    return value;
}

SelfTestResult pass(const QString& name, const QString& detail)
{
    SelfTestResult result;
    result.name = name;
    result.passed = true;
    result.detail = detail;
    return result;
}

SelfTestResult failPrimitive(const QString& name, const QString& detail, const QString& shortError,
                             const QString& longError)
{
    SelfTestResult result;
    result.name = name;
    result.detail = detail;
    result.shortError = shortError;
    result.longError = longError;
    result.proposedFix =
        QStringLiteral("The OpenSSL library this process loaded (%1) does not compute %2 correctly. Reinstall it "
                       "(apt install --reinstall libssl3), make sure LD_LIBRARY_PATH and LD_PRELOAD do not bring in "
                       "another libcrypto, then run `custosctl selftest` again. Key operations stay blocked until "
                       "it passes.")
            .arg(QString::fromLatin1(OpenSSL_version(OPENSSL_VERSION)), name);
    return result;
}

QString mismatch(const QString& what, const QByteArray& expected, const QByteArray& actual)
{
    return QStringLiteral("%1: expected %2, got %3")
        .arg(what, QString::fromLatin1(expected.toHex()),
             actual.isEmpty() ? QStringLiteral("nothing") : QString::fromLatin1(actual.toHex()));
}

} // namespace detail

bool SelfTestReport::passed() const
{
    for (const SelfTestResult& r : results) {
        if (!r.passed)
            return false;
    }
    return true;
}

QStringList SelfTestReport::failedNames() const
{
    QStringList names;
    for (const SelfTestResult& r : results) {
        if (!r.passed)
            names << r.name;
    }
    return names;
}

namespace {
using Check = SelfTestResult (*)(bool corrupt);
const QList<std::pair<QString, Check>>& checks()
{
    static const QList<std::pair<QString, Check>> all{
        {QStringLiteral("SHA-256"), &detail::checkSha256},
        {QStringLiteral("SHA-384"), &detail::checkSha384},
        {QStringLiteral("HMAC-SHA-256"), &detail::checkHmacSha256},
        {QStringLiteral("AES-256-GCM"), &detail::checkAes256Gcm},
        {QStringLiteral("AES key wrap"), &detail::checkAesKeyWrap},
        {QStringLiteral("AES key wrap with padding"), &detail::checkAesKeyWrapPad},
        {QStringLiteral("RSA-PSS"), &detail::checkRsaPss},
        {QStringLiteral("RSA-OAEP"), &detail::checkRsaOaep},
        {QStringLiteral("ECDSA P-256"), &detail::checkEcdsaP256},
        {QStringLiteral("scrypt"), &detail::checkScrypt},
    };
    return all;
}
} // namespace

QStringList primitiveSelfTestNames()
{
    QStringList names;
    for (const auto& [name, check] : checks())
        names << name;
    return names;
}

SelfTestReport runPrimitiveSelfTests(const SelfTestOptions& options)
{
    SelfTestReport report;
    for (const auto& [name, check] : checks()) {
        SelfTestResult result = check(options.corrupts(name));
        result.name = name; // one spelling, whatever the check wrote
        report.results << result;
    }
    return report;
}

SelfTestReport processSelfTests()
{
    SelfTestReport report;
    const HardeningState state = currentHardeningState();
    const auto limit = [](long long value) { return value < 0 ? QStringLiteral("unlimited") : QString::number(value); };
    const QString found = QStringLiteral("RLIMIT_CORE %1/%2, dumpable %3")
                              .arg(limit(state.coreLimitSoft), limit(state.coreLimitHard))
                              .arg(state.dumpable);
    if (state.coreDumpsDisabled() && state.dumpable == 0) {
        report.results << detail::pass(QStringLiteral("Process hardening"), found);
    } else {
        SelfTestResult r;
        r.name = QStringLiteral("Process hardening");
        r.detail = found;
        r.shortError = QStringLiteral("core dumps are possible");
        r.longError = QStringLiteral("expected RLIMIT_CORE 0/0 and dumpable 0, found %1: a crash could write "
                                     "secrets to disk and another process of this user could attach")
                          .arg(found);
        r.proposedFix = QStringLiteral("Start Custos normally (it hardens itself first thing); if it still fails, "
                                       "a security module or container policy forbids setrlimit/prctl: allow them "
                                       "for Custos.");
        report.results << r;
    }

    const SecureHeapState heap = secureHeapState();
    if (heap == SecureHeapState::Locked) {
        report.results << detail::pass(QStringLiteral("Secure heap"),
                                       QStringLiteral("OpenSSL secure heap initialised and locked in memory"));
    } else {
        SelfTestResult r;
        r.name = QStringLiteral("Secure heap");
        r.detail = heap == SecureHeapState::Unlocked ? QStringLiteral("initialised, not locked")
                                                     : QStringLiteral("not initialised");
        r.shortError = heap == SecureHeapState::Unlocked ? QStringLiteral("secure heap not locked in memory")
                                                         : QStringLiteral("no secure heap");
        r.longError = heap == SecureHeapState::Unlocked
                          ? QStringLiteral("CRYPTO_secure_malloc_init could not mlock() its 1 MiB: secrets may be "
                                           "swapped out to disk (they are still wiped after use)")
                          : QStringLiteral("CRYPTO_secure_malloc_init failed: secrets live on the normal heap "
                                           "(they are still wiped after use, but may be swapped out)");
        r.proposedFix = QStringLiteral("Raise the locked-memory limit to at least 1024 KiB (ulimit -l, or "
                                       "LimitMEMLOCK= / memlock in /etc/security/limits.conf) and start again.");
        report.results << r;
    }
    return report;
}

} // namespace custos::crypto::selftest
