#pragma once

#include "model/domain/Certificate.h"
#include "model/domain/Vault.h"

#include <QList>
#include <QObject>

#include <optional>

class QAction;

namespace custos::model {
class ServiceHost;
}

namespace custos::ui {

// The certificate QActions and when each applies: from the selected vault and certificates (active
// or deleted; renewal works on the whole selection, the others on one certificate), the operator's
// permissions (the host's access snapshot, certificates/* of ROLES.md), and whether an operation is
// running. Actions the operator may not use stay visible but disabled, with the missing permission
// in the tip.
class CertificateActions : public QObject
{
    Q_OBJECT
public:
    explicit CertificateActions(model::ServiceHost& host, QObject* parent = nullptr);

    QAction* newCertificate() const { return m_newCertificate; }
    QAction* renewCertificate() const { return m_renewCertificate; }
    QAction* importCertificate() const { return m_importCertificate; }
    QAction* exportCertificate() const { return m_exportCertificate; }
    QAction* revokeCertificate() const { return m_revokeCertificate; }
    QAction* deleteCertificate() const { return m_deleteCertificate; }
    QAction* recoverCertificate() const { return m_recoverCertificate; }
    QAction* purgeCertificate() const { return m_purgeCertificate; }
    QAction* showDeleted() const { return m_showDeleted; } // checkable
    QAction* dueActions() const { return m_dueActions; }
    QList<QAction*> all() const;
    QList<QAction*> applicable() const; // for a context menu
    QList<QAction*> toolBarActions() const;

    void setVault(const std::optional<model::Vault>& vault);
    void setCertificates(const QList<model::CertificateRecord>& selection);
    const std::optional<model::Vault>& vault() const { return m_vault; }
    const QList<model::CertificateRecord>& certificates() const { return m_selection; }
    std::optional<model::CertificateRecord> certificate() const; // exactly one selected
    void setBusy(bool busy);
    void updateEnabled();

    // What renewal works on: active, issued (not pending), not a CA, from Self or a Custos CA.
    static bool isRenewable(const model::CertificateRecord& certificate);
    // "VAULT/CA" of the Custos CA that issued it; empty for Self, Unknown (external) and imports.
    static QString issuingCa(const model::CertificateRecord& certificate);

private:
    void applyPermission(QAction* action, bool applies, const QString& permission, const QString& scope);
    void updateRenew(bool activeVault);

    model::ServiceHost& m_host;
    std::optional<model::Vault> m_vault;
    QList<model::CertificateRecord> m_selection;
    bool m_busy = false;
    QAction* m_newCertificate = nullptr;
    QAction* m_renewCertificate = nullptr;
    QAction* m_importCertificate = nullptr;
    QAction* m_exportCertificate = nullptr;
    QAction* m_revokeCertificate = nullptr;
    QAction* m_deleteCertificate = nullptr;
    QAction* m_recoverCertificate = nullptr;
    QAction* m_purgeCertificate = nullptr;
    QAction* m_showDeleted = nullptr;
    QAction* m_dueActions = nullptr;
};

} // namespace custos::ui
