#pragma once

// The security-domain ceremonies (issue 7, DESIGN.md "Security domain"): download (backup of the
// domain key to M-of-N custodians), rotation, restore into a new workspace, and the custodians'
// share drill. The master secret and the domain key exist only in secure memory, during one step.

#include "OperationContext.h"
#include "crypto/Outcome.h"
#include "crypto/SecureBuffer.h"
#include "crypto/sd/CustodianKey.h"
#include "model/store/SecurityDomainStore.h"

#include <QCoro/QCoroTask>
#include <QJsonArray>
#include <QJsonObject>
#include <QObject>

#include <memory>
#include <optional>

namespace custos::crypto::sd {
class ShareCollector;
}

namespace custos::model {

class ServicePath;

// The message key creation and import give in a workspace that is not activated (and the GUI shows).
QString notActivatedMessage();

struct SecurityDomainStatus
{
    bool activated = false;
    DomainKeyRecord activeDomainKey;
    int retiredDomainKeys = 0;
    std::optional<SecurityDomainFileRecord> current; // the file in force
    QList<SecurityDomainFileRecord> history;         // every file, newest first
    // Custodian certificates that expire within 90 days (the GUI's notice; they still decrypt).
    QList<CustodianRecord> expiringCustodians;
};

// A step of a ceremony, as the transcript lists it.
struct CeremonyStep
{
    QDateTime time;
    QString step;   // "custodian certificates checked", "file written", ...
    QString result; // "Success" | "Failed: ..."
};

struct SecurityDomainDownloadRequest
{
    QList<QByteArray> certificates; // PEM or DER, one per custodian, 3..10, in share order
    int quorum = 0;                 // 2..N
    QStringList witnesses;          // names, for the transcript
    QList<CeremonyStep> steps;      // what the caller did before (wizard pages), for the transcript
    QString outPath;                // when set, the file is written there atomically before the commit
                                    // (and removed again when the commit fails)
};

// The ceremony record: JSON with a detached ECDSA P-256 signature (DER) by the audit key.
struct CeremonyTranscript
{
    QByteArray json;
    QByteArray signature;
    QString sha256; // hex of SHA-256(json): what the paper copy carries
};

struct SecurityDomainDownloadResult
{
    QByteArray file; // the security-domain file (JSON)
    QString fileSha256;
    int required = 0;
    QList<crypto::sd::CustodianCertificate> custodians;
    QString domainKeyId;
    bool supersededPrevious = false; // an earlier custodian set was marked superseded
    bool rotated = false;            // a new domain key was made (sd rotate)
    CeremonyTranscript transcript;
};

// One restore ceremony in progress: the uploaded file and the shares collected so far.
class SecurityDomainRestore
{
public:
    SecurityDomainRestore(QByteArray fileBytes, std::unique_ptr<crypto::sd::ShareCollector> collector);
    ~SecurityDomainRestore();
    const QByteArray& fileBytes() const { return m_fileBytes; }
    QString fileSha256() const;
    int required() const;
    int collected() const;
    int custodians() const;
    QStringList presentedHolders() const { return m_holders; }
    crypto::sd::ShareCollector& collector() { return *m_collector; }
    void addHolder(const QString& holder) { m_holders << holder; }
    void wipe(); // forgets every share

private:
    QByteArray m_fileBytes;
    std::unique_ptr<crypto::sd::ShareCollector> m_collector;
    QStringList m_holders;
};

struct ShareProgress
{
    QString holder;
    int sharesAdded = 0;
    int collected = 0; // "k of M shares collected"
    int required = 0;
    QStringList failedShares;
};

struct SecurityDomainRestoreResult
{
    QString domainKeyId;       // now active
    int domainKeys = 0;        // restored into the token (the active one and retired ones)
    QString sourceWorkspaceId; // from the file's identity item
    QString sourceWorkspaceName;
    QDateTime sourceCreated;
};

struct ShareCheck
{
    QString holder;
    QString x5t256;
    int shares = 0; // how many of this custodian's shares open
};

class SecurityDomainService : public QObject
{
    Q_OBJECT
public:
    explicit SecurityDomainService(ServicePath& path, QObject* parent = nullptr);

    // workspace/read; not audited.
    Outcome<SecurityDomainStatus> status();

    // securitydomain/download/action: a file for these custodians carrying the active domain key
    // (and retired ones) and the workspace's identity. Audited (SecurityDomainDownload) with the
    // file's SHA-256, the thumbprints, M and N. A previous current file is marked superseded.
    QCoro::Task<Outcome<SecurityDomainDownloadResult>> download(SecurityDomainDownloadRequest request,
                                                                OperationContext context = {});
    // securitydomain/download/action: a new active domain key (the old one retired, kept for old
    // backups) and a file for these custodians. Audited (SecurityDomainRotate).
    QCoro::Task<Outcome<SecurityDomainDownloadResult>> rotate(SecurityDomainDownloadRequest request,
                                                              OperationContext context = {});

    // securitydomain/upload/action. Parses the file (Invalid with what is wrong) and starts a
    // ceremony; audited (SecurityDomainRestoreStart) with the file's SHA-256, M and N.
    QCoro::Task<Outcome<std::shared_ptr<SecurityDomainRestore>>> beginRestore(QByteArray fileBytes,
                                                                              OperationContext context = {});
    // securitydomain/upload/action. One custodian's key: its shares are decrypted and kept, the key
    // is wiped whatever happens. Audited per custodian (SecurityDomainRestoreShare, Success or
    // Failed, with holder and thumbprint).
    QCoro::Task<Outcome<ShareProgress>> presentCustodian(std::shared_ptr<SecurityDomainRestore> ceremony,
                                                         std::shared_ptr<crypto::sd::CustodianKey> key,
                                                         OperationContext context = {});
    // securitydomain/upload/action, quorum "securitydomain-restore". Once M shares are in: the
    // master secret, the items, the domain keys into the token (the restored active one becomes
    // active, this workspace's own retired), and the workspace counts as activated. Everything
    // secret is wiped, success or not. Audited (SecurityDomainRestore).
    QCoro::Task<Outcome<SecurityDomainRestoreResult>> completeRestore(std::shared_ptr<SecurityDomainRestore> ceremony,
                                                                      OperationContext context = {});

    // securitydomain/upload/read: the quarterly drill from an open workspace; audited
    // (SecurityDomainShareVerify) with the holder and the result. Nothing is reconstructed.
    QCoro::Task<Outcome<ShareCheck>> verifyShare(QByteArray fileBytes, std::shared_ptr<crypto::sd::CustodianKey> key,
                                                 OperationContext context = {});

    // securitydomain/download/action: a custodian key pair on a card (a token of the workspace's
    // module, not its own token) with a self-signed certificate; audited (SecurityDomainCustodianCreate)
    // with the token label, holder and thumbprint. Returns the certificate (DER).
    QCoro::Task<Outcome<QByteArray>> createTokenCustodian(QString tokenLabel, std::shared_ptr<crypto::SecureBuffer> pin,
                                                          QString objectLabel, QString holder, int rsaBits = 3072,
                                                          OperationContext context = {});
    // Opens a custodian on a card of the workspace's module (pkcs11:token=...;object=...). Off the
    // GUI thread: it logs in to the card.
    QCoro::Task<Outcome<std::shared_ptr<crypto::sd::CustodianKey>>>
    openTokenCustodian(QString uri, std::shared_ptr<crypto::SecureBuffer> pin);

private:
    QCoro::Task<Outcome<SecurityDomainDownloadResult>> produce(SecurityDomainDownloadRequest request,
                                                               OperationContext context, bool rotate);
    ServicePath& m_path;
};

} // namespace custos::model
