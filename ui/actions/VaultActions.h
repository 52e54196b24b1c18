#pragma once

#include "model/domain/Vault.h"

#include <QList>
#include <QObject>

#include <optional>

class QAction;

namespace custos::model {
class ServiceHost;
}

namespace custos::ui {

// The vault QActions and when each applies: enabled from the selection (active or deleted vault),
// the operator's permissions at the vault's scope (the host's access snapshot: no database read on
// the GUI thread), and whether an operation is running. Actions the operator may not use stay
// visible but disabled, with the missing permission in the tip.
class VaultActions : public QObject
{
    Q_OBJECT
public:
    explicit VaultActions(model::ServiceHost& host, QObject* parent = nullptr);

    QAction* newVault() const { return m_newVault; }
    QAction* deleteVault() const { return m_deleteVault; }
    QAction* recoverVault() const { return m_recoverVault; }
    QAction* purgeVault() const { return m_purgeVault; }
    QAction* refresh() const { return m_refresh; }
    QList<QAction*> all() const;
    // For a context menu: the actions that fit the selection, enabled or not.
    QList<QAction*> applicable() const;

    void setSelection(const std::optional<model::Vault>& vault);
    const std::optional<model::Vault>& selection() const { return m_selection; }
    void setBusy(bool busy);
    // Re-checks permissions (after a login or a role assignment change).
    void updateEnabled();

private:
    void applyPermission(QAction* action, bool applies, const QString& permission, const QString& scope);

    model::ServiceHost& m_host;
    std::optional<model::Vault> m_selection;
    bool m_busy = false;
    QAction* m_newVault = nullptr;
    QAction* m_deleteVault = nullptr;
    QAction* m_recoverVault = nullptr;
    QAction* m_purgeVault = nullptr;
    QAction* m_refresh = nullptr;
};

} // namespace custos::ui
