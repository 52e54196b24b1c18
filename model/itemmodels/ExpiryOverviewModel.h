#pragma once

#include "model/services/ExpiryOverview.h"

#include <QAbstractTableModel>
#include <QCoro/QCoroTask>
#include <QList>

namespace custos::model {

class ServiceHost;

// The expiry overview's rows: certificates, keys with an expiry and CRL next updates across every
// vault the operator may read (collectExpiryItems on the service thread). Reloads on
// certificatesChanged, keysChanged and sessionChanged; a load a newer one overtook is dropped.
class ExpiryOverviewModel : public QAbstractTableModel
{
    Q_OBJECT
public:
    enum Column { WhatColumn, VaultColumn, NameColumn, ExpiresColumn, DaysLeftColumn, StatusColumn, ColumnCount };
    enum Role { StatusRole = Qt::UserRole + 1, ExpiresRole, SortRole };

    explicit ExpiryOverviewModel(ServiceHost& host, QObject* parent = nullptr);

    void reload();
    bool isLoading() const { return m_loading; }
    QString loadError() const { return m_loadError; }
    const QList<ExpiryItem>& items() const { return m_items; }
    QDateTime loadedAt() const { return m_now; }
    // Expired or under 30 days left (revoked and pending ones excluded): the main window's count.
    int dueSoonCount() const;

    int rowCount(const QModelIndex& parent = {}) const override;
    int columnCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
    Qt::ItemFlags flags(const QModelIndex& index) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

Q_SIGNALS:
    void loaded();

private:
    QCoro::Task<> fetch(quint64 generation);
    void apply(QList<ExpiryItem> items, QString error, QDateTime now);

    ServiceHost& m_host;
    quint64 m_generation = 0;
    bool m_loading = false;
    QString m_loadError;
    QDateTime m_now;
    QList<ExpiryItem> m_items;
};

} // namespace custos::model
