#pragma once

#include <QIcon>
#include <QSortFilterProxyModel>

namespace custos::ui {

// Filters RoleAssignmentModel by principal (case-insensitive part of the name) and by scope: a
// valid scope shows the assignments that apply there (granted at it or above) and those below it;
// other text matches part of the scope. Adds a warning icon to the status of expired assignments
// (text and icon: never colour alone).
class AssignmentFilterModel : public QSortFilterProxyModel
{
    Q_OBJECT
public:
    explicit AssignmentFilterModel(QObject* parent = nullptr);

    void setPrincipalFilter(const QString& text);
    void setScopeFilter(const QString& text);
    QString principalFilter() const { return m_principal; }
    QString scopeFilter() const { return m_scope; }

    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;

protected:
    bool filterAcceptsRow(int sourceRow, const QModelIndex& sourceParent) const override;

private:
    QString m_principal;
    QString m_scope;
    QIcon m_expiredIcon;
};

} // namespace custos::ui
