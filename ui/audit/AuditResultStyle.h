#pragma once

#include "model/audit/AuditEvent.h"

#include <QColor>
#include <QIcon>
#include <QStyledItemDelegate>

namespace custos::ui {

// How a result looks: a strong red for Denied, amber for Failed, green for Success; an icon so the
// table does not rely on colour alone.
QColor auditResultColour(model::AuditResult result);

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
