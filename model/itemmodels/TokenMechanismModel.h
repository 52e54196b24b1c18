#pragma once

#include "crypto/keys/MechanismSupport.h"

#include <QAbstractTableModel>
#include <QList>

#include <optional>

namespace custos::model {

// The token's algorithm support (TokenService::mechanisms) as a table: one row per JOSE algorithm
// and token-side operation. Holds a loaded list; the caller loads it off the GUI thread.
class TokenMechanismModel : public QAbstractTableModel
{
    Q_OBJECT
public:
    enum Column { AlgorithmColumn, OperationColumn, RouteColumn, MechanismsColumn, ColumnCount };
    enum Role {
        RouteRole = Qt::UserRole + 1, // int(crypto::MechanismRoute)
        SortRole,                     // the enum order for algorithm, operation and route; text otherwise
    };

    explicit TokenMechanismModel(QObject* parent = nullptr);

    void setSupport(const QList<crypto::AlgorithmSupport>& support);
    void clear();
    std::optional<crypto::AlgorithmSupport> support(const QModelIndex& index) const;

    // The translated route shown in the Route column ("composed").
    static QString routeText(crypto::MechanismRoute route);

    int rowCount(const QModelIndex& parent = {}) const override;
    int columnCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
    Qt::ItemFlags flags(const QModelIndex& index) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

private:
    QVariant displayText(const crypto::AlgorithmSupport& support, int column) const;
    QString routeExplanation(const crypto::AlgorithmSupport& support) const;
    QVariant sortValue(const crypto::AlgorithmSupport& support, int column) const;

    QList<crypto::AlgorithmSupport> m_support;
};

} // namespace custos::model
