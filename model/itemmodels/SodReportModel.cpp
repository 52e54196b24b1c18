#include "SodReportModel.h"

#include "RoleAssignmentModel.h"
#include "model/services/Services.h"
#include "model/session/ServiceHost.h"

#include <QPointer>

namespace custos::model {

namespace {
const QString kReadPermission = QStringLiteral("roleAssignments/read/action");
}

SodReportModel::SodReportModel(ServiceHost& host, QObject* parent) : QAbstractTableModel(parent), m_host(host)
{
    connect(&m_host, &ServiceHost::accessChanged, this, &SodReportModel::reload);
    reload();
}

void SodReportModel::setExpiringWithinDays(int days)
{
    if (days == m_days)
        return;
    m_days = days;
    reload();
}

void SodReportModel::reload()
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
    fetch(generation, m_days);
}

QCoro::Task<> SodReportModel::fetch(quint64 generation, int days)
{
    QPointer<SodReportModel> guard(this);
    auto task = m_host.call([days](Services& services) { return services.access().sodReport(days); });
    Outcome<QList<SodFinding>> loaded = co_await task;
    if (!guard || generation != m_generation)
        co_return;
    m_loading = false;
    if (loaded)
        apply(loaded.take(), {});
    else
        apply({}, loaded.error().message);
}

void SodReportModel::apply(QList<SodFinding> findings, QString error)
{
    beginResetModel();
    m_findings = std::move(findings);
    m_loadError = std::move(error);
    endResetModel();
    Q_EMIT loaded();
}

std::optional<SodFinding> SodReportModel::finding(const QModelIndex& index) const
{
    if (!index.isValid() || index.model() != this || index.row() >= m_findings.size())
        return std::nullopt;
    return m_findings.at(index.row());
}

int SodReportModel::rowCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : int(m_findings.size());
}

int SodReportModel::columnCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant SodReportModel::displayText(const SodFinding& finding, int column) const
{
    const bool expiring = finding.kind == SodFinding::Kind::Expiring;
    const bool broad = finding.kind == SodFinding::Kind::BroadScope;
    switch (column) {
    case KindColumn:
        return expiring ? tr("Expiring assignment") : broad ? tr("Broader than used") : tr("Conflicting roles");
    case PrincipalColumn:
        return finding.isGroup ? tr("%1 (group)").arg(finding.principal) : finding.principal;
    case RolesColumn:
        return finding.roles.join(QStringLiteral(" + "));
    case ThroughColumn: {
        if (expiring)
            return tr("at %1, expires %2").arg(finding.scope, assignmentTimeText(finding.expires));
        if (broad)
            return tr("at %1, used only in %2").arg(finding.scope, finding.usedScopes.join(QStringLiteral(", ")));
        QStringList through;
        for (const QString& way : finding.through) {
            // The service says "direct" or "group G".
            if (way == QLatin1String("direct"))
                through << tr("direct");
            else if (way.startsWith(QLatin1String("group ")))
                through << tr("group %1").arg(way.mid(6));
            else
                through << way;
        }
        return through.join(QStringLiteral(", "));
    }
    case FindingColumn:
        return finding.text;
    default:
        return {};
    }
}

QVariant SodReportModel::data(const QModelIndex& index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const SodFinding& finding = m_findings.at(index.row());
    switch (role) {
    case Qt::DisplayRole:
        return displayText(finding, index.column());
    case Qt::ToolTipRole:
        return finding.text;
    case IsExpiringRole:
        return finding.kind == SodFinding::Kind::Expiring;
    case PrincipalRole:
        return finding.principal;
    case IsGroupRole:
        return finding.isGroup;
    default:
        return {};
    }
}

Qt::ItemFlags SodReportModel::flags(const QModelIndex& index) const
{
    if (!index.isValid())
        return Qt::NoItemFlags;
    return Qt::ItemIsEnabled | Qt::ItemIsSelectable | Qt::ItemNeverHasChildren;
}

QVariant SodReportModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return {};
    switch (section) {
    case KindColumn:
        return tr("Kind");
    case PrincipalColumn:
        return tr("Principal");
    case RolesColumn:
        return tr("Roles");
    case ThroughColumn:
        return tr("Through");
    case FindingColumn:
        return tr("Finding");
    default:
        return {};
    }
}

} // namespace custos::model
