#pragma once

#include "AuditFilterState.h"

#include <QCoro/QCoroTask>
#include <QDialog>

#include <functional>

class QCheckBox;
class QComboBox;
class QDateTimeEdit;
class QFileDialog;
class QLabel;
class QLineEdit;
class QMenu;
class QPushButton;
class QTableView;
class QTimer;
class QToolButton;

namespace custos::model {
class AuditEventModel;
class ServiceHost;
} // namespace custos::model

namespace custos::ui {

class AuditChart;
class AuditDetailPane;
class InlineMessage;

// Access > Audit trail… (Ctrl+Shift+A): the audit viewer (issue 6, "Review"). A filter bar (time
// range, operator, operations, results, resource prefix, free text) with saved filters; the
// events in a windowed table (AuditEventModel: 1,000,000 events open as fast as 100); the
// selected event's every field; a chart of events per hour or day split by result; "Verify trail"
// and "Export…". Non-modal; everything runs on the host's service thread.
class AuditWindow : public QDialog
{
    Q_OBJECT
public:
    explicit AuditWindow(model::ServiceHost& host, QWidget* parent = nullptr);
    ~AuditWindow() override;

    model::AuditEventModel* eventModel() const { return m_model; }
    QTableView* tableView() const { return m_table; }
    AuditDetailPane* detailPane() const { return m_detail; }
    AuditChart* chart() const { return m_chart; }
    QMenu* operationsMenu() const { return m_operationsMenu; }

    AuditFilterState filterState() const;
    // Shows `state` in the filter bar and applies it.
    void setFilterState(const AuditFilterState& state);
    // Applies the built-in or saved filter `name`; false when there is none.
    bool applySavedFilter(const QString& name);
    void saveCurrentFilter(const QString& name);
    // Filters and chart again (the filter bar's time presets are relative to now).
    void refresh();
    void setClock(std::function<QDateTime()> clock) { m_clock = std::move(clock); }
    bool isChartLoading() const { return m_chartLoading; }
    // Starts an export of the current filter (format "jsonl", "csv" or "cef") without the file dialog.
    void exportTo(const QString& path, const QString& format);

Q_SIGNALS:
    void resourceActivated(const QString& resource);
    void verifyFinished(bool ok);
    void exportFinished(bool ok);

private:
    void buildFilterBar(QWidget* bar);
    void scheduleApply();
    void apply();
    void updateRangeWidgets();
    void updateOperationsButton();
    void fillSavedFilters();
    void setOperationChoices(const QStringList& operations);
    void showCurrentEvent();
    void startPendingChart();
    void askFilterName();
    void askExportFile();
    QCoro::Task<> loadChoices();
    QCoro::Task<> loadChart(quint64 generation, model::AuditQuery query);
    QCoro::Task<> verifyTrail();
    QCoro::Task<> exportFile(QString path, QString format);
    QDateTime now() const;

    model::ServiceHost& m_host;
    std::function<QDateTime()> m_clock;
    model::AuditEventModel* m_model = nullptr;
    QTimer* m_applyTimer = nullptr;
    bool m_updatingWidgets = false;
    quint64 m_chartGeneration = 0;
    bool m_chartLoading = false;
    bool m_chartPending = false; // started once the table's count has arrived
    model::AuditQuery m_chartQuery;

    QComboBox* m_rangeCombo = nullptr;
    QDateTimeEdit* m_since = nullptr;
    QDateTimeEdit* m_until = nullptr;
    QComboBox* m_operatorCombo = nullptr;
    QToolButton* m_operationsButton = nullptr;
    QMenu* m_operationsMenu = nullptr;
    QCheckBox* m_success = nullptr;
    QCheckBox* m_denied = nullptr;
    QCheckBox* m_failed = nullptr;
    QLineEdit* m_resource = nullptr;
    QLineEdit* m_search = nullptr;
    QComboBox* m_savedCombo = nullptr;
    QPushButton* m_saveButton = nullptr;
    QComboBox* m_bucketCombo = nullptr;
    QTableView* m_table = nullptr;
    AuditDetailPane* m_detail = nullptr;
    AuditChart* m_chart = nullptr;
    QLabel* m_statusLabel = nullptr;
    InlineMessage* m_message = nullptr;
    QPushButton* m_verifyButton = nullptr;
    QPushButton* m_exportButton = nullptr;
};

} // namespace custos::ui
