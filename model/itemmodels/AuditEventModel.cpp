#include "AuditEventModel.h"

#include "model/services/AuditReview.h"
#include "model/services/Services.h"
#include "model/session/ServiceHost.h"

#include <QPointer>

#include <limits>

namespace custos::model {

AuditEventModel::AuditEventModel(PageFetcher pages, CountFetcher count, QObject* parent)
    : QAbstractTableModel(parent), m_pages(std::move(pages)), m_count(std::move(count))
{
}

AuditEventModel::PageFetcher AuditEventModel::hostPageFetcher(ServiceHost& host)
{
    // Not a coroutine: the returned task is host.call's own, so nothing here outlives the call.
    return [&host](AuditQuery query, qint64 offset, int limit) {
        return host.call([query, offset, limit](Services& services) {
            return AuditReview(services.path()).page(query, offset, limit);
        });
    };
}

AuditEventModel::CountFetcher AuditEventModel::hostCountFetcher(ServiceHost& host)
{
    return [&host](AuditQuery query) {
        return host.call([query](Services& services) { return AuditReview(services.path()).count(query); });
    };
}

void AuditEventModel::setQuery(const AuditQuery& query)
{
    const quint64 generation = ++m_generation; // every reply asked for before is stale now
    beginResetModel();
    m_query = query;
    m_rows = 0;
    m_cache.clear();
    m_recent.clear();
    m_pending.clear();
    m_loadError.clear();
    endResetModel();
    m_counting = true;
    loadCount(generation);
    requestPage(0); // in parallel with the count: the first paint needs both
}

QCoro::Task<> AuditEventModel::loadCount(quint64 generation)
{
    if (!m_count)
        co_return;
    QPointer<AuditEventModel> guard(this);
    auto task = m_count(m_query);
    Outcome<qint64> counted = co_await task;
    if (!guard || generation != m_generation)
        co_return;
    m_counting = false;
    if (!counted) {
        m_loadError = counted.error().message;
        Q_EMIT loadFailed(m_loadError);
        Q_EMIT countLoaded(0);
        co_return;
    }
    const qint64 total = std::min<qint64>(counted.value(), std::numeric_limits<int>::max());
    if (total > 0) {
        beginInsertRows({}, 0, int(total) - 1);
        m_rows = int(total);
        endInsertRows();
    }
    Q_EMIT countLoaded(counted.value());
}

void AuditEventModel::requestPage(int page) const
{
    if (!m_pages || page < 0 || m_pending.contains(page) || m_cache.contains(page))
        return;
    m_pending.insert(page);
    auto* self = const_cast<AuditEventModel*>(this);
    ++self->m_pageFetches;
    // Started from the event loop: a fetcher that answers at once must not emit dataChanged
    // inside the data() call of a view that is painting.
    const quint64 generation = m_generation;
    QMetaObject::invokeMethod(
        self,
        [self, generation, page] {
            if (generation == self->m_generation)
                self->loadPage(generation, page);
        },
        Qt::QueuedConnection);
}

QCoro::Task<> AuditEventModel::loadPage(quint64 generation, int page)
{
    QPointer<AuditEventModel> guard(this);
    auto task = m_pages(m_query, qint64(page) * kPageSize, kPageSize);
    Outcome<QList<AuditEvent>> loaded = co_await task;
    if (!guard || generation != m_generation)
        co_return; // the query changed meanwhile: not this model's rows any more
    m_pending.remove(page);
    if (!loaded) {
        m_loadError = loaded.error().message;
        Q_EMIT loadFailed(m_loadError);
        co_return;
    }
    store(page, loaded.take());
}

void AuditEventModel::store(int page, QList<AuditEvent> events)
{
    m_cache.insert(page, std::move(events));
    m_recent.removeAll(page);
    m_recent.prepend(page);
    while (m_recent.size() > kMaxPages)
        m_cache.remove(m_recent.takeLast());
    // One dataChanged for the page's rows that exist yet (the count may still be on its way).
    const int first = page * kPageSize;
    const int last = std::min(first + kPageSize, m_rows) - 1;
    if (last >= first)
        Q_EMIT dataChanged(index(first, 0), index(last, ColumnCount - 1));
}

const AuditEvent* AuditEventModel::cached(int row) const
{
    const int page = row / kPageSize;
    auto found = m_cache.constFind(page);
    if (found == m_cache.constEnd() || row % kPageSize >= found->size())
        return nullptr;
    if (m_recent.value(0, -1) != page) {
        m_recent.removeAll(page);
        m_recent.prepend(page);
    }
    return &found->at(row % kPageSize);
}

std::optional<AuditEvent> AuditEventModel::event(int row) const
{
    if (row < 0 || row >= m_rows)
        return std::nullopt;
    const AuditEvent* found = cached(row);
    if (!found)
        return std::nullopt;
    return *found;
}

int AuditEventModel::rowCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : m_rows;
}

int AuditEventModel::columnCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QString AuditEventModel::timeText(const QDateTime& time)
{
    return time.isValid() ? time.toUTC().toString(QStringLiteral("yyyy-MM-dd HH:mm:ss.zzz 'UTC'")) : QString();
}

QString AuditEventModel::resultText(AuditResult result)
{
    switch (result) {
    case AuditResult::Success:
        return tr("Success");
    case AuditResult::Denied:
        return tr("Denied");
    case AuditResult::Failed:
        return tr("Failed");
    }
    return {};
}

QVariant AuditEventModel::displayText(const AuditEvent& event, int column) const
{
    switch (column) {
    case SeqColumn:
        return QString::number(event.seq);
    case TimeColumn:
        return timeText(event.time);
    case OperatorColumn:
        return event.operatorName;
    case OperationColumn:
        return event.operation;
    case ResourceColumn:
        return event.resource;
    case ResultColumn:
        return resultText(event.result);
    case ReasonColumn:
        return event.reason.isEmpty() ? event.justification : event.reason;
    default:
        return {};
    }
}

QVariant AuditEventModel::data(const QModelIndex& index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const AuditEvent* event = cached(index.row());
    if (!event) {
        if (role == Qt::DisplayRole || role == Qt::ToolTipRole || role == LoadedRole)
            requestPage(index.row() / kPageSize);
        if (role == LoadedRole)
            return false;
        if (role == Qt::DisplayRole && index.column() == SeqColumn)
            return tr("Loading…");
        if (role == Qt::ToolTipRole)
            return tr("Loading…");
        return {};
    }
    switch (role) {
    case Qt::DisplayRole:
        return displayText(*event, index.column());
    case Qt::ToolTipRole:
        if (index.column() == ReasonColumn && !event->reason.isEmpty() && !event->justification.isEmpty())
            return tr("Reason: %1\nJustification: %2").arg(event->reason, event->justification);
        return displayText(*event, index.column());
    case Qt::TextAlignmentRole:
        if (index.column() == SeqColumn)
            return QVariant(Qt::AlignRight | Qt::AlignVCenter);
        return {};
    case ResultRole:
        return int(event->result);
    case SeqRole:
        return event->seq;
    case LoadedRole:
        return true;
    default:
        return {};
    }
}

QVariant AuditEventModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return QAbstractTableModel::headerData(section, orientation, role);
    switch (section) {
    case SeqColumn:
        return tr("Seq");
    case TimeColumn:
        return tr("Time (UTC)");
    case OperatorColumn:
        return tr("Operator");
    case OperationColumn:
        return tr("Operation");
    case ResourceColumn:
        return tr("Resource");
    case ResultColumn:
        return tr("Result");
    case ReasonColumn:
        return tr("Reason / justification");
    default:
        return {};
    }
}

void AuditEventModel::sort(int column, Qt::SortOrder order)
{
    using S = AuditQuery::SortColumn;
    S sortColumn = S::Seq;
    switch (column) {
    case SeqColumn:
        sortColumn = S::Seq;
        break;
    case TimeColumn:
        sortColumn = S::Time;
        break;
    case OperatorColumn:
        sortColumn = S::Operator;
        break;
    case OperationColumn:
        sortColumn = S::Operation;
        break;
    case ResourceColumn:
        sortColumn = S::Resource;
        break;
    case ResultColumn:
        sortColumn = S::Result;
        break;
    default:
        return; // reason/justification: not indexed, not sortable
    }
    if (sortColumn == m_query.sortColumn && order == m_query.sortOrder)
        return;
    AuditQuery query = m_query;
    query.sortColumn = sortColumn;
    query.sortOrder = order;
    setQuery(query);
}

} // namespace custos::model
