#pragma once

#include "crypto/sd/SecurityDomainFile.h"

#include <QByteArray>
#include <QWizard>

#include <memory>

namespace custos::crypto::sd {
class ShareCollector;
}

namespace custos::model {
class ServiceHost;
}

namespace custos::ui {

class RestoreBlobCustodiansPage;
class RestoreBlobDonePage;
class RestoreBlobExchangePage;
class RestoreBlobFilePage;
class RestoreBlobSavePage;

// Azure Managed HSM's offline restore step (issue 7, SECURITY-DOMAIN.md §10), as `custosctl sd
// restore-blob` does it: the security-domain file → the new HSM's exchange certificate → the
// custodians one at a time → the restore blob, written atomically → the `az` command that uploads
// it. No workspace data is used: the crypto runs on QtConcurrent workers, never on the GUI thread.
// With `host` (an open workspace) custodians may also present a card, through the host's thread.
// Back from the custodians and Cancel anywhere wipe the shares collected.
class RestoreBlobWizard : public QWizard
{
    Q_OBJECT
public:
    enum PageId { FilePage, ExchangePage, CustodiansPage, SavePage, DonePage };

    explicit RestoreBlobWizard(model::ServiceHost* host = nullptr, QWidget* parent = nullptr);
    ~RestoreBlobWizard() override;

    bool isBusy() const { return m_busy > 0; }
    QString blobPath() const { return m_blobPath; }
    std::shared_ptr<crypto::sd::ShareCollector> collector() const { return m_collector; }

    void reject() override; // wipes the shares; ignored while a step runs

    // For the pages.
    model::ServiceHost* host() const { return m_host; }
    void setFile(std::shared_ptr<crypto::sd::SecurityDomainFile> file, const QString& path);
    std::shared_ptr<crypto::sd::SecurityDomainFile> file() const { return m_file; }
    QString filePath() const { return m_filePath; }
    void setExchangeCertificate(QByteArray der, const QString& path);
    QByteArray exchangeCertificate() const { return m_exchangeDer; }
    QString exchangePath() const { return m_exchangePath; }
    void startCollecting(); // a fresh collector for the file
    void wipeShares();
    void setBlobPath(const QString& path) { m_blobPath = path; }
    void setBusy(bool busy);

Q_SIGNALS:
    void busyChanged(bool busy);

private:
    void applyBusyButtons();

    model::ServiceHost* m_host;
    std::shared_ptr<crypto::sd::SecurityDomainFile> m_file;
    QString m_filePath;
    QByteArray m_exchangeDer;
    QString m_exchangePath;
    std::shared_ptr<crypto::sd::ShareCollector> m_collector;
    QString m_blobPath;
    int m_busy = 0;
    RestoreBlobFilePage* m_filePage = nullptr;
    RestoreBlobExchangePage* m_exchangePage = nullptr;
    RestoreBlobCustodiansPage* m_custodiansPage = nullptr;
    RestoreBlobSavePage* m_savePage = nullptr;
    RestoreBlobDonePage* m_donePage = nullptr;
};

} // namespace custos::ui
