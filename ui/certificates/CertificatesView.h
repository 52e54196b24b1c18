#pragma once

#include "model/domain/Certificate.h"
#include "model/domain/Vault.h"

#include <QWidget>

#include <optional>

class QLabel;
class QLineEdit;
class QSortFilterProxyModel;
class QTableView;

namespace custos::model {
class CertificateListModel;
class ServiceHost;
} // namespace custos::model

namespace custos::ui {

class CertificateDetailPane;
class InlineMessage;

// The certificates of the selected vault (sortable, filtered by name or subject with Ctrl+F)
// above the selected one's details.
class CertificatesView : public QWidget
{
    Q_OBJECT
public:
    explicit CertificatesView(model::ServiceHost& host, QWidget* parent = nullptr);

    void setVault(const std::optional<model::Vault>& vault);
    bool selectCertificate(const QString& name);
    std::optional<model::CertificateRecord> selectedCertificate() const;

    model::CertificateListModel* certificateModel() const { return m_model; }
    QSortFilterProxyModel* filterModel() const { return m_proxy; }
    QTableView* certificateView() const { return m_view; }
    QLineEdit* filterEdit() const { return m_filterEdit; }
    CertificateDetailPane* detailPane() const { return m_detailPane; }

Q_SIGNALS:
    void activationRequested();

private:
    void onSelectionChanged();
    void onModelAboutToBeReset();
    void onModelReset();
    void updateTitle();

    std::optional<model::Vault> m_vault;
    model::CertificateListModel* m_model = nullptr;
    QSortFilterProxyModel* m_proxy = nullptr;
    QLineEdit* m_filterEdit = nullptr;
    QLabel* m_titleLabel = nullptr;
    InlineMessage* m_messageLabel = nullptr;
    QTableView* m_view = nullptr;
    CertificateDetailPane* m_detailPane = nullptr;
    QString m_selectedBeforeReset;
};

} // namespace custos::ui
