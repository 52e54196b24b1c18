#include "Random.h"

#include <QtGlobal>

#include <openssl/rand.h>

#include <limits>

namespace custos::crypto {

namespace {
// A failing DRBG leaves no safe fallback: zeros or a weak source would silently weaken every
// key, salt and IV, so the process stops instead.
void checkRand(int result, const char* function)
{
    if (result != 1)
        qFatal("%s failed: the random generator is unusable", function);
}

int checkedLength(std::size_t count)
{
    if (count > static_cast<std::size_t>(std::numeric_limits<int>::max()))
        qFatal("random request of %zu bytes is too large", count);
    return static_cast<int>(count);
}
} // namespace

QByteArray randomBytes(std::size_t count)
{
    QByteArray out(static_cast<qsizetype>(count), Qt::Uninitialized);
    if (count)
        checkRand(RAND_bytes(reinterpret_cast<unsigned char*>(out.data()), checkedLength(count)), "RAND_bytes");
    return out;
}

SecureBuffer randomSecret(std::size_t count)
{
    SecureBuffer out(count);
    if (count)
        checkRand(RAND_priv_bytes(out.data(), checkedLength(count)), "RAND_priv_bytes");
    return out;
}

SecureBuffer randomPin(std::size_t hexCharacters)
{
    static constexpr char kHex[] = "0123456789abcdef";
    const SecureBuffer raw = randomSecret((hexCharacters + 1) / 2);
    SecureBuffer pin(hexCharacters);
    for (std::size_t i = 0; i < hexCharacters; ++i) {
        const unsigned char byte = raw.data()[i / 2];
        pin.data()[i] = static_cast<unsigned char>(kHex[(i % 2 == 0) ? (byte >> 4) : (byte & 0x0f)]);
    }
    return pin;
}

QString randomId()
{
    return QString::fromLatin1(randomBytes(16).toHex());
}

} // namespace custos::crypto
