#pragma once

#include "crypto/SecureBuffer.h"
#include "model/domain/Quorum.h"

#include <QCoro/QCoroTask>
#include <QDialog>

class QComboBox;
class QDialogButtonBox;
class QLabel;
class QLineEdit;
class QListWidget;
class QProgressBar;
class QPushButton;

namespace custos::model {
class ServiceHost;
}

namespace custos::ui {

class InlineMessage;

// The quorum approval dialog (ROLES.md "Quorum"): shows exactly what is to be approved (the
// operation, its resource and parameters, the initiator and the digest approvals are bound to),
// then each approver in turn picks their name and types their passphrase at this workstation.
// Each approval is proven and audited by the service; the dialog only collects them and is
// accepted once enough are in. The passphrase field is wiped after every attempt.
class ApprovalDialog : public QDialog
{
    Q_OBJECT
public:
    ApprovalDialog(model::ServiceHost& host, model::ApprovalRequest request, QWidget* parent = nullptr);

    const QList<model::Approval>& approvals() const { return m_approvals; }
    void reject() override; // not while an approval is being checked

private:
    void updateState();
    void setBusy(bool busy);
    void submit();
    QCoro::Task<> approve(QString approver, crypto::SecureBuffer passphrase);

    model::ServiceHost& m_host;
    model::ApprovalRequest m_request;
    QList<model::Approval> m_approvals;
    QComboBox* m_approverCombo = nullptr;
    QLineEdit* m_passphraseEdit = nullptr;
    QPushButton* m_approveButton = nullptr;
    QListWidget* m_approvedList = nullptr;
    QLabel* m_countLabel = nullptr;
    InlineMessage* m_message = nullptr;
    QProgressBar* m_progress = nullptr;
    QDialogButtonBox* m_buttons = nullptr;
    bool m_busy = false;
};

} // namespace custos::ui
