#pragma once

#include "model/services/AccessService.h"

#include <QAbstractTableModel>
#include <QCoro/QCoroTask>
#include <QList>

namespace custos::model {

class ServiceHost;

// Who holds one permission on one resource (AccessService::who, roleAssignments/read/action):
// one row per operator and assignment, with the role, whether it comes directly or through a
// group, the assignment's scope and expiry. Loads on the service thread; reloads on assignment,
// group and operator changes.
class EffectiveAccessHolderModel : public QAbstractTableModel
{
    Q_OBJECT
public:
    enum Column { OperatorColumn, EnabledColumn, RoleColumn, ThroughColumn, ScopeColumn, ExpiresColumn, ColumnCount };
    enum Role { OperatorNameRole = Qt::UserRole + 1, GroupRole, RoleNameRole, AssignmentIdRole };

    explicit EffectiveAccessHolderModel(ServiceHost& host, QObject* parent = nullptr);

    // Asks who holds `permission` at `scope` (either empty: nothing).
    void setQuery(const QString& scope, const QString& permission);
    QString scope() const { return m_scope; }
    QString permission() const { return m_permission; }
    void reload();
    bool isLoading() const { return m_loading; }
    QString loadError() const { return m_loadError; }

    QList<AccessHolder> holders() const { return m_holders; }
    // The row of `operatorName` holding it through `role` (and `group`, when given).
    QModelIndex indexOf(const QString& operatorName, const QString& role, const QString& group = {}) const;

    int rowCount(const QModelIndex& parent = {}) const override;
    int columnCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
    Qt::ItemFlags flags(const QModelIndex& index) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

Q_SIGNALS:
    void loaded();

private:
    QCoro::Task<> fetch(quint64 generation, QString scope, QString permission);
    void apply(QList<AccessHolder> holders, QString error);

    ServiceHost& m_host;
    quint64 m_generation = 0;
    bool m_loading = false;
    QString m_scope;
    QString m_permission;
    QString m_loadError;
    QList<AccessHolder> m_holders;
};

} // namespace custos::model
