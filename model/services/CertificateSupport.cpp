#include "CertificateSupport_p.h"

#include "CertificateService.h"

#include "KeyService.h"
#include "VaultService.h"
#include "crypto/Random.h"
#include "crypto/x509/CertificateFiles.h"
#include "crypto/x509/CertificateInfo.h"
#include "crypto/x509/CertificateProfile.h"
#include "crypto/x509/DistinguishedName.h"
#include "model/session/Session.h"
#include "model/session/Workspace.h"
#include "model/store/Stores.h"

#include <QJsonArray>

namespace custos::model::certsupport {

using crypto::JoseAlgorithm;
using crypto::KeyKind;

Operation certificateOperation(const QString& name, const QString& permission, const QString& vault,
                               const QString& certificate, const OperationContext& context)
{
    Operation op;
    op.name = name;
    op.permission = permission;
    op.context = context;
    op.resource = CertificateRecord::certificateResourceId(vault, certificate);
    if (!VaultService::isValidName(vault))
        op.scope = QStringLiteral("/");
    else if (!KeyService::isValidName(certificate))
        op.scope = keysupport::vaultScope(vault);
    else
        op.scope = op.resource;
    op.details = {{QStringLiteral("vault"), vault}, {QStringLiteral("certificate"), certificate}};
    return op;
}

Operation newCertificateOperation(Database& db, const QString& name, CertificateIssueRequest* request,
                                  const QString& issuer, const OperationContext& context)
{
    if (!request->protection && VaultService::isValidName(request->vault)) {
        auto vault = VaultStore(db).find(request->vault);
        request->protection = vault && vault.value() ? vault.value()->protection : Protection::Hsm;
    }
    Operation op = certificateOperation(name, kWritePermission, request->vault, request->name, context);
    op.details.insert(QStringLiteral("issuer"), issuer);
    op.details.insert(QStringLiteral("profile"), request->profile);
    op.details.insert(QStringLiteral("kty"), keyTypeName(request->kty));
    op.details.insert(QStringLiteral("protection"), protectionName(request->protection.value_or(Protection::Hsm)));
    op.details.insert(QStringLiteral("subjectAltNames"), QJsonArray::fromStringList(request->subjectAltNames));
    return op;
}

Outcome<void> checkNames(const QString& vault, const QString& certificate)
{
    if (!VaultService::isValidName(vault))
        return makeError(
            ErrorKind::Invalid,
            QStringLiteral("invalid vault name '%1': expected 3-24 letters, digits and dashes").arg(vault));
    if (!KeyService::isValidName(certificate))
        return makeError(
            ErrorKind::Invalid,
            QStringLiteral("invalid certificate name '%1': expected %2").arg(certificate, KeyService::nameRule()));
    return {};
}

Outcome<CaReference> parseCaReference(const QString& text)
{
    const QStringList parts = text.split(QLatin1Char('/'));
    if (parts.size() != 2 || parts[0].isEmpty() || parts[1].isEmpty())
        return makeError(ErrorKind::Invalid,
                         QStringLiteral("invalid CA '%1': expected VAULT/CA, e.g. pki/issuing").arg(text));
    if (auto names = checkNames(parts[0], parts[1]); !names)
        return names.error();
    return CaReference{parts[0], parts[1]};
}

Outcome<CertificateRecord> activeCertificate(Database& db, const QString& vault, const QString& name)
{
    if (auto names = checkNames(vault, name); !names)
        return names.error();
    auto active = keysupport::activeVault(db, vault);
    if (!active)
        return active.error();
    auto found = CertificateStore(db).find(active->name, name);
    if (!found)
        return found.error();
    if (!found.value())
        return makeError(ErrorKind::NotFound,
                         QStringLiteral("certificate '%1' not found in vault '%2'").arg(name, active->name));
    if (found.value()->isDeleted())
        return makeError(ErrorKind::NotFound,
                         QStringLiteral("certificate '%1' in vault '%2' is deleted").arg(name, active->name));
    return *found.value();
}

Outcome<ResolvedCa> resolveCa(Database& db, const QString& vault, const QString& name, const QDateTime& now)
{
    auto found = activeCertificate(db, vault, name);
    if (!found)
        return makeError(found.error().kind, QStringLiteral("CA %1/%2: %3").arg(vault, name, found.error().message));
    const CertificateRecord& ca = found.value();
    const QString label = QStringLiteral("%1/%2").arg(ca.vault, ca.name);
    if (!ca.isCa)
        return makeError(
            ErrorKind::Invalid,
            QStringLiteral("%1 is a certificate, not a certificate authority (see `ca list %2`)").arg(label, ca.vault));
    const CertificateVersion& version = ca.currentVersion;
    if (version.isPending())
        return makeError(
            ErrorKind::Conflict,
            QStringLiteral("CA %1 is waiting for its signed certificate: merge it first (`ca merge`)").arg(label));
    if (version.isRevoked())
        return makeError(ErrorKind::Conflict,
                         QStringLiteral("CA %1 is revoked (%2)").arg(label, version.revocationReason));
    if (version.notAfter.isValid() && version.notAfter <= now)
        return makeError(ErrorKind::Conflict,
                         QStringLiteral("CA %1 expired on %2").arg(label, version.notAfter.toString(Qt::ISODate)));
    auto key = KeyStore(db).find(ca.vault, ca.name);
    if (!key)
        return key.error();
    if (!key.value() || key.value()->id != ca.keyId)
        return makeError(ErrorKind::Failed, QStringLiteral("the key of CA %1 is missing").arg(label));
    auto keyVersion = KeyStore(db).findVersion(ca.keyId, version.keyVersionId);
    if (!keyVersion)
        return keyVersion.error();
    if (!keyVersion.value())
        return makeError(ErrorKind::Failed,
                         QStringLiteral("key version %1 of CA %2 is missing").arg(version.keyVersionId, label));
    return ResolvedCa{ca, keyuse::ResolvedKey{*key.value(), *keyVersion.value()}};
}

Outcome<QList<QByteArray>> chainOf(Database& db, const CertificateVersion& version, const QString& name)
{
    CertificateStore store(db);
    QList<QByteArray> chain{version.der};
    // Up through the issuing Custos CAs; a loop guard in case the rows were edited by hand. The
    // last version reached (imported, or merged from an external CA) may have brought its issuers
    // along, stored as a PKCS#7 bundle: a leaf of an externally signed intermediate ends at the
    // external root too.
    CertificateVersion top = version;
    while (!top.issuerVersionId.isEmpty() && chain.size() < 16) {
        auto next = store.findVersion(top.issuerVersionId);
        if (!next)
            return next.error();
        if (!next.value())
            return makeError(
                ErrorKind::Failed,
                QStringLiteral("the issuer version %1 of certificate '%2' is missing").arg(top.issuerVersionId, name));
        top = *next.value();
        chain << top.der;
    }
    if (!top.chainDer.isEmpty()) {
        auto stored = x509::readCertificateFile(top.chainDer);
        if (!stored)
            return makeError(ErrorKind::Failed, QStringLiteral("the stored chain of certificate '%1' is unreadable: %2")
                                                    .arg(name, stored.error().message));
        chain << stored->certificatesDer;
    }
    return chain;
}

Outcome<void> checkNameFree(Database& db, const QString& vault, const QString& name)
{
    auto certificate = CertificateStore(db).find(vault, name);
    if (!certificate)
        return certificate.error();
    if (certificate.value())
        return makeError(ErrorKind::Conflict,
                         certificate.value()->isDeleted()
                             ? QStringLiteral("certificate '%1' in vault '%2' is deleted and its name is reserved "
                                              "until it is purged")
                                   .arg(certificate.value()->name, vault)
                             : QStringLiteral("certificate '%1' already exists in vault '%2'")
                                   .arg(certificate.value()->name, vault));
    auto key = KeyStore(db).find(vault, name);
    if (!key)
        return key.error();
    if (key.value())
        return makeError(ErrorKind::Conflict,
                         QStringLiteral("a key named '%1' exists in vault '%2': a certificate's key takes the "
                                        "certificate's name, choose another name")
                             .arg(key.value()->name, vault));
    return {};
}

JoseAlgorithm signatureAlgorithm(KeyKind kind, const QString& curve)
{
    if (kind == KeyKind::Rsa)
        return JoseAlgorithm::Rs256;
    if (curve == QLatin1String("P-384"))
        return JoseAlgorithm::Es384;
    if (curve == QLatin1String("P-521"))
        return JoseAlgorithm::Es512;
    return JoseAlgorithm::Es256;
}

Outcome<void> normaliseKeyShape(KeyKind kind, int* size, QString* curve, int defaultRsaBits)
{
    if (kind == KeyKind::Ec) {
        if (*size != 0)
            return makeError(ErrorKind::Invalid, QStringLiteral("an EC key takes a curve, not a size: expected "
                                                                "--curve P-256, P-384 or P-521"));
        if (curve->isEmpty())
            *curve = QStringLiteral("P-256");
        static const QStringList curves{QStringLiteral("P-256"), QStringLiteral("P-384"), QStringLiteral("P-521")};
        if (!curves.contains(*curve))
            return makeError(ErrorKind::Invalid,
                             QStringLiteral("unknown curve '%1': expected P-256, P-384 or P-521").arg(*curve));
        return {};
    }
    if (kind == KeyKind::Rsa) {
        if (!curve->isEmpty())
            return makeError(
                ErrorKind::Invalid,
                QStringLiteral("an RSA key takes a size, not a curve: expected --size 2048, 3072 or 4096"));
        if (*size == 0)
            *size = defaultRsaBits;
        if (*size != 2048 && *size != 3072 && *size != 4096)
            return makeError(
                ErrorKind::Invalid,
                QStringLiteral("invalid size %1 for an RSA key: expected 2048, 3072 or 4096 bits").arg(*size));
        return {};
    }
    return makeError(ErrorKind::Invalid,
                     QStringLiteral("a certificate needs an RSA or EC key: expected --kty RSA or --kty EC"));
}

QStringList certificateKeyOps(KeyKind kind, bool exportable)
{
    QStringList ops{QStringLiteral("sign"), QStringLiteral("verify")};
    if (kind == KeyKind::Rsa)
        ops << QStringLiteral("encrypt") << QStringLiteral("decrypt") << QStringLiteral("wrapKey")
            << QStringLiteral("unwrapKey");
    if (exportable)
        ops << QStringLiteral("export");
    return ops;
}

namespace {

x509::CertificateSigner signerFor(const keyuse::EngineKey& key, JoseAlgorithm algorithm)
{
    x509::CertificateSigner signer;
    signer.algorithm = algorithm;
    signer.sign = [key, algorithm](const QByteArray& data) {
        return keyuse::sign(key, algorithm, data, false, SignatureFormat::Raw);
    };
    return signer;
}

// The new key as an engine key: its version made by the version engine just before.
keyuse::EngineKey newKeyAsEngineKey(const IssuanceState& state)
{
    keyuse::EngineKey key;
    key.token = state.token;
    key.unsealed = state.unsealed;
    key.hsm = state.hsm;
    key.resolved.key.name = state.shape.name;
    key.resolved.key.vault = state.shape.vault;
    key.resolved.key.kty = state.shape.kind;
    key.resolved.key.size = state.shape.size;
    key.resolved.key.curve = state.shape.curve;
    key.resolved.key.protection = state.shape.protection;
    key.resolved.version.id = state.keyVersionId;
    key.resolved.version.publicKeyDer = state.material->publicKeyDer;
    key.sealed = state.material->sealedPrivate;
    return key;
}

} // namespace

void prepareIssuance(std::shared_ptr<IssuanceState> state, keysupport::VersionEngine versionEngine,
                     std::function<Outcome<void>()>* engine, std::function<void()>* undo)
{
    auto makeKey = versionEngine.engine;
    auto undoKey = versionEngine.undo;
    *undo = undoKey;
    *engine = [state, makeKey, undoKey]() -> Outcome<void> {
        if (makeKey) {
            if (auto made = makeKey(); !made)
                return made;
        } else {
            state->material->publicKeyDer = state->existingKey->resolved.version.publicKeyDer;
        }
        x509::CertificateSpec spec = state->spec;
        spec.subjectPublicKeyDer = state->material->publicKeyDer;
        const keyuse::EngineKey signingKey =
            state->caKey ? *state->caKey : (state->existingKey ? *state->existingKey : newKeyAsEngineKey(*state));
        const JoseAlgorithm algorithm = signatureAlgorithm(signingKey.resolved.key.kty, signingKey.resolved.key.curve);
        auto issued = x509::issueCertificate(spec, state->issuerCertificateDer, signerFor(signingKey, algorithm));
        if (!issued) {
            if (undoKey)
                undoKey(); // the step leaves no token objects behind on failure
            return issued.error();
        }
        state->certificateDer = issued.value();
        return {};
    };
}

KeyRecord caKeyRecord(const CaCreateRequest& request)
{
    KeyRecord key;
    key.name = request.name;
    key.vault = request.vault;
    key.kty = request.kty;
    key.size = request.kty == KeyKind::Ec ? 0 : request.size;
    key.curve = request.curve;
    key.protection = request.protection.value_or(Protection::Hsm);
    key.keyOps = {QStringLiteral("sign"), QStringLiteral("verify")};
    key.isCaKey = true;
    return key;
}

CertificateRecord caCertificateRecord(const CaCreateRequest& request, const QString& issuer)
{
    CertificateRecord certificate;
    certificate.vault = request.vault;
    certificate.name = request.name;
    certificate.isCa = true;
    certificate.policy.issuer = issuer;
    certificate.policy.profile = QStringLiteral("ca");
    certificate.policy.subject = request.subject;
    certificate.policy.kty = request.kty;
    certificate.policy.size = request.kty == KeyKind::Ec ? 0 : request.size;
    certificate.policy.curve = request.curve;
    certificate.policy.protection = request.protection.value_or(Protection::Hsm);
    certificate.policy.validityMonths = request.months;
    certificate.ca.pathLength = request.pathLength;
    certificate.ca.permittedDnsSubtrees = request.permittedDnsSubtrees;
    certificate.ca.crlUrl = request.crlUrl;
    certificate.ca.aiaUrl = request.aiaUrl;
    certificate.ca.crlDays = request.crlDays;
    return certificate;
}

Outcome<CertificateRecord> insertCertificateWithKey(Database& db, const IssuanceState& state, KeyRecord key,
                                                    const QDateTime& keyExpires, CertificateRecord certificate,
                                                    CertificateVersion version, const QDateTime& now)
{
    key.created = key.updated = now;
    auto insertedKey = KeyStore(db).insert(key);
    if (!insertedKey)
        return insertedKey.error();
    KeyVersion keyVersion;
    keyVersion.id = state.keyVersionId;
    keyVersion.seq = 1;
    keyVersion.created = keyVersion.updated = now;
    keyVersion.expires = keyExpires;
    keyVersion.publicKeyDer = state.material->publicKeyDer;
    if (auto added = KeyStore(db).insertVersion(insertedKey->id, keyVersion, state.material->sealedPrivate); !added)
        return added.error();
    certificate.keyId = insertedKey->id;
    certificate.created = certificate.updated = now;
    auto inserted = CertificateStore(db).insert(certificate);
    if (!inserted)
        return inserted.error();
    version.seq = 1;
    version.keyVersionId = state.keyVersionId;
    version.created = now;
    auto added = CertificateStore(db).insertVersion(inserted->id, version);
    if (!added)
        return added.error();
    CertificateRecord created = inserted.value();
    created.currentVersion = added.value();
    return created;
}

Outcome<CertificateRecord> persistIssuance(Database& db, const IssuanceState& state, CertificateRecord certificate,
                                           const KeyRecord& keyTemplate, const QString& certificateVersionId,
                                           const QDateTime& now, QJsonObject& details)
{
    auto info = x509::inspectCertificate(state.certificateDer);
    if (!info)
        return info.error();
    CertificateVersion version;
    version.id = certificateVersionId;
    version.der = state.certificateDer;
    version.serialHex = info->serialHex;
    version.notBefore = info->notBefore;
    version.notAfter = info->notAfter;
    version.issuerVersionId = state.issuerVersionId;
    auto created = insertCertificateWithKey(db, state, keyTemplate, info->notAfter, certificate, version, now);
    if (!created)
        return created.error();
    details.insert(QStringLiteral("serial"), info->serialHex);
    details.insert(QStringLiteral("subject"), info->subject);
    details.insert(QStringLiteral("issuer"), info->issuer);
    details.insert(QStringLiteral("notAfter"), info->notAfter.toString(Qt::ISODate));
    details.insert(QStringLiteral("sha256"), QString::fromLatin1(info->sha256Fingerprint.toHex()));
    details.insert(QStringLiteral("keyVersion"), state.keyVersionId);
    details.insert(QStringLiteral("publicKeyFingerprint"), keysupport::fingerprint(state.material->publicKeyDer));
    return created;
}

keyuse::EngineKey newIssuanceKey(const IssuanceState& state)
{
    return newKeyAsEngineKey(state);
}

x509::CertificateSigner engineKeySigner(const keyuse::EngineKey& key)
{
    return signerFor(key, signatureAlgorithm(key.resolved.key.kty, key.resolved.key.curve));
}

Outcome<x509::CertificateSpec> specFromPolicy(const CertificatePolicy& policy, const QDateTime& now)
{
    x509::CertificateSpec spec;
    auto subject = x509::parseDistinguishedName(policy.subject);
    if (!subject)
        return subject.error();
    spec.subjectDer = subject.value();
    for (const QString& text : policy.subjectAltNames) {
        auto san = x509::parseSubjectAltName(text);
        if (!san)
            return san.error();
        spec.subjectAltNames << san.value();
    }
    auto profile = x509::certificateProfile(policy.profile, policy.kty, policy.keyUsages, policy.extendedKeyUsages);
    if (!profile)
        return profile.error();
    spec.keyUsages = profile->keyUsages;
    spec.extendedKeyUsages = profile->extendedKeyUsages;
    spec.notBefore = validityStart(now);
    spec.notAfter = spec.notBefore.addMonths(policy.validityMonths);
    return spec;
}

// Validity starts now, at whole seconds (X.509 times have no fractions).
QDateTime validityStart(const QDateTime& now)
{
    return QDateTime::fromSecsSinceEpoch(now.toSecsSinceEpoch(), Qt::UTC);
}

// Precheck side of an issuance from a Custos CA: the CA's key for the engine, its certificate, and
// the URLs it writes into what it issues; certificates/write at the CA (using it) as well.
Outcome<void> takeIssuer(Database& db, ServicePath& path, const CaReference& ref, const QDateTime& now,
                         IssuanceState& state)
{
    auto ca = resolveCa(db, ref.vault, ref.name, now);
    if (!ca)
        return ca.error();
    const QString caScope = ca->ca.resourceId();
    if (!path.isAllowed(kWritePermission, caScope))
        return makeError(ErrorKind::Denied, QStringLiteral("issuing from CA %1/%2 needs %3 at %4")
                                                .arg(ca->ca.vault, ca->ca.name, kWritePermission, caScope));
    keyuse::EngineKey key;
    key.token = state.token;
    key.unsealed = state.unsealed;
    key.hsm = state.hsm;
    key.resolved = ca->key;
    if (auto sealed = keyuse::loadSealed(db, key); !sealed)
        return sealed.error();
    state.caKey = key;
    state.issuerCertificateDer = ca->ca.currentVersion.der;
    if (state.clampToIssuer && state.spec.notAfter > ca->ca.currentVersion.notAfter)
        state.spec.notAfter = ca->ca.currentVersion.notAfter;
    state.issuerVersionId = ca->ca.currentVersion.id;
    state.spec.crlDistributionPoint = ca->ca.ca.crlUrl;
    state.spec.caIssuersUrl = ca->ca.ca.aiaUrl;
    return {};
}

std::shared_ptr<IssuanceState> newIssuanceState(ServicePath& path, std::shared_ptr<keyuse::HsmOperationsCache> hsm)
{
    auto state = std::make_shared<IssuanceState>();
    state->token = path.workspace().token();
    state->unsealed = path.session().sharedUnsealedKeys();
    state->hsm = std::move(hsm);
    state->keyVersionId = crypto::randomId();
    return state;
}

} // namespace custos::model::certsupport
