#include "VaultActions.h"

#include "MakeAction.h"
#include "model/session/ServiceHost.h"

#include <QAction>
#include <QDateTime>
#include <QIcon>

namespace custos::ui {

namespace {

const QString kWrite = QStringLiteral("vaults/write");
const QString kDelete = QStringLiteral("vaults/delete");
const QString kRecover = QStringLiteral("vaults/deletedVaults/recover");
const QString kPurge = QStringLiteral("vaults/deletedVaults/delete");

} // namespace

VaultActions::VaultActions(model::ServiceHost& host, QObject* parent) : QObject(parent), m_host(host)
{
    m_newVault = makeAction(this, tr("&New Vault…"), "newVaultAction", QKeySequence::New);
    m_newVault->setIcon(QIcon(QStringLiteral(":/icons/vault.svg")));
    m_newVault->setStatusTip(tr("Create a vault"));
    m_deleteVault = makeAction(this, tr("&Delete…"), "deleteVaultAction", QKeySequence::Delete);
    m_deleteVault->setIcon(QIcon(QStringLiteral(":/icons/vault-deleted.svg")));
    m_deleteVault->setStatusTip(tr("Soft-delete the selected vault; it stays recoverable for its retention period"));
    m_recoverVault = makeAction(this, tr("&Recover"), "recoverVaultAction");
    m_recoverVault->setStatusTip(tr("Recover the selected deleted vault"));
    m_purgeVault = makeAction(this, tr("&Purge…"), "purgeVaultAction");
    m_purgeVault->setStatusTip(tr("Permanently destroy the selected deleted vault"));
    m_refresh = makeAction(this, tr("Re&fresh"), "refreshAction", QKeySequence::Refresh);
    m_refresh->setStatusTip(tr("Reload the vault list"));
    connect(&m_host, &model::ServiceHost::accessChanged, this, &VaultActions::updateEnabled);
    updateEnabled();
}

QList<QAction*> VaultActions::all() const
{
    return {m_newVault, m_deleteVault, m_recoverVault, m_purgeVault, m_refresh};
}

QList<QAction*> VaultActions::applicable() const
{
    if (!m_selection)
        return {m_newVault, m_refresh};
    if (m_selection->isDeleted())
        return {m_recoverVault, m_purgeVault, m_refresh};
    return {m_deleteVault, m_newVault, m_refresh};
}

void VaultActions::setSelection(const std::optional<model::Vault>& vault)
{
    m_selection = vault;
    updateEnabled();
}

void VaultActions::setBusy(bool busy)
{
    m_busy = busy;
    updateEnabled();
}

void VaultActions::updateEnabled()
{
    const bool active = m_selection && !m_selection->isDeleted();
    const bool deleted = m_selection && m_selection->isDeleted();
    const QString scope = m_selection ? m_selection->resourceId() : QStringLiteral("/");
    applyPermission(m_newVault, true, kWrite, QStringLiteral("/"));
    applyPermission(m_deleteVault, active, kDelete, scope);
    applyPermission(m_recoverVault, deleted, kRecover, scope);
    applyPermission(m_purgeVault, deleted, kPurge, scope);
    // Purge protection holds until the scheduled purge date: say so instead of failing later.
    if (deleted && m_selection->purgeProtection && m_selection->scheduledPurge > QDateTime::currentDateTimeUtc()) {
        m_purgeVault->setEnabled(false);
        m_purgeVault->setToolTip(tr("Purge protection holds until %1")
                                     .arg(m_selection->scheduledPurge.toUTC().toString(QStringLiteral("yyyy-MM-dd"))));
    }
    m_refresh->setEnabled(m_host.isLoggedIn()); // nothing while locked
}

void VaultActions::applyPermission(QAction* action, bool applies, const QString& permission, const QString& scope)
{
    const bool allowed = applies && m_host.access().isAllowed(permission, scope);
    action->setEnabled(allowed && !m_busy);
    if (applies && !allowed)
        action->setToolTip(tr("You lack the permission %1 at %2").arg(permission, scope));
    else
        action->setToolTip(QString());
}

} // namespace custos::ui
