#include "TokenMechanismModel.h"

#include "crypto/keys/JoseAlgorithm.h"

namespace custos::model {

TokenMechanismModel::TokenMechanismModel(QObject* parent) : QAbstractTableModel(parent) {}

void TokenMechanismModel::setSupport(const QList<crypto::AlgorithmSupport>& support)
{
    beginResetModel();
    m_support = support;
    endResetModel();
}

void TokenMechanismModel::clear()
{
    setSupport({});
}

std::optional<crypto::AlgorithmSupport> TokenMechanismModel::support(const QModelIndex& index) const
{
    if (!index.isValid() || index.model() != this || index.row() >= m_support.size())
        return std::nullopt;
    return m_support.at(index.row());
}

QString TokenMechanismModel::routeText(crypto::MechanismRoute route)
{
    switch (route) {
    case crypto::MechanismRoute::Native:
        return tr("native");
    case crypto::MechanismRoute::Composed:
        return tr("composed");
    case crypto::MechanismRoute::Unavailable:
        return tr("unavailable");
    }
    return {};
}

int TokenMechanismModel::rowCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : int(m_support.size());
}

int TokenMechanismModel::columnCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant TokenMechanismModel::displayText(const crypto::AlgorithmSupport& support, int column) const
{
    // Algorithm, operation and mechanism names are identifiers (JOSE, Key Vault, PKCS#11): not translated.
    switch (column) {
    case AlgorithmColumn:
        return crypto::joseAlgorithmName(support.algorithm);
    case OperationColumn:
        return crypto::keyOperationName(support.operation);
    case RouteColumn:
        return routeText(support.route);
    case MechanismsColumn:
        return support.mechanisms;
    default:
        return {};
    }
}

QVariant TokenMechanismModel::sortValue(const crypto::AlgorithmSupport& support, int column) const
{
    // RS256 before RS384 before PS256..., as the algorithms are listed everywhere else.
    switch (column) {
    case AlgorithmColumn:
        return int(support.algorithm);
    case OperationColumn:
        return int(support.operation);
    case RouteColumn:
        return int(support.route);
    default:
        return displayText(support, column);
    }
}

QString TokenMechanismModel::routeExplanation(const crypto::AlgorithmSupport& support) const
{
    switch (support.route) {
    case crypto::MechanismRoute::Native:
        return tr("The token does %1 with its own mechanism.").arg(crypto::joseAlgorithmName(support.algorithm));
    case crypto::MechanismRoute::Composed:
        return tr("The token lacks the mechanism for %1; Custos builds it from simpler ones without taking "
                  "the private key out.")
            .arg(crypto::joseAlgorithmName(support.algorithm));
    case crypto::MechanismRoute::Unavailable:
        return tr("Keys on this token cannot do %1.").arg(crypto::joseAlgorithmName(support.algorithm));
    }
    return {};
}

QVariant TokenMechanismModel::data(const QModelIndex& index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const crypto::AlgorithmSupport& support = m_support.at(index.row());
    switch (role) {
    case Qt::DisplayRole:
        return displayText(support, index.column());
    case Qt::ToolTipRole:
        return routeExplanation(support) + QLatin1Char('\n') + support.mechanisms;
    case RouteRole:
        return int(support.route);
    case SortRole:
        return sortValue(support, index.column());
    default:
        return {};
    }
}

Qt::ItemFlags TokenMechanismModel::flags(const QModelIndex& index) const
{
    if (!index.isValid())
        return Qt::NoItemFlags;
    return Qt::ItemIsEnabled | Qt::ItemIsSelectable | Qt::ItemNeverHasChildren;
}

QVariant TokenMechanismModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return {};
    switch (section) {
    case AlgorithmColumn:
        return tr("Algorithm");
    case OperationColumn:
        return tr("Operation");
    case RouteColumn:
        return tr("Route");
    case MechanismsColumn:
        return tr("Mechanisms");
    default:
        return {};
    }
}

} // namespace custos::model
