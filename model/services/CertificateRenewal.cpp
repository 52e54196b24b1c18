// `cert renew`: a new version of a certificate under its stored policy, from the same issuer; a new
// key version unless the policy reuses the key. The preview shows old against new for the wizard.

#include "CertificateService.h"
#include "CertificateSupport_p.h"
#include "ServicePath.h"
#include "crypto/Random.h"
#include "crypto/x509/CertificateInfo.h"
#include "model/store/Stores.h"

namespace custos::model {

using namespace certsupport;

namespace {

// The certificate renewal works on: active, not a CA, issued (not pending), by Self or a Custos CA.
Outcome<CertificateRecord> renewable(Database& db, const QString& vault, const QString& name)
{
    auto certificate = activeCertificate(db, vault, name);
    if (!certificate)
        return certificate.error();
    if (certificate->isCa)
        return makeError(
            ErrorKind::Invalid,
            QStringLiteral("'%1' is a certificate authority: create a new CA instead of renewing it").arg(name));
    if (certificate->currentVersion.isPending())
        return makeError(
            ErrorKind::Conflict,
            QStringLiteral("certificate '%1' is pending: merge the external CA's certificate first").arg(name));
    if (auto key = KeyStore(db).find(certificate->vault, certificate->name);
        key && key.value() && key.value()->publicOnly)
        return makeError(ErrorKind::Invalid,
                         QStringLiteral("certificate '%1' was imported without its private key (a trust anchor or "
                                        "verify-only certificate): it cannot be renewed; import its successor with "
                                        "`cert import`")
                             .arg(name));
    if (certificate->policy.issuer.compare(QLatin1String("Unknown"), Qt::CaseInsensitive) == 0)
        return makeError(ErrorKind::Invalid,
                         QStringLiteral("certificate '%1' comes from an external CA: make a new CSR (`cert csr`) and "
                                        "merge the signed certificate")
                             .arg(name));
    return certificate;
}

QStringList sanTexts(const QList<x509::SubjectAltName>& sans)
{
    QStringList texts;
    for (const auto& san : sans)
        texts << x509::subjectAltNameText(san);
    return texts;
}

} // namespace

Outcome<RenewalPreview> CertificateService::previewRenewal(const QString& vault, const QString& name)
{
    auto shown = show(vault, name);
    if (!shown)
        return shown.error();
    auto certificate = renewable(m_path.database(), vault, name);
    if (!certificate)
        return certificate.error();
    auto spec = specFromPolicy(certificate->policy, m_path.now());
    if (!spec)
        return spec.error();
    RenewalPreview preview;
    preview.certificate = certificate.value();
    preview.oldNotBefore = certificate->currentVersion.notBefore;
    preview.oldNotAfter = certificate->currentVersion.notAfter;
    preview.newNotBefore = spec->notBefore;
    preview.newNotAfter = spec->notAfter;
    preview.newKey = !certificate->policy.reuseKey;
    if (auto info = x509::inspectCertificate(certificate->currentVersion.der)) {
        preview.keyDescription = info->keyDescription;
        preview.oldSubjectAltNames = sanTexts(info->subjectAltNames);
    }
    preview.newSubjectAltNames = sanTexts(spec->subjectAltNames);
    return preview;
}

QCoro::Task<Outcome<CertificateRecord>> CertificateService::renew(QString vault, QString name, OperationContext context)
{
    Operation op = certificateOperation(QStringLiteral("CertificateRenew"), kWritePermission, vault, name, context);
    const QDateTime now = m_path.now();
    const QString certificateVersionId = crypto::randomId();
    auto state = newIssuanceState(m_path, m_hsm);
    ServicePath* path = &m_path;

    // The engine needs the key's shape and the policy before the run; the precheck looks again
    // (after authorisation, so a denied operator learns nothing).
    Database& database = m_path.database();
    auto before = renewable(database, vault, name);
    std::optional<KeyRecord> key;
    if (before) {
        auto found = KeyStore(database).find(before->vault, before->name);
        if (found && found.value() && found.value()->id == before->keyId)
            key = *found.value();
        if (auto spec = specFromPolicy(before->policy, now)) {
            state->spec = spec.value();
            state->shape = keysupport::VersionShape::of(key ? *key : KeyRecord{});
        }
        op.details.insert(QStringLiteral("version"), certificateVersionId);
        op.details.insert(QStringLiteral("reuseKey"), before->policy.reuseKey);
    }
    const bool reuseKey = before && before->policy.reuseKey;

    Steps<CertificateRecord> steps;
    steps.precheck = [vault, name, key, reuseKey, state, path, now](Database& db) -> Outcome<void> {
        auto certificate = renewable(db, vault, name);
        if (!certificate)
            return certificate.error();
        if (!key || key->id != certificate->keyId)
            return makeError(ErrorKind::Failed, QStringLiteral("the key of certificate '%1' is missing").arg(name));
        if (auto spec = specFromPolicy(certificate->policy, now); !spec)
            return spec.error();
        if (reuseKey) {
            auto version = KeyStore(db).findVersion(key->id, certificate->currentVersion.keyVersionId);
            if (!version)
                return version.error();
            if (!version.value())
                return makeError(ErrorKind::Failed,
                                 QStringLiteral("the key version of certificate '%1' is missing").arg(name));
            keyuse::EngineKey existing;
            existing.token = state->token;
            existing.unsealed = state->unsealed;
            existing.hsm = state->hsm;
            existing.resolved = keyuse::ResolvedKey{*key, *version.value()};
            if (auto sealed = keyuse::loadSealed(db, existing); !sealed)
                return sealed.error();
            state->existingKey = existing;
            state->keyVersionId = version.value()->id;
        }
        const QString issuer = certificate->policy.issuer;
        if (issuer.compare(QLatin1String("Self"), Qt::CaseInsensitive) == 0)
            return {};
        auto ref = parseCaReference(issuer);
        if (!ref)
            return ref.error();
        return takeIssuer(db, *path, ref.value(), now, *state);
    };
    if (reuseKey)
        state->existingKey = keyuse::EngineKey{}; // chooses the engine without a new key; the precheck fills it in
    if (before && key)
        useIssuanceEngine(steps, state);

    steps.persist = [vault, name, state, reuseKey, certificateVersionId,
                     now](Database& db, QJsonObject& details) -> Outcome<CertificateRecord> {
        auto certificate = renewable(db, vault, name);
        if (!certificate)
            return certificate.error();
        auto info = x509::inspectCertificate(state->certificateDer);
        if (!info)
            return info.error();
        if (!reuseKey) {
            auto key = KeyStore(db).find(certificate->vault, certificate->name);
            if (!key)
                return key.error();
            if (!key.value())
                return makeError(ErrorKind::Failed, QStringLiteral("the key of certificate '%1' is missing").arg(name));
            KeyVersion keyVersion;
            keyVersion.id = state->keyVersionId;
            keyVersion.seq = key.value()->currentVersion.seq + 1;
            keyVersion.created = keyVersion.updated = now;
            keyVersion.expires = info->notAfter;
            keyVersion.publicKeyDer = state->material->publicKeyDer;
            if (auto added = KeyStore(db).insertVersion(key.value()->id, keyVersion, state->material->sealedPrivate);
                !added)
                return added.error();
        }
        CertificateVersion version;
        version.id = certificateVersionId;
        version.seq = certificate->currentVersion.seq + 1;
        version.keyVersionId = state->keyVersionId;
        version.der = state->certificateDer;
        version.serialHex = info->serialHex;
        version.notBefore = info->notBefore;
        version.notAfter = info->notAfter;
        version.issuerVersionId = state->issuerVersionId;
        version.created = now;
        auto added = CertificateStore(db).insertVersion(certificate->id, version);
        if (!added)
            return added.error();
        details.insert(QStringLiteral("serial"), info->serialHex);
        details.insert(QStringLiteral("previousVersion"), certificate->currentVersion.id);
        details.insert(QStringLiteral("notAfter"), info->notAfter.toString(Qt::ISODate));
        details.insert(QStringLiteral("keyVersion"), state->keyVersionId);
        details.insert(QStringLiteral("publicKeyFingerprint"), keysupport::fingerprint(state->material->publicKeyDer));
        CertificateRecord renewed = certificate.value();
        renewed.currentVersion = added.value();
        return renewed;
    };

    auto task = m_path.run(std::move(op), std::move(steps));
    auto outcome = co_await task;
    if (outcome)
        Q_EMIT certificatesChanged(vault);
    co_return outcome;
}

} // namespace custos::model
