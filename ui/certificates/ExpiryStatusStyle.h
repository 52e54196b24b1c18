#pragma once

#include "model/services/ExpiryOverview.h"

#include <QColor>
#include <QHash>
#include <QIcon>
#include <QIdentityProxyModel>

class QPainter;
class QRectF;

namespace custos::ui {

// One look per expiry status, told apart by shape as well as colour (colour-blind operators, grey
// printouts): expired a square, < 7 days a triangle, < 30 days a diamond, fine a circle, revoked a
// cross, pending a ring. The timeline's marks and the lists' icons are the same drawing.
QColor expiryStatusColor(model::ExpiryStatus status);
// The colour for a light or a dark theme (the one above: for the application's palette now).
QColor expiryStatusColor(model::ExpiryStatus status, bool dark);
void paintExpiryStatusMark(QPainter& painter, const QRectF& rect, model::ExpiryStatus status);
QIcon expiryStatusIcon(model::ExpiryStatus status);

// Adds the status icon (Qt::DecorationRole) to one column of a model that has the status as an
// int in `statusRole`.
class ExpiryStatusIconProxyModel : public QIdentityProxyModel
{
    Q_OBJECT
public:
    ExpiryStatusIconProxyModel(int column, int statusRole, QObject* parent = nullptr);
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;

private:
    int m_column;
    int m_statusRole;
    mutable QHash<int, QIcon> m_icons; // drawn once per status
};

} // namespace custos::ui
