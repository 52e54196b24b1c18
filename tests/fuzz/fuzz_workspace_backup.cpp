// `backup restore|verify|inspect --in F`: the workspace backup comes from a file the operator hands in.
#include "model/domain/WorkspaceBackupFormat.h"

#include <QByteArray>

#include <cstddef>
#include <cstdint>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size)
{
    const QByteArray file(reinterpret_cast<const char*>(data), static_cast<qsizetype>(size));
    auto decoded = custos::model::WorkspaceBackupFormat::decode(file);
    if (decoded) {
        // Decoding is lenient (the integrity tag, checked with the domain key, is what refuses
        // edits), but what it accepted must encode to a file that decodes to the same thing.
        const QByteArray again = custos::model::WorkspaceBackupFormat::encode(decoded.value());
        auto redecoded = custos::model::WorkspaceBackupFormat::decode(again);
        if (!redecoded || redecoded->canonical != custos::model::WorkspaceBackupFormat::canonical(decoded.value()))
            __builtin_trap();
    }
    return 0;
}
