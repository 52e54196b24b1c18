#include "CertificateOperations.h"

#include "CertificateActions.h"
#include "CertificateImportDialog.h"
#include "IssueCertificateWizard.h"
#include "RenewCertificatesDialog.h"
#include "crypto/x509/CertificateInfo.h"
#include "crypto/x509/CertificateRequest.h"
#include "crypto/x509/RevocationList.h"
#include "model/services/Services.h"
#include "model/session/ServiceHost.h"

#include <QDir>
#include <QFileDialog>
#include <QInputDialog>
#include <QMessageBox>
#include <QPushButton>
#include <QSaveFile>

#include <exception>

namespace custos::ui {

namespace {

using Format = CertificateExportChoice::Format;

bool isPkcs12(Format format)
{
    return format == Format::Pkcs12 || format == Format::Pkcs12Legacy;
}

// A CA the operator may issue from: usable now and certificates/write at it.
bool isUsableIssuer(const model::CertificateRecord& ca, const model::AccessSnapshot& access)
{
    const model::CertificateVersion& version = ca.currentVersion;
    return ca.isCa && !ca.isDeleted() && !version.isPending() && !version.isRevoked() &&
           version.notAfter > QDateTime::currentDateTimeUtc() &&
           access.isAllowed(QStringLiteral("certificates/write"), ca.resourceId());
}

} // namespace

CertificateOperations::CertificateOperations(model::ServiceHost& host, QWidget* dialogParent, QObject* parent)
    : OperationsBase(host, dialogParent, QStringLiteral("certificateErrorMessageBox"), parent)
{
}

// --- with dialogs ---------------------------------------------------------------------------

void CertificateOperations::startIssue(const model::Vault& vault)
{
    issueWithWizard(vault);
}

QCoro::Task<> CertificateOperations::issueWithWizard(model::Vault vault)
{
    QPointer<CertificateOperations> guard(this);
    Q_EMIT statusMessage(tr("Loading the certificate authorities…"));
    // The CAs of every vault the operator may read; a vault that refuses the listing is skipped.
    auto task = track(m_host.call([](model::Services& s) -> Outcome<QList<model::CertificateRecord>> {
        auto vaults = s.vaults().list();
        if (!vaults)
            return vaults.error();
        QList<model::CertificateRecord> cas;
        for (const model::Vault& each : vaults.value()) {
            auto listed = s.certificates().list(each.name, true);
            if (listed)
                cas << listed.value();
        }
        return cas;
    }));
    Outcome<QList<model::CertificateRecord>> cas = co_await task;
    if (!guard)
        co_return;
    if (!cas) {
        showError(tr("Could not list the certificate authorities"), cas.error().message);
        co_return;
    }
    Q_EMIT statusMessage(QString());
    QStringList issuers;
    for (const model::CertificateRecord& ca : cas.value()) {
        if (isUsableIssuer(ca, m_host.access()))
            issuers << ca.vault + QLatin1Char('/') + ca.name;
    }
    auto* wizard = new IssueCertificateWizard(vault, issuers, m_dialogParent);
    wizard->setAttribute(Qt::WA_DeleteOnClose);
    connect(wizard, &QDialog::accepted, this, [this, wizard] {
        if (wizard->isExternalIssuer())
            createCsrAsync(wizard->request(), QString(), true);
        else
            issue(wizard->request());
    });
    wizard->open();
}

void CertificateOperations::startRenew(const QString& vault, const QStringList& names)
{
    if (!names.isEmpty())
        renewWithDialog(vault, names);
}

QCoro::Task<> CertificateOperations::renewWithDialog(QString vault, QStringList names)
{
    QPointer<CertificateOperations> guard(this);
    auto task = track(m_host.call([vault, names](model::Services& s) -> Outcome<QList<model::RenewalPreview>> {
        QList<model::RenewalPreview> previews;
        for (const QString& name : names) {
            auto preview = s.certificates().previewRenewal(vault, name);
            if (!preview) {
                Error error = preview.error();
                error.message = QStringLiteral("%1: %2").arg(name, error.message);
                return error;
            }
            previews << preview.take();
        }
        return previews;
    }));
    Outcome<QList<model::RenewalPreview>> previews = co_await task;
    if (!guard)
        co_return;
    if (!previews) {
        showError(tr("Could not prepare the renewal"), previews.error().message);
        co_return;
    }
    auto* dialog = new RenewCertificatesDialog(previews.value(), m_dialogParent);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    connect(dialog, &QDialog::accepted, this, [this, dialog, vault] {
        const QStringList selected = dialog->selectedNames();
        if (!selected.isEmpty())
            renew(vault, selected);
    });
    dialog->open();
}

void CertificateOperations::startImport(const model::Vault& vault)
{
    auto* dialog = new CertificateImportDialog(vault, m_dialogParent);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    connect(dialog, &QDialog::accepted, this, [this, dialog] { importCertificate(dialog->request()); });
    dialog->open();
}

void CertificateOperations::startExport(const model::CertificateRecord& certificate)
{
    auto* dialog = new CertificateExportDialog(certificate, m_dialogParent);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    connect(dialog, &QDialog::accepted, this,
            [this, dialog, certificate] { exportCertificate(certificate, dialog->choice()); });
    dialog->open();
}

void CertificateOperations::startRevoke(const model::CertificateRecord& certificate)
{
    auto* dialog = new QInputDialog(m_dialogParent);
    dialog->setObjectName(QStringLiteral("revokeCertificateInputDialog"));
    dialog->setWindowTitle(tr("Revoke Certificate"));
    dialog->setLabelText(tr("Revoke certificate '%1' in vault '%2' (serial %3) at CA '%4'? This cannot be undone.\n\n"
                            "Reason:")
                             .arg(certificate.name, certificate.vault, certificate.currentVersion.serialHex,
                                  CertificateActions::issuingCa(certificate)));
    dialog->setComboBoxItems(crypto::x509::revocationReasonNames());
    dialog->setComboBoxEditable(false);
    dialog->setTextValue(QStringLiteral("unspecified"));
    dialog->setOkButtonText(tr("&Revoke"));
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    connect(dialog, &QInputDialog::textValueSelected, this,
            [this, certificate](const QString& reason) { revoke(certificate, reason); });
    dialog->open();
}

void CertificateOperations::startDelete(const model::CertificateRecord& certificate, int retentionDays)
{
    auto* box = new QMessageBox(QMessageBox::Question, tr("Delete Certificate"),
                                tr("Delete certificate '%1' from vault '%2'?").arg(certificate.name, certificate.vault),
                                QMessageBox::Yes | QMessageBox::Cancel, m_dialogParent);
    box->setObjectName(QStringLiteral("confirmDeleteCertificateMessageBox"));
    box->setInformativeText(tr("It can be recovered with its key for %n day(s); after that it is purged with all its "
                               "versions.",
                               nullptr, retentionDays));
    box->button(QMessageBox::Yes)->setText(tr("&Delete"));
    box->setDefaultButton(QMessageBox::Yes);
    box->setAttribute(Qt::WA_DeleteOnClose);
    const QString vault = certificate.vault;
    const QString name = certificate.name;
    connect(box, &QMessageBox::finished, this, [this, box, vault, name] {
        if (box->clickedButton() == box->button(QMessageBox::Yes))
            remove(vault, name);
    });
    box->open();
}

void CertificateOperations::startPurge(const model::CertificateRecord& certificate)
{
    auto* box = new QMessageBox(
        QMessageBox::Warning, tr("Purge Certificate"),
        tr("Purge certificate '%1' from vault '%2'? This cannot be undone.").arg(certificate.name, certificate.vault),
        QMessageBox::Yes | QMessageBox::Cancel, m_dialogParent);
    box->setObjectName(QStringLiteral("confirmPurgeCertificateMessageBox"));
    box->setInformativeText(tr("All its versions and its key's token objects are destroyed."));
    box->button(QMessageBox::Yes)->setText(tr("&Purge"));
    box->setDefaultButton(QMessageBox::Cancel);
    box->setAttribute(Qt::WA_DeleteOnClose);
    const QString vault = certificate.vault;
    const QString name = certificate.name;
    connect(box, &QMessageBox::finished, this, [this, box, vault, name] {
        if (box->clickedButton() == box->button(QMessageBox::Yes))
            purge(vault, name);
    });
    box->open();
}

// --- without dialogs ------------------------------------------------------------------------

void CertificateOperations::issue(model::CertificateIssueRequest request)
{
    const QString vault = request.vault;
    const QString name = request.name;
    Q_EMIT statusMessage(tr("Issuing certificate '%1'…").arg(name));
    finish(m_host.call([request](model::Services& s) { return s.certificates().issue(request); }),
           tr("Could not issue certificate '%1'").arg(name), tr("Certificate '%1' issued").arg(name), vault, name);
}

void CertificateOperations::createCsr(model::CertificateIssueRequest request, const QString& csrPath)
{
    createCsrAsync(std::move(request), csrPath, false);
}

QCoro::Task<> CertificateOperations::createCsrAsync(model::CertificateIssueRequest request, QString csrPath,
                                                    bool offerSave)
{
    QPointer<CertificateOperations> guard(this);
    const QString name = request.name;
    Q_EMIT statusMessage(tr("Making a CSR for certificate '%1'…").arg(name));
    auto task = track(m_host.call([request](model::Services& s) { return s.certificates().createCsr(request); }));
    Outcome<model::CertificateRecord> created = co_await task;
    if (!guard)
        co_return;
    if (!created) {
        if (created.isCancelled())
            Q_EMIT statusMessage(tr("Cancelled"));
        else
            showError(tr("Could not make a CSR for certificate '%1'").arg(name), created.error().message);
        co_return;
    }
    const model::CertificateRecord& record = created.value();
    Q_EMIT certificateTouched(record.vault, record.name);
    if (!csrPath.isEmpty()) {
        const QByteArray pem = crypto::x509::certificateRequestPem(record.currentVersion.csrDer);
        if (Outcome<void> written = writeFile(csrPath, pem, false); !written) {
            showError(tr("Could not save the CSR of certificate '%1'").arg(name), written.error().message);
            co_return;
        }
    }
    const QString text = tr("CSR for certificate '%1' made: have it signed, then merge the certificate").arg(name);
    Q_EMIT statusMessage(text);
    Q_EMIT succeeded(text);
    if (offerSave)
        offerCsrSave(record);
}

void CertificateOperations::offerCsrSave(const model::CertificateRecord& certificate)
{
    auto* box = new QMessageBox(QMessageBox::Question, tr("Save CSR"),
                                tr("Certificate '%1' in vault '%2' waits for an external CA. Save its CSR now?")
                                    .arg(certificate.name, certificate.vault),
                                QMessageBox::Save | QMessageBox::Cancel, m_dialogParent);
    box->setObjectName(QStringLiteral("saveCsrMessageBox"));
    box->setInformativeText(tr("Send the CSR (PEM) to the CA; merge the certificate it signs into this one."));
    box->setDefaultButton(QMessageBox::Save);
    box->setAttribute(Qt::WA_DeleteOnClose);
    const QByteArray pem = crypto::x509::certificateRequestPem(certificate.currentVersion.csrDer);
    const QString name = certificate.name;
    connect(box, &QMessageBox::finished, this, [this, box, pem, name] {
        if (box->clickedButton() != box->button(QMessageBox::Save))
            return;
        auto* chooser = new QFileDialog(m_dialogParent, tr("Save CSR"),
                                        QDir::homePath() + QLatin1Char('/') + name + QStringLiteral(".csr.pem"));
        chooser->setObjectName(QStringLiteral("saveCsrFileDialog"));
        chooser->setAcceptMode(QFileDialog::AcceptSave);
        chooser->setNameFilters({tr("Certificate requests (*.csr *.pem)"), tr("All files (*)")});
        chooser->setAttribute(Qt::WA_DeleteOnClose);
        connect(chooser, &QFileDialog::fileSelected, this, [this, pem, name](const QString& path) {
            if (Outcome<void> written = writeFile(path, pem, false); !written)
                showError(tr("Could not save the CSR of certificate '%1'").arg(name), written.error().message);
            else
                Q_EMIT statusMessage(tr("CSR saved to %1").arg(QDir::toNativeSeparators(path)));
        });
        chooser->open();
    });
    box->open();
}

void CertificateOperations::renew(const QString& vault, const QStringList& names)
{
    if (!names.isEmpty())
        renewAsync(vault, names);
}

QCoro::Task<> CertificateOperations::renewAsync(QString vault, QStringList names)
{
    QPointer<CertificateOperations> guard(this);
    int done = 0;
    QStringList failures;
    begin(); // busy for the whole selection, not per certificate
    for (const QString& name : std::as_const(names)) {
        Q_EMIT statusMessage(tr("Renewing certificate '%1'…").arg(name));
        auto task =
            track(m_host.call([vault, name](model::Services& s) { return s.certificates().renew(vault, name); }));
        Outcome<model::CertificateRecord> renewed = co_await task;
        if (!guard)
            co_return;
        if (renewed)
            ++done;
        else
            failures << tr("%1: %2").arg(name, renewed.error().message);
    }
    end();
    if (!failures.isEmpty()) {
        showError(names.size() == 1 ? tr("Could not renew certificate '%1'").arg(names.first())
                                    : tr("Could not renew %n certificate(s)", nullptr, int(failures.size())),
                  failures.join(QLatin1Char('\n')));
    }
    if (done == 0)
        co_return;
    const QString text = names.size() == 1 ? tr("Certificate '%1' renewed").arg(names.first())
                                           : tr("%n certificate(s) renewed", nullptr, done);
    Q_EMIT statusMessage(text);
    Q_EMIT succeeded(text);
    if (names.size() == 1)
        Q_EMIT certificateTouched(vault, names.first());
}

void CertificateOperations::importCertificate(model::CertificateImportRequest request)
{
    importAsync(std::move(request));
}

QCoro::Task<> CertificateOperations::importAsync(model::CertificateImportRequest request)
{
    QPointer<CertificateOperations> guard(this);
    const QString name = request.name;
    Q_EMIT statusMessage(tr("Importing certificate '%1'…").arg(name));
    auto task =
        track(m_host.call([request](model::Services& s) { return s.certificates().importCertificate(request); }));
    Outcome<model::CertificateImportResult> imported = co_await task;
    if (!guard)
        co_return;
    if (!imported) {
        showError(tr("Could not import certificate '%1'").arg(name), imported.error().message);
        co_return;
    }
    const model::CertificateImportResult& result = imported.value();
    QString text = result.hasPrivateKey
                       ? tr("Certificate '%1' imported from %2 with its private key").arg(name, result.format)
                       : tr("Certificate '%1' imported from %2").arg(name, result.format);
    for (const QString& warning : result.warnings)
        text += QStringLiteral("; ") + warning;
    Q_EMIT statusMessage(text);
    Q_EMIT succeeded(text);
    Q_EMIT certificateTouched(result.certificate.vault, result.certificate.name);
}

void CertificateOperations::exportCertificate(const model::CertificateRecord& certificate,
                                              CertificateExportChoice choice)
{
    exportAsync(certificate, std::move(choice));
}

QCoro::Task<> CertificateOperations::exportAsync(model::CertificateRecord certificate, CertificateExportChoice choice)
{
    QPointer<CertificateOperations> guard(this);
    const QString vault = certificate.vault;
    const QString name = certificate.name;
    const QString failure = tr("Could not export certificate '%1'").arg(name);
    QByteArray bytes;
    if (isPkcs12(choice.format)) {
        // The service checks certificates/export and exportability, and audits the export.
        const bool legacy = choice.format == Format::Pkcs12Legacy;
        auto password = choice.password;
        auto task = track(m_host.call([vault, name, password, legacy](model::Services& s) {
            return s.certificates().exportPkcs12(vault, name, password, legacy);
        }));
        Outcome<QByteArray> exported = co_await task;
        if (!guard)
            co_return;
        if (!exported) {
            showError(failure, exported.error().message);
            co_return;
        }
        bytes = exported.take();
    } else {
        auto task =
            track(m_host.call([vault, name](model::Services& s) { return s.certificates().chain(vault, name); }));
        Outcome<QList<QByteArray>> chain = co_await task;
        if (!guard)
            co_return;
        if (!chain || chain.value().isEmpty()) {
            showError(failure,
                      chain ? tr("certificate '%1' has no issued version yet").arg(name) : chain.error().message);
            co_return;
        }
        bytes = encodeChain(chain.value(), choice.format);
    }
    if (Outcome<void> written = writeFile(choice.path, bytes, isPkcs12(choice.format)); !written) {
        showError(failure, written.error().message);
        co_return;
    }
    const QString text = tr("Certificate '%1' exported to %2").arg(name, QDir::toNativeSeparators(choice.path));
    Q_EMIT statusMessage(text);
    Q_EMIT succeeded(text);
}

void CertificateOperations::revoke(const model::CertificateRecord& certificate, const QString& reason)
{
    revokeAsync(certificate, reason);
}

QCoro::Task<> CertificateOperations::revokeAsync(model::CertificateRecord certificate, QString reason)
{
    QPointer<CertificateOperations> guard(this);
    const QString failure = tr("Could not revoke certificate '%1'").arg(certificate.name);
    const QStringList ca = CertificateActions::issuingCa(certificate).split(QLatin1Char('/'));
    if (ca.size() != 2) {
        showError(
            failure,
            tr("certificate '%1' was not issued by a Custos CA: only its issuer can revoke it").arg(certificate.name));
        co_return;
    }
    const QString caVault = ca.at(0);
    const QString caName = ca.at(1);
    const QString serial = certificate.currentVersion.serialHex;
    auto task = track(m_host.call([caVault, caName, serial, reason](model::Services& s) {
        return s.certificates().revoke(caVault, caName, serial, reason);
    }));
    Outcome<model::CertificateVersion> revoked = co_await task;
    if (!guard)
        co_return;
    if (!revoked) {
        showError(failure, revoked.error().message);
        co_return;
    }
    // The service announces the change for the CA's vault; the certificate's may be another.
    if (certificate.vault != caVault)
        Q_EMIT certificatesChanged(certificate.vault);
    const QString text = tr("Certificate '%1' revoked (%2)").arg(certificate.name, revoked.value().revocationReason);
    Q_EMIT statusMessage(text);
    Q_EMIT succeeded(text);
    Q_EMIT certificateTouched(certificate.vault, certificate.name);
}

void CertificateOperations::remove(const QString& vault, const QString& name)
{
    finish(m_host.call([vault, name](model::Services& s) { return s.certificates().remove(vault, name); }),
           tr("Could not delete certificate '%1'").arg(name), tr("Certificate '%1' deleted").arg(name), vault,
           QString());
}

void CertificateOperations::recover(const QString& vault, const QString& name)
{
    finish(m_host.call([vault, name](model::Services& s) { return s.certificates().recover(vault, name); }),
           tr("Could not recover certificate '%1'").arg(name), tr("Certificate '%1' recovered").arg(name), vault, name);
}

void CertificateOperations::purge(const QString& vault, const QString& name)
{
    finish(withApprovals<void>([this, vault, name](model::OperationContext context) {
               return m_host.call(
                   [vault, name, context](model::Services& s) { return s.certificates().purge(vault, name, context); });
           }),
           tr("Could not purge certificate '%1'").arg(name), tr("Certificate '%1' purged").arg(name), vault, QString());
}

// --- helpers --------------------------------------------------------------------------------

Outcome<void> CertificateOperations::writeFile(const QString& path, const QByteArray& bytes, bool ownerOnly)
{
    const QString shown = QDir::toNativeSeparators(path);
    if (path.isEmpty())
        return makeError(ErrorKind::Invalid, tr("no file chosen to write"));
    QSaveFile file(path);
    if (!file.open(QIODevice::WriteOnly))
        return makeError(ErrorKind::Failed, tr("cannot write %1: %2").arg(shown, file.errorString()));
    // Before the first byte: the temporary file becomes the final one with these permissions.
    if (ownerOnly && !file.setPermissions(QFileDevice::ReadOwner | QFileDevice::WriteOwner))
        return makeError(ErrorKind::Failed,
                         tr("cannot make %1 readable by its owner alone: %2").arg(shown, file.errorString()));
    if (file.write(bytes) != bytes.size() || !file.commit())
        return makeError(ErrorKind::Failed, tr("cannot write %1: %2").arg(shown, file.errorString()));
    return {};
}

QByteArray CertificateOperations::encodeChain(const QList<QByteArray>& chainDer, Format format)
{
    if (chainDer.isEmpty())
        return {};
    switch (format) {
    case Format::Der:
        return chainDer.first();
    case Format::PemChain: {
        QByteArray pem;
        for (const QByteArray& der : chainDer)
            pem += crypto::x509::certificatePem(der);
        return pem;
    }
    case Format::PemLeaf:
    default:
        return crypto::x509::certificatePem(chainDer.first());
    }
}

template <typename T>
QCoro::Task<Outcome<T>> CertificateOperations::track(QCoro::Task<Outcome<T>> operation)
{
    QPointer<CertificateOperations> guard(this);
    begin();
    Outcome<T> result;
    try {
        result = co_await operation;
    } catch (const std::exception& e) {
        result = makeError(ErrorKind::Failed, QString::fromLocal8Bit(e.what()));
    } catch (...) {
        result = makeError(ErrorKind::Failed, QStringLiteral("unexpected error"));
    }
    if (guard)
        end();
    co_return result;
}

template <typename T>
QCoro::Task<> CertificateOperations::finish(QCoro::Task<Outcome<T>> operation, QString failureTitle,
                                            QString successText, QString vault, QString touchedName)
{
    QPointer<CertificateOperations> guard(this);
    auto task = track(std::move(operation));
    Outcome<T> result = co_await task;
    if (!guard)
        co_return;
    if (!result) {
        if (result.isCancelled())
            Q_EMIT statusMessage(tr("Cancelled"));
        else
            showError(failureTitle, result.error().message);
        co_return;
    }
    Q_EMIT statusMessage(successText);
    Q_EMIT succeeded(successText);
    if (!touchedName.isEmpty())
        Q_EMIT certificateTouched(vault, touchedName);
}

} // namespace custos::ui
