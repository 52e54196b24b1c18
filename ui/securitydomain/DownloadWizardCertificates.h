#pragma once

#include "crypto/sd/CustodianKey.h"

#include <QAbstractTableModel>
#include <QDateTime>
#include <QList>

namespace custos::ui {

// The download wizard's custodian certificates, in share order: holder, RSA size, thumbprint,
// expiry (flagged with text and an icon when it is near), and the file each came from.
class CustodianCertificateModel : public QAbstractTableModel
{
    Q_OBJECT
public:
    enum Column { HolderColumn, RsaColumn, ThumbprintColumn, ExpiresColumn, FileColumn, ColumnCount };
    static constexpr int kExpiryWarningDays = 90;

    struct Entry
    {
        crypto::sd::CustodianCertificate certificate;
        QString path;
    };

    explicit CustodianCertificateModel(QObject* parent = nullptr);

    int rowCount(const QModelIndex& parent = {}) const override;
    int columnCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

    // The holder of an entry with the same thumbprint, or an empty string.
    QString duplicateOf(const QString& x5t256) const;
    void append(Entry entry);
    void removeAt(int row);
    const QList<Entry>& entries() const { return m_entries; }

    // "expired", "expires in 12 days", or empty when far off; `now` for tests.
    static QString expiryNote(const QString& notAfter, const QDateTime& now = QDateTime::currentDateTimeUtc());

private:
    QList<Entry> m_entries;
};

} // namespace custos::ui
