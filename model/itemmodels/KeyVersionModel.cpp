#include "KeyVersionModel.h"

#include "KeyListModel.h"
#include "model/services/Services.h"
#include "model/session/ServiceHost.h"

#include <QPointer>

#include <QStringList>

namespace custos::model {

namespace {

QString tagsText(const QMap<QString, QString>& tags)
{
    QStringList parts;
    for (auto it = tags.cbegin(); it != tags.cend(); ++it)
        parts << it.key() + QLatin1Char('=') + it.value();
    return parts.join(QStringLiteral("; "));
}

} // namespace

KeyVersionModel::KeyVersionModel(ServiceHost& host, QObject* parent) : QAbstractTableModel(parent), m_host(host)
{
    connect(&m_host, &ServiceHost::keysChanged, this, &KeyVersionModel::reload);
}

void KeyVersionModel::setKey(const QString& vault, const QString& name)
{
    if (vault == m_vault && name == m_name)
        return;
    m_vault = vault;
    m_name = name;
    beginResetModel(); // never another key's versions under this one
    m_versions.clear();
    m_loadError.clear();
    endResetModel();
    reload();
}

void KeyVersionModel::reload()
{
    const quint64 generation = ++m_generation;
    if (m_vault.isEmpty() || m_name.isEmpty()) {
        m_loading = false;
        apply({}, {});
        return;
    }
    m_loading = true;
    fetch(generation, m_vault, m_name);
}

QCoro::Task<> KeyVersionModel::fetch(quint64 generation, QString vault, QString name)
{
    QPointer<KeyVersionModel> guard(this);
    auto task = m_host.call([vault, name](Services& services) { return services.keys().versions(vault, name); });
    Outcome<QList<KeyVersion>> loaded = co_await task;
    if (!guard || generation != m_generation)
        co_return;
    m_loading = false;
    if (loaded)
        apply(loaded.take(), {});
    else
        apply({}, loaded.error().message);
}

void KeyVersionModel::apply(QList<KeyVersion> versions, QString error)
{
    beginResetModel();
    m_versions = std::move(versions);
    m_loadError = std::move(error);
    endResetModel();
    Q_EMIT loaded();
}

std::optional<KeyVersion> KeyVersionModel::version(const QModelIndex& index) const
{
    if (!index.isValid() || index.model() != this || index.row() >= m_versions.size())
        return std::nullopt;
    return m_versions.at(index.row());
}

QModelIndex KeyVersionModel::indexOf(const QString& versionId) const
{
    for (int row = 0; row < m_versions.size(); ++row) {
        if (m_versions.at(row).id == versionId)
            return index(row, SeqColumn);
    }
    return {};
}

int KeyVersionModel::rowCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : int(m_versions.size());
}

int KeyVersionModel::columnCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant KeyVersionModel::displayText(const KeyVersion& version, int column) const
{
    switch (column) {
    case SeqColumn:
        return version.seq;
    case IdColumn:
        return version.id;
    case EnabledColumn:
        return version.enabled ? tr("Yes") : tr("No");
    case NotBeforeColumn:
        return keyTimeText(version.notBefore);
    case ExpiresColumn:
        return version.expires.isValid() ? keyTimeText(version.expires) : tr("never");
    case CreatedColumn:
        return keyTimeText(version.created);
    case UpdatedColumn:
        return keyTimeText(version.updated);
    case TagsColumn:
        return tagsText(version.tags);
    default:
        return {};
    }
}

QVariant KeyVersionModel::data(const QModelIndex& index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const KeyVersion& version = m_versions.at(index.row());
    const bool current = index.row() == m_versions.size() - 1;
    switch (role) {
    case Qt::DisplayRole:
        return displayText(version, index.column());
    case Qt::ToolTipRole:
        return current ? tr("Current version %1").arg(version.id) : tr("Older version %1").arg(version.id);
    case VersionIdRole:
        return version.id;
    case IsCurrentRole:
        return current;
    case IsEnabledRole:
        return version.enabled;
    default:
        return {};
    }
}

Qt::ItemFlags KeyVersionModel::flags(const QModelIndex& index) const
{
    if (!index.isValid())
        return Qt::NoItemFlags;
    return Qt::ItemIsEnabled | Qt::ItemIsSelectable | Qt::ItemNeverHasChildren;
}

QVariant KeyVersionModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return {};
    switch (section) {
    case SeqColumn:
        return tr("#");
    case IdColumn:
        return tr("Version");
    case EnabledColumn:
        return tr("Enabled");
    case NotBeforeColumn:
        return tr("Not before");
    case ExpiresColumn:
        return tr("Expires");
    case CreatedColumn:
        return tr("Created");
    case UpdatedColumn:
        return tr("Updated");
    case TagsColumn:
        return tr("Tags");
    default:
        return {};
    }
}

} // namespace custos::model
