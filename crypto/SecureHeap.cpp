#include "SecureHeap.h"

#include <openssl/crypto.h>

#include <mutex>

namespace custos::crypto {

namespace {
SecureHeapState g_state = SecureHeapState::Unavailable;
std::once_flag g_once;
} // namespace

SecureHeapState initialiseSecureHeap(std::size_t bytes)
{
    std::call_once(g_once, [bytes]() {
        // 32-byte minimum blocks: PINs and keys are small; bytes must be a power of two.
        const int result = CRYPTO_secure_malloc_init(bytes, 32);
        g_state = result == 1   ? SecureHeapState::Locked
                  : result == 2 ? SecureHeapState::Unlocked
                                : SecureHeapState::Unavailable;
    });
    return g_state;
}

SecureHeapState secureHeapState()
{
    return g_state;
}

} // namespace custos::crypto
