#pragma once

#include "model/domain/OperatorGroup.h"

#include <QAbstractItemModel>
#include <QCoro/QCoroTask>
#include <QList>

#include <optional>

namespace custos::model {

class ServiceHost;

// The operator groups (AccessGroupService::list, operators/read) as a tree: a group per top-level
// row, its members below it. Loads on the service thread, resets with the result, and reloads on
// AccessGroupService::groupsChanged and OperatorService::operatorsChanged (a deleted operator
// leaves its groups).
class OperatorGroupModel : public QAbstractItemModel
{
    Q_OBJECT
public:
    enum Column { NameColumn, CreatedByColumn, ColumnCount };
    enum Role { GroupNameRole = Qt::UserRole + 1, MemberNameRole, IsGroupRole };

    explicit OperatorGroupModel(ServiceHost& host, QObject* parent = nullptr);

    void reload();
    bool isLoading() const { return m_loading; }
    QString loadError() const { return m_loadError; }

    QModelIndex indexOfGroup(const QString& name) const;
    QModelIndex indexOfMember(const QString& group, const QString& member) const;
    std::optional<OperatorGroup> group(const QString& name) const;
    QStringList groupNames() const;

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
    QCoro::Task<> fetch(quint64 generation);
    void apply(QList<OperatorGroup> groups, QString error);

    ServiceHost& m_host;
    quint64 m_generation = 0;
    bool m_loading = false;
    QString m_loadError;
    QList<OperatorGroup> m_groups;
};

} // namespace custos::model
