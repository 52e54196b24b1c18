#include "KeyListModel.h"

#include "model/services/KeyService.h"

namespace custos::model {

QString keyTimeText(const QDateTime& time)
{
    if (!time.isValid())
        return QString();
    return time.toUTC().toString(QStringLiteral("yyyy-MM-dd HH:mm 'UTC'"));
}

KeyListModel::KeyListModel(KeyService& keys, QObject* parent) : QAbstractTableModel(parent), m_service(keys)
{
    connect(&m_service, &KeyService::keysChanged, this, &KeyListModel::reload);
}

void KeyListModel::setVault(const QString& vault, bool deleted)
{
    if (vault == m_vault && deleted == m_deleted)
        return;
    m_vault = vault;
    m_deleted = deleted;
    reload();
}

void KeyListModel::setShowDeleted(bool deleted)
{
    setVault(m_vault, deleted);
}

void KeyListModel::reload()
{
    beginResetModel();
    m_keys.clear();
    m_loadError.clear();
    if (!m_vault.isEmpty()) {
        auto loaded = m_deleted ? m_service.listDeleted(m_vault) : m_service.list(m_vault);
        if (loaded)
            m_keys = loaded.take();
        else
            m_loadError = loaded.error().message;
    }
    endResetModel();
    Q_EMIT loaded();
}

std::optional<KeyRecord> KeyListModel::key(const QModelIndex& index) const
{
    if (!index.isValid() || index.model() != this || index.row() >= m_keys.size())
        return std::nullopt;
    return m_keys.at(index.row());
}

QModelIndex KeyListModel::indexOf(const QString& name) const
{
    for (int row = 0; row < m_keys.size(); ++row) {
        if (m_keys.at(row).name == name)
            return index(row, NameColumn);
    }
    return {};
}

int KeyListModel::rowCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : int(m_keys.size());
}

int KeyListModel::columnCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QString KeyListModel::sizeText(const KeyRecord& key)
{
    if (key.kty == crypto::KeyKind::Ec)
        return key.curve;
    return QString::number(key.size);
}

QVariant KeyListModel::displayText(const KeyRecord& key, int column) const
{
    switch (column) {
    case NameColumn:
        return key.name;
    case TypeColumn:
        return keyTypeName(key.kty);
    case SizeColumn:
        return sizeText(key);
    case VersionColumn:
        return key.currentVersion.seq;
    case EnabledColumn:
        return key.currentVersion.enabled ? tr("Yes") : tr("No");
    case ExpiresColumn:
        return key.currentVersion.expires.isValid() ? keyTimeText(key.currentVersion.expires) : tr("never");
    case ProtectionColumn:
        return key.protection == Protection::Hsm ? tr("HSM") : tr("Software");
    default:
        return {};
    }
}

QVariant KeyListModel::data(const QModelIndex& index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const KeyRecord& key = m_keys.at(index.row());
    switch (role) {
    case Qt::DisplayRole:
        return displayText(key, index.column());
    case Qt::ToolTipRole:
        if (key.isDeleted())
            return tr("Deleted key %1, purged on %2").arg(key.name, keyTimeText(key.scheduledPurge));
        return key.kid();
    case Qt::TextAlignmentRole:
        if (index.column() == VersionColumn || index.column() == SizeColumn)
            return QVariant::fromValue(Qt::Alignment(Qt::AlignRight | Qt::AlignVCenter));
        return {};
    case KeyNameRole:
        return key.name;
    case IsDeletedRole:
        return key.isDeleted();
    case IsEnabledRole:
        return key.currentVersion.enabled;
    case ExpiresRole:
        return key.currentVersion.expires;
    default:
        return {};
    }
}

Qt::ItemFlags KeyListModel::flags(const QModelIndex& index) const
{
    if (!index.isValid())
        return Qt::NoItemFlags;
    return Qt::ItemIsEnabled | Qt::ItemIsSelectable | Qt::ItemNeverHasChildren;
}

QVariant KeyListModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return {};
    switch (section) {
    case NameColumn:
        return tr("Name");
    case TypeColumn:
        return tr("Type");
    case SizeColumn:
        return tr("Size/Curve");
    case VersionColumn:
        return tr("Version");
    case EnabledColumn:
        return tr("Enabled");
    case ExpiresColumn:
        return tr("Expires");
    case ProtectionColumn:
        return tr("Protection");
    default:
        return {};
    }
}

} // namespace custos::model
