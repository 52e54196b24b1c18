// `key restore --in F`: the key backup blob comes from a file the operator hands in.
#include "model/domain/KeyBackupFormat.h"

#include <QByteArray>

#include <cstddef>
#include <cstdint>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size)
{
    const QByteArray blob(reinterpret_cast<const char*>(data), static_cast<qsizetype>(size));
    auto decoded = custos::model::KeyBackupFormat::decode(blob);
    if (decoded) {
        // Decoding is lenient (the integrity tag, checked on restore, is what refuses edits), but
        // what it accepted must encode to a blob that decodes to the same thing.
        const QByteArray again = custos::model::KeyBackupFormat::encode(decoded.value());
        auto redecoded = custos::model::KeyBackupFormat::decode(again);
        if (!redecoded || redecoded->canonical != custos::model::KeyBackupFormat::canonical(decoded.value()))
            __builtin_trap();
    }
    return 0;
}
