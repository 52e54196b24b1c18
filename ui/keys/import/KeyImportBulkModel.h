#pragma once

#include <QAbstractTableModel>
#include <QList>
#include <QString>

namespace custos::ui {

// One item of a bulk import: a file of a folder, or one key of a multi-key source.
struct KeyImportBulkItem
{
    enum class Status { Pending, Running, Imported, Failed };
    QString label;    // the file name or the key's label
    QString filePath; // folder mode: the file; empty for a key of the wizard's source
    int keyIndex = 0; // KeyImportRequest::keyIndex
    QString name;     // the key name to import under (editable)
    Status status = Status::Pending;
    QString result; // "imported", "imported (version ...)", or the error
};

// The bulk page's table: item → vault → name (editable until the import starts, checked) → result.
class KeyImportBulkModel : public QAbstractTableModel
{
    Q_OBJECT
public:
    enum Column { ItemColumn, VaultColumn, NameColumn, ResultColumn, ColumnCount };

    explicit KeyImportBulkModel(QObject* parent = nullptr);

    void setItems(const QList<KeyImportBulkItem>& items);
    const QList<KeyImportBulkItem>& items() const { return m_items; }
    void setVault(const QString& vault);
    QString vault() const { return m_vault; }
    void setLocked(bool locked); // names are fixed once the import starts
    void setStatus(int row, KeyImportBulkItem::Status status, const QString& result);

    // Why the row's name cannot be used (invalid, or used by another row); empty when it can.
    QString nameProblem(int row) const;
    QString firstProblem() const; // "row 2: ..." or empty

    int rowCount(const QModelIndex& parent = {}) const override;
    int columnCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;
    Qt::ItemFlags flags(const QModelIndex& index) const override;
    bool setData(const QModelIndex& index, const QVariant& value, int role = Qt::EditRole) override;

Q_SIGNALS:
    void namesChanged();

private:
    QList<KeyImportBulkItem> m_items;
    QString m_vault;
    bool m_locked = false;
};

} // namespace custos::ui
