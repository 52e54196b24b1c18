#include "RoleAssignmentModel.h"

#include "model/services/Services.h"
#include "model/session/ServiceHost.h"

#include <QPointer>

#include <limits>

namespace custos::model {

namespace {
const QString kReadPermission = QStringLiteral("roleAssignments/read/action");
const QString kReadGroupsPermission = QStringLiteral("operators/read");
constexpr qint64 kMaxTimerMs = 24LL * 3600 * 1000; // re-armed daily for far expiries
} // namespace

QString assignmentTimeText(const QDateTime& time)
{
    if (!time.isValid())
        return QString();
    return time.toUTC().toString(QStringLiteral("yyyy-MM-dd HH:mm 'UTC'"));
}

RoleAssignmentModel::RoleAssignmentModel(ServiceHost& host, QObject* parent) : QAbstractTableModel(parent), m_host(host)
{
    m_expiryTimer.setSingleShot(true);
    connect(&m_expiryTimer, &QTimer::timeout, this, &RoleAssignmentModel::onExpiryTimer);
    connect(&m_host, &ServiceHost::accessChanged, this, &RoleAssignmentModel::reload);
    reload();
}

void RoleAssignmentModel::reload()
{
    const quint64 generation = ++m_generation;
    if (!m_host.isLoggedIn()) {
        m_loading = false;
        apply({}, {});
        return;
    }
    // Checked here first: a denied call would be audited at every reload.
    if (!m_host.access().isAllowed(kReadPermission, QStringLiteral("/"))) {
        m_loading = false;
        apply({}, tr("You lack the permission %1 at %2").arg(kReadPermission, QStringLiteral("/")));
        return;
    }
    m_loading = true;
    fetch(generation, m_host.access().isAllowed(kReadGroupsPermission, QStringLiteral("/")));
}

QCoro::Task<> RoleAssignmentModel::fetch(quint64 generation, bool readGroups)
{
    QPointer<RoleAssignmentModel> guard(this);
    auto task = m_host.call([readGroups](Services& services) -> Outcome<Loaded> {
        auto assignments = services.roles().assignments();
        if (!assignments)
            return assignments.error();
        Loaded rows;
        rows.assignments = assignments.take();
        if (readGroups) {
            auto groups = services.groups().list();
            if (groups) {
                rows.kindsKnown = true;
                for (const OperatorGroup& group : groups.value())
                    rows.groups << group.name.toLower();
            }
        }
        return rows;
    });
    Outcome<Loaded> loaded = co_await task;
    if (!guard || generation != m_generation)
        co_return;
    m_loading = false;
    if (loaded)
        apply(loaded.take(), {});
    else
        apply({}, loaded.error().message);
}

void RoleAssignmentModel::apply(Loaded rows, QString error)
{
    beginResetModel();
    m_rows = std::move(rows);
    m_loadError = std::move(error);
    endResetModel();
    armExpiryTimer();
    Q_EMIT loaded();
}

bool RoleAssignmentModel::isExpired(const RoleAssignment& assignment) const
{
    return !assignment.isActiveAt(QDateTime::currentDateTimeUtc());
}

void RoleAssignmentModel::armExpiryTimer()
{
    const QDateTime now = QDateTime::currentDateTimeUtc();
    qint64 next = std::numeric_limits<qint64>::max();
    for (const RoleAssignment& a : std::as_const(m_rows.assignments)) {
        if (a.expires.isValid() && a.expires > now)
            next = qMin(next, now.msecsTo(a.expires));
    }
    if (next == std::numeric_limits<qint64>::max()) {
        m_expiryTimer.stop();
        return;
    }
    m_expiryTimer.start(int(qBound<qint64>(0, next + 1, kMaxTimerMs)));
}

void RoleAssignmentModel::onExpiryTimer()
{
    if (!m_rows.assignments.isEmpty())
        Q_EMIT dataChanged(index(0, 0), index(rowCount() - 1, ColumnCount - 1));
    armExpiryTimer();
}

std::optional<RoleAssignment> RoleAssignmentModel::assignment(const QModelIndex& index) const
{
    if (!index.isValid() || index.model() != this || index.row() >= m_rows.assignments.size())
        return std::nullopt;
    return m_rows.assignments.at(index.row());
}

QModelIndex RoleAssignmentModel::indexOf(const QString& principal, const QString& role, const QString& scope) const
{
    for (int row = 0; row < m_rows.assignments.size(); ++row) {
        const RoleAssignment& a = m_rows.assignments.at(row);
        if (a.principal.compare(principal, Qt::CaseInsensitive) == 0 &&
            a.role.compare(role, Qt::CaseInsensitive) == 0 && a.scope == scope)
            return index(row, PrincipalColumn);
    }
    return {};
}

int RoleAssignmentModel::rowCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : int(m_rows.assignments.size());
}

int RoleAssignmentModel::columnCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant RoleAssignmentModel::displayText(int row, int column) const
{
    const RoleAssignment& a = m_rows.assignments.at(row);
    switch (column) {
    case PrincipalColumn:
        return a.principal;
    case KindColumn:
        if (!m_rows.kindsKnown)
            return tr("unknown");
        return m_rows.groups.contains(a.principal.toLower()) ? tr("group") : tr("operator");
    case RoleColumn:
        return a.role;
    case ScopeColumn:
        return a.scope;
    case ExpiresColumn:
        return a.expires.isValid() ? assignmentTimeText(a.expires) : tr("never");
    case StatusColumn:
        return isExpired(a) ? tr("expired") : tr("active");
    default:
        return {};
    }
}

QVariant RoleAssignmentModel::data(const QModelIndex& index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const RoleAssignment& a = m_rows.assignments.at(index.row());
    switch (role) {
    case Qt::DisplayRole:
        return displayText(index.row(), index.column());
    case Qt::ToolTipRole:
        if (index.column() == StatusColumn && isExpired(a))
            return tr("Expired on %1: this assignment no longer grants anything").arg(assignmentTimeText(a.expires));
        if (index.column() == KindColumn && !m_rows.kindsKnown)
            return tr("Telling operators from groups needs the permission operators/read");
        return tr("Assigned by %1 on %2").arg(a.createdBy, assignmentTimeText(a.created));
    case AssignmentIdRole:
        return a.id;
    case PrincipalRole:
        return a.principal;
    case RoleNameRole:
        return a.role;
    case ScopeRole:
        return a.scope;
    case ExpiresRole:
        return a.expires;
    case IsExpiredRole:
        return isExpired(a);
    case IsGroupRole:
        if (!m_rows.kindsKnown)
            return {};
        return m_rows.groups.contains(a.principal.toLower());
    default:
        return {};
    }
}

Qt::ItemFlags RoleAssignmentModel::flags(const QModelIndex& index) const
{
    if (!index.isValid())
        return Qt::NoItemFlags;
    return Qt::ItemIsEnabled | Qt::ItemIsSelectable | Qt::ItemNeverHasChildren;
}

QVariant RoleAssignmentModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return {};
    switch (section) {
    case PrincipalColumn:
        return tr("Principal");
    case KindColumn:
        return tr("Kind");
    case RoleColumn:
        return tr("Role");
    case ScopeColumn:
        return tr("Scope");
    case ExpiresColumn:
        return tr("Expires");
    case StatusColumn:
        return tr("Status");
    default:
        return {};
    }
}

} // namespace custos::model
