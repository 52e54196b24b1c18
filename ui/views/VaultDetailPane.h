#pragma once

#include "model/domain/Vault.h"

#include <QWidget>

#include <optional>

class QFormLayout;
class QLabel;
class QStackedWidget;

namespace custos::ui {

// Read-only details of the selected vault; a hint when nothing is selected.
class VaultDetailPane : public QWidget
{
    Q_OBJECT
public:
    explicit VaultDetailPane(QWidget* parent = nullptr);

    void setVault(const std::optional<model::Vault>& vault);
    std::optional<model::Vault> vault() const { return m_vault; }

private:
    QLabel* addValueRow(const QString& label, const char* objectName);

    std::optional<model::Vault> m_vault;
    QStackedWidget* m_stack = nullptr;
    QWidget* m_detailsPage = nullptr;
    QFormLayout* m_form = nullptr;
    QLabel* m_titleLabel = nullptr;
    QLabel* m_nameLabel = nullptr;
    QLabel* m_statusLabel = nullptr;
    QLabel* m_scopeLabel = nullptr; // the role-assignment scope, e.g. /vaults/payments
    QLabel* m_protectionLabel = nullptr;
    QLabel* m_retentionLabel = nullptr;
    QLabel* m_purgeProtectionLabel = nullptr;
    QLabel* m_tagsLabel = nullptr;
    QLabel* m_createdLabel = nullptr;
    QLabel* m_updatedLabel = nullptr;
    QLabel* m_deletedLabel = nullptr;
    QLabel* m_scheduledPurgeLabel = nullptr;
};

} // namespace custos::ui
