#pragma once

#include <QCoro/QCoroTask>
#include <QWidget>

class QComboBox;
class QLineEdit;
class QPushButton;
class QRadioButton;
class QStackedWidget;
class QStringListModel;
class QTableView;
class QTreeView;

namespace custos::model {
class EffectiveAccessHolderModel;
class EffectiveAccessModel;
class ServiceHost;
} // namespace custos::model

namespace custos::ui {

class InlineMessage;

// Effective access, two ways round. By principal: pick an operator or a group and see what they
// can do where (AccessService::what): scopes, their permissions and the assignments they come
// through. By resource: give a scope ("/", a vault or a key path, completed from the workspace)
// and a permission and see who holds it there and through which assignment (AccessService::who).
// Both need roleAssignments/read/action; a denial is shown as the service words it.
class EffectiveAccessView : public QWidget
{
    Q_OBJECT
public:
    explicit EffectiveAccessView(model::ServiceHost& host, QWidget* parent = nullptr);

    model::EffectiveAccessModel* principalModel() const { return m_principalModel; }
    model::EffectiveAccessHolderModel* holderModel() const { return m_holderModel; }
    QStringListModel* resourceModel() const { return m_resourceModel; }
    QComboBox* principalCombo() const { return m_principalCombo; }
    QComboBox* permissionCombo() const { return m_permissionCombo; }
    QLineEdit* resourceEdit() const { return m_resourceEdit; }
    QTreeView* principalView() const { return m_principalView; }
    QTableView* holderView() const { return m_holderView; }

    // Shows `principal`'s access (by principal), or who holds `permission` at `scope` (by resource).
    void showPrincipal(const QString& principal);
    void showResource(const QString& scope, const QString& permission);

private:
    void setByResource(bool byResource);
    void onPrincipalPicked();
    void askWho();
    void reloadPrincipals();
    void reloadResources();
    QCoro::Task<> fetchPrincipals(quint64 generation);
    QCoro::Task<> fetchResources(quint64 generation);
    void showModelError(const QString& error);

    model::ServiceHost& m_host;
    model::EffectiveAccessModel* m_principalModel = nullptr;
    model::EffectiveAccessHolderModel* m_holderModel = nullptr;
    QStringListModel* m_resourceModel = nullptr; // the completer's scopes
    QRadioButton* m_byPrincipalRadio = nullptr;
    QRadioButton* m_byResourceRadio = nullptr;
    QStackedWidget* m_pages = nullptr;
    QComboBox* m_principalCombo = nullptr;
    QTreeView* m_principalView = nullptr;
    QLineEdit* m_resourceEdit = nullptr;
    QComboBox* m_permissionCombo = nullptr;
    QPushButton* m_whoButton = nullptr;
    QTableView* m_holderView = nullptr;
    InlineMessage* m_messageLabel = nullptr;
    quint64 m_principalGeneration = 0;
    quint64 m_resourceGeneration = 0;
};

} // namespace custos::ui
