// External CAs, second half: `merge` completes a pending version with the certificate an external
// CA signed, and `signRequest` lets a Custos CA sign a CSR brought from outside.

#include "CertificateService.h"
#include "CertificateSupport_p.h"
#include "ServicePath.h"
#include "crypto/x509/CertificateFiles.h"
#include "crypto/x509/CertificateInfo.h"
#include "crypto/x509/CertificateProfile.h"
#include "crypto/x509/CertificateRequest.h"
#include "crypto/x509/ChainVerification.h"
#include "model/store/IssuedCertificateStore.h"
#include "model/store/Stores.h"

namespace custos::model {

using namespace certsupport;

namespace {

constexpr int kMaxSignMonths = 600;

struct MergeState
{
    CertificateRecord certificate;
    KeyVersion keyVersion;
    QByteArray leafDer;
    x509::CertificateInfo leaf;
    QList<QByteArray> issuers; // what came with it, leaf's issuer first: kept for export
    int chainLength = 0;
};

// The leaf among the file's certificates is the one certifying the pending key; the others must
// link it up (each signed by the next), and a CA's certificate must say CA:TRUE.
Outcome<void> takeSignedCertificate(const QByteArray& file, const QDateTime& now, MergeState& state)
{
    auto read = x509::readCertificateFile(file);
    if (!read)
        return read.error();
    const QList<QByteArray>& certificates = read->certificatesDer;
    const QByteArray& publicKey = state.keyVersion.publicKeyDer;
    bool found = false;
    for (const QByteArray& der : certificates) {
        auto certifies = x509::certifiesPublicKey(der, publicKey);
        if (!certifies)
            return certifies.error();
        found = found || certifies.value();
    }
    if (!found)
        return makeError(ErrorKind::Invalid,
                         certificates.size() == 1
                             ? QStringLiteral("the certificate's public key does not match the pending CSR's key")
                             : QStringLiteral("the certificate's public key does not match the pending CSR's key: "
                                              "none of the %1 certificates in the file certifies it")
                                   .arg(certificates.size()));
    auto chain = x509::orderChain(certificates, publicKey);
    if (!chain)
        return chain.error();
    const QList<QByteArray>& ordered = chain.value();
    if (ordered.size() > 1) {
        if (auto linked = x509::verifyChain(ordered.first(), ordered.mid(1, ordered.size() - 2), {ordered.last()}, now);
            !linked)
            return linked.error();
    }
    auto info = x509::inspectCertificate(ordered.first());
    if (!info)
        return info.error();
    const QString label = QStringLiteral("%1/%2").arg(state.certificate.vault, state.certificate.name);
    if (state.certificate.isCa && !info->isCa)
        return makeError(ErrorKind::Invalid,
                         QStringLiteral("the certificate for CA %1 is not a CA certificate (basicConstraints "
                                        "CA:TRUE is missing): ask the external CA to sign the CSR as a CA")
                             .arg(label));
    if (info->notAfter <= now)
        return makeError(ErrorKind::Invalid,
                         QStringLiteral("the certificate expired on %1").arg(info->notAfter.toString(Qt::ISODate)));
    state.leafDer = ordered.first();
    state.leaf = info.value();
    state.issuers = ordered.mid(1);
    state.chainLength = int(ordered.size());
    return {};
}

// "RSA 2048" / "EC P-256" → the key kind the profile is checked against.
Outcome<crypto::KeyKind> csrKeyKind(const x509::CsrInfo& csr)
{
    if (csr.keyDescription.startsWith(QLatin1String("RSA")))
        return crypto::KeyKind::Rsa;
    if (csr.keyDescription.startsWith(QLatin1String("EC")))
        return crypto::KeyKind::Ec;
    return makeError(ErrorKind::Invalid,
                     QStringLiteral("the CSR's key is %1: expected an RSA or EC key").arg(csr.keyDescription));
}

struct SignState
{
    std::shared_ptr<IssuanceState> issuance; // the CA's key and certificate, the spec
    QString signedBy;                        // the operator, for the stored row
    QByteArray der;
};

} // namespace

QCoro::Task<Outcome<CertificateRecord>> CertificateService::merge(QString vault, QString name,
                                                                  QByteArray certificateFile, OperationContext context)
{
    Operation op = certificateOperation(QStringLiteral("CertificateMerge"), kWritePermission, vault, name, context);
    const QDateTime now = m_path.now();
    auto state = std::make_shared<MergeState>();
    ServicePath* path = &m_path;

    Steps<CertificateRecord> steps;
    steps.precheck = [vault, name, certificateFile, now, state, path](Database& db) -> Outcome<void> {
        auto certificate = activeCertificate(db, vault, name);
        if (!certificate)
            return certificate.error();
        state->certificate = certificate.value();
        const CertificateVersion& version = certificate->currentVersion;
        if (!version.isPending())
            return makeError(
                ErrorKind::Conflict,
                QStringLiteral("certificate '%1' is not pending: version %2 has its certificate already "
                               "(merge completes a CSR made by `cert csr` or `ca create --issuer external`)")
                    .arg(name, version.id));
        // Completing a CA makes it able to issue: the CA permission as for creating one.
        if (certificate->isCa && !path->isAllowed(kCaPermission, certificate->resourceId()))
            return makeError(ErrorKind::Denied, QStringLiteral("merging the certificate of CA %1/%2 needs %3 at %4")
                                                    .arg(vault, name, kCaPermission, certificate->resourceId()));
        auto keyVersion = KeyStore(db).findVersion(certificate->keyId, version.keyVersionId);
        if (!keyVersion)
            return keyVersion.error();
        if (!keyVersion.value())
            return makeError(
                ErrorKind::Failed,
                QStringLiteral("key version %1 of certificate '%2' is missing").arg(version.keyVersionId, name));
        state->keyVersion = *keyVersion.value();
        return takeSignedCertificate(certificateFile, now, *state);
    };
    steps.persist = [state, now](Database& db, QJsonObject& details) -> Outcome<CertificateRecord> {
        CertificateVersion version = state->certificate.currentVersion;
        version.der = state->leafDer;
        version.serialHex = state->leaf.serialHex;
        version.notBefore = state->leaf.notBefore;
        version.notAfter = state->leaf.notAfter;
        version.issuerVersionId.clear(); // external: no Custos CA above it
        version.chainDer.clear();
        if (!state->issuers.isEmpty()) {
            auto bundle = x509::writePkcs7Bundle(state->issuers);
            if (!bundle)
                return bundle.error();
            version.chainDer = bundle.value();
        }
        if (auto updated = CertificateStore(db).updateVersion(version); !updated)
            return updated.error();
        KeyVersion keyVersion = state->keyVersion;
        keyVersion.expires = state->leaf.notAfter;
        keyVersion.updated = now;
        if (auto updated = KeyStore(db).updateVersion(keyVersion); !updated)
            return updated.error();
        CertificateRecord certificate = state->certificate;
        certificate.updated = now;
        if (auto updated = CertificateStore(db).update(certificate); !updated)
            return updated.error();
        certificate.currentVersion = version;
        details.insert(QStringLiteral("version"), version.id);
        details.insert(QStringLiteral("serial"), state->leaf.serialHex);
        details.insert(QStringLiteral("subject"), state->leaf.subject);
        details.insert(QStringLiteral("issuer"), state->leaf.issuer);
        details.insert(QStringLiteral("notAfter"), state->leaf.notAfter.toString(Qt::ISODate));
        details.insert(QStringLiteral("sha256"), QString::fromLatin1(state->leaf.sha256Fingerprint.toHex()));
        details.insert(QStringLiteral("chainLength"), state->chainLength);
        return certificate;
    };

    auto task = m_path.run(std::move(op), std::move(steps));
    auto outcome = co_await task;
    if (outcome)
        Q_EMIT certificatesChanged(vault);
    co_return outcome;
}

QCoro::Task<Outcome<QByteArray>> CertificateService::signRequest(QString vault, QString ca, QByteArray csrFile,
                                                                 QString profile, int months, OperationContext context)
{
    // certificates/ca at the CA: what it signs is not a Custos certificate, so only CA
    // administrators (who also revoke) may put the CA's name on it.
    Operation op = certificateOperation(QStringLiteral("CertificateAuthoritySign"), kCaPermission, vault, ca, context);
    op.details.insert(QStringLiteral("profile"), profile);
    op.details.insert(QStringLiteral("months"), months);
    const QDateTime now = m_path.now();
    auto state = std::make_shared<SignState>();
    state->issuance = newIssuanceState(m_path, m_hsm);

    // Everything about the CSR is checked before the CA is touched.
    auto plan = [&]() -> Outcome<void> {
        if (auto names = checkNames(vault, ca); !names)
            return names.error();
        auto csr = x509::inspectCertificateRequest(csrFile);
        if (!csr)
            return csr.error();
        auto kind = csrKeyKind(csr.value());
        if (!kind)
            return kind.error();
        auto usages = x509::certificateProfile(profile, kind.value());
        if (!usages)
            return usages.error();
        if (months < 1 || months > kMaxSignMonths)
            return makeError(
                ErrorKind::Invalid,
                QStringLiteral("invalid validity %1 months: expected 1 to %2").arg(months).arg(kMaxSignMonths));
        const bool hasHostName =
            std::any_of(csr->subjectAltNames.cbegin(), csr->subjectAltNames.cend(),
                        [](const auto& s) { return s.kind == x509::SanKind::Dns || s.kind == x509::SanKind::Ip; });
        if (usages->extendedKeyUsages.contains(QLatin1String("serverAuth")) && !hasHostName)
            return makeError(ErrorKind::Invalid,
                             QStringLiteral("a TLS server certificate needs a dns: or ip: SAN and the CSR requests "
                                            "none: clients match the host name against SANs only"));
        x509::CertificateSpec& spec = state->issuance->spec;
        spec.subjectDer = csr->subjectDer;
        spec.subjectPublicKeyDer = csr->subjectPublicKeyDer;
        spec.subjectAltNames = csr->subjectAltNames;
        spec.keyUsages = usages->keyUsages;
        spec.extendedKeyUsages = usages->extendedKeyUsages;
        spec.notBefore = validityStart(now);
        spec.notAfter = spec.notBefore.addMonths(months);
        op.details.insert(QStringLiteral("csrSubject"), csr->subject);
        op.details.insert(QStringLiteral("publicKeyFingerprint"), keysupport::fingerprint(csr->subjectPublicKeyDer));
        return {};
    };
    const Outcome<void> planned = plan();
    ServicePath* path = &m_path;

    Steps<QByteArray> steps;
    steps.precheck = [planned, vault, ca, now, state, path](Database& db) -> Outcome<void> {
        if (!planned)
            return planned;
        state->signedBy = sessionOperatorName(path->session());
        return takeIssuer(db, *path, CaReference{vault, ca}, now, *state->issuance);
    };
    steps.engine = [state]() -> Outcome<void> {
        const IssuanceState& s = *state->issuance;
        auto issued = x509::issueCertificate(s.spec, s.issuerCertificateDer, engineKeySigner(*s.caKey));
        if (!issued)
            return issued.error();
        state->der = issued.value();
        return {};
    };
    steps.persist = [state, now](Database& db, QJsonObject& details) -> Outcome<QByteArray> {
        auto info = x509::inspectCertificate(state->der);
        if (!info)
            return info.error();
        // Not a Custos certificate (its key lives elsewhere): kept for `ca revoke`, CRLs and `ca issued`.
        ExternallySignedCertificate row;
        row.issuerVersionId = state->issuance->issuerVersionId;
        row.serialHex = info->serialHex;
        row.subject = info->subject;
        row.notBefore = info->notBefore;
        row.notAfter = info->notAfter;
        row.sha256 = QString::fromLatin1(info->sha256Fingerprint.toHex());
        row.der = state->der;
        row.created = now;
        row.createdBy = state->signedBy;
        if (auto stored = IssuedCertificateStore(db).insert(row); !stored)
            return stored.error();
        details.insert(QStringLiteral("serial"), info->serialHex);
        details.insert(QStringLiteral("subject"), info->subject);
        details.insert(QStringLiteral("notAfter"), info->notAfter.toString(Qt::ISODate));
        details.insert(QStringLiteral("sha256"), QString::fromLatin1(info->sha256Fingerprint.toHex()));
        details.insert(QStringLiteral("issuerVersion"), state->issuance->issuerVersionId);
        return state->der;
    };

    auto task = m_path.run(std::move(op), std::move(steps));
    co_return co_await task;
}

} // namespace custos::model
