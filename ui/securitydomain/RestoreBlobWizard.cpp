#include "RestoreBlobWizard.h"

#include "RestoreBlobWizardPages.h"
#include "crypto/sd/ShareCollector.h"

#include <QAbstractButton>

#include <algorithm>

namespace custos::ui {

RestoreBlobWizard::RestoreBlobWizard(model::ServiceHost* host, QWidget* parent) : QWizard(parent), m_host(host)
{
    setObjectName(QStringLiteral("restoreBlobWizard"));
    setWindowTitle(tr("Managed HSM Restore Blob"));
    setOption(QWizard::NoBackButtonOnStartPage);
    setOption(QWizard::NoBackButtonOnLastPage);

    m_filePage = new RestoreBlobFilePage(this);
    m_exchangePage = new RestoreBlobExchangePage(this);
    m_custodiansPage = new RestoreBlobCustodiansPage(this);
    m_savePage = new RestoreBlobSavePage(this);
    m_donePage = new RestoreBlobDonePage(this);
    setPage(FilePage, m_filePage);
    setPage(ExchangePage, m_exchangePage);
    setPage(CustodiansPage, m_custodiansPage);
    setPage(SavePage, m_savePage);
    setPage(DonePage, m_donePage);
    setStartId(FilePage);
    // After QWizard's own handlers, which enable Back again on every change.
    for (int id : pageIds())
        connect(page(id), &QWizardPage::completeChanged, this, &RestoreBlobWizard::applyBusyButtons);
    connect(this, &QWizard::currentIdChanged, this, &RestoreBlobWizard::applyBusyButtons);

    button(QWizard::BackButton)->setObjectName(QStringLiteral("backPushButton"));
    button(QWizard::NextButton)->setObjectName(QStringLiteral("nextPushButton"));
    button(QWizard::CommitButton)->setObjectName(QStringLiteral("commitPushButton"));
    button(QWizard::FinishButton)->setObjectName(QStringLiteral("finishPushButton"));
    button(QWizard::CancelButton)->setObjectName(QStringLiteral("cancelPushButton"));
}

RestoreBlobWizard::~RestoreBlobWizard()
{
    wipeShares();
}

void RestoreBlobWizard::setFile(std::shared_ptr<crypto::sd::SecurityDomainFile> file, const QString& path)
{
    wipeShares();
    m_file = std::move(file);
    m_filePath = path;
}

void RestoreBlobWizard::setExchangeCertificate(QByteArray der, const QString& path)
{
    m_exchangeDer = std::move(der);
    m_exchangePath = path;
}

void RestoreBlobWizard::startCollecting()
{
    wipeShares();
    if (m_file)
        m_collector = std::make_shared<crypto::sd::ShareCollector>(*m_file);
}

void RestoreBlobWizard::wipeShares()
{
    // Only between steps (Cancel and Back wait while one runs): no worker holds the collector then.
    if (m_collector)
        m_collector->wipe();
    m_collector.reset();
}

void RestoreBlobWizard::setBusy(bool busy)
{
    const bool before = isBusy();
    m_busy = std::max(0, m_busy + (busy ? 1 : -1));
    if (!isBusy())
        button(QWizard::CancelButton)->setEnabled(true); // QWizard leaves Cancel alone; Back it updates
    applyBusyButtons();
    if (before != isBusy())
        Q_EMIT busyChanged(isBusy());
}

void RestoreBlobWizard::applyBusyButtons()
{
    // While a step runs, neither Back nor Cancel: the step finishes, then the shares can be wiped.
    if (!isBusy())
        return;
    button(QWizard::BackButton)->setEnabled(false);
    button(QWizard::CancelButton)->setEnabled(false);
}

void RestoreBlobWizard::reject()
{
    if (isBusy())
        return;
    m_custodiansPage->input()->reset();
    wipeShares();
    QWizard::reject();
}

} // namespace custos::ui
