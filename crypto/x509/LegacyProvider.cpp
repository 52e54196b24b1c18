#include "LegacyProvider_p.h"

#include "crypto/ossl/OsslError.h"

#include <openssl/provider.h>

namespace custos::crypto::x509::files {

namespace {

// The providers stay loaded until exit; unloading them then (before OpenSSL's own atexit clean-up,
// which was registered earlier) keeps leak checkers quiet.
struct LoadedProviders
{
    OSSL_PROVIDER* defaults = nullptr;
    OSSL_PROVIDER* legacy = nullptr;
    Outcome<void> status;

    LoadedProviders()
    {
        defaults = OSSL_PROVIDER_load(nullptr, "default");
        if (!defaults) {
            status = ossl::opensslError("OSSL_PROVIDER_load(default)");
            return;
        }
        legacy = OSSL_PROVIDER_load(nullptr, "legacy");
        if (!legacy) {
            const QString detail = ossl::drainErrorQueue();
            status = makeError(ErrorKind::Failed,
                               QStringLiteral("legacy PKCS#12 encryption (3DES, RC2-40) needs OpenSSL's legacy "
                                              "provider, which did not load: install OpenSSL's legacy module or set "
                                              "OPENSSL_MODULES to its directory (%1)")
                                   .arg(detail.isEmpty() ? QStringLiteral("not found") : detail));
        }
    }
    ~LoadedProviders()
    {
        if (legacy)
            OSSL_PROVIDER_unload(legacy);
        if (defaults)
            OSSL_PROVIDER_unload(defaults);
    }
    LoadedProviders(const LoadedProviders&) = delete;
    LoadedProviders& operator=(const LoadedProviders&) = delete;
};

} // namespace

Outcome<void> ensureLegacyProvider()
{
    static const LoadedProviders providers; // magic static: thread-safe, loads once
    return providers.status;
}

} // namespace custos::crypto::x509::files
