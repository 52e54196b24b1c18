#pragma once

#include <QIcon>
#include <QIdentityProxyModel>

namespace custos::ui {

// Maps VaultTreeModel's semantic NodeKindRole to icons and fonts: the model stays free of QtGui.
class VaultIconProxyModel : public QIdentityProxyModel
{
    Q_OBJECT
public:
    explicit VaultIconProxyModel(QObject* parent = nullptr);

    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;

private:
    QIcon m_vaultIcon;
    QIcon m_deletedVaultIcon;
};

} // namespace custos::ui
