#pragma once

#include "crypto/Outcome.h"
#include "model/audit/AuditQuery.h"

#include <QAbstractTableModel>
#include <QCoro/QCoroTask>
#include <QHash>
#include <QList>
#include <QSet>

#include <functional>
#include <optional>

namespace custos::model {

class ServiceHost;

// The audit trail as a table, for 1,000,000+ events (STYLE.md 4.2, strategy: WINDOWED).
// rowCount() is the query's cached total count; data() serves rows from a small LRU cache of
// fixed-size pages and never touches the database. A missing page is requested asynchronously
// through the injected page fetcher while a placeholder is shown, followed by one dataChanged for
// the page's rows. Changing the query (filters, sort()) resets the model and drops every reply that
// was asked for under the old one. Memory stays constant: kMaxPages pages of kPageSize events.
class AuditEventModel : public QAbstractTableModel
{
    Q_OBJECT
public:
    enum Column {
        SeqColumn,
        TimeColumn,
        OperatorColumn,
        OperationColumn,
        ResourceColumn,
        ResultColumn,
        ReasonColumn, // the reason, else the justification
        ColumnCount
    };
    enum Role {
        ResultRole = Qt::UserRole + 1, // int(AuditResult): ui/ maps it to an icon and colour
        SeqRole,                       // qint64
        LoadedRole,                    // bool: false while the row's page is on its way
    };
    static constexpr int kPageSize = 100;
    static constexpr int kMaxPages = 12;

    using PageFetcher =
        std::function<QCoro::Task<Outcome<QList<AuditEvent>>>(AuditQuery query, qint64 offset, int limit)>;
    using CountFetcher = std::function<QCoro::Task<Outcome<qint64>>(AuditQuery query)>;

    explicit AuditEventModel(PageFetcher pages, CountFetcher count, QObject* parent = nullptr);
    // Fetchers over the host's service thread (AuditReview).
    static PageFetcher hostPageFetcher(ServiceHost& host);
    static CountFetcher hostCountFetcher(ServiceHost& host);

    // Resets to the new query and asks for its count and first page at once.
    void setQuery(const AuditQuery& query);
    const AuditQuery& query() const { return m_query; }
    void reload() { setQuery(m_query); }
    bool isCounting() const { return m_counting; }
    QString loadError() const { return m_loadError; }
    // The event of a loaded row (the detail pane), nothing while its page is on its way.
    std::optional<AuditEvent> event(int row) const;
    int pageFetches() const { return m_pageFetches; } // for tests and benches

    int rowCount(const QModelIndex& parent = {}) const override;
    int columnCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;
    // Re-queries in SQL (never sorts rows in memory).
    void sort(int column, Qt::SortOrder order = Qt::AscendingOrder) override;

    static QString timeText(const QDateTime& time); // "2026-05-01 12:00:00.123 UTC"
    static QString resultText(AuditResult result);  // translated

Q_SIGNALS:
    void countLoaded(qint64 count); // after a (re)query's count has arrived
    void loadFailed(const QString& message);

private:
    const AuditEvent* cached(int row) const;
    void requestPage(int page) const;
    QCoro::Task<> loadPage(quint64 generation, int page);
    QCoro::Task<> loadCount(quint64 generation);
    void store(int page, QList<AuditEvent> events);
    QVariant displayText(const AuditEvent& event, int column) const;

    PageFetcher m_pages;
    CountFetcher m_count;
    AuditQuery m_query;
    quint64 m_generation = 0;
    int m_rows = 0;
    bool m_counting = false;
    QString m_loadError;
    int m_pageFetches = 0;
    // The cache; mutable because data() (const) marks pages as used and asks for missing ones.
    mutable QHash<int, QList<AuditEvent>> m_cache;
    mutable QList<int> m_recent; // most recently used first
    mutable QSet<int> m_pending;
};

} // namespace custos::model
