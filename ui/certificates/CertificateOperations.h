#pragma once

#include "CertificateExportDialog.h"
#include "crypto/Outcome.h"
#include "model/domain/Certificate.h"
#include "model/domain/Vault.h"
#include "model/services/CertificateService.h"
#include "ui/actions/OperationsBase.h"

#include <QCoro/QCoroTask>
#include <QObject>
#include <QPointer>
#include <QStringList>

class QWidget;

namespace custos::model {
class ServiceHost;
}

namespace custos::ui {

// Runs the certificate operations the actions trigger on the service thread (ServiceHost), each
// awaited by a coroutine so the window keeps running: asks through window-modal dialogs opened with
// open() (never exec()), reports success as a status message and failure in a message box.
// Confirmations name the certificate and its vault. Files are written atomically (QSaveFile);
// PKCS#12 files, which hold the private key, readable by the owner alone.
class CertificateOperations : public OperationsBase
{
    Q_OBJECT
public:
    CertificateOperations(model::ServiceHost& host, QWidget* dialogParent, QObject* parent = nullptr);

    // Loads the Custos CAs the operator may issue from (all vaults), opens IssueCertificateWizard,
    // then issues, or makes a CSR for an external CA and offers to save it.
    void startIssue(const model::Vault& vault);
    // Previews each renewal, opens RenewCertificatesDialog, then renews the ones left checked.
    void startRenew(const QString& vault, const QStringList& names);
    void startImport(const model::Vault& vault);                   // CertificateImportDialog, then imports
    void startExport(const model::CertificateRecord& certificate); // CertificateExportDialog, then writes
    void startRevoke(const model::CertificateRecord& certificate); // asks the RFC 5280 reason
    void startDelete(const model::CertificateRecord& certificate, int retentionDays);
    void startPurge(const model::CertificateRecord& certificate); // irreversible: Cancel is the default

    // The operations themselves, without dialogs (tests and scripted callers).
    void issue(model::CertificateIssueRequest request);
    void createCsr(model::CertificateIssueRequest request, const QString& csrPath = {}); // PEM written there
    void renew(const QString& vault, const QStringList& names);
    void importCertificate(model::CertificateImportRequest request);
    void exportCertificate(const model::CertificateRecord& certificate, CertificateExportChoice choice);
    void revoke(const model::CertificateRecord& certificate, const QString& reason);
    void remove(const QString& vault, const QString& name);
    void recover(const QString& vault, const QString& name);
    void purge(const QString& vault, const QString& name);

    // Atomically (QSaveFile); `ownerOnly`: mode 0600 before anything is written.
    static Outcome<void> writeFile(const QString& path, const QByteArray& bytes, bool ownerOnly);
    // The chain (DER, leaf first) in the chosen non-PKCS#12 format.
    static QByteArray encodeChain(const QList<QByteArray>& chainDer, CertificateExportChoice::Format format);

Q_SIGNALS:
    // Select it: issued, renewed, imported, revoked, recovered.
    void certificateTouched(const QString& vault, const QString& name);
    // A change the service announced for another vault (revocation happens at the CA's).
    void certificatesChanged(const QString& vault);

private:
    template <typename T>
    QCoro::Task<Outcome<T>> track(QCoro::Task<Outcome<T>> operation);
    template <typename T>
    QCoro::Task<> finish(QCoro::Task<Outcome<T>> operation, QString failureTitle, QString successText, QString vault,
                         QString touchedName);
    QCoro::Task<> issueWithWizard(model::Vault vault);
    QCoro::Task<> renewWithDialog(QString vault, QStringList names);
    QCoro::Task<> createCsrAsync(model::CertificateIssueRequest request, QString csrPath, bool offerSave);
    QCoro::Task<> renewAsync(QString vault, QStringList names);
    QCoro::Task<> importAsync(model::CertificateImportRequest request);
    QCoro::Task<> exportAsync(model::CertificateRecord certificate, CertificateExportChoice choice);
    QCoro::Task<> revokeAsync(model::CertificateRecord certificate, QString reason);
    void offerCsrSave(const model::CertificateRecord& certificate);
};

} // namespace custos::ui
