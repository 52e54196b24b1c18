// `key import` and the import wizard: key files come from the operator. Detection, then every
// reader under each format hint, without a password and with the seeds' password (so encrypted
// seeds reach their decrypted contents). Whatever reads must be a well-formed key.
#include "crypto/import/KeyFile.h"

#include <QByteArray>

#include <cstddef>
#include <cstdint>

namespace {

using namespace custos::crypto;
using namespace custos::crypto::import;

void check(const custos::Outcome<KeyFileContents>& read)
{
    if (!read)
        return;
    if (read->keys.isEmpty() || read->format.isEmpty())
        __builtin_trap();
    for (const ImportedKey& key : read->keys) {
        if (key.label.isEmpty())
            __builtin_trap();
        switch (key.kind) {
        case KeyKind::Aes:
            if (!(key.privateKey.size() == 16 || key.privateKey.size() == 24 || key.privateKey.size() == 32) ||
                key.bits != int(key.privateKey.size() * 8) || !key.publicKeyDer.isEmpty())
                __builtin_trap();
            break;
        case KeyKind::Ec:
            if (key.curve != QStringLiteral("P-256") && key.curve != QStringLiteral("P-384") &&
                key.curve != QStringLiteral("P-521"))
                __builtin_trap();
            [[fallthrough]];
        case KeyKind::Rsa:
            if (key.publicKeyDer.isEmpty() || key.bits <= 0)
                __builtin_trap();
            break;
        }
    }
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size)
{
    static const SecureBuffer password = SecureBuffer::fromString("custos-test");
    const QByteArray bytes(reinterpret_cast<const char*>(data), static_cast<qsizetype>(size));
    auto detected = detectKeyFile(bytes);
    if (detected && (detected->family == KeyFileFormat::Auto || detected->family == KeyFileFormat::Pkcs8 ||
                     detected->description.isEmpty()))
        __builtin_trap();
    check(readKeyFile(bytes, nullptr, KeyFileFormat::Auto, QStringLiteral("fuzz.der")));
    for (const KeyFileFormat hint :
         {KeyFileFormat::Auto, KeyFileFormat::Pem, KeyFileFormat::Der, KeyFileFormat::Pkcs8, KeyFileFormat::Pkcs12,
          KeyFileFormat::Jwk, KeyFileFormat::Raw, KeyFileFormat::Byok}) {
        // A hint other than the detected family is refused before any reader runs: skip the work.
        if (hint != KeyFileFormat::Auto && hint != KeyFileFormat::Raw && detected && hint != detected->family &&
            hint != KeyFileFormat::Pkcs8)
            continue;
        auto read = readKeyFile(bytes, &password, hint);
        check(read);
        // Detection and reading agree: what reads under Auto was detected.
        if (hint == KeyFileFormat::Auto && read && !detected)
            __builtin_trap();
    }
    return 0;
}
