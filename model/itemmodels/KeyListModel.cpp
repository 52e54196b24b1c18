#include "KeyListModel.h"

#include "model/services/Services.h"
#include "model/session/ServiceHost.h"

#include <QPointer>

namespace custos::model {

QString keyTimeText(const QDateTime& time)
{
    if (!time.isValid())
        return QString();
    return time.toUTC().toString(QStringLiteral("yyyy-MM-dd HH:mm 'UTC'"));
}

KeyListModel::KeyListModel(ServiceHost& host, QObject* parent) : QAbstractTableModel(parent), m_host(host)
{
    connect(&m_host, &ServiceHost::keysChanged, this, &KeyListModel::reload);
}

void KeyListModel::setVault(const QString& vault, bool deleted)
{
    if (vault == m_vault && deleted == m_deleted)
        return;
    m_vault = vault;
    m_deleted = deleted;
    // Another list: never show the previous one's rows under the new vault.
    beginResetModel();
    m_keys.clear();
    m_loadError.clear();
    endResetModel();
    reload();
}

void KeyListModel::setShowDeleted(bool deleted)
{
    setVault(m_vault, deleted);
}

void KeyListModel::reload()
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

QCoro::Task<> KeyListModel::fetch(quint64 generation, QString vault, bool deleted)
{
    QPointer<KeyListModel> guard(this);
    auto task = m_host.call([vault, deleted](Services& services) {
        return deleted ? services.keys().listDeleted(vault) : services.keys().list(vault);
    });
    Outcome<QList<KeyRecord>> loaded = co_await task;
    if (!guard || generation != m_generation)
        co_return;
    m_loading = false;
    if (loaded)
        apply(loaded.take(), {});
    else
        apply({}, loaded.error().message);
}

void KeyListModel::apply(QList<KeyRecord> keys, QString error)
{
    beginResetModel();
    m_keys = std::move(keys);
    m_loadError = std::move(error);
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
