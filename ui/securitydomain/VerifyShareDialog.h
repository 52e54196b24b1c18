#pragma once

#include "CustodianInput.h"

#include <QCoro/QCoroTask>
#include <QDialog>

class QDialogButtonBox;
class QLabel;
class QLineEdit;
class QTimer;

namespace custos::model {
class ServiceHost;
}

namespace custos::ui {

class InlineMessage;

// The custodians' quarterly drill (issue 7): a security-domain file and one custodian's key (file
// and password, or card and PIN). The service checks the key against its shares without
// reconstructing anything, and records the drill in the audit trail. Shows "your key opens N
// share(s) of this file" or the reason it does not.
class VerifyShareDialog : public QDialog
{
    Q_OBJECT
public:
    explicit VerifyShareDialog(model::ServiceHost& host, QWidget* parent = nullptr);
    ~VerifyShareDialog() override;

    bool isBusy() const { return m_input->isBusy(); }
    CustodianInputWidget* input() const { return m_input; }
    void reject() override; // not while a key is being checked; forgets what was entered

private:
    QCoro::Task<Outcome<CustodianPresentation>> verify(CustodianCredentials credentials);
    QCoro::Task<> showSummary();

    model::ServiceHost& m_host;
    QLineEdit* m_pathEdit = nullptr;
    QLabel* m_summaryLabel = nullptr;
    InlineMessage* m_fileMessage = nullptr;
    QLabel* m_resultLabel = nullptr;
    CustodianInputWidget* m_input = nullptr;
    QDialogButtonBox* m_buttons = nullptr;
    QTimer* m_summaryTimer = nullptr;
    int m_summaryRun = 0;
};

} // namespace custos::ui
