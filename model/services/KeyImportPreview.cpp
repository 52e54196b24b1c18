// `key import --dry-run` and the wizard's preview page: what the source holds, changing nothing.

#include "KeyImportService.h"

#include "KeyImportSupport_p.h"
#include "KeyServiceSupport_p.h"
#include "ServicePath.h"

#include <QCoro/QCoroFuture>
#include <QtConcurrent/QtConcurrentRun>

namespace custos::model {

using namespace importsupport;

QCoro::Task<Outcome<KeyImportPreview>> KeyImportService::preview(KeyImportSource source, QString vault)
{
    Q_UNUSED(vault) // the default key_ops do not depend on the protection
    Operation op;
    op.name = QStringLiteral("KeyImportPreview");
    if (auto allowed = m_path.authorise(op); !allowed) // a login, nothing more: the file is the operator's
        co_return allowed.error();

    // The parse off the calling thread (PKCS#12 and scrypt take a while); the result travels in a
    // shared_ptr because QFuture results must be copyable and key material is not.
    auto parsing = QtConcurrent::run([source]() { return std::make_shared<Outcome<ReadSource>>(readSource(source)); });
    std::shared_ptr<Outcome<ReadSource>> read = co_await parsing;
    if (!*read)
        co_return read->error();
    ReadSource& found = read->value();

    KeyImportPreview preview;
    preview.format = found.contents.format;
    preview.encryption = found.contents.encryption;
    preview.warnings = found.contents.warnings;
    if (found.isByok) {
        preview.isByok = true;
        preview.byokKid = found.byok.kid;
        preview.byokGenerator = found.byok.generator;
        co_return preview;
    }
    // Duplicates on the calling (database) thread, in the vaults this operator may read.
    const auto mayRead = m_path.allowedScopes(keysupport::kReadPermission);
    for (int i = 0; i < found.contents.keys.size(); ++i) {
        const crypto::import::ImportedKey& key = found.contents.keys.at(i);
        KeyImportCandidate candidate = describe(key, i, found.contents.warnings);
        auto duplicates = findDuplicates(m_path.database(), key.publicKeyDer, mayRead);
        if (!duplicates)
            co_return duplicates.error();
        candidate.duplicates = duplicates.value();
        preview.keys << candidate;
    }
    co_return preview;
}

} // namespace custos::model
