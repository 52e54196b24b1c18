#include "KeyActions.h"

#include "model/session/ServiceHost.h"
#include "ui/actions/MakeAction.h"

#include <QAction>
#include <QDateTime>
#include <QStringList>

namespace custos::ui {

namespace {

const QString kCreate = QStringLiteral("keys/create");
const QString kImport = QStringLiteral("keys/import/action");
const QString kRotate = QStringLiteral("keys/rotate/action");
const QString kWrite = QStringLiteral("keys/write/action");
const QString kDelete = QStringLiteral("keys/delete");
const QString kRecover = QStringLiteral("keys/deletedKeys/recover/action");
const QString kPurge = QStringLiteral("keys/deletedKeys/delete");
const QString kReadDeleted = QStringLiteral("keys/deletedKeys/read/action");
const QStringList kUsePermissions = {QStringLiteral("keys/sign/action"), QStringLiteral("keys/verify/action"),
                                     QStringLiteral("keys/encrypt/action"), QStringLiteral("keys/decrypt/action")};

} // namespace

KeyActions::KeyActions(model::ServiceHost& host, QObject* parent) : QObject(parent), m_host(host)
{
    // Shortcuts stay clear of the vault actions' (New, Delete, Refresh).
    m_newKey = makeAction(this, tr("New &Key…"), "newKeyAction", QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_N),
                          tr("Create a key in the selected vault"));
    m_importKey =
        makeAction(this, tr("&Import Key…"), "importKeyAction", QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_I),
                   tr("Import a key from a file, pasted text or a token into the selected vault"));
    m_rotateKey = makeAction(this, tr("R&otate"), "rotateKeyAction", QKeySequence(Qt::CTRL | Qt::Key_R),
                             tr("Make a new current version of the selected key"));
    m_enableKey = makeAction(this, tr("&Enable"), "enableKeyAction", QKeySequence(Qt::CTRL | Qt::Key_E),
                             tr("Enable the current version of the selected key"));
    m_disableKey = makeAction(this, tr("Disa&ble"), "disableKeyAction", QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_E),
                              tr("Disable the current version of the selected key"));
    m_deleteKey = makeAction(this, tr("&Delete Key…"), "deleteKeyAction", QKeySequence(Qt::CTRL | Qt::Key_Delete),
                             tr("Soft-delete the selected key; it stays recoverable for the vault's retention"));
    m_recoverKey = makeAction(this, tr("Re&cover Key"), "recoverKeyAction",
                              QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_R), tr("Recover the selected deleted key"));
    m_purgeKey =
        makeAction(this, tr("&Purge Key…"), "purgeKeyAction", QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_Delete),
                   tr("Permanently destroy the selected deleted key"));
    m_tryOperation =
        makeAction(this, tr("&Try an Operation…"), "tryOperationAction", QKeySequence(Qt::CTRL | Qt::Key_T),
                   tr("Sign, verify, encrypt or decrypt a file with the selected key"));
    m_showDeleted = makeAction(this, tr("Show De&leted Keys"), "showDeletedKeysAction",
                               QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_L), tr("List the vault's deleted keys"));
    m_showDeleted->setCheckable(true);
    m_dueActions =
        makeAction(this, tr("D&ue Key Actions…"), "dueKeyActionsAction", QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_U),
                   tr("List the rotations and notifications the keys' policies have made due"));
    connect(&m_host, &model::ServiceHost::accessChanged, this, &KeyActions::updateEnabled);
    updateEnabled();
}

QList<QAction*> KeyActions::all() const
{
    return {m_newKey,     m_importKey, m_rotateKey,    m_enableKey,   m_disableKey, m_deleteKey,
            m_recoverKey, m_purgeKey,  m_tryOperation, m_showDeleted, m_dueActions};
}

QList<QAction*> KeyActions::applicable() const
{
    if (!m_key)
        return {m_newKey, m_importKey, m_showDeleted};
    if (m_key->isDeleted())
        return {m_recoverKey, m_purgeKey, m_showDeleted};
    return {m_rotateKey, m_key->currentVersion.enabled ? m_disableKey : m_enableKey,
            m_deleteKey, m_tryOperation,
            m_newKey,    m_importKey};
}

void KeyActions::setVault(const std::optional<model::Vault>& vault)
{
    m_vault = vault;
    if (!vault || (m_key && m_key->vault != vault->name))
        m_key.reset();
    updateEnabled();
}

void KeyActions::setKey(const std::optional<model::KeyRecord>& key)
{
    m_key = key;
    updateEnabled();
}

void KeyActions::setBusy(bool busy)
{
    m_busy = busy;
    updateEnabled();
}

void KeyActions::updateEnabled()
{
    const bool activeVault = m_vault && !m_vault->isDeleted();
    const bool active = activeVault && m_key && !m_key->isDeleted();
    const bool deleted = activeVault && m_key && m_key->isDeleted();
    const QString scope = m_key ? m_key->resourceId() : QString();
    applyPermission(m_newKey, activeVault && !m_showDeleted->isChecked(), kCreate,
                    activeVault ? m_vault->resourceId() : QString());
    // An import names its key only later: the vault is the scope the action can check now.
    applyPermission(m_importKey, activeVault && !m_showDeleted->isChecked(), kImport,
                    activeVault ? m_vault->resourceId() : QString());
    applyPermission(m_rotateKey, active, kRotate, scope);
    applyPermission(m_enableKey, active && !m_key->currentVersion.enabled, kWrite, scope);
    applyPermission(m_disableKey, active && m_key->currentVersion.enabled, kWrite, scope);
    applyPermission(m_deleteKey, active, kDelete, scope);
    applyPermission(m_recoverKey, deleted, kRecover, scope);
    applyPermission(m_purgeKey, deleted, kPurge, scope);
    // Trying needs one of the uses the panel offers; an auditor (read only) would only be denied.
    QString usePermission = kUsePermissions.first();
    for (const QString& permission : kUsePermissions) {
        if (active && m_host.access().isAllowed(permission, scope)) {
            usePermission = permission;
            break;
        }
    }
    applyPermission(m_tryOperation, active, usePermission, scope);
    // Purge protection holds until the scheduled purge date: say so instead of failing later.
    if (deleted && m_vault->purgeProtection && m_key->scheduledPurge > QDateTime::currentDateTimeUtc()) {
        m_purgeKey->setEnabled(false);
        m_purgeKey->setToolTip(tr("Purge protection holds until %1")
                                   .arg(m_key->scheduledPurge.toUTC().toString(QStringLiteral("yyyy-MM-dd"))));
    }
    // Always possible to switch back off, even after the permission went away.
    const bool readDeleted = activeVault && m_host.access().isAllowed(kReadDeleted, m_vault->resourceId());
    m_showDeleted->setEnabled(m_host.isLoggedIn() && (readDeleted || m_showDeleted->isChecked()));
    m_showDeleted->setToolTip(activeVault && !readDeleted
                                  ? tr("You lack the permission %1 at %2").arg(kReadDeleted, m_vault->resourceId())
                                  : QString());
    m_dueActions->setEnabled(!m_busy && m_host.isLoggedIn()); // nothing while locked
}

void KeyActions::applyPermission(QAction* action, bool applies, const QString& permission, const QString& scope)
{
    const bool allowed = applies && m_host.access().isAllowed(permission, scope);
    action->setEnabled(allowed && !m_busy);
    if (applies && !allowed)
        action->setToolTip(tr("You lack the permission %1 at %2").arg(permission, scope));
    else
        action->setToolTip(QString());
}

} // namespace custos::ui
