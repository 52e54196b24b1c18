// Revocation and CRLs of a Custos CA (certificates/ca at the CA).

#include "CertificateService.h"
#include "CertificateSupport_p.h"
#include "ServicePath.h"
#include "crypto/x509/CertificateInfo.h"
#include "crypto/x509/RevocationList.h"
#include "model/session/Session.h"
#include "model/session/Workspace.h"
#include "model/store/IssuedCertificateStore.h"
#include "model/store/Stores.h"

#include <QRegularExpression>

namespace custos::model {

using namespace certsupport;

namespace {

// "0A:1B:..." or "0a1b..." → "0A1B..." without leading zero bytes, as CertificateInfo prints it.
Outcome<QString> normaliseSerial(QString text)
{
    text.remove(QLatin1Char(':'));
    static const QRegularExpression hex(QStringLiteral("^[0-9A-Fa-f]{1,40}$"));
    if (!hex.match(text).hasMatch())
        return makeError(
            ErrorKind::Invalid,
            QStringLiteral("invalid serial '%1': expected hexadecimal, e.g. 4F1A09 (as `cert show` prints it)")
                .arg(text));
    if (text.size() % 2)
        text.prepend(QLatin1Char('0'));
    while (text.size() > 2 && text.startsWith(QLatin1String("00")))
        text.remove(0, 2);
    return text.toUpper();
}

// The serial is a Custos certificate's version or a certificate signed through `ca sign-csr`.
struct RevokeState
{
    CertificateVersion target;
    std::optional<ExternallySignedCertificate> signedForCsr;
    QString caResource;
};

x509::RevokedCertificate crlEntry(const QString& serialHex, const QDateTime& revoked, const QString& reasonName)
{
    x509::RevokedCertificate entry;
    entry.serial = QByteArray::fromHex(serialHex.toLatin1());
    entry.revokedAt = revoked;
    auto reason = x509::parseRevocationReason(reasonName);
    entry.reason = reason ? reason.value() : x509::RevocationReason::Unspecified;
    return entry;
}

struct CrlState
{
    keyuse::EngineKey caKey;
    CertificateRecord ca;
    x509::CrlSpec spec;
    QByteArray der;
};

} // namespace

QCoro::Task<Outcome<CertificateVersion>> CertificateService::revoke(QString vault, QString caName, QString serialHex,
                                                                    QString reason, OperationContext context)
{
    Operation op = certificateOperation(QStringLiteral("CertificateRevoke"), kCaPermission, vault, caName, context);
    op.details.insert(QStringLiteral("serial"), serialHex);
    if (reason.isEmpty())
        reason = QStringLiteral("unspecified");
    op.details.insert(QStringLiteral("revocationReason"), reason);
    auto serial = normaliseSerial(serialHex);
    auto parsedReason = x509::parseRevocationReason(reason);
    const QDateTime now = m_path.now();
    auto state = std::make_shared<RevokeState>();

    Steps<CertificateVersion> steps;
    steps.precheck = [vault, caName, serial, parsedReason, state](Database& db) -> Outcome<void> {
        if (!serial)
            return serial.error();
        if (!parsedReason)
            return parsedReason.error();
        auto ca = activeCertificate(db, vault, caName);
        if (!ca)
            return ca.error();
        if (!ca->isCa)
            return makeError(ErrorKind::Invalid,
                             QStringLiteral("%1/%2 is not a certificate authority: revoke at the CA that issued it")
                                 .arg(vault, caName));
        auto issued = CertificateStore(db).issuedBy(ca->id, false);
        if (!issued)
            return issued.error();
        for (const CertificateVersion& version : issued.value()) {
            if (version.serialHex.compare(serial.value(), Qt::CaseInsensitive) != 0)
                continue;
            if (version.isRevoked())
                return makeError(
                    ErrorKind::Conflict,
                    QStringLiteral("serial %1 is already revoked (%2)").arg(serial.value(), version.revocationReason));
            state->target = version;
            return {};
        }
        // Signed for a CSR from outside, by this or an earlier version of the CA (as above).
        auto signedForCsr = IssuedCertificateStore(db).issuedBy(ca->id, false);
        if (!signedForCsr)
            return signedForCsr.error();
        for (const ExternallySignedCertificate& certificate : signedForCsr.value()) {
            if (certificate.serialHex.compare(serial.value(), Qt::CaseInsensitive) != 0)
                continue;
            if (certificate.isRevoked())
                return makeError(ErrorKind::Conflict, QStringLiteral("serial %1 is already revoked (%2)")
                                                          .arg(serial.value(), certificate.revocationReason));
            state->signedForCsr = certificate;
            state->caResource = ca->resourceId();
            return {};
        }
        return makeError(
            ErrorKind::NotFound,
            QStringLiteral("CA %1/%2 issued no certificate with serial %3").arg(vault, caName, serial.value()));
    };
    const QString reasonName = parsedReason ? x509::revocationReasonName(parsedReason.value()) : reason;
    steps.persist = [state, now, reasonName](Database& db, QJsonObject& details) -> Outcome<CertificateVersion> {
        if (state->signedForCsr) {
            ExternallySignedCertificate certificate = *state->signedForCsr;
            certificate.revoked = now;
            certificate.revocationReason = reasonName;
            if (auto updated = IssuedCertificateStore(db).markRevoked(certificate); !updated)
                return updated.error();
            details.insert(QStringLiteral("revokedCertificate"),
                           state->caResource + QStringLiteral("/issued/") + certificate.serialHex);
            // Told apart from a Custos certificate's version by its empty id.
            CertificateVersion revoked;
            revoked.serialHex = certificate.serialHex;
            revoked.der = certificate.der;
            revoked.notBefore = certificate.notBefore;
            revoked.notAfter = certificate.notAfter;
            revoked.issuerVersionId = certificate.issuerVersionId;
            revoked.created = certificate.created;
            revoked.revoked = now;
            revoked.revocationReason = reasonName;
            return revoked;
        }
        CertificateVersion version = state->target;
        version.revoked = now;
        version.revocationReason = reasonName;
        if (auto updated = CertificateStore(db).updateVersion(version); !updated)
            return updated.error();
        auto owner = CertificateStore(db).findByVersion(version.id);
        if (owner && owner.value())
            details.insert(QStringLiteral("revokedCertificate"),
                           CertificateRecord::versionResourceId(owner.value()->vault, owner.value()->name, version.id));
        return version;
    };

    auto task = m_path.run(std::move(op), std::move(steps));
    auto outcome = co_await task;
    if (outcome)
        Q_EMIT certificatesChanged(vault);
    co_return outcome;
}

QCoro::Task<Outcome<QByteArray>> CertificateService::issueCrl(QString vault, QString caName, OperationContext context)
{
    Operation op =
        certificateOperation(QStringLiteral("CertificateAuthorityCrlIssue"), kCaPermission, vault, caName, context);
    const QDateTime now = QDateTime::fromSecsSinceEpoch(m_path.now().toSecsSinceEpoch(), Qt::UTC);
    auto state = std::make_shared<CrlState>();
    state->caKey.token = m_path.workspace().token();
    state->caKey.unsealed = m_path.session().sharedUnsealedKeys();
    state->caKey.hsm = m_hsm;

    Steps<QByteArray> steps;
    steps.precheck = [vault, caName, now, state](Database& db) -> Outcome<void> {
        auto resolved = resolveCa(db, vault, caName, now);
        if (!resolved)
            return resolved.error();
        state->ca = resolved->ca;
        state->caKey.resolved = resolved->key;
        if (auto sealed = keyuse::loadSealed(db, state->caKey); !sealed)
            return sealed.error();
        auto revoked = CertificateStore(db).issuedBy(resolved->ca.id, true);
        if (!revoked)
            return revoked.error();
        for (const CertificateVersion& version : revoked.value())
            state->spec.revoked << crlEntry(version.serialHex, version.revoked, version.revocationReason);
        auto revokedForCsrs = IssuedCertificateStore(db).issuedBy(resolved->ca.id, true);
        if (!revokedForCsrs)
            return revokedForCsrs.error();
        for (const ExternallySignedCertificate& certificate : revokedForCsrs.value())
            state->spec.revoked << crlEntry(certificate.serialHex, certificate.revoked, certificate.revocationReason);
        state->spec.crlNumber = resolved->ca.ca.crlNumber + 1;
        state->spec.thisUpdate = now;
        state->spec.nextUpdate = now.addDays(resolved->ca.ca.crlDays);
        return {};
    };
    steps.engine = [state]() -> Outcome<void> {
        const auto algorithm = signatureAlgorithm(state->caKey.resolved.key.kty, state->caKey.resolved.key.curve);
        x509::CertificateSigner signer;
        signer.algorithm = algorithm;
        const keyuse::EngineKey key = state->caKey;
        signer.sign = [key, algorithm](const QByteArray& data) {
            return keyuse::sign(key, algorithm, data, false, SignatureFormat::Raw);
        };
        auto der = x509::issueRevocationList(state->spec, state->ca.currentVersion.der, signer);
        if (!der)
            return der.error();
        state->der = der.value();
        return {};
    };
    steps.persist = [state, now](Database& db, QJsonObject& details) -> Outcome<QByteArray> {
        CertificateRecord ca = state->ca;
        ca.ca.crlNumber = state->spec.crlNumber;
        ca.ca.crlNextUpdate = state->spec.nextUpdate;
        ca.updated = now;
        if (auto updated = CertificateStore(db).update(ca); !updated)
            return updated.error();
        details.insert(QStringLiteral("crlNumber"), state->spec.crlNumber);
        details.insert(QStringLiteral("revokedCount"), state->spec.revoked.size());
        details.insert(QStringLiteral("nextUpdate"), state->spec.nextUpdate.toString(Qt::ISODate));
        return state->der;
    };

    auto task = m_path.run(std::move(op), std::move(steps));
    auto outcome = co_await task;
    if (outcome)
        Q_EMIT certificatesChanged(vault);
    co_return outcome;
}

} // namespace custos::model
