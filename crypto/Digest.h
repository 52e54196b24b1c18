#pragma once

#include <QByteArray>
#include <QByteArrayView>

#include <memory>

namespace custos::crypto {

QByteArray sha256(QByteArrayView data);

// SHA-256 over many pieces, reusable: the audit verifier hashes millions of short records and
// must not pay a context allocation for each.
class Sha256Stream
{
public:
    Sha256Stream();
    ~Sha256Stream();
    Sha256Stream(const Sha256Stream&) = delete;
    Sha256Stream& operator=(const Sha256Stream&) = delete;

    void update(QByteArrayView data);
    void update(const char* data, qsizetype size);
    // Writes the 32-byte digest to `out` and starts over.
    void finish(unsigned char out[32]);

private:
    struct Context;
    std::unique_ptr<Context> m_context;
};

// Lowercase hex of `bytes` into `out` (2 * size characters), without allocating.
void toHex(const unsigned char* bytes, int size, char* out);

} // namespace custos::crypto
