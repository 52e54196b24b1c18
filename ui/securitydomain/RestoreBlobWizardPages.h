#pragma once

// The restore-blob wizard's pages (RestoreBlobWizard.h). A page whose Next needs work (reading,
// decrypting, writing) starts it on a worker from validatePage and moves on by itself when done.

#include "CustodianInput.h"

#include <QCoro/QCoroTask>
#include <QWizardPage>

class QLabel;
class QLineEdit;
class QTimer;

namespace custos::ui {

class InlineMessage;
class RestoreBlobWizard;

class RestoreBlobFilePage : public QWizardPage
{
    Q_OBJECT
public:
    explicit RestoreBlobFilePage(RestoreBlobWizard* wizard);
    bool isComplete() const override;
    bool validatePage() override;

private:
    QCoro::Task<> load(bool advance);
    QString path() const;

    RestoreBlobWizard* m_wizard;
    QLineEdit* m_pathEdit = nullptr;
    QLabel* m_summaryLabel = nullptr;
    InlineMessage* m_message = nullptr;
    QTimer* m_summaryTimer = nullptr;
    int m_run = 0;
    bool m_loading = false;
};

class RestoreBlobExchangePage : public QWizardPage
{
    Q_OBJECT
public:
    explicit RestoreBlobExchangePage(RestoreBlobWizard* wizard);
    bool isComplete() const override;
    bool validatePage() override;

private:
    QCoro::Task<> load();
    QString path() const;

    RestoreBlobWizard* m_wizard;
    QLineEdit* m_pathEdit = nullptr;
    QLabel* m_thumbprintLabel = nullptr;
    InlineMessage* m_message = nullptr;
    bool m_loading = false;
};

class RestoreBlobCustodiansPage : public QWizardPage
{
    Q_OBJECT
public:
    explicit RestoreBlobCustodiansPage(RestoreBlobWizard* wizard);
    void initializePage() override;
    void cleanupPage() override; // Back: the shares are wiped
    bool isComplete() const override;
    CustodianInputWidget* input() const { return m_input; }

private:
    QCoro::Task<Outcome<CustodianPresentation>> presentKey(CustodianCredentials credentials);
    void onPresented(const CustodianPresentation& presentation);

    RestoreBlobWizard* m_wizard;
    CustodianInputWidget* m_input = nullptr;
    int m_collected = 0;
    int m_required = 0;
};

class RestoreBlobSavePage : public QWizardPage
{
    Q_OBJECT
public:
    explicit RestoreBlobSavePage(RestoreBlobWizard* wizard);
    void initializePage() override;
    bool isComplete() const override;
    bool validatePage() override;

private:
    QCoro::Task<> save();
    QString path() const;

    RestoreBlobWizard* m_wizard;
    QLineEdit* m_pathEdit = nullptr;
    InlineMessage* m_message = nullptr;
    bool m_saving = false;
    bool m_saved = false;
};

class RestoreBlobDonePage : public QWizardPage
{
    Q_OBJECT
public:
    explicit RestoreBlobDonePage(RestoreBlobWizard* wizard);
    void initializePage() override;

private:
    RestoreBlobWizard* m_wizard;
    QLabel* m_commandLabel = nullptr;
};

} // namespace custos::ui
