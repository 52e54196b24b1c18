#pragma once

#include "model/audit/AuditEvent.h"

#include <QColor>
#include <QIcon>
#include <QStyledItemDelegate>

namespace custos::ui {

// How a result looks: red for Denied, amber for Failed, green for Success (ui/theme/StatusColours); an icon so the
// table does not rely on colour alone.
QColor auditResultColour(model::AuditResult result);
// The colour for a light or a dark theme (the one above: for the application's palette now).
QColor auditResultColour(model::AuditResult result, bool dark);

class AuditResultStyle
{
public:
    static QString text(model::AuditResult result);
    static QIcon icon(model::AuditResult result);
};

// Puts the result's icon next to the result text (AuditEventModel::ResultRole).
class AuditResultDelegate : public QStyledItemDelegate
{
    Q_OBJECT
public:
    using QStyledItemDelegate::QStyledItemDelegate;

protected:
    void initStyleOption(QStyleOptionViewItem* option, const QModelIndex& index) const override;
};

} // namespace custos::ui
