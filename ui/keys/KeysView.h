#pragma once

#include "model/domain/Key.h"
#include "model/domain/Vault.h"

#include <QWidget>

#include <optional>

class QCheckBox;
class QLabel;
class QLineEdit;
class QSortFilterProxyModel;
class QSplitter;
class QTableView;

namespace custos::model {
class KeyListModel;
class ServiceHost;
} // namespace custos::model

namespace custos::ui {

class InlineMessage;
class KeyActions;
class KeyDetailPane;
class KeyOperations;

// The keys of the selected vault (or its deleted keys) above the selected key's details; wires the
// key actions to the operations for the selection.
class KeysView : public QWidget
{
    Q_OBJECT
public:
    KeysView(model::ServiceHost& host, KeyActions& actions, KeyOperations& operations, QWidget* parent = nullptr);

    void setVault(const std::optional<model::Vault>& vault);
    bool selectKey(const QString& name);
    std::optional<model::KeyRecord> selectedKey() const;

    model::KeyListModel* keyModel() const { return m_model; }
    QTableView* keyView() const { return m_view; }
    QSortFilterProxyModel* filterModel() const { return m_proxy; }
    KeyDetailPane* detailPane() const { return m_detailPane; }

Q_SIGNALS:
    // Something the operator asked for is shown here: bring the view to the front.
    void activationRequested();

protected:
    void showEvent(QShowEvent* event) override;

private:
    void onSelectionChanged();
    void onModelAboutToBeReset();
    void onModelReset();
    void onKeyTouched(const QString& vault, const QString& name);
    void showContextMenu(const QPoint& position);
    void connectActions();
    void updateTitle();

    KeyActions& m_actions;
    KeyOperations& m_operations;
    std::optional<model::Vault> m_vault;
    model::KeyListModel* m_model = nullptr;
    QSortFilterProxyModel* m_proxy = nullptr; // the name filter; no sorting (the service sorts by name)
    QLineEdit* m_filterEdit = nullptr;
    QLabel* m_titleLabel = nullptr;
    QCheckBox* m_showDeletedCheck = nullptr;
    InlineMessage* m_messageLabel = nullptr;
    QTableView* m_view = nullptr;
    KeyDetailPane* m_detailPane = nullptr;
    QSplitter* m_splitter = nullptr;
    QString m_selectedBeforeReset;
    QString m_pendingSelection; // a touched key the list has not loaded yet: selected when it arrives
    bool m_splitterSized = false;
};

} // namespace custos::ui
