#pragma once

#include "model/services/CertificateService.h"

#include <QDialog>
#include <QList>
#include <QStringList>

class QPushButton;
class QTableView;

namespace custos::ui {

class RenewalPreviewModel;

// The renew wizard's review: one row per certificate with old and new side by side (validity,
// key: new or reused, SANs) from CertificateService::previewRenewal; nothing is changed until the
// operator accepts. Each row can be unchecked.
class RenewCertificatesDialog : public QDialog
{
    Q_OBJECT
public:
    explicit RenewCertificatesDialog(const QList<model::RenewalPreview>& previews, QWidget* parent = nullptr);

    QStringList selectedNames() const; // the certificates still checked, in the previews' order

private:
    void updateState();

    RenewalPreviewModel* m_model = nullptr;
    QTableView* m_view = nullptr;
    QPushButton* m_renewButton = nullptr;
};

} // namespace custos::ui
