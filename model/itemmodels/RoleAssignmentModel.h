#pragma once

#include "model/domain/RoleAssignment.h"

#include <QAbstractTableModel>
#include <QCoro/QCoroTask>
#include <QList>
#include <QTimer>

#include <optional>

namespace custos::model {

class ServiceHost;

// Every role assignment (RoleService::assignments), one row each, expired ones included and
// marked: an expired assignment no longer counts, and the list says so. Whether a principal is an
// operator or a group comes from AccessGroupService::list when the operator may read it
// (operators/read), else the kind is left open. Loads on the service thread, reloads on
// ServiceHost::accessChanged (assignment, role and group changes), and re-marks rows when one of
// them expires while shown.
class RoleAssignmentModel : public QAbstractTableModel
{
    Q_OBJECT
public:
    enum Column { PrincipalColumn, KindColumn, RoleColumn, ScopeColumn, ExpiresColumn, StatusColumn, ColumnCount };
    enum Role {
        AssignmentIdRole = Qt::UserRole + 1,
        PrincipalRole,
        RoleNameRole,
        ScopeRole,
        ExpiresRole,
        IsExpiredRole,
        IsGroupRole // bool, or invalid when unknown
    };

    explicit RoleAssignmentModel(ServiceHost& host, QObject* parent = nullptr);

    void reload(); // keeps the rows until the new ones arrive
    bool isLoading() const { return m_loading; }
    QString loadError() const { return m_loadError; }

    std::optional<RoleAssignment> assignment(const QModelIndex& index) const;
    QModelIndex indexOf(const QString& principal, const QString& role, const QString& scope) const;
    bool isExpired(const RoleAssignment& assignment) const;

    int rowCount(const QModelIndex& parent = {}) const override;
    int columnCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
    Qt::ItemFlags flags(const QModelIndex& index) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

    // The loaded rows and, when known, which principals are groups (lower-case names).
    struct Loaded
    {
        QList<RoleAssignment> assignments;
        bool kindsKnown = false;
        QStringList groups;
    };

Q_SIGNALS:
    void loaded();

private:
    QCoro::Task<> fetch(quint64 generation, bool readGroups);
    void apply(Loaded rows, QString error);
    void armExpiryTimer();
    void onExpiryTimer();
    QVariant displayText(int row, int column) const;

    ServiceHost& m_host;
    quint64 m_generation = 0;
    bool m_loading = false;
    QString m_loadError;
    Loaded m_rows;
    QTimer m_expiryTimer; // fires when the next shown assignment expires
};

// "2026-05-01 12:00 UTC".
QString assignmentTimeText(const QDateTime& time);

} // namespace custos::model
