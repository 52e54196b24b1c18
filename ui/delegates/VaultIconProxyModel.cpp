#include "VaultIconProxyModel.h"

#include "model/itemmodels/VaultTreeModel.h"

#include <QFont>

namespace custos::ui {

using NodeKind = model::VaultTreeModel::NodeKind;

VaultIconProxyModel::VaultIconProxyModel(QObject* parent)
    : QIdentityProxyModel(parent), m_vaultIcon(QStringLiteral(":/icons/vault.svg")),
      m_deletedVaultIcon(QStringLiteral(":/icons/vault-deleted.svg"))
{
}

QVariant VaultIconProxyModel::data(const QModelIndex& index, int role) const
{
    if (role != Qt::DecorationRole && role != Qt::FontRole)
        return QIdentityProxyModel::data(index, role);
    const QVariant kindValue = QIdentityProxyModel::data(index, model::VaultTreeModel::NodeKindRole);
    if (!kindValue.isValid())
        return QIdentityProxyModel::data(index, role);
    const auto kind = kindValue.value<NodeKind>();
    const bool isGroup = kind == NodeKind::ActiveGroup || kind == NodeKind::DeletedGroup;
    if (role == Qt::FontRole) {
        if (!isGroup && kind != NodeKind::DeletedVault)
            return QIdentityProxyModel::data(index, role);
        QFont font;
        font.setBold(isGroup);
        font.setItalic(kind == NodeKind::DeletedVault);
        return font;
    }
    if (index.column() != model::VaultTreeModel::NameColumn || isGroup)
        return QIdentityProxyModel::data(index, role);
    return kind == NodeKind::DeletedVault ? m_deletedVaultIcon : m_vaultIcon;
}

} // namespace custos::ui
