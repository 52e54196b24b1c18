#include "SearchResultModel.h"

namespace custos::ui {

using Kind = model::SearchHit::Kind;
using Field = model::SearchHit::Field;

SearchResultModel::SearchResultModel(QObject* parent) : QAbstractListModel(parent) {}

void SearchResultModel::setHits(QList<model::SearchHit> hits)
{
    beginResetModel();
    m_hits = std::move(hits);
    endResetModel();
}

void SearchResultModel::clear()
{
    if (m_hits.isEmpty())
        return;
    setHits({});
}

std::optional<model::SearchHit> SearchResultModel::hit(int row) const
{
    if (row < 0 || row >= m_hits.size())
        return std::nullopt;
    return m_hits.at(row);
}

int SearchResultModel::rowCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : int(m_hits.size());
}

QVariant SearchResultModel::data(const QModelIndex& index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const model::SearchHit& hit = m_hits.at(index.row());
    switch (role) {
    case Qt::DisplayRole:
        return displayText(hit);
    case Qt::DecorationRole:
        return kindIcon(hit.kind);
    case Qt::ToolTipRole:
        return hit.resource;
    case Qt::AccessibleTextRole:
        return kindText(hit.kind) + QLatin1Char(' ') + displayText(hit);
    case KindRole:
        return int(hit.kind);
    case NameRole:
        return hit.name;
    case VaultRole:
        return hit.vault;
    case ResourceRole:
        return hit.resource;
    default:
        return {};
    }
}

QString SearchResultModel::kindText(Kind kind)
{
    switch (kind) {
    case Kind::Vault:
        return tr("Vault");
    case Kind::Key:
        return tr("Key");
    case Kind::Certificate:
        return tr("Certificate");
    case Kind::Operator:
        return tr("Operator");
    case Kind::Role:
        return tr("Role");
    }
    return {};
}

QString SearchResultModel::fieldText(Field field)
{
    switch (field) {
    case Field::Name:
        return tr("name");
    case Field::DisplayName:
        return tr("display name");
    case Field::Tag:
        return tr("tag");
    case Field::Subject:
        return tr("subject");
    case Field::SubjectAltName:
        return tr("subject alternative name");
    case Field::Fingerprint:
        return tr("SHA-256 fingerprint");
    case Field::Serial:
        return tr("serial number");
    case Field::Description:
        return tr("description");
    }
    return {};
}

QIcon SearchResultModel::kindIcon(Kind kind)
{
    switch (kind) {
    case Kind::Vault:
        return QIcon(QStringLiteral(":/icons/vault.svg"));
    case Kind::Key:
        return QIcon(QStringLiteral(":/icons/key.svg"));
    case Kind::Certificate:
        return QIcon(QStringLiteral(":/icons/certificate.svg"));
    case Kind::Operator:
        return QIcon(QStringLiteral(":/icons/operator.svg"));
    case Kind::Role:
        return QIcon(QStringLiteral(":/icons/role.svg"));
    }
    return {};
}

QString SearchResultModel::locationText(const model::SearchHit& hit)
{
    switch (hit.kind) {
    case Kind::Key:
        return tr("Key in vault %1").arg(hit.vault);
    case Kind::Certificate:
        return tr("Certificate in vault %1").arg(hit.vault);
    case Kind::Vault:
    case Kind::Operator:
    case Kind::Role:
        break;
    }
    return kindText(hit.kind);
}

QString SearchResultModel::displayText(const model::SearchHit& hit)
{
    QString text = tr("%1 — %2").arg(hit.name, locationText(hit));
    // Say why it was found when the name is not the reason.
    if (hit.field != Field::Name && !hit.matchedText.isEmpty())
        text += QStringLiteral(" · ") + tr("%1: %2").arg(fieldText(hit.field), hit.matchedText);
    return text;
}

} // namespace custos::ui
