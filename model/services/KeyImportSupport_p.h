#pragma once

// Private to KeyImportService's files: reading a source, describing and checking its keys (the
// preview and the import's precheck share these), and the duplicate lookup.

#include "KeyImportService.h"
#include "crypto/byok/ByokFile.h"
#include "model/store/Database.h"

#include <functional>

namespace custos::model::importsupport {

inline const QString kByokFormat = QStringLiteral("BYOK (CKM_RSA_AES_KEY_WRAP)");

// A source as read: the keys of a key file, or a .byok file (whose key is known only once it is
// unwrapped inside the token).
struct ReadSource
{
    crypto::import::KeyFileContents contents;
    bool isByok = false;
    crypto::byok::ByokFile byok;
};

// The one place that reads source bytes (crypto/import, crypto/byok). Off the token and database
// threads: touches neither. A token object source (source.contents) is copied, not re-read.
Outcome<ReadSource> readSource(const KeyImportSource& source);

// What a key of this type gets without --ops: every operation it supports except import and
// export; a public-only key verify (+ encrypt and wrapKey for RSA).
QStringList defaultKeyOps(crypto::KeyKind kind, bool publicOnly);
// Checks and canonicalises key_ops for an imported key ("JWK key_ops" or "--ops" in `what`).
Outcome<QStringList> checkKeyOps(const QStringList& ops, crypto::KeyKind kind, bool publicOnly, const QString& what);

// Why a key cannot be imported at all (its type, size or curve, its JWK key_ops); empty when it can.
QString refusalOf(const crypto::import::ImportedKey& key);

// The preview's description of one key (no duplicates: findDuplicates adds them).
KeyImportCandidate describe(const crypto::import::ImportedKey& key, int index, const QStringList& fileWarnings);

// Key versions with this public key, in vaults and keys `mayRead` allows (a key's resource id).
Outcome<QList<KeyImportDuplicate>> findDuplicates(Database& db, const QByteArray& publicKeyDer,
                                                  const std::function<bool(const QString&)>& mayRead);

// "RSA 2048", "EC P-256", "oct 256" for messages.
QString shapeText(crypto::KeyKind kind, int bits, const QString& curve);

} // namespace custos::model::importsupport
