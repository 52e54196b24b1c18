#pragma once

#include <QStringList>
#include <QTreeWidget>

namespace custos::ui {

// Every permission of allPermissions(), grouped as ROLES.md's table (security domain, keys,
// deleted keys, ...), with two check boxes each: granted (the role's permissions) and excluded
// (its not-permissions). A group's boxes check or clear all of its permissions. Patterns read in
// ("keys/*") check every permission they match; patterns written out use "segment/*" where every
// permission under that first path segment is checked, else the concrete permissions.
class RolePermissionTree : public QTreeWidget
{
    Q_OBJECT
public:
    enum Column { PermissionColumn, GrantColumn, ExcludeColumn, ColumnCount };

    explicit RolePermissionTree(QWidget* parent = nullptr);

    void setPatterns(const QStringList& actions, const QStringList& notActions);
    QStringList actions() const { return patterns(GrantColumn); }
    QStringList notActions() const { return patterns(ExcludeColumn); }
    // The item of one concrete permission (tests, and jumping to it).
    QTreeWidgetItem* permissionItem(const QString& permission) const;

    // ROLES.md's group of a permission, translated ("keys", "deleted keys", ...).
    static QString groupName(const QString& permission);

Q_SIGNALS:
    void patternsChanged();

private:
    QStringList patterns(int column) const;

    QList<QTreeWidgetItem*> m_permissionItems; // allPermissions() order
};

} // namespace custos::ui
