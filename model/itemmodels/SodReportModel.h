#pragma once

#include "model/services/AccessService.h"

#include <QAbstractTableModel>
#include <QCoro/QCoroTask>
#include <QList>

#include <optional>

namespace custos::model {

class ServiceHost;

// The separation-of-duties report (AccessService::sodReport): conflicting roles held by one
// principal, and assignments about to expire; one row per finding. Loads on the service thread
// when asked (reload) and on ServiceHost::accessChanged. Needs roleAssignments/read/action.
class SodReportModel : public QAbstractTableModel
{
    Q_OBJECT
public:
    enum Column { KindColumn, PrincipalColumn, RolesColumn, ThroughColumn, FindingColumn, ColumnCount };
    enum Role { IsExpiringRole = Qt::UserRole + 1, PrincipalRole, IsGroupRole };

    explicit SodReportModel(ServiceHost& host, QObject* parent = nullptr);

    void reload();
    bool isLoading() const { return m_loading; }
    QString loadError() const { return m_loadError; }
    // Assignments expiring within this many days are reported (default 7).
    void setExpiringWithinDays(int days);
    int expiringWithinDays() const { return m_days; }

    std::optional<SodFinding> finding(const QModelIndex& index) const;

    int rowCount(const QModelIndex& parent = {}) const override;
    int columnCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
    Qt::ItemFlags flags(const QModelIndex& index) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

Q_SIGNALS:
    void loaded();

private:
    QCoro::Task<> fetch(quint64 generation, int days);
    void apply(QList<SodFinding> findings, QString error);
    QVariant displayText(const SodFinding& finding, int column) const;

    ServiceHost& m_host;
    quint64 m_generation = 0;
    bool m_loading = false;
    int m_days = 7;
    QString m_loadError;
    QList<SodFinding> m_findings;
};

} // namespace custos::model
