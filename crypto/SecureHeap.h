#pragma once

#include <cstddef>

namespace custos::crypto {

enum class SecureHeapState { Locked, Unlocked, Unavailable };

// Initialises OpenSSL's secure heap (CRYPTO_secure_malloc_init) once per process, before any secret
// is allocated: SecureBuffer then lives in pages that are mlock()ed (kept out of swap) and
// excluded from core dumps (MADV_DONTDUMP). `Unlocked` means the heap exists but mlock failed
// (RLIMIT_MEMLOCK too low); `Unavailable` means secrets fall back to the normal heap, still wiped.
SecureHeapState initialiseSecureHeap(std::size_t bytes = 1u << 20);
SecureHeapState secureHeapState();

} // namespace custos::crypto
