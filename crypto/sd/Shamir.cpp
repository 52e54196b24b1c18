#include "Shamir.h"

#include "crypto/Random.h"

#include <QString>

namespace custos::crypto::sd {

namespace {

constexpr int kPrime = 257;

int mod(int value)
{
    const int r = value % kPrime;
    return r < 0 ? r + kPrime : r;
}

// d^255 = d^-1 in GF(257) (Fermat), d != 0.
int inverse(int d)
{
    int result = 1;
    int base = mod(d);
    for (int e = kPrime - 2; e > 0; e >>= 1) {
        if (e & 1)
            result = result * base % kPrime;
        base = base * base % kPrime;
    }
    return result;
}

// Uniform coefficients in [0, 256] by rejection sampling of uint16 values (65535 = 255 * 257 is
// the only value rejected), drawn from RAND_priv_bytes into secure memory.
class CoefficientSource
{
public:
    int next()
    {
        for (;;) {
            if (m_used + 2 > m_pool.size()) {
                m_pool = randomSecret(512);
                m_used = 0;
            }
            const unsigned r = unsigned(m_pool.data()[m_used]) | (unsigned(m_pool.data()[m_used + 1]) << 8);
            m_used += 2;
            if (r != 65535)
                return int(r % kPrime);
        }
    }

private:
    SecureBuffer m_pool;
    std::size_t m_used = 0;
};

unsigned wordAt(const SecureBuffer& share, std::size_t index)
{
    return unsigned(share.data()[2 * index]) | (unsigned(share.data()[2 * index + 1]) << 8);
}

Error notAShare(const QString& reason)
{
    return makeError(ErrorKind::Invalid, QStringLiteral("not a share: %1").arg(reason));
}

} // namespace

Outcome<std::vector<SecureBuffer>> shamirSplit(const SecureBuffer& secret, int shares, int required)
{
    if (required < 2 || required > shares || shares > kMaxShareX)
        return makeError(ErrorKind::Invalid,
                         QStringLiteral("invalid Shamir parameters %1 of %2: expected 2 <= required <= shares <= %3")
                             .arg(required)
                             .arg(shares)
                             .arg(kMaxShareX));
    if (secret.isEmpty())
        return makeError(ErrorKind::Invalid, QStringLiteral("cannot split an empty secret"));
    std::vector<SecureBuffer> out;
    out.reserve(std::size_t(shares));
    for (int x = 1; x <= shares; ++x)
        out.emplace_back(secret.size() * 2);
    CoefficientSource random;
    // a_{M-1} .. a_1 (highest power first, as az stores them), fresh for every byte.
    SecureBuffer coefficients(std::size_t(required - 1) * sizeof(int));
    auto* a = reinterpret_cast<int*>(coefficients.data());
    for (std::size_t k = 0; k < secret.size(); ++k) {
        for (int i = 0; i < required - 1; ++i)
            a[i] = random.next();
        for (int x = 1; x <= shares; ++x) {
            int y = 0; // Horner's rule
            for (int i = 0; i < required - 1; ++i)
                y = (y + a[i]) * x % kPrime;
            y = (y + secret.data()[k]) % kPrime;
            const unsigned word = (unsigned(x) << 9) | unsigned(y);
            unsigned char* out2 = out[std::size_t(x - 1)].data() + 2 * k;
            out2[0] = static_cast<unsigned char>(word & 0xff);
            out2[1] = static_cast<unsigned char>(word >> 8);
        }
    }
    return out;
}

Outcome<int> shamirShareX(const SecureBuffer& share)
{
    if (share.isEmpty())
        return notAShare(QStringLiteral("it is empty"));
    if (share.size() % 2 != 0)
        return notAShare(QStringLiteral("odd length %1: expected 16-bit words").arg(share.size()));
    const int x = int(wordAt(share, 0) >> 9);
    if (x == 0)
        return notAShare(QStringLiteral("x is 0"));
    if (x > kMaxShareX)
        return notAShare(QStringLiteral("x is %1: expected 1..%2").arg(x).arg(kMaxShareX));
    bool sameX = true;
    bool yInField = true;
    for (std::size_t k = 0; k < share.size() / 2; ++k) {
        const unsigned word = wordAt(share, k);
        sameX &= int(word >> 9) == x;
        yInField &= (word & 0x1ff) < unsigned(kPrime);
    }
    if (!sameX)
        return notAShare(QStringLiteral("its words carry differing x"));
    if (!yInField)
        return notAShare(QStringLiteral("a y value is outside GF(257)"));
    return x;
}

Outcome<SecureBuffer> shamirCombine(const std::vector<const SecureBuffer*>& shares)
{
    if (shares.empty())
        return makeError(ErrorKind::Invalid, QStringLiteral("no shares to combine"));
    const std::size_t size = shares.front()->size();
    std::vector<int> xs;
    for (std::size_t i = 0; i < shares.size(); ++i) {
        if (shares[i]->size() != size)
            return makeError(ErrorKind::Invalid,
                             QStringLiteral("shares 1 and %1 have differing lengths (%2 and %3 bytes)")
                                 .arg(i + 1)
                                 .arg(size)
                                 .arg(shares[i]->size()));
        auto x = shamirShareX(*shares[i]);
        if (!x)
            return makeError(ErrorKind::Invalid, QStringLiteral("share %1 is %2").arg(i + 1).arg(x.error().message));
        for (std::size_t j = 0; j < xs.size(); ++j)
            if (xs[j] == x.value())
                return makeError(
                    ErrorKind::Invalid,
                    QStringLiteral("shares %1 and %2 have the same x (%3)").arg(j + 1).arg(i + 1).arg(x.value()));
        xs.push_back(x.value());
    }
    // Lagrange basis at 0: l_i = prod_{m != i} x_m / (x_m - x_i).
    std::vector<int> basis(xs.size());
    for (std::size_t i = 0; i < xs.size(); ++i) {
        int l = 1;
        for (std::size_t m = 0; m < xs.size(); ++m)
            if (m != i)
                l = l * xs[m] % kPrime * inverse(xs[m] - xs[i]) % kPrime;
        basis[i] = l;
    }
    SecureBuffer secret(size / 2);
    for (std::size_t k = 0; k < size / 2; ++k) {
        int s = 0;
        for (std::size_t i = 0; i < shares.size(); ++i)
            s = (s + int(wordAt(*shares[i], k) & 0x1ff) * basis[i]) % kPrime;
        if (s > 255) {
            secret.clear();
            return makeError(
                ErrorKind::Failed,
                QStringLiteral("the shares are inconsistent (byte %1 combines to 256): a share was tampered with")
                    .arg(k));
        }
        secret.data()[k] = static_cast<unsigned char>(s);
    }
    return secret;
}

} // namespace custos::crypto::sd
