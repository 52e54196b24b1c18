// The engine step shared by `key import` and `cert import`: an existing key becomes a version.

#include "KeyServiceSupport_p.h"
#include "crypto/pkcs11/TokenKeyTransfer.h"
#include "model/session/Workspace.h"

namespace custos::model::keysupport {

using crypto::KeyKind;

VersionEngine makeImportEngine(crypto::Token* token, Protection protection, const QString& versionId,
                               std::shared_ptr<ImportedMaterial> in)
{
    VersionEngine made;
    if (protection == Protection::Hsm) {
        made.intentId = versionId;
        made.engine = [token, versionId, in]() -> Outcome<void> {
            if (!token)
                return makeError(ErrorKind::Failed, QStringLiteral("the token is not open"));
            const crypto::KeyGenSpec spec = genSpec(in->shape, versionId);
            if (in->shape.kind == KeyKind::Aes) {
                auto created = crypto::importSecretKey(*token, spec, in->privateKey);
                in->privateKey.clear();
                return created ? Outcome<void>() : Outcome<void>(created.error());
            }
            auto created = token->importKeyPair(spec, in->privateKey);
            in->privateKey.clear();
            if (!created)
                return created.error();
            if (created->publicKeyDer != in->material->publicKeyDer) {
                (void)token->destroyObjects(created->id);
                return makeError(ErrorKind::Failed,
                                 QStringLiteral("the token's public key differs from the imported key's"));
            }
            return {};
        };
        const QByteArray objectId = QByteArray::fromHex(versionId.toLatin1());
        made.undo = [token, objectId]() {
            if (token)
                (void)token->destroyObjects(objectId);
        };
        return made;
    }
    made.engine = [token, versionId, in]() -> Outcome<void> {
        if (!token)
            return makeError(ErrorKind::Failed, QStringLiteral("the token is not open"));
        auto sealed = token->seal(QString::fromLatin1(kSealingKeyLabel), in->privateKey, sealingAad(versionId));
        in->privateKey.clear();
        if (!sealed)
            return sealed.error();
        in->material->sealedPrivate = sealed.value();
        return {};
    };
    return made;
}

} // namespace custos::model::keysupport
