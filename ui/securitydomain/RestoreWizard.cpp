#include "RestoreWizard.h"

#include "RestoreWizardPages.h"

#include <QAbstractButton>

namespace custos::ui {

RestoreWizard::RestoreWizard(model::ServiceHost& host, QWidget* parent) : QWizard(parent), m_host(host)
{
    setObjectName(QStringLiteral("restoreWizard"));
    setWindowTitle(tr("Restore Security Domain"));
    setOption(QWizard::NoBackButtonOnStartPage);
    setOption(QWizard::NoBackButtonOnLastPage);

    m_filePage = new RestoreFilePage(this);
    m_custodiansPage = new RestoreCustodiansPage(this);
    m_completePage = new RestoreCompletePage(this);
    m_resultPage = new RestoreResultPage(this);
    setPage(FilePage, m_filePage);
    setPage(CustodiansPage, m_custodiansPage);
    setPage(CompletePage, m_completePage);
    setPage(ResultPage, m_resultPage);
    setStartId(FilePage);
    // After QWizard's own handlers, which enable Back again on every change.
    for (QWizardPage* page : {static_cast<QWizardPage*>(m_filePage), static_cast<QWizardPage*>(m_custodiansPage),
                              static_cast<QWizardPage*>(m_completePage), static_cast<QWizardPage*>(m_resultPage)})
        connect(page, &QWizardPage::completeChanged, this, &RestoreWizard::applyBusyButtons);
    connect(this, &QWizard::currentIdChanged, this, &RestoreWizard::applyBusyButtons);

    button(QWizard::BackButton)->setObjectName(QStringLiteral("backPushButton"));
    button(QWizard::NextButton)->setObjectName(QStringLiteral("nextPushButton"));
    button(QWizard::CommitButton)->setObjectName(QStringLiteral("commitPushButton"));
    button(QWizard::FinishButton)->setObjectName(QStringLiteral("finishPushButton"));
    button(QWizard::CancelButton)->setObjectName(QStringLiteral("cancelPushButton"));
}

RestoreWizard::~RestoreWizard()
{
    wipeCeremony();
}

void RestoreWizard::setCeremony(std::shared_ptr<model::SecurityDomainRestore> ceremony, const QString& path)
{
    wipeCeremony();
    m_ceremony = std::move(ceremony);
    m_ceremonyPath = path;
}

void RestoreWizard::wipeCeremony()
{
    // Only between steps (Cancel and Back wait while one runs): nothing touches the shares then.
    if (m_ceremony)
        m_ceremony->wipe();
    m_ceremony.reset();
    m_ceremonyPath.clear();
}

void RestoreWizard::setResult(model::SecurityDomainRestoreResult result)
{
    m_result = std::move(result);
    wipeCeremony(); // the service wiped it already
    Q_EMIT restored(m_result->domainKeyId);
}

void RestoreWizard::setBusy(bool busy)
{
    const bool before = isBusy();
    m_busy += busy ? 1 : -1;
    if (m_busy < 0)
        m_busy = 0;
    if (!isBusy())
        button(QWizard::CancelButton)->setEnabled(true); // QWizard leaves Cancel alone; Back it updates
    applyBusyButtons();
    if (before != isBusy())
        Q_EMIT busyChanged(isBusy());
}

void RestoreWizard::applyBusyButtons()
{
    // While a step runs, neither Back nor Cancel: the step finishes, then the ceremony can be wiped.
    if (!isBusy())
        return;
    button(QWizard::BackButton)->setEnabled(false);
    button(QWizard::CancelButton)->setEnabled(false);
}

void RestoreWizard::reject()
{
    if (isBusy())
        return;
    m_custodiansPage->input()->reset();
    wipeCeremony();
    QWizard::reject();
}

} // namespace custos::ui
