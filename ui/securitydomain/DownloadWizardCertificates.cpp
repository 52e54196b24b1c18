#include "DownloadWizardCertificates.h"

#include <QApplication>
#include <QDir>
#include <QLocale>
#include <QStyle>

namespace custos::ui {

CustodianCertificateModel::CustodianCertificateModel(QObject* parent) : QAbstractTableModel(parent) {}

int CustodianCertificateModel::rowCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : int(m_entries.size());
}

int CustodianCertificateModel::columnCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QString CustodianCertificateModel::expiryNote(const QString& notAfter, const QDateTime& now)
{
    const QDateTime expiry = QDateTime::fromString(notAfter, Qt::ISODate);
    if (!expiry.isValid())
        return {};
    const qint64 days = now.daysTo(expiry);
    if (expiry <= now)
        return tr("expired");
    if (days <= kExpiryWarningDays)
        return tr("expires in %n day(s)", nullptr, int(days));
    return {};
}

QVariant CustodianCertificateModel::data(const QModelIndex& index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const Entry& entry = m_entries.at(index.row());
    const crypto::sd::CustodianCertificate& certificate = entry.certificate;
    const QString note = expiryNote(certificate.notAfter);
    switch (role) {
    case Qt::DisplayRole:
        switch (index.column()) {
        case HolderColumn:
            return certificate.holder;
        case RsaColumn:
            return tr("RSA-%1").arg(certificate.rsaBits);
        case ThumbprintColumn:
            return certificate.x5t256;
        case ExpiresColumn: {
            const QDateTime expiry = QDateTime::fromString(certificate.notAfter, Qt::ISODate);
            const QString date = expiry.isValid()
                                     ? QLocale().toString(expiry.toLocalTime().date(), QLocale::ShortFormat)
                                     : certificate.notAfter;
            return note.isEmpty() ? date : tr("%1 (%2)").arg(date, note);
        }
        case FileColumn:
            return QDir::toNativeSeparators(entry.path);
        }
        break;
    case Qt::DecorationRole:
        if (index.column() == ExpiresColumn && !note.isEmpty())
            return QApplication::style()->standardIcon(QStyle::SP_MessageBoxWarning);
        break;
    case Qt::ToolTipRole:
        if (index.column() == ThumbprintColumn)
            return tr("SHA-256 thumbprint of the certificate (x5t#S256)");
        if (index.column() == ExpiresColumn && !note.isEmpty())
            return tr("The certificate still encrypts and decrypts shares after it expires, but plan to replace "
                      "this custodian");
        break;
    default:
        break;
    }
    return {};
}

QVariant CustodianCertificateModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (role != Qt::DisplayRole)
        return {};
    if (orientation == Qt::Vertical)
        return section + 1;
    switch (section) {
    case HolderColumn:
        return tr("Holder");
    case RsaColumn:
        return tr("Key");
    case ThumbprintColumn:
        return tr("Thumbprint");
    case ExpiresColumn:
        return tr("Expires");
    case FileColumn:
        return tr("File");
    }
    return {};
}

QString CustodianCertificateModel::duplicateOf(const QString& x5t256) const
{
    for (const Entry& entry : m_entries) {
        if (entry.certificate.x5t256 == x5t256)
            return entry.certificate.holder;
    }
    return {};
}

void CustodianCertificateModel::append(Entry entry)
{
    const int row = int(m_entries.size());
    beginInsertRows({}, row, row);
    m_entries.append(std::move(entry));
    endInsertRows();
}

void CustodianCertificateModel::removeAt(int row)
{
    if (row < 0 || row >= m_entries.size())
        return;
    beginRemoveRows({}, row, row);
    m_entries.removeAt(row);
    endRemoveRows();
}

} // namespace custos::ui
