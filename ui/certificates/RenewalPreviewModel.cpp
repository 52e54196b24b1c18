#include "RenewalPreviewModel.h"

#include <QColor>
#include <QFont>
#include <QSet>

namespace custos::ui {

namespace {

QString dayText(const QDateTime& time)
{
    return time.isValid() ? time.toUTC().toString(QStringLiteral("yyyy-MM-dd")) : QStringLiteral("?");
}

QString timeText(const QDateTime& time)
{
    return time.isValid() ? time.toUTC().toString(QStringLiteral("yyyy-MM-dd HH:mm 'UTC'")) : QStringLiteral("?");
}

// The order of SANs carries no meaning: a renewal that only reorders them changes nothing.
// Views ask about the invalid (root) index too: no warning for it, as checkIndex would give.
bool isValidRow(const QAbstractItemModel* model, const QModelIndex& index)
{
    return index.isValid() && model->checkIndex(index, QAbstractItemModel::CheckIndexOption::ParentIsInvalid);
}

bool sameNames(const QStringList& a, const QStringList& b)
{
    return QSet<QString>(a.cbegin(), a.cend()) == QSet<QString>(b.cbegin(), b.cend());
}

QStringList without(const QStringList& names, const QStringList& removed)
{
    QStringList result;
    for (const QString& name : names) {
        if (!removed.contains(name))
            result << name;
    }
    return result;
}

} // namespace

RenewalPreviewModel::RenewalPreviewModel(QList<model::RenewalPreview> previews, QObject* parent)
    : QAbstractTableModel(parent), m_previews(std::move(previews)), m_checked(m_previews.size(), true)
{
}

QStringList RenewalPreviewModel::checkedNames() const
{
    QStringList names;
    for (qsizetype row = 0; row < m_previews.size(); ++row) {
        if (m_checked.at(row))
            names << m_previews.at(row).certificate.name;
    }
    return names;
}

int RenewalPreviewModel::checkedCount() const
{
    return int(m_checked.count(true));
}

int RenewalPreviewModel::rowCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : int(m_previews.size());
}

int RenewalPreviewModel::columnCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant RenewalPreviewModel::displayText(const model::RenewalPreview& preview, int column) const
{
    switch (column) {
    case CertificateColumn:
        return preview.certificate.name;
    case OldValidityColumn:
        return tr("%1 – %2").arg(dayText(preview.oldNotBefore), dayText(preview.oldNotAfter));
    case NewValidityColumn:
        return tr("%1 – %2").arg(dayText(preview.newNotBefore), dayText(preview.newNotAfter));
    case KeyColumn:
        return preview.newKey ? tr("New key (%1)").arg(preview.keyDescription)
                              : tr("Same key (%1)").arg(preview.keyDescription);
    case SansColumn: {
        const QString none = tr("none");
        const QString oldText =
            preview.oldSubjectAltNames.isEmpty() ? none : preview.oldSubjectAltNames.join(QStringLiteral(", "));
        if (sameNames(preview.oldSubjectAltNames, preview.newSubjectAltNames))
            return tr("%1 (unchanged)").arg(oldText);
        const QString newText =
            preview.newSubjectAltNames.isEmpty() ? none : preview.newSubjectAltNames.join(QStringLiteral(", "));
        return tr("%1 → %2").arg(oldText, newText);
    }
    default:
        return {};
    }
}

QString RenewalPreviewModel::sansToolTip(const model::RenewalPreview& preview) const
{
    const QStringList added = without(preview.newSubjectAltNames, preview.oldSubjectAltNames);
    const QStringList removed = without(preview.oldSubjectAltNames, preview.newSubjectAltNames);
    if (added.isEmpty() && removed.isEmpty())
        return tr("The renewed certificate has the same subject alternative names.");
    QStringList lines;
    if (!added.isEmpty())
        lines << tr("Added: %1").arg(added.join(QStringLiteral(", ")));
    if (!removed.isEmpty())
        lines << tr("Removed: %1").arg(removed.join(QStringLiteral(", ")));
    return lines.join(QLatin1Char('\n'));
}

QVariant RenewalPreviewModel::data(const QModelIndex& index, int role) const
{
    if (!isValidRow(this, index))
        return {};
    const model::RenewalPreview& preview = m_previews.at(index.row());
    const bool sansChanged = !sameNames(preview.oldSubjectAltNames, preview.newSubjectAltNames);
    switch (role) {
    case Qt::DisplayRole:
        return displayText(preview, index.column());
    case Qt::CheckStateRole:
        if (index.column() == CertificateColumn)
            return m_checked.at(index.row()) ? Qt::Checked : Qt::Unchecked;
        return {};
    case Qt::ToolTipRole:
        switch (index.column()) {
        case CertificateColumn:
            return preview.certificate.policy.subject;
        case OldValidityColumn:
            return tr("%1 to %2").arg(timeText(preview.oldNotBefore), timeText(preview.oldNotAfter));
        case NewValidityColumn:
            return tr("%1 to %2").arg(timeText(preview.newNotBefore), timeText(preview.newNotAfter));
        case KeyColumn:
            return preview.newKey ? tr("A new key pair is generated for the renewed certificate.")
                                  : tr("The policy reuses the key: the renewed certificate certifies the same key.");
        case SansColumn:
            return sansToolTip(preview);
        default:
            return {};
        }
    case Qt::FontRole:
        if (index.column() == SansColumn && sansChanged) {
            QFont bold;
            bold.setBold(true);
            return bold;
        }
        return {};
    case Qt::BackgroundRole:
        // Translucent amber: readable over light and dark themes; the text says "→" as well.
        if (index.column() == SansColumn && sansChanged)
            return QColor(255, 193, 7, 70);
        return {};
    case SansChangedRole:
        return index.column() == SansColumn ? QVariant(sansChanged) : QVariant();
    default:
        return {};
    }
}

bool RenewalPreviewModel::setData(const QModelIndex& index, const QVariant& value, int role)
{
    if (!isValidRow(this, index) || index.column() != CertificateColumn || role != Qt::CheckStateRole)
        return false;
    const bool checked = Qt::CheckState(value.toInt()) == Qt::Checked;
    if (m_checked.at(index.row()) == checked)
        return true;
    m_checked[index.row()] = checked;
    Q_EMIT dataChanged(index, index, {Qt::CheckStateRole});
    Q_EMIT checkedChanged();
    return true;
}

Qt::ItemFlags RenewalPreviewModel::flags(const QModelIndex& index) const
{
    if (!isValidRow(this, index))
        return Qt::NoItemFlags;
    Qt::ItemFlags flags = Qt::ItemIsEnabled | Qt::ItemIsSelectable | Qt::ItemNeverHasChildren;
    if (index.column() == CertificateColumn)
        flags |= Qt::ItemIsUserCheckable;
    return flags;
}

QVariant RenewalPreviewModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return {};
    switch (section) {
    case CertificateColumn:
        return tr("Certificate");
    case OldValidityColumn:
        return tr("Old validity");
    case NewValidityColumn:
        return tr("New validity");
    case KeyColumn:
        return tr("Key");
    case SansColumn:
        return tr("SANs (old → new)");
    default:
        return {};
    }
}

} // namespace custos::ui
