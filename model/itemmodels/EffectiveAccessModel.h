#pragma once

#include <QAbstractItemModel>
#include <QCoro/QCoroTask>
#include <QDateTime>
#include <QList>
#include <QStringList>

namespace custos::model {

class ServiceHost;
struct ScopeAccess;

// What one principal (an operator or a group) can do where (AccessService::what,
// roleAssignments/read/action) as a tree: a scope per top-level row, below it each permission
// held there with the assignments it comes through (role, direct or through a group, expiry).
// Loads on the service thread; reloads on assignment, group and operator changes.
class EffectiveAccessModel : public QAbstractItemModel
{
    Q_OBJECT
public:
    enum Column { NameColumn, RoleColumn, ThroughColumn, ExpiresColumn, ColumnCount };
    enum Role {
        ScopeRole = Qt::UserRole + 1, // the row's scope (also on permission rows)
        PermissionRole,               // a permission row's permission; invalid on scope rows
        RolesRole,                    // QStringList: the roles granting it, one per assignment
        ThroughRole,                  // QStringList: "" (direct) or the group, one per assignment
        AssignmentIdsRole,            // QStringList
        IsScopeRole
    };

    // One assignment a permission comes through.
    struct Via
    {
        QString assignmentId;
        QString role;
        QString group; // empty: direct
        QDateTime expires;
    };
    struct PermissionRow
    {
        QString permission;
        QList<Via> via;
    };
    struct ScopeRow
    {
        QString scope;
        QList<Via> via; // every assignment at this scope
        QList<PermissionRow> permissions;
    };

    explicit EffectiveAccessModel(ServiceHost& host, QObject* parent = nullptr);

    // Shows `principal`'s access (empty: nothing): empties the tree at once, fills it on arrival.
    void setPrincipal(const QString& principal);
    QString principal() const { return m_principal; }
    void reload();
    bool isLoading() const { return m_loading; }
    QString loadError() const { return m_loadError; }

    QModelIndex indexOfScope(const QString& scope) const;
    QModelIndex indexOfPermission(const QString& scope, const QString& permission) const;

    static QList<ScopeRow> rowsOf(const QList<ScopeAccess>& access);

    QModelIndex index(int row, int column, const QModelIndex& parent = {}) const override;
    QModelIndex parent(const QModelIndex& child) const override;
    int rowCount(const QModelIndex& parent = {}) const override;
    int columnCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
    Qt::ItemFlags flags(const QModelIndex& index) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

Q_SIGNALS:
    void loaded();

private:
    QCoro::Task<> fetch(quint64 generation, QString principal);
    void apply(QList<ScopeRow> rows, QString error);
    QVariant viaData(const QList<Via>& via, int column, int role) const;

    ServiceHost& m_host;
    quint64 m_generation = 0;
    bool m_loading = false;
    QString m_principal;
    QString m_loadError;
    QList<ScopeRow> m_rows;
};

// "direct", or "group G".
QString throughText(const QString& group);

} // namespace custos::model
