#pragma once

#include "model/services/SecurityDomainService.h"

#include <QWizard>

#include <memory>
#include <optional>

namespace custos::model {
class ServiceHost;
}

namespace custos::ui {

class RestoreCompletePage;
class RestoreCustodiansPage;
class RestoreFilePage;
class RestoreResultPage;

// The restore ceremony (issue 7) into this workspace: upload the security-domain file → the
// custodians present their keys one at a time (each key wiped after its shares are decrypted) →
// restore (quorum "securitydomain-restore" may ask for approvals) → the restored domain key, where
// it came from, and the next step (`backup restore`). Every service call runs on the host's thread.
// Back from the custodians and Cancel on any page wipe the ceremony: nothing is left behind.
class RestoreWizard : public QWizard
{
    Q_OBJECT
public:
    enum PageId { FilePage, CustodiansPage, CompletePage, ResultPage };

    explicit RestoreWizard(model::ServiceHost& host, QWidget* parent = nullptr);
    ~RestoreWizard() override;

    model::ServiceHost& host() const { return m_host; }
    bool isBusy() const { return m_busy > 0; }
    // The ceremony in progress (nullptr before the upload and after a wipe).
    std::shared_ptr<model::SecurityDomainRestore> ceremony() const { return m_ceremony; }
    const std::optional<model::SecurityDomainRestoreResult>& restoreResult() const { return m_result; }

    void reject() override; // wipes the ceremony; ignored while a step runs

    // For the pages.
    void setCeremony(std::shared_ptr<model::SecurityDomainRestore> ceremony, const QString& path);
    QString ceremonyPath() const { return m_ceremonyPath; }
    void wipeCeremony();
    void setResult(model::SecurityDomainRestoreResult result);
    void setBusy(bool busy);

Q_SIGNALS:
    void busyChanged(bool busy);
    void restored(const QString& domainKeyId);

private:
    void applyBusyButtons();

    model::ServiceHost& m_host;
    std::shared_ptr<model::SecurityDomainRestore> m_ceremony;
    QString m_ceremonyPath;
    std::optional<model::SecurityDomainRestoreResult> m_result;
    int m_busy = 0;
    RestoreFilePage* m_filePage = nullptr;
    RestoreCustodiansPage* m_custodiansPage = nullptr;
    RestoreCompletePage* m_completePage = nullptr;
    RestoreResultPage* m_resultPage = nullptr;
};

} // namespace custos::ui
