#pragma once

#include "model/domain/Key.h"

#include <QWidget>

#include <optional>

class QFormLayout;
class QLabel;
class QStackedWidget;
class QTabWidget;
class QTableView;

namespace custos::model {
class KeyVersionModel;
class ServiceHost;
} // namespace custos::model

namespace custos::ui {

class KeyOperations;
class KeyPolicyEditor;
class TryOperationPanel;
class VersionAttributesEditor;

// The selected key: its attributes, its versions with an editor for the selected version's
// attributes, the rotation policy editor and the "try an operation" panel, one tab each.
class KeyDetailPane : public QWidget
{
    Q_OBJECT
public:
    enum Tab { AttributesTab, VersionsTab, PolicyTab, TryTab };

    KeyDetailPane(model::ServiceHost& host, KeyOperations& operations, QWidget* parent = nullptr);

    void setKey(const std::optional<model::KeyRecord>& key);
    std::optional<model::KeyRecord> key() const { return m_key; }
    void showTab(Tab tab);

    model::KeyVersionModel* versionModel() const { return m_versionModel; }
    QTableView* versionView() const { return m_versionView; }
    TryOperationPanel* tryPanel() const { return m_tryPanel; }
    KeyPolicyEditor* policyEditor() const { return m_policyEditor; }

private:
    QLabel* addValueRow(const QString& label, const char* objectName);
    QWidget* createVersionsTab();
    void onVersionSelected();
    void selectCurrentVersion();
    void updateEditable(); // from the operator's permissions at the key

    model::ServiceHost& m_host;
    std::optional<model::KeyRecord> m_key;
    QStackedWidget* m_stack = nullptr;
    QWidget* m_detailsPage = nullptr;
    QLabel* m_titleLabel = nullptr;
    QTabWidget* m_tabs = nullptr;
    QWidget* m_attributesPage = nullptr;
    QFormLayout* m_form = nullptr;
    QLabel* m_kidLabel = nullptr;
    QLabel* m_typeLabel = nullptr;
    QLabel* m_sizeLabel = nullptr;
    QLabel* m_protectionLabel = nullptr;
    QLabel* m_exportableLabel = nullptr;
    QLabel* m_opsLabel = nullptr;
    QLabel* m_tagsLabel = nullptr;
    QLabel* m_statusLabel = nullptr;
    QLabel* m_createdLabel = nullptr;
    QLabel* m_updatedLabel = nullptr;
    QLabel* m_deletedLabel = nullptr;
    QLabel* m_scheduledPurgeLabel = nullptr;
    model::KeyVersionModel* m_versionModel = nullptr;
    QTableView* m_versionView = nullptr;
    VersionAttributesEditor* m_versionEditor = nullptr;
    KeyPolicyEditor* m_policyEditor = nullptr;
    TryOperationPanel* m_tryPanel = nullptr;
};

} // namespace custos::ui
