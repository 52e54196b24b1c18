#pragma once

// Private to CertificateService's files: names and scopes, the issuing CA, and the engine step
// that makes a certificate's key and signs the certificate (shared by `ca create` and `cert issue`).

#include "KeyServiceSupport_p.h"
#include "KeyUse_p.h"
#include "OperationContext.h"
#include "ServicePath.h"
#include "crypto/x509/CertificateBuilder.h"
#include "model/domain/Certificate.h"
#include "model/domain/Key.h"

#include <memory>
#include <optional>

namespace custos::model {
namespace x509 = crypto::x509;
struct CertificateIssueRequest;
struct CaCreateRequest;
} // namespace custos::model

namespace custos::model::certsupport {

inline const QString kReadPermission = QStringLiteral("certificates/read");
inline const QString kWritePermission = QStringLiteral("certificates/write");
inline const QString kCaPermission = QStringLiteral("certificates/ca");

// An operation on one certificate at its scope (the vault's or the root's when the names are invalid,
// so the attempt is still authorised and audited); details {vault, certificate}.
Operation certificateOperation(const QString& name, const QString& permission, const QString& vault,
                               const QString& certificate, const OperationContext& context);
Outcome<void> checkNames(const QString& vault, const QString& certificate);

// "VAULT/CA" → its parts; Invalid naming the expected form.
struct CaReference
{
    QString vault;
    QString name;
};
Outcome<CaReference> parseCaReference(const QString& text);

// An active certificate of an active vault: NotFound naming what is missing or deleted.
Outcome<CertificateRecord> activeCertificate(Database& db, const QString& vault, const QString& name);

// The operation of a request that makes a certificate with a new key (`cert issue`, `cert csr`):
// the key's protection defaulted to the vault's, and the details those events carry.
Operation newCertificateOperation(Database& db, const QString& name, CertificateIssueRequest* request,
                                  const QString& issuer, const OperationContext& context);

// An issuing CA: active, a CA, its current version issued (not pending), not revoked, valid now,
// with its key and key version for the engine.
struct ResolvedCa
{
    CertificateRecord ca;
    keyuse::ResolvedKey key;
};
Outcome<ResolvedCa> resolveCa(Database& db, const QString& vault, const QString& name, const QDateTime& now);

// An issued version's chain, DER, leaf first: up through the issuing Custos CAs' versions, or the
// issuers an imported certificate brought along (its stored PKCS#7 bundle). No authorisation here.
Outcome<QList<QByteArray>> chainOf(Database& db, const CertificateVersion& version, const QString& name);

// Neither a certificate nor a key is called `name` in the vault (a certificate's key takes its name).
Outcome<void> checkNameFree(Database& db, const QString& vault, const QString& name);

// ES256/ES384/ES512 by curve, RS256 for RSA.
crypto::JoseAlgorithm signatureAlgorithm(crypto::KeyKind kind, const QString& curve);
// Validates and defaults a new certificate key: EC P-256/384/521 (default P-256), RSA 2048/3072/4096.
Outcome<void> normaliseKeyShape(crypto::KeyKind kind, int* size, QString* curve, int defaultRsaBits);
// The key_ops of a certificate's key: sign/verify (EC), plus encrypt/decrypt/wrapKey/unwrapKey (RSA),
// plus export when exportable.
QStringList certificateKeyOps(crypto::KeyKind kind, bool exportable);

// What the engine step of an issuance needs and makes. The precheck fills the issuer side (on the
// database thread); the engine step (token thread) makes the key version and signs; persist reads
// the results.
struct IssuanceState
{
    keysupport::VersionShape shape; // the new key
    QString keyVersionId;
    // Renewal with reuse-key: the certified key version that exists already (no new key is made).
    std::optional<keyuse::EngineKey> existingKey;
    // A default validity (none was asked for) ends with the issuer's rather than beyond it.
    bool clampToIssuer = false;
    x509::CertificateSpec spec; // everything but the public key, which the engine step fills in
    // The issuing CA's key and certificate; unset: self-signed with the new key.
    std::optional<keyuse::EngineKey> caKey;
    QByteArray issuerCertificateDer;
    QString issuerVersionId;
    crypto::Token* token = nullptr;
    std::shared_ptr<UnsealedKeys> unsealed;
    std::shared_ptr<keyuse::HsmOperationsCache> hsm;
    // Results.
    std::shared_ptr<keysupport::VersionMaterial> material = std::make_shared<keysupport::VersionMaterial>();
    QByteArray certificateDer;
};

// The engine and undo steps: the key version (with its intent row) and the signed certificate; on a
// signing failure the new key's token objects are destroyed before the step returns.
template <typename T>
void useIssuanceEngine(Steps<T>& steps, std::shared_ptr<IssuanceState> state);
void prepareIssuance(std::shared_ptr<IssuanceState> state, keysupport::VersionEngine versionEngine,
                     std::function<Outcome<void>()>* engine, std::function<void()>* undo);

template <typename T>
void useIssuanceEngine(Steps<T>& steps, std::shared_ptr<IssuanceState> state)
{
    if (state->existingKey) {
        prepareIssuance(std::move(state), {}, &steps.engine, &steps.undoEngine);
        return;
    }
    auto versionEngine =
        keysupport::makeVersionEngine(state->token, state->shape, state->keyVersionId, state->material);
    steps.intentId = versionEngine.intentId;
    prepareIssuance(std::move(state), std::move(versionEngine), &steps.engine, &steps.undoEngine);
}

// The new key of an issuance (its version made by the version engine just before) as an engine
// key, and a signer for an engine key (ES* by curve, RS256): a CSR is signed by its own new key.
keyuse::EngineKey newIssuanceKey(const IssuanceState& state);
x509::CertificateSigner engineKeySigner(const keyuse::EngineKey& key);

// The certificate a stored policy describes (subject, SANs, profile's usages, validity from now):
// what renewal issues again. The public key and the issuer's URLs are filled in later.
Outcome<x509::CertificateSpec> specFromPolicy(const CertificatePolicy& policy, const QDateTime& now);

// Validity starts now, at whole seconds (X.509 times have no fractions).
QDateTime validityStart(const QDateTime& now);
// A fresh state: the token, the session's unsealed keys, the HSM cache and a new key version id.
std::shared_ptr<IssuanceState> newIssuanceState(ServicePath& path, std::shared_ptr<keyuse::HsmOperationsCache> hsm);
// Precheck side of an issuance from a Custos CA: the CA's key for the engine, its certificate and the
// URLs it writes into what it issues; certificates/write at the CA (using it) as well (Denied otherwise).
Outcome<void> takeIssuer(Database& db, ServicePath& path, const CaReference& ref, const QDateTime& now,
                         IssuanceState& state);

// The key row and certificate row a new CA makes (`ca create`, root, intermediate or external):
// a CA key that only signs and verifies, and the CA's policy and settings. `issuer` is what the
// policy records ("Self", "VAULT/CA", "Unknown").
KeyRecord caKeyRecord(const CaCreateRequest& request);
CertificateRecord caCertificateRecord(const CaCreateRequest& request, const QString& issuer);

// The rows a new certificate makes, in the transaction of its operation: the key from `key`
// (version 1: `state`'s key version, public part and sealed private part, expiring at
// `keyExpires`), the certificate from `certificate` and its first version `version` (its key
// version filled in). Returns the certificate with that version as current.
Outcome<CertificateRecord> insertCertificateWithKey(Database& db, const IssuanceState& state, KeyRecord key,
                                                    const QDateTime& keyExpires, CertificateRecord certificate,
                                                    CertificateVersion version, const QDateTime& now);

// Persist side of an issuance: the key row from `keyTemplate` with its version, the certificate
// row from `certificate` and its first version, from the issued DER. Adds the event's details.
Outcome<CertificateRecord> persistIssuance(Database& db, const IssuanceState& state, CertificateRecord certificate,
                                           const KeyRecord& keyTemplate, const QString& certificateVersionId,
                                           const QDateTime& now, QJsonObject& details);

} // namespace custos::model::certsupport
