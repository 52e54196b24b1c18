// BYOK: a .byok file's key unwrapped inside the token with a key exchange key (KEK) of the same vault.

#include "KeyImport_p.h"

#include "KeyImportSupport_p.h"
#include "crypto/pkcs11/TokenKeyTransfer.h"
#include "model/store/Stores.h"

namespace custos::model::importsupport {

using crypto::KeyKind;

Outcome<void> checkByokKek(Database& db, const KeyImportRequest& request, const crypto::byok::ByokFile& file,
                           ImportState& state)
{
    if (request.kek.isEmpty())
        return makeError(ErrorKind::Invalid, QStringLiteral("a .byok file is unwrapped with a key exchange key: name "
                                                            "it (--kek NAME, a key in vault '%1')")
                                                 .arg(request.vault));
    if (request.protection == Protection::Software)
        return makeError(ErrorKind::Invalid, QStringLiteral("a BYOK key is always HSM-protected: it is unwrapped "
                                                            "inside the token (leave out --protection software)"));
    if (request.exportable)
        return makeError(
            ErrorKind::Invalid,
            QStringLiteral("a BYOK key cannot be exportable: it is HSM-protected and never leaves the token"));
    auto kek = keysupport::activeKey(db, request.vault, request.kek);
    if (!kek)
        return kek.error();
    if (kek->kty != KeyKind::Rsa || kek->protection != Protection::Hsm ||
        kek->keyOps != QStringList{QStringLiteral("import")})
        return makeError(ErrorKind::Invalid,
                         QStringLiteral("key '%1' is not a key exchange key: expected an HSM RSA key with key_ops "
                                        "exactly [import] (it is %2 %3 with key_ops [%4]; create a KEK with `key "
                                        "create %5 KEK --kty RSA --size 4096 --ops import`)")
                             .arg(kek->name, protectionName(kek->protection), keyTypeName(kek->kty),
                                  kek->keyOps.join(QStringLiteral(", ")), kek->vault));
    auto versions = KeyStore(db).versions(kek->id);
    if (!versions)
        return versions.error();
    for (const KeyVersion& version : versions.value()) {
        if (KeyRecord::versionResourceId(kek->vault, kek->name, version.id) != file.kid)
            continue;
        if (!version.enabled)
            return makeError(
                ErrorKind::Conflict,
                QStringLiteral("version %1 of key exchange key '%2' is disabled").arg(version.id, kek->name));
        state.kekId = QByteArray::fromHex(version.id.toLatin1());
        state.byokKid = file.kid;
        state.ciphertext = file.ciphertext;
        return {};
    }
    return makeError(ErrorKind::Invalid,
                     QStringLiteral("the .byok file was made for the KEK '%1', which is no version of key '%2' in "
                                    "vault '%3' (its current kid is %4)")
                         .arg(file.kid, kek->name, kek->vault, kek->kid()));
}

keysupport::VersionEngine makeByokEngine(crypto::Token* token, const QString& vault, const QString& name,
                                         const QString& versionId, std::shared_ptr<ImportState> state)
{
    keysupport::VersionEngine made;
    made.intentId = versionId;
    const keysupport::VersionShape shape{vault, name, KeyKind::Rsa, 0, {}, Protection::Hsm};
    const crypto::KeyGenSpec spec = keysupport::genSpec(shape, versionId); // kind and size are found by unwrapping
    made.engine = [token, spec, state]() -> Outcome<void> {
        if (!token)
            return makeError(ErrorKind::Failed, QStringLiteral("the token is not open"));
        auto unwrapped = crypto::unwrapByok(*token, state->kekId, state->ciphertext, spec);
        if (!unwrapped)
            return unwrapped.error();
        state->in->shape.kind = unwrapped->kind;
        state->in->shape.size = unwrapped->kind == KeyKind::Ec ? 0 : unwrapped->bits;
        state->in->shape.curve = unwrapped->curve;
        state->in->material->publicKeyDer = unwrapped->publicKeyDer;
        return {};
    };
    const QByteArray objectId = spec.id;
    made.undo = [token, objectId]() {
        if (token)
            (void)token->destroyObjects(objectId);
    };
    return made;
}

} // namespace custos::model::importsupport
