#pragma once

// Shamir secret sharing over GF(257), byte by byte, in az's share layout (SECURITY-DOMAIN.md §6):
// a share is the little-endian uint16 words (x << 9) | y, one per secret byte, all with one x.

#include "crypto/Outcome.h"
#include "crypto/SecureBuffer.h"

#include <vector>

namespace custos::crypto::sd {

inline constexpr int kMaxShareX = 126;

// `shares` share plaintexts for x = 1..shares, any `required` of which recover `secret`.
// Coefficients by rejection sampling from RAND_bytes. Invalid unless 2 <= required <= shares <= 126
// and the secret is not empty.
Outcome<std::vector<SecureBuffer>> shamirSplit(const SecureBuffer& secret, int shares, int required);

// The x of a share: Invalid "... not a share" for an odd or empty length, words with differing x,
// or x == 0.
Outcome<int> shamirShareX(const SecureBuffer& share);

// Lagrange interpolation at 0 over the given shares (exactly the quorum's worth). Invalid for
// shares of differing lengths or a duplicate x ("shares 1 and 3 have the same x"); Failed
// "the shares are inconsistent (byte N combines to 256): a share was tampered with" when a
// combined byte is 256. The result lives in secure memory.
Outcome<SecureBuffer> shamirCombine(const std::vector<const SecureBuffer*>& shares);

} // namespace custos::crypto::sd
