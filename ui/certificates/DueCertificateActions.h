#pragma once

#include "ui/actions/DueActions.h"

namespace custos::ui {

// The certificates' due lifetime actions (renew, notify, CRLs near their next update) in the GUI: lists what
// CertificateService::due finds and, once the operator confirms, carries it out under that operator
// (CertificateService::applyDue), both on the service thread.
class DueCertificateActions : public DueActions
{
    Q_OBJECT
public:
    DueCertificateActions(model::ServiceHost& host, QWidget* dialogParent, QObject* parent = nullptr);

protected:
    QCoro::Task<Outcome<QStringList>> listDue() override;
    QCoro::Task<Applied> applyDue() override;
    QString text(Text which, int count) const override;
};

} // namespace custos::ui
