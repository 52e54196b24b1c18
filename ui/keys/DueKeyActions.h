#pragma once

#include "ui/actions/DueActions.h"

namespace custos::ui {

// The keys' due lifetime actions (rotate, notify) in the GUI: lists what
// KeyService::due finds and, once the operator confirms, carries it out under that operator
// (KeyService::applyDue), both on the service thread.
class DueKeyActions : public DueActions
{
    Q_OBJECT
public:
    DueKeyActions(model::ServiceHost& host, QWidget* dialogParent, QObject* parent = nullptr);

protected:
    QCoro::Task<Outcome<QStringList>> listDue() override;
    QCoro::Task<Applied> applyDue() override;
    QString text(Text which, int count) const override;
};

} // namespace custos::ui
