#include "SecurityDomainViewModels.h"

#include "DownloadWizardCertificates.h"

#include <QApplication>
#include <QFont>
#include <QLocale>
#include <QStyle>

namespace custos::ui {

CustodianSetModel::CustodianSetModel(QObject* parent) : QAbstractTableModel(parent) {}

void CustodianSetModel::setCustodians(QList<model::CustodianRecord> custodians, QStringList expiringThumbprints)
{
    beginResetModel();
    m_custodians = std::move(custodians);
    m_expiring = std::move(expiringThumbprints);
    endResetModel();
}

int CustodianSetModel::rowCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : int(m_custodians.size());
}

int CustodianSetModel::columnCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant CustodianSetModel::data(const QModelIndex& index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const model::CustodianRecord& custodian = m_custodians.at(index.row());
    // The service's list decides what counts as expiring; the note says how soon.
    const bool expiring = m_expiring.contains(custodian.x5t256);
    QString note;
    if (expiring) {
        note = CustodianCertificateModel::expiryNote(custodian.notAfter);
        if (note.isEmpty())
            note = tr("expiring");
    }
    switch (role) {
    case Qt::DisplayRole:
        switch (index.column()) {
        case HolderColumn:
            return custodian.holder;
        case ThumbprintColumn:
            return custodian.x5t256;
        case ExpiresColumn: {
            const QDateTime expiry = QDateTime::fromString(custodian.notAfter, Qt::ISODate);
            const QString date = expiry.isValid()
                                     ? QLocale().toString(expiry.toLocalTime().date(), QLocale::ShortFormat)
                                     : custodian.notAfter;
            return note.isEmpty() ? date : tr("%1 (%2)").arg(date, note);
        }
        }
        break;
    case Qt::DecorationRole:
        if (index.column() == ExpiresColumn && expiring)
            return QApplication::style()->standardIcon(QStyle::SP_MessageBoxWarning);
        break;
    case Qt::ToolTipRole:
        if (index.column() == ExpiresColumn && expiring)
            return tr("This custodian's certificate expires soon. Its share still opens; plan a new download with a "
                      "renewed certificate.");
        break;
    default:
        break;
    }
    return {};
}

QVariant CustodianSetModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (role != Qt::DisplayRole || orientation != Qt::Horizontal)
        return {};
    switch (section) {
    case HolderColumn:
        return tr("Holder");
    case ThumbprintColumn:
        return tr("Thumbprint");
    case ExpiresColumn:
        return tr("Certificate expires");
    }
    return {};
}

SecurityDomainHistoryModel::SecurityDomainHistoryModel(QObject* parent) : QAbstractTableModel(parent) {}

void SecurityDomainHistoryModel::setFiles(QList<model::SecurityDomainFileRecord> files)
{
    beginResetModel();
    m_files = std::move(files);
    endResetModel();
}

int SecurityDomainHistoryModel::rowCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : int(m_files.size());
}

int SecurityDomainHistoryModel::columnCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QString SecurityDomainHistoryModel::kindText(const QString& kind)
{
    if (kind == QLatin1String("download"))
        return tr("Download");
    if (kind == QLatin1String("rotate"))
        return tr("Rotation");
    if (kind == QLatin1String("restore"))
        return tr("Restore");
    return kind;
}

QVariant SecurityDomainHistoryModel::data(const QModelIndex& index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const model::SecurityDomainFileRecord& file = m_files.at(index.row());
    const bool current = file.state == QLatin1String("current");
    switch (role) {
    case Qt::DisplayRole:
        switch (index.column()) {
        case TimeColumn:
            return QLocale().toString(file.time.toLocalTime(), QLocale::ShortFormat);
        case KindColumn:
            return kindText(file.kind);
        case OperatorColumn:
            return file.operatorName;
        case QuorumColumn:
            return tr("%1 of %2").arg(file.required).arg(file.custodians.size());
        case StateColumn:
            return current ? tr("Current") : tr("Superseded");
        case Sha256Column:
            return file.fileSha256;
        }
        break;
    case Qt::FontRole:
        if (current) {
            QFont font;
            font.setBold(true);
            return font;
        }
        break;
    case Qt::ToolTipRole: {
        QStringList holders;
        for (const model::CustodianRecord& custodian : file.custodians)
            holders << custodian.holder;
        return tr("Custodians: %1\nDomain key ID: %2").arg(holders.join(QStringLiteral(", ")), file.domainKeyId);
    }
    default:
        break;
    }
    return {};
}

QVariant SecurityDomainHistoryModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (role != Qt::DisplayRole || orientation != Qt::Horizontal)
        return {};
    switch (section) {
    case TimeColumn:
        return tr("Time");
    case KindColumn:
        return tr("Ceremony");
    case OperatorColumn:
        return tr("Operator");
    case QuorumColumn:
        return tr("Quorum");
    case StateColumn:
        return tr("State");
    case Sha256Column:
        return tr("File SHA-256");
    }
    return {};
}

} // namespace custos::ui
