#include "CertificateListModel.h"

#include "KeyListModel.h"
#include "model/services/Services.h"
#include "model/session/ServiceHost.h"

#include <QPointer>

namespace custos::model {

CertificateListModel::CertificateListModel(ServiceHost& host, QObject* parent)
    : QAbstractTableModel(parent), m_host(host), m_now(QDateTime::currentDateTimeUtc())
{
    connect(&m_host, &ServiceHost::certificatesChanged, this, [this](const QString& vault) {
        if (vault.isEmpty() || vault == m_vault)
            reload();
    });
}

void CertificateListModel::setVault(const QString& vault)
{
    if (vault == m_vault)
        return;
    m_vault = vault;
    beginResetModel();
    m_certificates.clear();
    m_loadError.clear();
    endResetModel();
    reload();
}

void CertificateListModel::setShowDeleted(bool deleted)
{
    if (deleted == m_deleted)
        return;
    m_deleted = deleted;
    beginResetModel();
    m_certificates.clear();
    m_loadError.clear();
    endResetModel();
    reload();
}

void CertificateListModel::reload()
{
    const quint64 generation = ++m_generation;
    if (m_vault.isEmpty()) {
        m_loading = false;
        apply({}, {});
        return;
    }
    m_loading = true;
    fetch(generation, m_vault, m_deleted);
}

QCoro::Task<> CertificateListModel::fetch(quint64 generation, QString vault, bool deleted)
{
    QPointer<CertificateListModel> guard(this);
    auto task = m_host.call([vault, deleted](Services& services) {
        return deleted ? services.certificates().listDeleted(vault) : services.certificates().list(vault);
    });
    Outcome<QList<CertificateRecord>> loaded = co_await task;
    if (!guard || generation != m_generation)
        co_return;
    m_loading = false;
    if (loaded)
        apply(loaded.take(), {});
    else
        apply({}, loaded.error().message);
}

void CertificateListModel::apply(QList<CertificateRecord> certificates, QString error)
{
    beginResetModel();
    m_certificates = std::move(certificates);
    m_loadError = std::move(error);
    m_now = QDateTime::currentDateTimeUtc();
    endResetModel();
    Q_EMIT loaded();
}

ExpiryStatus CertificateListModel::statusOf(const CertificateRecord& certificate, const QDateTime& now)
{
    if (certificate.currentVersion.isPending())
        return ExpiryStatus::Pending;
    if (certificate.currentVersion.isRevoked())
        return ExpiryStatus::Revoked;
    return expiryStatus(certificate.currentVersion.notAfter, now);
}

std::optional<CertificateRecord> CertificateListModel::certificate(const QModelIndex& index) const
{
    if (!index.isValid() || index.model() != this || index.row() >= m_certificates.size())
        return std::nullopt;
    return m_certificates.at(index.row());
}

QModelIndex CertificateListModel::indexOf(const QString& name) const
{
    for (int row = 0; row < m_certificates.size(); ++row) {
        if (m_certificates.at(row).name == name)
            return index(row, NameColumn);
    }
    return {};
}

int CertificateListModel::rowCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : int(m_certificates.size());
}

int CertificateListModel::columnCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant CertificateListModel::data(const QModelIndex& index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const CertificateRecord& certificate = m_certificates.at(index.row());
    const CertificateVersion& version = certificate.currentVersion;
    if (role == Qt::DisplayRole || role == SortRole) {
        switch (index.column()) {
        case NameColumn:
            return certificate.name;
        case KindColumn:
            return certificate.isCa ? tr("CA") : tr("Certificate");
        case SubjectColumn:
            return certificate.policy.subject;
        case ExpiresColumn:
            if (role == SortRole)
                return version.notAfter;
            return version.isPending() ? tr("pending") : keyTimeText(version.notAfter);
        case StatusColumn:
            if (role == SortRole)
                return int(statusOf(certificate, m_now));
            return expiryStatusText(statusOf(certificate, m_now));
        case IssuerColumn:
            return certificate.policy.issuer;
        default:
            return {};
        }
    }
    switch (role) {
    case Qt::ToolTipRole:
        return certificate.resourceId();
    case CertificateNameRole:
        return certificate.name;
    case StatusRole:
        return int(statusOf(certificate, m_now));
    case ExpiresRole:
        return version.notAfter;
    default:
        return {};
    }
}

Qt::ItemFlags CertificateListModel::flags(const QModelIndex& index) const
{
    if (!index.isValid())
        return Qt::NoItemFlags;
    return Qt::ItemIsEnabled | Qt::ItemIsSelectable | Qt::ItemNeverHasChildren;
}

QVariant CertificateListModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return {};
    switch (section) {
    case NameColumn:
        return tr("Name");
    case KindColumn:
        return tr("Kind");
    case SubjectColumn:
        return tr("Subject");
    case ExpiresColumn:
        return tr("Expires");
    case StatusColumn:
        return tr("Status");
    case IssuerColumn:
        return tr("Issuer");
    default:
        return {};
    }
}

} // namespace custos::model
