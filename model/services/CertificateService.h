#pragma once

#include "OperationContext.h"
#include "crypto/Outcome.h"
#include "crypto/SecureBuffer.h"
#include "model/domain/Certificate.h"

#include <QCoro/QCoroTask>
#include <QObject>

#include <memory>
#include <optional>

namespace custos::model {

class ServicePath;
namespace keyuse {
class HsmOperationsCache;
}

// `ca create`: a root (self-signed) or an intermediate signed by another Custos CA.
struct CaCreateRequest
{
    QString vault;
    QString name; // also the name of its key (a CA key: signs only through issuance and CRLs)
    QString subject;
    QString issuer; // empty: a self-signed root; "VAULT/CA": a Custos CA
    crypto::KeyKind kty = crypto::KeyKind::Ec;
    int size = 0;                         // RSA 2048/3072/4096 (0: 3072)
    QString curve;                        // EC (empty: P-256)
    std::optional<Protection> protection; // unset: hsm (CLI.md: CA keys default to hsm)
    // 0: the default, 120 for a root; an intermediate gets 60, cut to end with its issuer. An
    // explicit validity beyond the issuer's is refused.
    int months = 0;
    int pathLength = -1; // -1: unlimited
    QStringList permittedDnsSubtrees;
    QString crlUrl;
    QString aiaUrl;
    int crlDays = 7;
};

// `cert issue` from a Custos CA or self-signed.
struct CertificateIssueRequest
{
    QString vault;
    QString name;
    QString issuer; // "VAULT/CA" or "Self"
    QString profile = QStringLiteral("tls-server");
    QString subject;
    QStringList subjectAltNames; // "dns:x", "ip:x", "email:x", "uri:x"
    QStringList keyUsages;       // custom profile only
    QStringList extendedKeyUsages;
    int months = 12;
    crypto::KeyKind kty = crypto::KeyKind::Ec;
    int size = 0;
    QString curve;
    std::optional<Protection> protection; // unset: the vault's
    bool exportable = false;
    bool reuseKey = false;
    QList<CertificateLifetimeAction> actions;
    QStringList contacts;
};

// `cert import`: a certificate with its chain, and its private key when the file holds one
// (PEM, DER, PKCS#7, PKCS#12; detected by content).
struct CertificateImportRequest
{
    QString vault;
    QString name;
    QByteArray fileBytes;
    // The private key in a file of its own (PEM or DER: PKCS#8 plain or encrypted, PKCS#1, SEC1), for
    // a certificate file that holds none (DER, PKCS#7, PEM without key); empty: the key is in fileBytes.
    QByteArray keyFileBytes;
    std::shared_ptr<const crypto::SecureBuffer> password; // PKCS#12 / encrypted PKCS#8; may be null
    std::optional<Protection> protection;                 // of the imported key; unset: the vault's
    bool exportable = false;                              // software keys only
    QString fileName, keyFileName;                        // for messages only; may be empty
};

// What `cert import` found, for the preview and the result line.
struct CertificateImportResult
{
    CertificateRecord certificate;
    QString format; // "PKCS#12 (AES-256-CBC, PBKDF2-HMAC-SHA256)", "PEM", ...
    bool hasPrivateKey = false;
    int chainLength = 0;
    QStringList warnings; // e.g. legacy PKCS#12 encryption
};

// One thing `cert due` found.
struct CertificateDueItem
{
    QString vault;
    QString name;
    enum class Kind { AutoRenew, EmailContacts, CrlNextUpdate };
    Kind kind = Kind::AutoRenew;
    QDateTime dueAt;
    QDateTime expires;   // the certificate's notAfter, or the CRL's next update
    QString description; // "renew: 80% of the lifetime (2027-03-01)", for lists and the GUI
};

struct CertificateDueResult
{
    CertificateDueItem item;
    bool done = false;
    QString message;
};

// Old and new side by side, for the renew wizard: nothing is changed.
struct RenewalPreview
{
    CertificateRecord certificate;
    QDateTime oldNotBefore;
    QDateTime oldNotAfter;
    QDateTime newNotBefore;
    QDateTime newNotAfter;
    bool newKey = true;     // false when the policy reuses the key
    QString keyDescription; // "EC P-256"
    QStringList oldSubjectAltNames;
    QStringList newSubjectAltNames;
};

// Certificates and certificate authorities (issue 4), every change through the one service path.
// Permissions (ROLES.md): certificates/read for list/show/versions/chain; certificates/write at the
// new certificate to issue, and at the issuing CA to use it; certificates/ca to create a CA, revoke
// and issue CRLs. The keys are created under certificates/* alone.
class CertificateService : public QObject
{
    Q_OBJECT
public:
    explicit CertificateService(ServicePath& path, QObject* parent = nullptr);
    ~CertificateService() override;

    QCoro::Task<Outcome<CertificateRecord>> createCa(CaCreateRequest request, OperationContext context = {});
    QCoro::Task<Outcome<CertificateRecord>> issue(CertificateIssueRequest request, OperationContext context = {});
    // Revokes the certificate with this serial among what the CA issued, by any of its versions,
    // Custos certificates and those signed with signRequest alike. Reason: RFC 5280 name. For a
    // certificate signed with signRequest the returned version has an empty id.
    QCoro::Task<Outcome<CertificateVersion>> revoke(QString vault, QString ca, QString serialHex, QString reason,
                                                    OperationContext context = {});
    // Issues the CA's next CRL (number + 1, valid for the CA's crlDays) and returns its DER.
    QCoro::Task<Outcome<QByteArray>> issueCrl(QString vault, QString ca, OperationContext context = {});

    // A new version under the same policy (new key unless the policy reuses it), from the same
    // issuer; certificates/write at the certificate (and at the issuing CA).
    QCoro::Task<Outcome<CertificateRecord>> renew(QString vault, QString name, OperationContext context = {});
    Outcome<RenewalPreview> previewRenewal(const QString& vault, const QString& name);
    // Lifetime actions whose time has come (AutoRenew, EmailContacts) and CA CRLs within a day of
    // their next update, over every vault the operator may read.
    Outcome<QList<CertificateDueItem>> due();
    // Renews, notifies (an audited CertificateNearExpiry event, once per version) and issues CRLs.
    QCoro::Task<QList<CertificateDueResult>> applyDue(OperationContext context = {});

    // Soft delete for the vault's retention (the key goes with it), list deleted, recover, purge.
    QCoro::Task<Outcome<CertificateRecord>> remove(QString vault, QString name, OperationContext context = {});
    Outcome<QList<CertificateRecord>> listDeleted(const QString& vault);
    QCoro::Task<Outcome<CertificateRecord>> recover(QString vault, QString name, OperationContext context = {});
    QCoro::Task<Outcome<void>> purge(QString vault, QString name, OperationContext context = {});

    // External CAs: `cert csr` makes a certificate whose first version is pending with a CSR
    // (issuer "Unknown"); `ca create --issuer external` does the same for a CA. `merge` takes the
    // signed certificate (PEM, DER or PKCS#7 with its chain) and refuses one whose public key
    // does not match the pending version's key.
    QCoro::Task<Outcome<CertificateRecord>> createCsr(CertificateIssueRequest request, OperationContext context = {});
    QCoro::Task<Outcome<CertificateRecord>> createExternalCa(CaCreateRequest request, OperationContext context = {});
    QCoro::Task<Outcome<CertificateRecord>> merge(QString vault, QString name, QByteArray certificateFile,
                                                  OperationContext context = {});
    // A Custos CA signs a CSR brought from outside (its signature must verify); returns the DER.
    // The certificate is kept (issuedFor) so that revoke and issueCrl know it.
    QCoro::Task<Outcome<QByteArray>> signRequest(QString vault, QString ca, QByteArray csrFile, QString profile,
                                                 int months, OperationContext context = {});
    // What the CA (any of its versions) signed with signRequest, oldest first; certificates/read at the CA.
    Outcome<QList<ExternallySignedCertificate>> issuedFor(const QString& vault, const QString& ca);

    QCoro::Task<Outcome<CertificateImportResult>> importCertificate(CertificateImportRequest request,
                                                                    OperationContext context = {});
    // With the private key (certificates/export; exportable keys only): PKCS#12, AES-256/PBKDF2 or
    // the legacy 3DES/RC2 profile; the chain through the root.
    QCoro::Task<Outcome<QByteArray>> exportPkcs12(QString vault, QString name,
                                                  std::shared_ptr<const crypto::SecureBuffer> password, bool legacy,
                                                  OperationContext context = {});

    // Reads: authorised, not audited.
    Outcome<QList<CertificateRecord>> list(const QString& vault, bool casOnly = false);
    Outcome<CertificateRecord> show(const QString& vault, const QString& name);
    Outcome<QList<CertificateVersion>> versions(const QString& vault, const QString& name);
    // DER, leaf first through the root (the Custos CAs that issued it); one version's (empty: current).
    Outcome<QList<QByteArray>> chain(const QString& vault, const QString& name, const QString& versionId = {});

Q_SIGNALS:
    void certificatesChanged(const QString& vault);

private:
    // One due EmailContacts item: the audited CertificateNearExpiry event, recorded per version.
    QCoro::Task<Outcome<void>> notifyNearExpiry(CertificateDueItem item, OperationContext context);

    ServicePath& m_path;
    std::shared_ptr<keyuse::HsmOperationsCache> m_hsm;
};

} // namespace custos::model
