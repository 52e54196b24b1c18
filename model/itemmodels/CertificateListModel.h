#pragma once

#include "model/domain/Certificate.h"
#include "model/services/ExpiryOverview.h"

#include <QAbstractTableModel>
#include <QCoro/QCoroTask>
#include <QList>

#include <optional>

namespace custos::model {

class ServiceHost;

// The certificates (and CAs) of one vault, one row each, loaded from CertificateService::list on the
// service thread; reloads on certificatesChanged for its vault. A load a newer one overtook is
// dropped. The status column carries its ExpiryStatus in StatusRole: ui/ adds the icon.
class CertificateListModel : public QAbstractTableModel
{
    Q_OBJECT
public:
    enum Column { NameColumn, KindColumn, SubjectColumn, ExpiresColumn, StatusColumn, IssuerColumn, ColumnCount };
    enum Role { CertificateNameRole = Qt::UserRole + 1, StatusRole, ExpiresRole, SortRole };

    explicit CertificateListModel(ServiceHost& host, QObject* parent = nullptr);

    void setVault(const QString& vault); // empty: none; empties the list at once
    QString vault() const { return m_vault; }
    // The vault's deleted certificates (CertificateService::listDeleted) instead of its active ones.
    void setShowDeleted(bool deleted);
    bool showsDeleted() const { return m_deleted; }
    void reload();
    bool isLoading() const { return m_loading; }
    QString loadError() const { return m_loadError; }

    std::optional<CertificateRecord> certificate(const QModelIndex& index) const;
    QModelIndex indexOf(const QString& name) const;
    static ExpiryStatus statusOf(const CertificateRecord& certificate, const QDateTime& now);

    int rowCount(const QModelIndex& parent = {}) const override;
    int columnCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
    Qt::ItemFlags flags(const QModelIndex& index) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

Q_SIGNALS:
    void loaded();

private:
    QCoro::Task<> fetch(quint64 generation, QString vault, bool deleted);
    void apply(QList<CertificateRecord> certificates, QString error);

    ServiceHost& m_host;
    quint64 m_generation = 0;
    bool m_loading = false;
    QString m_vault;
    bool m_deleted = false;
    QString m_loadError;
    QDateTime m_now; // of the load: statuses stay consistent between data() calls
    QList<CertificateRecord> m_certificates;
};

} // namespace custos::model
