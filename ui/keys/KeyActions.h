#pragma once

#include "model/domain/Key.h"
#include "model/domain/Vault.h"

#include <QList>
#include <QObject>

#include <optional>

class QAction;

namespace custos::model {
class ServiceHost;
}

namespace custos::ui {

// The key QActions and when each applies: from the selected vault and key (active or deleted),
// the operator's permissions at the key's scope (the host's access snapshot), and whether an operation is running.
// Actions the operator may not use stay visible but disabled, with the missing permission in the tip.
class KeyActions : public QObject
{
    Q_OBJECT
public:
    explicit KeyActions(model::ServiceHost& host, QObject* parent = nullptr);

    QAction* newKey() const { return m_newKey; }
    QAction* importKey() const { return m_importKey; }
    QAction* rotateKey() const { return m_rotateKey; }
    QAction* enableKey() const { return m_enableKey; }
    QAction* disableKey() const { return m_disableKey; }
    QAction* deleteKey() const { return m_deleteKey; }
    QAction* recoverKey() const { return m_recoverKey; }
    QAction* purgeKey() const { return m_purgeKey; }
    QAction* tryOperation() const { return m_tryOperation; }
    QAction* showDeleted() const { return m_showDeleted; } // checkable
    QAction* dueActions() const { return m_dueActions; }
    QList<QAction*> all() const;
    QList<QAction*> applicable() const; // for a context menu

    void setVault(const std::optional<model::Vault>& vault);
    void setKey(const std::optional<model::KeyRecord>& key);
    const std::optional<model::Vault>& vault() const { return m_vault; }
    const std::optional<model::KeyRecord>& key() const { return m_key; }
    void setBusy(bool busy);
    void updateEnabled();

private:
    void applyPermission(QAction* action, bool applies, const QString& permission, const QString& scope);

    model::ServiceHost& m_host;
    std::optional<model::Vault> m_vault;
    std::optional<model::KeyRecord> m_key;
    bool m_busy = false;
    QAction* m_newKey = nullptr;
    QAction* m_importKey = nullptr;
    QAction* m_rotateKey = nullptr;
    QAction* m_enableKey = nullptr;
    QAction* m_disableKey = nullptr;
    QAction* m_deleteKey = nullptr;
    QAction* m_recoverKey = nullptr;
    QAction* m_purgeKey = nullptr;
    QAction* m_tryOperation = nullptr;
    QAction* m_showDeleted = nullptr;
    QAction* m_dueActions = nullptr;
};

} // namespace custos::ui
