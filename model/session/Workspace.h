#pragma once

#include "crypto/Outcome.h"
#include "crypto/SecureBuffer.h"
#include "model/store/Database.h"

#include <QCoro/QCoroTask>
#include <QString>
#include <QStringList>
#include <QThreadPool>

#include <memory>

namespace custos::crypto {
class Pkcs11Module;
class Token;
} // namespace custos::crypto

namespace custos::model {

struct OperatorCredentials;
class WorkspaceLock;

struct WorkspaceInitRequest
{
    QString directory;    // created if missing; must be empty if it exists
    QString operatorName; // the first operator
    crypto::SecureBuffer passphrase;
    QStringList roles;     // empty: initialOperatorRoles()
    QString justification; // --reason, stored in the WorkspaceInit event
    int kdfMemoryMiB = 64; // 1..4096; below 64 is a "test workspace"
    // Attach to an existing token instead of creating an embedded SoftHSM2 one.
    bool attach = false;
    QString modulePath;
    QString tokenLabel;
    crypto::SecureBuffer userPin;
    crypto::SecureBuffer soPin;
};

struct WorkspaceStatus
{
    QString directory;
    QString tokenLabel;
    QString modulePath;
    bool embeddedToken = true;
    int schemaVersion = 0;
    int kdfMemoryMiB = 0;
    bool testWorkspace = false;
    QString createdAt; // ISO 8601 UTC
    int operators = 0;
    int vaults = 0;
    int deletedVaults = 0;
    qint64 auditEvents = 0;
    QString workspaceId;
    // Issue 7: a security-domain file was downloaded or restored; until then key creation and
    // import are refused.
    bool activated = false;
    QString activeDomainKeyId;
};

// One installation: a token, a metadata database and an audit trail, in one directory:
//   custos.db       SQLite (WAL)
//   softhsm2.conf   embedded token's own SoftHSM2 configuration (nothing touches the system's)
//   tokens/         the SoftHSM2 token store
// The token is loaded at login, when an operator's passphrase unwraps the user PIN.
class Workspace
{
public:
    static QString defaultDirectory();                      // $CUSTOS_WORKSPACE, else ~/.local/share/custos/workspace
    static bool looksInitialised(const QString& directory); // custos.db exists

    // Async: scrypt and token initialisation run off the calling thread. On failure nothing is
    // left behind: a directory it created is removed, an existing empty one is emptied again.
    static QCoro::Task<Outcome<std::unique_ptr<Workspace>>> initialise(WorkspaceInitRequest request);
    // Opens the database (migrating it forward); refuses a missing, corrupt or newer workspace
    // with a message naming the path.
    static Outcome<std::unique_ptr<Workspace>> open(const QString& directory);
    ~Workspace();

    QString directory() const { return m_directory; }
    Database& database() { return *m_database; }
    int kdfMemoryMiB() const { return m_kdfMemoryMiB; }
    bool isTestWorkspace() const { return m_kdfMemoryMiB < 64; }
    QString tokenLabel() const { return m_tokenLabel; }
    QString modulePath() const { return m_modulePath; }
    bool embeddedToken() const { return m_embedded; }
    Outcome<WorkspaceStatus> status();

    // Loads the module (embedded: with this workspace's SOFTHSM2_CONF) and opens the token.
    // Called by Session::login off the UI thread; idempotent.
    Outcome<crypto::Token*> openToken();
    crypto::Token* token() const { return m_token.get(); }
    // openToken() and C_Login as the user; a PIN the token refuses is explained (changed outside
    // Custos, locked). On the token thread, like openToken().
    Outcome<void> loginToken(const crypto::SecureBuffer& userPin);
    void closeToken();
    // The one thread that talks to the token (PKCS#11 sessions are per thread; one keeps them few).
    QThreadPool* tokenPool() { return &m_tokenPool; }
    // This process's shared hold on the workspace (WorkspaceLock.h); doctor --repair upgrades it.
    WorkspaceLock& lock() { return *m_lock; }

private:
    Workspace();
    Outcome<void> writeInitialRecords(const QString& operatorName, const QStringList& roles,
                                      const QString& justification, const OperatorCredentials& credentials);
    QString m_directory;
    std::unique_ptr<WorkspaceLock> m_lock; // first: released after everything else is closed
    std::unique_ptr<Database> m_database;
    int m_kdfMemoryMiB = 64;
    QString m_tokenLabel;
    QString m_modulePath;
    bool m_embedded = true;
    std::shared_ptr<crypto::Pkcs11Module> m_module;
    std::unique_ptr<crypto::Token> m_token;
    QThreadPool m_tokenPool;
};

// Names of the files inside a workspace directory.
inline constexpr const char* kDatabaseFileName = "custos.db";
inline constexpr const char* kSoftHsmConfFileName = "softhsm2.conf";
inline constexpr const char* kTokenDirName = "tokens";
inline constexpr const char* kSoPinObjectLabel = "custos-so-pin";
inline constexpr const char* kDomainKeyLabel = "custos-domain-key";   // trusted AES-256, created at init
inline constexpr const char* kSealingKeyLabel = "custos-sealing-key"; // seals software keys at rest

} // namespace custos::model
