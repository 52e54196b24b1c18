#include "KeyImportBulkModel.h"

#include "model/services/KeyService.h"

#include <QApplication>
#include <QBrush>
#include <QIcon>
#include <QPalette>
#include <QStyle>

namespace custos::ui {

KeyImportBulkModel::KeyImportBulkModel(QObject* parent) : QAbstractTableModel(parent) {}

void KeyImportBulkModel::setItems(const QList<KeyImportBulkItem>& items)
{
    beginResetModel();
    m_items = items;
    m_locked = false;
    endResetModel();
    Q_EMIT namesChanged();
}

void KeyImportBulkModel::setVault(const QString& vault)
{
    m_vault = vault;
    if (!m_items.isEmpty())
        Q_EMIT dataChanged(index(0, VaultColumn), index(rowCount() - 1, VaultColumn));
}

void KeyImportBulkModel::setLocked(bool locked)
{
    m_locked = locked;
    if (!m_items.isEmpty())
        Q_EMIT dataChanged(index(0, NameColumn), index(rowCount() - 1, NameColumn));
}

void KeyImportBulkModel::setStatus(int row, KeyImportBulkItem::Status status, const QString& result)
{
    if (row < 0 || row >= m_items.size())
        return;
    m_items[row].status = status;
    m_items[row].result = result;
    Q_EMIT dataChanged(index(row, ResultColumn), index(row, ResultColumn));
}

QString KeyImportBulkModel::nameProblem(int row) const
{
    const QString name = m_items.at(row).name;
    if (!model::KeyService::isValidName(name))
        return tr("'%1' is not a valid key name: expected %2").arg(name, model::KeyService::nameRule());
    for (int other = 0; other < m_items.size(); ++other) {
        if (other != row && m_items.at(other).name.compare(name, Qt::CaseInsensitive) == 0)
            return tr("'%1' is also the name of row %2").arg(name).arg(other + 1);
    }
    return {};
}

QString KeyImportBulkModel::firstProblem() const
{
    for (int row = 0; row < m_items.size(); ++row) {
        const QString problem = nameProblem(row);
        if (!problem.isEmpty())
            return tr("Row %1: %2").arg(row + 1).arg(problem);
    }
    return {};
}

int KeyImportBulkModel::rowCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : int(m_items.size());
}

int KeyImportBulkModel::columnCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant KeyImportBulkModel::data(const QModelIndex& index, int role) const
{
    if (!index.isValid() || !checkIndex(index, CheckIndexOption::ParentIsInvalid))
        return {};
    const KeyImportBulkItem& item = m_items.at(index.row());
    switch (index.column()) {
    case ItemColumn:
        if (role == Qt::DisplayRole || role == Qt::ToolTipRole)
            return item.filePath.isEmpty() ? item.label : item.filePath;
        break;
    case VaultColumn:
        if (role == Qt::DisplayRole)
            return m_vault;
        break;
    case NameColumn: {
        const QString problem = nameProblem(index.row());
        if (role == Qt::DisplayRole || role == Qt::EditRole)
            return item.name;
        if (role == Qt::ToolTipRole)
            return problem;
        if (role == Qt::DecorationRole && !problem.isEmpty())
            return QApplication::style()->standardIcon(QStyle::SP_MessageBoxWarning);
        break;
    }
    case ResultColumn:
        if (role == Qt::DisplayRole || role == Qt::ToolTipRole) {
            switch (item.status) {
            case KeyImportBulkItem::Status::Pending:
                return role == Qt::DisplayRole ? tr("pending") : QVariant();
            case KeyImportBulkItem::Status::Running:
                return tr("importing…");
            case KeyImportBulkItem::Status::Imported:
            case KeyImportBulkItem::Status::Failed:
                return item.result;
            }
        }
        if (role == Qt::DecorationRole) {
            if (item.status == KeyImportBulkItem::Status::Imported)
                return QApplication::style()->standardIcon(QStyle::SP_DialogApplyButton);
            if (item.status == KeyImportBulkItem::Status::Failed)
                return QApplication::style()->standardIcon(QStyle::SP_MessageBoxCritical);
        }
        break;
    default:
        break;
    }
    return {};
}

QVariant KeyImportBulkModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return QAbstractTableModel::headerData(section, orientation, role);
    switch (section) {
    case ItemColumn:
        return tr("Item");
    case VaultColumn:
        return tr("Vault");
    case NameColumn:
        return tr("Key name");
    case ResultColumn:
        return tr("Result");
    default:
        return {};
    }
}

Qt::ItemFlags KeyImportBulkModel::flags(const QModelIndex& index) const
{
    if (!index.isValid() || !checkIndex(index, CheckIndexOption::ParentIsInvalid))
        return Qt::NoItemFlags;
    Qt::ItemFlags f = Qt::ItemIsEnabled | Qt::ItemIsSelectable;
    if (index.column() == NameColumn && !m_locked)
        f |= Qt::ItemIsEditable;
    return f;
}

bool KeyImportBulkModel::setData(const QModelIndex& index, const QVariant& value, int role)
{
    if (role != Qt::EditRole || index.column() != NameColumn || m_locked || !index.isValid() ||
        !checkIndex(index, CheckIndexOption::ParentIsInvalid))
        return false;
    m_items[index.row()].name = value.toString().trimmed();
    // Another row's duplicate problem may have come or gone with this name.
    Q_EMIT dataChanged(this->index(0, NameColumn), this->index(rowCount() - 1, NameColumn));
    Q_EMIT namesChanged();
    return true;
}

} // namespace custos::ui
