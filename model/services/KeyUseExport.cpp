// `key export`: the public part of any RSA or EC key (PEM or JWK), and the private part of an
// exportable software key (encrypted PKCS#8). Both are audited as KeyExport.

#include "KeyCryptoService.h"
#include "KeyUse_p.h"
#include "ServicePath.h"
#include "crypto/keys/PublicKeyExport.h"
#include "crypto/keys/software/SoftwareKey.h"
#include "model/session/Session.h"
#include "model/session/Workspace.h"

#include <QJsonDocument>

namespace custos::model {

namespace {

using crypto::KeyOperation;

QList<KeyOperation> parsedKeyOps(const QStringList& names)
{
    QList<KeyOperation> operations;
    for (const QString& name : names) {
        if (auto operation = crypto::parseKeyOperation(name))
            operations << *operation;
    }
    return operations;
}

Outcome<QByteArray> publicPart(const keyuse::ResolvedKey& resolved, PublicKeyFormat format)
{
    const KeyRecord& key = resolved.key;
    if (key.kty == crypto::KeyKind::Aes || resolved.version.publicKeyDer.isEmpty())
        return makeError(ErrorKind::Invalid,
                         QStringLiteral("key '%1' is an oct (AES) key: it has no public part to export").arg(key.name));
    if (format == PublicKeyFormat::Pem)
        return crypto::publicKeyPem(resolved.version.publicKeyDer);
    const QString kid = KeyRecord::versionResourceId(key.vault, key.name, resolved.version.id);
    auto jwk = crypto::publicKeyJwk(resolved.version.publicKeyDer, kid, parsedKeyOps(key.keyOps));
    if (!jwk)
        return jwk.error();
    return QJsonDocument(jwk.value()).toJson(QJsonDocument::Indented);
}

} // namespace

QCoro::Task<Outcome<QByteArray>> KeyCryptoService::exportPublic(KeyTarget target, PublicKeyFormat format,
                                                                OperationContext context)
{
    Operation op =
        keyuse::makeOperation(QStringLiteral("KeyExport"), QStringLiteral("keys/read/action"), target, context);
    op.details.insert(QStringLiteral("format"),
                      format == PublicKeyFormat::Pem ? QStringLiteral("pem") : QStringLiteral("jwk"));
    op.details.insert(QStringLiteral("private"), false);
    struct State
    {
        QString version;
        QByteArray exported;
    };
    auto state = std::make_shared<State>();
    const QDateTime now = m_path.now();
    Steps<QByteArray> steps;
    steps.precheck = [state, target, format, now](Database& db) -> Outcome<void> {
        auto resolved = keyuse::resolve(db, target);
        if (!resolved)
            return resolved.error();
        if (auto ca = keyuse::checkNotCaKey(resolved->key, QStringLiteral("export")); !ca)
            return ca;
        if (auto usable = keyuse::checkVersionUsable(resolved.value(), KeyOperation::Verify, now); !usable)
            return usable;
        auto exported = publicPart(resolved.value(), format);
        if (!exported)
            return exported.error();
        state->version = resolved->version.id;
        state->exported = exported.take();
        return {};
    };
    steps.persist = [state](Database&, QJsonObject& details) -> Outcome<QByteArray> {
        details.insert(QStringLiteral("version"), state->version);
        return state->exported;
    };
    auto task = m_path.run(std::move(op), std::move(steps));
    auto outcome = co_await task;
    co_return outcome;
}

QCoro::Task<Outcome<QByteArray>> KeyCryptoService::exportPrivate(KeyTarget target,
                                                                 std::shared_ptr<const crypto::SecureBuffer> password,
                                                                 OperationContext context)
{
    Operation op = keyuse::makeOperation(QStringLiteral("KeyExport"), keyuse::permissionFor(KeyOperation::Export),
                                         target, context);
    op.details.insert(QStringLiteral("format"), QStringLiteral("pkcs8"));
    op.details.insert(QStringLiteral("private"), true);
    struct State
    {
        keyuse::EngineKey key;
        QByteArray exported;
    };
    auto state = std::make_shared<State>();
    state->key.token = m_path.workspace().token();
    state->key.unsealed = m_path.session().sharedUnsealedKeys();
    state->key.hsm = m_hsm;
    const QDateTime now = m_path.now();
    const bool noPassword = !password || password->isEmpty();

    Steps<QByteArray> steps;
    steps.precheck = [state, target, now, noPassword](Database& db) -> Outcome<void> {
        auto resolved = keyuse::resolve(db, target);
        if (!resolved)
            return resolved.error();
        const KeyRecord& key = resolved->key;
        if (auto ca = keyuse::checkNotCaKey(key, QStringLiteral("export")); !ca)
            return ca;
        if (key.publicOnly)
            return makeError(ErrorKind::Conflict,
                             QStringLiteral("key '%1' holds a public key only: there is no private part to export "
                                            "(`key export` without --private gives the public key)")
                                 .arg(key.name));
        if (key.protection == Protection::Hsm)
            return makeError(ErrorKind::Conflict,
                             QStringLiteral("key '%1' is HSM-protected: its private part never leaves the token in "
                                            "clear (it travels only wrapped, in `key backup`)")
                                 .arg(key.name));
        if (!key.exportable)
            return makeError(ErrorKind::Conflict,
                             QStringLiteral("key '%1' is not exportable: only software keys created with "
                                            "--exportable can export their private part")
                                 .arg(key.name));
        if (auto allowed = keyuse::checkKeyOps(key, KeyOperation::Export); !allowed)
            return allowed;
        if (key.kty == crypto::KeyKind::Aes)
            return makeError(
                ErrorKind::Invalid,
                QStringLiteral("key '%1' is an oct (AES) key: PKCS#8 export is for RSA and EC keys").arg(key.name));
        if (auto usable = keyuse::checkVersionUsable(resolved.value(), KeyOperation::Export, now); !usable)
            return usable;
        if (noPassword)
            return makeError(ErrorKind::Invalid,
                             QStringLiteral("a password is required: the exported private key is always encrypted"));
        state->key.resolved = resolved.take();
        return keyuse::loadSealed(db, state->key);
    };
    steps.engine = [state, password]() -> Outcome<void> {
        auto software = keyuse::softwareKey(state->key);
        state->key.sealed.clear();
        if (!software)
            return software.error();
        auto pem = software.value()->exportEncryptedPkcs8(*password);
        if (!pem)
            return pem.error();
        state->exported = pem.take();
        return {};
    };
    steps.persist = [state](Database&, QJsonObject& details) -> Outcome<QByteArray> {
        details.insert(QStringLiteral("version"), state->key.resolved.version.id);
        return state->exported;
    };
    auto task = m_path.run(std::move(op), std::move(steps));
    auto outcome = co_await task;
    co_return outcome;
}

} // namespace custos::model
