#pragma once

#include <QCoro/QCoroTask>
#include <QDialog>

class QDialogButtonBox;
class QFormLayout;
class QLabel;
class QSortFilterProxyModel;
class QTableView;

namespace custos::model {
class ServiceHost;
class TokenMechanismModel;
} // namespace custos::model

namespace custos::ui {

class InlineMessage;

// The workspace's token: what it is (TokenService::info) and, per JOSE algorithm, whether the token
// does it natively or Custos composes it (TokenService::mechanisms). Loads on the service thread on open;
// non-modal, Escape or Close closes it.
class TokenPage : public QDialog
{
    Q_OBJECT
public:
    explicit TokenPage(model::ServiceHost& host, QWidget* parent = nullptr);

    model::TokenMechanismModel* mechanismModel() const { return m_model; }
    QTableView* mechanismView() const { return m_table; }
    bool isLoading() const { return m_loading; }

public Q_SLOTS:
    void reload();

Q_SIGNALS:
    void loaded(); // after each load, whether it succeeded or not

protected:
    void showEvent(QShowEvent* event) override;

private:
    QLabel* addValueRow(QFormLayout* form, const QString& label, const char* objectName);
    QCoro::Task<> loadAsync();
    void setLoading(bool loading);

    model::ServiceHost& m_host;
    model::TokenMechanismModel* m_model = nullptr;
    QSortFilterProxyModel* m_proxy = nullptr;
    QTableView* m_table = nullptr;
    InlineMessage* m_message = nullptr;
    QLabel* m_labelValue = nullptr;
    QLabel* m_manufacturerValue = nullptr;
    QLabel* m_modelValue = nullptr;
    QLabel* m_serialValue = nullptr;
    QLabel* m_firmwareValue = nullptr;
    QLabel* m_libraryValue = nullptr;
    QLabel* m_moduleValue = nullptr;
    QLabel* m_kindValue = nullptr;
    QLabel* m_keyObjectsValue = nullptr;
    QDialogButtonBox* m_buttons = nullptr;
    bool m_loading = false;
};

} // namespace custos::ui
