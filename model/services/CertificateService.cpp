#include "CertificateService.h"

#include "CertificateSupport_p.h"
#include "KeyUse_p.h"
#include "ServicePath.h"
#include "VaultService.h"
#include "model/session/Session.h"
#include "model/store/IssuedCertificateStore.h"
#include "model/store/Stores.h"

namespace custos::model {

using namespace certsupport;

CertificateService::CertificateService(ServicePath& path, QObject* parent)
    : QObject(parent), m_path(path), m_hsm(std::make_shared<keyuse::HsmOperationsCache>())
{
    // Engine objects hold token handles of this login: drop them with it.
    auto hsm = m_hsm;
    connect(&m_path.session(), &Session::loggedOut, this, [hsm]() { hsm->clear(); });
}

CertificateService::~CertificateService() = default;

Outcome<QList<CertificateRecord>> CertificateService::list(const QString& vault, bool casOnly)
{
    Operation op;
    op.name = casOnly ? QStringLiteral("CertificateAuthorityList") : QStringLiteral("CertificateList");
    op.permission = kReadPermission;
    op.details = {{QStringLiteral("vault"), vault}};
    if (!VaultService::isValidName(vault))
        return makeError(ErrorKind::Invalid,
                         QStringLiteral("invalid vault name '%1': %2").arg(vault, VaultService::nameRule()));
    op.scope = keysupport::vaultScope(vault);
    auto active = keysupport::activeVault(m_path.database(), vault);
    if (!active) {
        // Who may not read certificates there learns nothing about the vault: the denial comes first.
        if (auto allowed = m_path.authorise(op); !allowed)
            return allowed.error();
        return active.error();
    }
    auto all = CertificateStore(m_path.database()).list(active->name, false, casOnly);
    if (!all)
        return all.error();
    QList<CertificateRecord> visible;
    const auto mayRead = m_path.allowedScopes(kReadPermission);
    for (const CertificateRecord& certificate : all.value()) {
        if (mayRead(certificate.resourceId()))
            visible << certificate;
    }
    return visible;
}

Outcome<CertificateRecord> CertificateService::show(const QString& vault, const QString& name)
{
    Operation op = certificateOperation(QStringLiteral("CertificateGet"), kReadPermission, vault, name, {});
    if (auto names = checkNames(vault, name); !names)
        return names.error();
    op.scope = op.resource;
    if (auto allowed = m_path.authorise(op); !allowed)
        return allowed.error();
    return activeCertificate(m_path.database(), vault, name);
}

Outcome<QList<CertificateVersion>> CertificateService::versions(const QString& vault, const QString& name)
{
    auto certificate = show(vault, name);
    if (!certificate)
        return certificate.error();
    return CertificateStore(m_path.database()).versions(certificate->id);
}

Outcome<QList<ExternallySignedCertificate>> CertificateService::issuedFor(const QString& vault, const QString& ca)
{
    auto found = show(vault, ca);
    if (!found)
        return found.error();
    if (!found->isCa)
        return makeError(ErrorKind::Invalid,
                         QStringLiteral("%1/%2 is not a certificate authority: only a CA signs CSRs").arg(vault, ca));
    return IssuedCertificateStore(m_path.database()).issuedBy(found->id, false);
}

Outcome<QList<QByteArray>> CertificateService::chain(const QString& vault, const QString& name,
                                                     const QString& versionId)
{
    auto certificate = show(vault, name);
    if (!certificate)
        return certificate.error();
    CertificateStore store(m_path.database());
    CertificateVersion version = certificate->currentVersion;
    if (!versionId.isEmpty()) {
        auto found = store.findVersion(versionId);
        if (!found)
            return found.error();
        auto owner = store.findByVersion(versionId);
        if (!owner)
            return owner.error();
        if (!found.value() || !owner.value() || owner.value()->id != certificate->id)
            return makeError(ErrorKind::NotFound,
                             QStringLiteral("certificate '%1' has no version %2").arg(name, versionId));
        version = *found.value();
    }
    if (version.isPending())
        return makeError(ErrorKind::Conflict,
                         QStringLiteral("certificate '%1' is pending: its CSR waits for the external CA's "
                                        "certificate (`cert merge`)")
                             .arg(name));
    return chainOf(m_path.database(), version, name);
}

} // namespace custos::model
