#include "RolePermissionTree.h"

#include "model/authz/Permissions.h"

#include <QHash>
#include <QHeaderView>
#include <QSet>

namespace custos::ui {

namespace {

constexpr int kPermissionRole = Qt::UserRole + 1;

QString segment(const QString& permission)
{
    return permission.section(QLatin1Char('/'), 0, 0);
}

} // namespace

QString RolePermissionTree::groupName(const QString& permission)
{
    const QString first = segment(permission);
    if (first == QLatin1String("securitydomain"))
        return tr("security domain");
    if (first == QLatin1String("keys"))
        return permission.startsWith(QLatin1String("keys/deletedKeys/")) ? tr("deleted keys") : tr("keys");
    if (first == QLatin1String("rng"))
        return tr("random");
    if (first == QLatin1String("roleAssignments") || first == QLatin1String("roleDefinitions"))
        return tr("roles");
    if (first == QLatin1String("backup") || first == QLatin1String("restore"))
        return tr("backup");
    if (first == QLatin1String("vaults"))
        return tr("vaults");
    if (first == QLatin1String("certificates"))
        return tr("certificates");
    if (first == QLatin1String("audit"))
        return tr("audit");
    if (first == QLatin1String("operators"))
        return tr("operators");
    if (first == QLatin1String("quorum"))
        return tr("quorum");
    if (first == QLatin1String("workspace"))
        return tr("workspace");
    return first;
}

RolePermissionTree::RolePermissionTree(QWidget* parent) : QTreeWidget(parent)
{
    setObjectName(QStringLiteral("permissionTreeWidget"));
    setColumnCount(ColumnCount);
    setHeaderLabels({tr("Permission"), tr("Grant"), tr("Exclude")});
    setUniformRowHeights(true);
    setSelectionMode(QAbstractItemView::SingleSelection);
    setAllColumnsShowFocus(true);
    header()->setStretchLastSection(false);
    header()->setSectionResizeMode(PermissionColumn, QHeaderView::Stretch);
    header()->setSectionResizeMode(GrantColumn, QHeaderView::ResizeToContents);
    header()->setSectionResizeMode(ExcludeColumn, QHeaderView::ResizeToContents);

    QTreeWidgetItem* group = nullptr;
    QString groupLabel;
    for (const QString& permission : model::allPermissions()) {
        const QString label = groupName(permission);
        if (!group || label != groupLabel) {
            group = new QTreeWidgetItem(this, {label});
            group->setFlags(Qt::ItemIsEnabled | Qt::ItemIsSelectable | Qt::ItemIsUserCheckable |
                            Qt::ItemIsAutoTristate);
            groupLabel = label;
        }
        auto* item = new QTreeWidgetItem(group, {permission});
        item->setData(PermissionColumn, kPermissionRole, permission);
        item->setFlags(Qt::ItemIsEnabled | Qt::ItemIsSelectable | Qt::ItemIsUserCheckable | Qt::ItemNeverHasChildren);
        item->setCheckState(GrantColumn, Qt::Unchecked);
        item->setCheckState(ExcludeColumn, Qt::Unchecked);
        // The check boxes carry no text: say what each one is for screen readers and tooltips.
        item->setToolTip(GrantColumn, tr("Grant %1").arg(permission));
        item->setToolTip(ExcludeColumn, tr("Exclude %1 (not-permission)").arg(permission));
        m_permissionItems << item;
    }
    expandAll();
    connect(this, &QTreeWidget::itemChanged, this, [this](QTreeWidgetItem*, int column) {
        if (column == GrantColumn || column == ExcludeColumn)
            Q_EMIT patternsChanged();
    });
}

void RolePermissionTree::setPatterns(const QStringList& actions, const QStringList& notActions)
{
    const QSignalBlocker blocker(this);
    auto matchesAny = [](const QStringList& patterns, const QString& permission) {
        for (const QString& pattern : patterns) {
            if (model::permissionMatches(pattern, permission))
                return true;
        }
        return false;
    };
    for (QTreeWidgetItem* item : std::as_const(m_permissionItems)) {
        const QString permission = item->data(PermissionColumn, kPermissionRole).toString();
        item->setCheckState(GrantColumn, matchesAny(actions, permission) ? Qt::Checked : Qt::Unchecked);
        item->setCheckState(ExcludeColumn, matchesAny(notActions, permission) ? Qt::Checked : Qt::Unchecked);
    }
    viewport()->update();
    Q_EMIT patternsChanged();
}

QTreeWidgetItem* RolePermissionTree::permissionItem(const QString& permission) const
{
    for (QTreeWidgetItem* item : m_permissionItems) {
        if (item->data(PermissionColumn, kPermissionRole).toString() == permission)
            return item;
    }
    return nullptr;
}

QStringList RolePermissionTree::patterns(int column) const
{
    QSet<QString> checked;
    QHash<QString, bool> wholeSegment; // every permission under the first path segment checked
    for (QTreeWidgetItem* item : m_permissionItems) {
        const QString permission = item->data(PermissionColumn, kPermissionRole).toString();
        const bool on = item->checkState(column) == Qt::Checked;
        if (on)
            checked.insert(permission);
        const QString first = segment(permission);
        wholeSegment[first] = wholeSegment.value(first, true) && on;
    }
    QStringList out;
    QSet<QString> written;
    for (const QString& permission : model::allPermissions()) {
        const QString first = segment(permission);
        if (wholeSegment.value(first)) {
            if (!written.contains(first)) {
                out << first + QStringLiteral("/*");
                written.insert(first);
            }
        } else if (checked.contains(permission)) {
            out << permission;
        }
    }
    return out;
}

} // namespace custos::ui
