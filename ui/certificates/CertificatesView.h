#pragma once

#include "model/domain/Certificate.h"
#include "model/domain/Vault.h"

#include <QWidget>

#include <optional>

class QLabel;
class QLineEdit;
class QSortFilterProxyModel;
class QTableView;
class QToolBar;

namespace custos::model {
class CertificateListModel;
class ServiceHost;
} // namespace custos::model

namespace custos::ui {

class CertificateActions;
class CertificateDetailPane;
class CertificateOperations;
class InlineMessage;

// The certificates of the selected vault, or its deleted ones (sortable, filtered by name or
// subject with Ctrl+F) above the selected one's details; a tool bar row and a context menu with
// the certificate actions, wired to the operations for the selection (renewal: all selected rows).
class CertificatesView : public QWidget
{
    Q_OBJECT
public:
    CertificatesView(model::ServiceHost& host, CertificateActions& actions, CertificateOperations& operations,
                     QWidget* parent = nullptr);

    void setVault(const std::optional<model::Vault>& vault);
    bool selectCertificate(const QString& name);
    std::optional<model::CertificateRecord> selectedCertificate() const; // the current one among the selected
    QList<model::CertificateRecord> selectedCertificates() const;        // in the view's order

    model::CertificateListModel* certificateModel() const { return m_model; }
    QSortFilterProxyModel* filterModel() const { return m_proxy; }
    QTableView* certificateView() const { return m_view; }
    QLineEdit* filterEdit() const { return m_filterEdit; }
    CertificateDetailPane* detailPane() const { return m_detailPane; }
    QToolBar* toolBar() const { return m_toolBar; }

Q_SIGNALS:
    void activationRequested();

private:
    void onSelectionChanged();
    void onModelAboutToBeReset();
    void onModelReset();
    void onCertificateTouched(const QString& vault, const QString& name);
    void showContextMenu(const QPoint& position);
    void connectActions();
    void updateTitle();

    CertificateActions& m_actions;
    CertificateOperations& m_operations;
    std::optional<model::Vault> m_vault;
    model::CertificateListModel* m_model = nullptr;
    QSortFilterProxyModel* m_proxy = nullptr;
    QLineEdit* m_filterEdit = nullptr;
    QLabel* m_titleLabel = nullptr;
    InlineMessage* m_messageLabel = nullptr;
    QTableView* m_view = nullptr;
    CertificateDetailPane* m_detailPane = nullptr;
    QToolBar* m_toolBar = nullptr;
    QString m_selectedBeforeReset;
    QString m_pendingSelection; // a touched certificate the list has not loaded yet
};

} // namespace custos::ui
