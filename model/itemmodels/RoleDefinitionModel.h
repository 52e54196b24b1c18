#pragma once

#include "model/authz/Permissions.h"

#include <QAbstractTableModel>
#include <QCoro/QCoroTask>
#include <QList>

#include <optional>

namespace custos::model {

class ServiceHost;

// The role definitions, built-in ones first (ROLES.md's order), then custom ones by name
// (RoleService::listRoles). Loads on the service thread and resets itself with the result; reloads
// on ServiceHost::accessChanged (which follows role definition and assignment changes). Without
// roleDefinitions/read/action it stays empty and says why (no denied call is made).
class RoleDefinitionModel : public QAbstractTableModel
{
    Q_OBJECT
public:
    enum Column { NameColumn, KindColumn, DescriptionColumn, ColumnCount };
    enum Role { RoleNameRole = Qt::UserRole + 1, IsBuiltInRole };

    explicit RoleDefinitionModel(ServiceHost& host, QObject* parent = nullptr);

    void reload(); // keeps the rows until the new ones arrive
    bool isLoading() const { return m_loading; }
    QString loadError() const { return m_loadError; }

    std::optional<RoleDefinition> role(const QModelIndex& index) const;
    QModelIndex indexOf(const QString& name) const;
    QStringList definitionNames() const;

    int rowCount(const QModelIndex& parent = {}) const override;
    int columnCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
    Qt::ItemFlags flags(const QModelIndex& index) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

Q_SIGNALS:
    void loaded(); // when a (re)load has arrived, also an empty or failed one

private:
    QCoro::Task<> fetch(quint64 generation);
    void apply(QList<RoleDefinition> roles, QString error);

    ServiceHost& m_host;
    quint64 m_generation = 0;
    bool m_loading = false;
    QString m_loadError;
    QList<RoleDefinition> m_roles;
};

} // namespace custos::model
