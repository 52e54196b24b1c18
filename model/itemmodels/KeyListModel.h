#pragma once

#include "model/domain/Key.h"

#include <QAbstractTableModel>
#include <QCoro/QCoroTask>
#include <QList>

#include <optional>

namespace custos::model {

class ServiceHost;

// The keys of one vault (or its deleted keys), one row per key, by name. Loads every row from
// KeyService::list/listDeleted on the service thread (database rows only: no token round trip)
// and resets itself with the result; reloads on keysChanged. A result that a newer load has
// overtaken is dropped. data() only formats what was loaded, so 10,000 keys stay cheap.
// Roles return text and semantic values; ui/ decides how they look.
class KeyListModel : public QAbstractTableModel
{
    Q_OBJECT
public:
    enum Column {
        NameColumn,
        TypeColumn,
        SizeColumn, // bits for RSA and oct, the curve for EC
        VersionColumn,
        EnabledColumn,
        ExpiresColumn,
        ProtectionColumn,
        ColumnCount
    };
    enum Role { KeyNameRole = Qt::UserRole + 1, IsDeletedRole, IsEnabledRole, ExpiresRole };

    explicit KeyListModel(ServiceHost& host, QObject* parent = nullptr);

    // Shows the keys of `vault` (empty: none), the deleted ones when `deleted`: empties the list at
    // once and fills it when the load arrives.
    void setVault(const QString& vault, bool deleted = false);
    void setShowDeleted(bool deleted);
    QString vault() const { return m_vault; }
    bool showsDeleted() const { return m_deleted; }
    void reload(); // keeps the rows until the new ones arrive
    bool isLoading() const { return m_loading; }
    // Why the last load found nothing (e.g. a denial); empty when it worked.
    QString loadError() const { return m_loadError; }

    std::optional<KeyRecord> key(const QModelIndex& index) const;
    QModelIndex indexOf(const QString& name) const;

    int rowCount(const QModelIndex& parent = {}) const override;
    int columnCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
    Qt::ItemFlags flags(const QModelIndex& index) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

    static QString sizeText(const KeyRecord& key); // "2048", "P-256"

Q_SIGNALS:
    void loaded(); // when a (re)load has arrived, also an empty or failed one

private:
    QVariant displayText(const KeyRecord& key, int column) const;
    QCoro::Task<> fetch(quint64 generation, QString vault, bool deleted);
    void apply(QList<KeyRecord> keys, QString error);

    ServiceHost& m_host;
    quint64 m_generation = 0; // of the newest load; older results are stale
    bool m_loading = false;
    QString m_vault;
    bool m_deleted = false;
    QString m_loadError;
    QList<KeyRecord> m_keys;
};

// "2026-05-01 12:00 UTC" (administrators compare times with the audit trail: UTC, unambiguous).
QString keyTimeText(const QDateTime& time);

} // namespace custos::model
