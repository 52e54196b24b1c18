#pragma once

// The restore wizard's pages (RestoreWizard.h). Each step that touches the workspace runs on the
// host's thread; a page's Next waits for it (validatePage starts it, then moves on by itself).

#include "CustodianInput.h"
#include "model/services/SecurityDomainService.h"

#include <QCoro/QCoroTask>
#include <QWizardPage>

class QLabel;
class QLineEdit;
class QPushButton;
class QTimer;

namespace custos::ui {

class InlineMessage;
class RestoreCompletion;
class RestoreWizard;

class RestoreFilePage : public QWizardPage
{
    Q_OBJECT
public:
    explicit RestoreFilePage(RestoreWizard* wizard);
    bool isComplete() const override;
    bool validatePage() override;
    QString path() const;

private:
    QCoro::Task<> showSummary();
    QCoro::Task<> begin();

    RestoreWizard* m_wizard;
    QLineEdit* m_pathEdit = nullptr;
    QLabel* m_summaryLabel = nullptr;
    InlineMessage* m_message = nullptr;
    QTimer* m_summaryTimer = nullptr;
    int m_summaryRun = 0;
    bool m_beginning = false;
};

class RestoreCustodiansPage : public QWizardPage
{
    Q_OBJECT
public:
    explicit RestoreCustodiansPage(RestoreWizard* wizard);
    void initializePage() override;
    void cleanupPage() override; // Back: the ceremony is wiped
    bool isComplete() const override;
    CustodianInputWidget* input() const { return m_input; }

private:
    QCoro::Task<Outcome<CustodianPresentation>> presentKey(CustodianCredentials credentials);
    void onPresented(const CustodianPresentation& presentation);

    RestoreWizard* m_wizard;
    QLabel* m_fileLabel = nullptr;
    CustodianInputWidget* m_input = nullptr;
    int m_collected = 0;
    int m_required = 0;
};

class RestoreCompletePage : public QWizardPage
{
    Q_OBJECT
public:
    explicit RestoreCompletePage(RestoreWizard* wizard);
    void initializePage() override;
    void cleanupPage() override;
    bool isComplete() const override;
    bool validatePage() override;

private:
    QCoro::Task<> complete();

    RestoreWizard* m_wizard;
    RestoreCompletion* m_completion = nullptr;
    QLabel* m_summaryLabel = nullptr;
    InlineMessage* m_message = nullptr;
    bool m_running = false;
    bool m_sharesLost = false;
};

class RestoreResultPage : public QWizardPage
{
    Q_OBJECT
public:
    explicit RestoreResultPage(RestoreWizard* wizard);
    void initializePage() override;

private:
    RestoreWizard* m_wizard;
    QLabel* m_domainKeyLabel = nullptr;
    QLabel* m_sourceLabel = nullptr;
    QLabel* m_nextStepLabel = nullptr;
};

} // namespace custos::ui
