// `cert import` / `key import`: PKCS#12 files come from the operator. The seeds use the fixture
// password, so inputs that keep a valid MAC (or have none) reach the safes and bags.
#include "crypto/x509/Pkcs12.h"

#include <QByteArray>

#include <cstddef>
#include <cstdint>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size)
{
    using namespace custos::crypto;
    static const SecureBuffer password = SecureBuffer::fromString("custos-test");
    const QByteArray bytes(reinterpret_cast<const char*>(data), static_cast<qsizetype>(size));
    auto read = x509::readPkcs12(bytes, password);
    if (!read)
        return 0;
    // What was read is something: a key or a certificate, and a named protection.
    if ((read->privateKeyPkcs8Der.isEmpty() && read->certificateDer.isEmpty()) || read->encryption.isEmpty())
        __builtin_trap();
    if (read->privateKeyPkcs8Der.isEmpty())
        return 0;
    // A key with its certificate is written again (both profiles, alternating) and reads back the same.
    static bool legacy = false;
    legacy = !legacy;
    auto written =
        x509::writePkcs12(read->privateKeyPkcs8Der, read->certificateDer, read->chainDer, password,
                          legacy ? x509::Pkcs12Profile::Legacy : x509::Pkcs12Profile::Modern, QStringLiteral("fuzz"));
    if (!written)
        return 0; // e.g. the key matches none of the certificates: refused, not a crash
    auto again = x509::readPkcs12(written.value(), password);
    if (!again || !again->privateKeyPkcs8Der.equals(read->privateKeyPkcs8Der) ||
        again->certificateDer != read->certificateDer || again->legacy != legacy)
        __builtin_trap();
    return 0;
}
