#pragma once

// Private to KeyImport.cpp and KeyImportByok.cpp: what the import's precheck reads and its engine
// and persist steps use.

#include "KeyImportService.h"
#include "KeyServiceSupport_p.h"
#include "crypto/byok/ByokFile.h"

namespace custos::model::importsupport {

struct ImportState
{
    // Known before the run.
    bool byok = false;
    // Read by the precheck.
    QString format;
    QString encryption;
    QString label;
    QStringList warnings;
    bool publicOnly = false;
    QStringList keyOps; // checked; for BYOK only once the key is unwrapped (persist)
    std::shared_ptr<keysupport::ImportedMaterial> in = std::make_shared<keysupport::ImportedMaterial>();
    std::optional<KeyRecord> existing; // asVersion: the key the version joins
    // BYOK: the KEK version's CKA_ID and the ciphertext; the engine fills the unwrapped key's shape.
    QString byokKid;
    QByteArray kekId;
    QByteArray ciphertext;
};

// The BYOK engine: unwraps state.ciphertext inside the token under CKA_ID = versionId with the
// KEK's private key, and records what the key turned out to be in state.in (shape and public key).
keysupport::VersionEngine makeByokEngine(crypto::Token* token, const QString& vault, const QString& name,
                                         const QString& versionId, std::shared_ptr<ImportState> state);

// The BYOK part of the precheck: the KEK named in the request, its version whose kid the file names.
Outcome<void> checkByokKek(Database& db, const KeyImportRequest& request, const crypto::byok::ByokFile& file,
                           ImportState& state);

} // namespace custos::model::importsupport
