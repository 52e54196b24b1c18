#pragma once

#include "model/services/SecurityDomainService.h"

#include <QAbstractTableModel>
#include <QDateTime>

namespace custos::ui {

// The custodians of the file in force: holder, thumbprint, expiry (flagged with text and an icon
// when within 90 days or past).
class CustodianSetModel : public QAbstractTableModel
{
    Q_OBJECT
public:
    enum Column { HolderColumn, ThumbprintColumn, ExpiresColumn, ColumnCount };

    explicit CustodianSetModel(QObject* parent = nullptr);
    void setCustodians(QList<model::CustodianRecord> custodians, QStringList expiringThumbprints);

    int rowCount(const QModelIndex& parent = {}) const override;
    int columnCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

private:
    QList<model::CustodianRecord> m_custodians;
    QStringList m_expiring;
};

// Every security-domain file of the workspace, newest first, the current one marked.
class SecurityDomainHistoryModel : public QAbstractTableModel
{
    Q_OBJECT
public:
    enum Column { TimeColumn, KindColumn, OperatorColumn, QuorumColumn, StateColumn, Sha256Column, ColumnCount };

    explicit SecurityDomainHistoryModel(QObject* parent = nullptr);
    void setFiles(QList<model::SecurityDomainFileRecord> files);
    const QList<model::SecurityDomainFileRecord>& files() const { return m_files; }

    int rowCount(const QModelIndex& parent = {}) const override;
    int columnCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

    static QString kindText(const QString& kind);

private:
    QList<model::SecurityDomainFileRecord> m_files;
};

} // namespace custos::ui
