#pragma once

#include "model/services/CertificateService.h"

#include <QAbstractTableModel>
#include <QList>
#include <QStringList>

namespace custos::ui {

// The renew dialog's rows: one renewal preview each, old and new side by side. The first column
// is checkable (all checked at first); unchecked rows are left out of the renewal.
class RenewalPreviewModel : public QAbstractTableModel
{
    Q_OBJECT
public:
    enum Column { CertificateColumn, OldValidityColumn, NewValidityColumn, KeyColumn, SansColumn, ColumnCount };
    // True on the SANs cell when the renewal changes them (the text says so too, not only the colour).
    enum Role { SansChangedRole = Qt::UserRole + 1 };

    explicit RenewalPreviewModel(QList<model::RenewalPreview> previews, QObject* parent = nullptr);

    QStringList checkedNames() const; // in the previews' order
    int checkedCount() const;

    int rowCount(const QModelIndex& parent = {}) const override;
    int columnCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
    bool setData(const QModelIndex& index, const QVariant& value, int role = Qt::EditRole) override;
    Qt::ItemFlags flags(const QModelIndex& index) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

Q_SIGNALS:
    void checkedChanged();

private:
    QVariant displayText(const model::RenewalPreview& preview, int column) const;
    QString sansToolTip(const model::RenewalPreview& preview) const;

    QList<model::RenewalPreview> m_previews;
    QList<bool> m_checked;
};

} // namespace custos::ui
