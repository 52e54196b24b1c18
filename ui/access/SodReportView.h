#pragma once

#include <QWidget>

class QLabel;
class QPushButton;
class QTableView;

namespace custos::model {
class ServiceHost;
class SodReportModel;
} // namespace custos::model

namespace custos::ui {

class InlineMessage;

// The Separation of duties tab: AccessService::sodReport's findings (conflicting roles held by
// one principal, directly or through groups; assignments about to expire), with Refresh.
class SodReportView : public QWidget
{
    Q_OBJECT
public:
    explicit SodReportView(model::ServiceHost& host, QWidget* parent = nullptr);

    model::SodReportModel* reportModel() const { return m_model; }
    QTableView* tableView() const { return m_table; }

private:
    void onLoaded();

    model::SodReportModel* m_model = nullptr;
    QTableView* m_table = nullptr;
    QPushButton* m_refreshButton = nullptr;
    QLabel* m_summaryLabel = nullptr;
    InlineMessage* m_message = nullptr;
};

} // namespace custos::ui
