#include "CertificateActions.h"

#include "model/session/ServiceHost.h"
#include "ui/actions/MakeAction.h"

#include <QAction>
#include <QDateTime>
#include <QKeySequence>

namespace custos::ui {

namespace {

// ROLES.md: certificates/write covers issue, renew, csr, merge and import; certificates/ca revokes.
const QString kWrite = QStringLiteral("certificates/write");
const QString kRead = QStringLiteral("certificates/read");
const QString kCa = QStringLiteral("certificates/ca");
const QString kDelete = QStringLiteral("certificates/delete");
const QString kRecover = QStringLiteral("certificates/deletedCertificates/recover");
const QString kPurge = QStringLiteral("certificates/deletedCertificates/delete");
const QString kReadDeleted = QStringLiteral("certificates/deletedCertificates/read");

} // namespace

CertificateActions::CertificateActions(model::ServiceHost& host, QObject* parent) : QObject(parent), m_host(host)
{
    // Ctrl+Alt: the vault actions hold the plain shortcuts and the key actions Ctrl(+Shift).
    m_newCertificate =
        makeAction(this, tr("New &Certificate…"), "newCertificateAction", QKeySequence(Qt::CTRL | Qt::ALT | Qt::Key_N),
                   tr("Issue a certificate in the selected vault, or make a CSR for an external CA"));
    m_renewCertificate =
        makeAction(this, tr("Re&new…"), "renewCertificateAction", QKeySequence(Qt::CTRL | Qt::ALT | Qt::Key_R),
                   tr("Renew the selected certificates under their policies, old and new compared first"));
    m_importCertificate =
        makeAction(this, tr("&Import…"), "importCertificateAction", QKeySequence(Qt::CTRL | Qt::ALT | Qt::Key_I),
                   tr("Import a certificate with its chain and key from PEM, DER, PKCS#7 or PKCS#12"));
    m_exportCertificate =
        makeAction(this, tr("&Export…"), "exportCertificateAction", QKeySequence(Qt::CTRL | Qt::ALT | Qt::Key_E),
                   tr("Write the selected certificate as PEM, DER, its chain, or PKCS#12 with its key"));
    m_revokeCertificate =
        makeAction(this, tr("Re&voke…"), "revokeCertificateAction", QKeySequence(Qt::CTRL | Qt::ALT | Qt::Key_V),
                   tr("Revoke the selected certificate at the Custos CA that issued it"));
    m_deleteCertificate = makeAction(this, tr("&Delete Certificate…"), "deleteCertificateAction",
                                     QKeySequence(Qt::CTRL | Qt::ALT | Qt::Key_D),
                                     tr("Soft-delete the selected certificate and its key; recoverable for the "
                                        "vault's retention"));
    m_recoverCertificate =
        makeAction(this, tr("Rec&over Certificate"), "recoverCertificateAction",
                   QKeySequence(Qt::CTRL | Qt::ALT | Qt::Key_C), tr("Recover the selected deleted certificate"));
    m_purgeCertificate = makeAction(this, tr("&Purge Certificate…"), "purgeCertificateAction",
                                    QKeySequence(Qt::CTRL | Qt::ALT | Qt::Key_P),
                                    tr("Permanently destroy the selected deleted certificate and its key"));
    m_showDeleted =
        makeAction(this, tr("Show Deleted Cer&tificates"), "showDeletedCertificatesAction",
                   QKeySequence(Qt::CTRL | Qt::ALT | Qt::Key_S), tr("List the vault's deleted certificates"));
    m_showDeleted->setCheckable(true);
    m_dueActions = makeAction(this, tr("Due Certificate &Actions…"), "dueCertificateActionsAction",
                              QKeySequence(Qt::CTRL | Qt::ALT | Qt::Key_U),
                              tr("List the renewals, notifications and CRLs the certificates have made due"));
    connect(&m_host, &model::ServiceHost::accessChanged, this, &CertificateActions::updateEnabled);
    updateEnabled();
}

QList<QAction*> CertificateActions::all() const
{
    return {m_newCertificate,    m_renewCertificate,   m_importCertificate, m_exportCertificate, m_revokeCertificate,
            m_deleteCertificate, m_recoverCertificate, m_purgeCertificate,  m_showDeleted,       m_dueActions};
}

QList<QAction*> CertificateActions::applicable() const
{
    if (m_selection.isEmpty())
        return {m_newCertificate, m_importCertificate, m_showDeleted};
    if (m_selection.first().isDeleted())
        return {m_recoverCertificate, m_purgeCertificate, m_showDeleted};
    if (m_selection.size() > 1)
        return {m_renewCertificate, m_newCertificate};
    QList<QAction*> actions{m_exportCertificate};
    if (isRenewable(m_selection.first()))
        actions << m_renewCertificate;
    if (!issuingCa(m_selection.first()).isEmpty())
        actions << m_revokeCertificate;
    actions << m_deleteCertificate << m_newCertificate;
    return actions;
}

QList<QAction*> CertificateActions::toolBarActions() const
{
    return {m_newCertificate,    m_renewCertificate,  m_importCertificate,
            m_exportCertificate, m_revokeCertificate, m_deleteCertificate};
}

void CertificateActions::setVault(const std::optional<model::Vault>& vault)
{
    m_vault = vault;
    if (!vault || (!m_selection.isEmpty() && m_selection.first().vault != vault->name))
        m_selection.clear();
    updateEnabled();
}

void CertificateActions::setCertificates(const QList<model::CertificateRecord>& selection)
{
    m_selection = selection;
    updateEnabled();
}

std::optional<model::CertificateRecord> CertificateActions::certificate() const
{
    if (m_selection.size() != 1)
        return std::nullopt;
    return m_selection.first();
}

void CertificateActions::setBusy(bool busy)
{
    m_busy = busy;
    updateEnabled();
}

bool CertificateActions::isRenewable(const model::CertificateRecord& certificate)
{
    return !certificate.isDeleted() && !certificate.isCa && !certificate.currentVersion.isPending() &&
           certificate.policy.issuer.compare(QLatin1String("Unknown"), Qt::CaseInsensitive) != 0;
}

QString CertificateActions::issuingCa(const model::CertificateRecord& certificate)
{
    const QStringList parts = certificate.policy.issuer.split(QLatin1Char('/'));
    if (parts.size() != 2 || parts.at(0).isEmpty() || parts.at(1).isEmpty())
        return {};
    return certificate.policy.issuer;
}

void CertificateActions::updateEnabled()
{
    const bool activeVault = m_vault && !m_vault->isDeleted();
    const std::optional<model::CertificateRecord> one = activeVault ? certificate() : std::nullopt;
    const bool active = one && !one->isDeleted();
    const bool deleted = one && one->isDeleted();
    const QString scope = one ? one->resourceId() : QString();
    const QString vaultScope = activeVault ? m_vault->resourceId() : QString();
    const bool listingDeleted = m_showDeleted->isChecked();
    applyPermission(m_newCertificate, activeVault && !listingDeleted, kWrite, vaultScope);
    applyPermission(m_importCertificate, activeVault && !listingDeleted, kWrite, vaultScope);
    updateRenew(activeVault);
    applyPermission(m_exportCertificate, active && !one->currentVersion.isPending(), kRead, scope);
    // Revocation happens at the issuing CA: certificates/ca there, not at the certificate.
    const QString ca = active ? issuingCa(*one) : QString();
    const QStringList caParts = ca.split(QLatin1Char('/'));
    applyPermission(
        m_revokeCertificate, !ca.isEmpty() && !one->currentVersion.isPending() && !one->currentVersion.isRevoked(), kCa,
        ca.isEmpty() ? QString() : model::CertificateRecord::certificateResourceId(caParts.at(0), caParts.at(1)));
    applyPermission(m_deleteCertificate, active, kDelete, scope);
    applyPermission(m_recoverCertificate, deleted, kRecover, scope);
    applyPermission(m_purgeCertificate, deleted, kPurge, scope);
    // Purge protection holds until the scheduled purge date: say so instead of failing later.
    if (deleted && m_vault->purgeProtection && one->scheduledPurge > QDateTime::currentDateTimeUtc()) {
        m_purgeCertificate->setEnabled(false);
        m_purgeCertificate->setToolTip(tr("Purge protection holds until %1")
                                           .arg(one->scheduledPurge.toUTC().toString(QStringLiteral("yyyy-MM-dd"))));
    }
    // Always possible to switch back off, even after the permission went away.
    const bool readDeleted = activeVault && m_host.access().isAllowed(kReadDeleted, vaultScope);
    m_showDeleted->setEnabled(m_host.isLoggedIn() && (readDeleted || listingDeleted));
    m_showDeleted->setToolTip(
        activeVault && !readDeleted ? tr("You lack the permission %1 at %2").arg(kReadDeleted, vaultScope) : QString());
    m_dueActions->setEnabled(!m_busy && m_host.isLoggedIn()); // nothing while locked
}

void CertificateActions::updateRenew(bool activeVault)
{
    // The whole selection, each under its own permission: the tip names the first one denied.
    bool applies = activeVault && !m_selection.isEmpty();
    for (const model::CertificateRecord& certificate : std::as_const(m_selection))
        applies = applies && isRenewable(certificate);
    QString deniedScope;
    if (applies) {
        // The service also wants certificates/write at the issuing CA (using it).
        for (const model::CertificateRecord& certificate : std::as_const(m_selection)) {
            QStringList scopes{certificate.resourceId()};
            if (const QStringList ca = issuingCa(certificate).split(QLatin1Char('/')); ca.size() == 2)
                scopes << model::CertificateRecord::certificateResourceId(ca.at(0), ca.at(1));
            for (const QString& scope : std::as_const(scopes)) {
                if (deniedScope.isEmpty() && !m_host.access().isAllowed(kWrite, scope))
                    deniedScope = scope;
            }
        }
    }
    m_renewCertificate->setEnabled(applies && deniedScope.isEmpty() && !m_busy);
    m_renewCertificate->setToolTip(
        deniedScope.isEmpty() ? QString() : tr("You lack the permission %1 at %2").arg(kWrite, deniedScope));
}

void CertificateActions::applyPermission(QAction* action, bool applies, const QString& permission, const QString& scope)
{
    const bool allowed = applies && m_host.access().isAllowed(permission, scope);
    action->setEnabled(allowed && !m_busy);
    if (applies && !allowed)
        action->setToolTip(tr("You lack the permission %1 at %2").arg(permission, scope));
    else
        action->setToolTip(QString());
}

} // namespace custos::ui
