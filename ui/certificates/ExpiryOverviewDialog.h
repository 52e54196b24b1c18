#pragma once

#include "crypto/Outcome.h"
#include "model/services/ExpiryOverview.h"

#include <QDialog>
#include <QSortFilterProxyModel>

#include <optional>

class QComboBox;
class QLabel;
class QLineEdit;
class QPushButton;
class QTableView;

namespace custos::model {
class ExpiryOverviewModel;
}

namespace custos::ui {

class ExpiryTimeline;
class InlineMessage;

// The overview's filter: a text in any column and, optionally, one status.
class ExpiryFilterProxyModel : public QSortFilterProxyModel
{
    Q_OBJECT
public:
    using QSortFilterProxyModel::QSortFilterProxyModel;
    void setStatus(std::optional<model::ExpiryStatus> status);

protected:
    bool filterAcceptsRow(int sourceRow, const QModelIndex& sourceParent) const override;

private:
    std::optional<model::ExpiryStatus> m_status;
};

// Certificates, keys with an expiry and CRL next updates across the vaults the operator may read,
// by days left: a sortable, filterable table, a 90-day timeline, and an iCalendar export of
// reminders for what is shown. Shares the main window's ExpiryOverviewModel (reloaded on open).
class ExpiryOverviewDialog : public QDialog
{
    Q_OBJECT
public:
    explicit ExpiryOverviewDialog(model::ExpiryOverviewModel& model, QWidget* parent = nullptr);

    // Writes the shown items as reminders to `path`, atomically (QSaveFile).
    Outcome<void> exportReminders(const QString& path);

    ExpiryFilterProxyModel* filterModel() const { return m_proxy; }
    QTableView* tableView() const { return m_view; }
    QLineEdit* filterEdit() const { return m_filterEdit; }
    QComboBox* statusComboBox() const { return m_statusCombo; }
    ExpiryTimeline* timeline() const { return m_timeline; }
    QLabel* summaryLabel() const { return m_summary; }

private:
    void onLoaded();
    void onStatusChanged();
    void askExport();

    model::ExpiryOverviewModel& m_model;
    ExpiryFilterProxyModel* m_proxy = nullptr;
    QLineEdit* m_filterEdit = nullptr;
    QComboBox* m_statusCombo = nullptr;
    QTableView* m_view = nullptr;
    ExpiryTimeline* m_timeline = nullptr;
    QLabel* m_summary = nullptr;
    InlineMessage* m_message = nullptr;
    QPushButton* m_exportButton = nullptr;
};

} // namespace custos::ui
