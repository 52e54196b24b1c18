#include "Workspace.h"
#include "TokenFileCopy.h"
#include "WorkspaceLock.h"
#include "model/audit/AuditCheckpoints.h"
#include "model/audit/AuditKey.h"

#include "OperatorCredentials.h"
#include "crypto/Random.h"
#include "crypto/pkcs11/Pkcs11Module.h"
#include "crypto/pkcs11/Token.h"
#include "model/audit/AuditLog.h"
#include "model/authz/Permissions.h"
#include "model/services/AuditRecorder.h"
#include "model/session/OperatorNames.h"
#include "model/store/SecurityDomainStore.h"
#include "model/store/StorageFaults.h"
#include "model/store/Stores.h"

#include <QCoro/QCoroFuture>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QSaveFile>
#include <QStandardPaths>
#include <QtConcurrent/QtConcurrentRun>

#include <chrono>
#include <future>
#include <thread>

namespace custos::model {

namespace {

namespace Keys {
constexpr auto WorkspaceId = "workspace.id";
constexpr auto Created = "workspace.created";
constexpr auto KdfMemory = "kdf.memoryMiB";
constexpr auto TokenLabel = "token.label";
constexpr auto TokenModule = "token.module";
constexpr auto TokenEmbedded = "token.embedded";
} // namespace Keys

QString softHsmConf(const QString& directory)
{
    return QStringLiteral("# Written by Custos: this workspace's own SoftHSM2 token store.\n"
                          "directories.tokendir = %1\n"
                          "objectstore.backend = file\n"
                          "log.level = ERROR\n"
                          "slots.removable = false\n")
        .arg(QDir(directory).filePath(QLatin1String(kTokenDirName)));
}

// Writes the conf when it is missing or names another directory (a workspace that was moved).
Outcome<void> ensureSoftHsmConf(const QString& directory)
{
    const QString path = QDir(directory).filePath(QLatin1String(kSoftHsmConfFileName));
    const QByteArray wanted = softHsmConf(directory).toUtf8();
    QFile existing(path);
    if (existing.open(QIODevice::ReadOnly) && existing.readAll() == wanted)
        return {};
    QSaveFile out(path);
    if (!out.open(QIODevice::WriteOnly) || out.write(wanted) != wanted.size() || !out.commit())
        return makeError(ErrorKind::Failed, QStringLiteral("cannot write %1: %2").arg(path, out.errorString()));
    return {};
}

// Everything the worker threads of an initialisation share; holds the secrets until it is gone.
struct InitState
{
    WorkspaceInitRequest request;
    crypto::SecureBuffer userPin;
    crypto::SecureBuffer soPin;
    bool soPinObjectWritten = false;
};

// Undoes what an initialisation created, unless it is dismissed.
class DirectoryRollback
{
public:
    DirectoryRollback(QString directory, bool createdDirectory)
        : m_directory(std::move(directory)), m_created(createdDirectory)
    {
    }
    ~DirectoryRollback()
    {
        if (m_dismissed)
            return;
        QDir dir(m_directory);
        if (m_created) {
            dir.removeRecursively();
            return;
        }
        const auto entries = dir.entryInfoList(QDir::AllEntries | QDir::Hidden | QDir::System | QDir::NoDotAndDotDot);
        for (const QFileInfo& entry : entries) {
            if (entry.isDir() && !entry.isSymLink())
                QDir(entry.absoluteFilePath()).removeRecursively();
            else
                QFile::remove(entry.absoluteFilePath());
        }
    }
    void dismiss() { m_dismissed = true; }

private:
    QString m_directory;
    bool m_created;
    bool m_dismissed = false;
};

Outcome<void> validate(const WorkspaceInitRequest& request)
{
    if (request.directory.isEmpty())
        return makeError(ErrorKind::Invalid, QStringLiteral("no workspace directory given"));
    if (!isValidOperatorName(request.operatorName))
        return makeError(
            ErrorKind::Invalid,
            QStringLiteral("invalid operator name '%1': %2").arg(request.operatorName, operatorNameRule()));
    if (auto quality = checkPassphraseQuality(request.passphrase); !quality)
        return quality;
    if (request.kdfMemoryMiB < 1 || request.kdfMemoryMiB > 4096)
        return makeError(ErrorKind::Invalid,
                         QStringLiteral("invalid KDF memory %1 MiB: expected 1 to 4096").arg(request.kdfMemoryMiB));
    for (const QString& role : request.roles) {
        if (!findBuiltInRole(role))
            return makeError(ErrorKind::Invalid, QStringLiteral("unknown role '%1'").arg(role));
    }
    if (request.attach && (request.modulePath.isEmpty() || request.tokenLabel.isEmpty()))
        return makeError(ErrorKind::Invalid, QStringLiteral("attaching needs a module path and a token label"));
    if (request.attach && (request.userPin.isEmpty() || request.soPin.isEmpty()))
        return makeError(ErrorKind::Invalid,
                         QStringLiteral("attaching needs the token's user PIN and SO PIN (the SO PIN creates the "
                                        "trusted domain key)"));
    const QFileInfo info(request.directory);
    if (info.exists() && !info.isDir())
        return makeError(ErrorKind::Conflict,
                         QStringLiteral("%1 exists and is not a directory").arg(request.directory));
    if (info.exists() &&
        !QDir(request.directory).isEmpty(QDir::AllEntries | QDir::Hidden | QDir::System | QDir::NoDotAndDotDot)) {
        if (Workspace::looksInitialised(request.directory))
            return makeError(ErrorKind::Conflict,
                             QStringLiteral("%1 is already a Custos workspace").arg(request.directory));
        return makeError(
            ErrorKind::Conflict,
            QStringLiteral("%1 is not empty: a new workspace needs an empty or new directory").arg(request.directory));
    }
    return {};
}

// Opening writes (the WAL index, the audit trail, the token's files): a workspace on a read-only
// mount or without write permission is refused before anything is touched (issue 10).
Outcome<void> checkWritable(const QString& directory)
{
    const QString reason = storage::notWritableReason(
        directory, {QLatin1String(kDatabaseFileName), QLatin1String(kDatabaseFileName) + QStringLiteral("-wal"),
                    QLatin1String(kDatabaseFileName) + QStringLiteral("-shm"), QLatin1String(kTokenDirName)});
    if (reason.isEmpty())
        return {};
    return makeError(ErrorKind::Failed,
                     QStringLiteral("the workspace %1 is read-only (%2): Custos writes its database, audit trail and "
                                    "token there; mount it read-write or give this user write access, then try again")
                         .arg(directory, reason));
}

// Every refusal to open names the workspace (a newer schema version, say).
Error withWorkspacePath(const QString& directory, const Error& error)
{
    if (error.message.contains(directory))
        return error;
    return makeError(error.kind, QStringLiteral("workspace %1: %2").arg(directory, error.message));
}

// C_Login refused the PIN this workspace keeps (wrapped per operator): it was changed outside Custos.
Error tokenLoginError(const QString& label, const Error& error)
{
    const QString what = error.message;
    if (what.contains(QLatin1String("CKR_PIN_INCORRECT")) || what.contains(QLatin1String("CKR_PIN_INVALID")))
        return makeError(ErrorKind::Failed,
                         QStringLiteral("the token %1 refused the user PIN this workspace keeps (%2): the PIN was "
                                        "changed outside Custos; set it back with the token's own tools or restore "
                                        "the workspace from a backup (custosctl backup restore)")
                             .arg(label, what));
    if (what.contains(QLatin1String("CKR_PIN_LOCKED")))
        return makeError(ErrorKind::Failed,
                         QStringLiteral("the token %1 has locked its user PIN (%2): unlock it with the token's own "
                                        "tools (its security officer), then try again")
                             .arg(label, what));
    return makeError(error.kind, QStringLiteral("the token %1 refused the login: %2").arg(label, what));
}

} // namespace

Workspace::Workspace()
{
    m_tokenPool.setMaxThreadCount(1);
    m_tokenPool.setExpiryTimeout(-1); // keep the thread, and so its PKCS#11 session, alive
}

Workspace::~Workspace()
{
    if (!m_token && !m_module)
        return;
    // On the token thread, like every PKCS#11 call (ThreadGuard.h); waited for without
    // QFuture::waitForFinished, which would run a task the pool has not started right here.
    std::promise<void> closed;
    (void)QtConcurrent::run(&m_tokenPool, [this, &closed]() {
        closeToken();
        closed.set_value();
    });
    closed.get_future().wait();
}

QString Workspace::defaultDirectory()
{
    const QString fromEnvironment = qEnvironmentVariable("CUSTOS_WORKSPACE");
    if (!fromEnvironment.isEmpty())
        return fromEnvironment;
    // Not AppDataLocation: that depends on the organisation and application names each executable
    // sets, and custos and custosctl must find the same workspace.
    return QStandardPaths::writableLocation(QStandardPaths::GenericDataLocation) + QStringLiteral("/custos/workspace");
}

bool Workspace::looksInitialised(const QString& directory)
{
    return QFileInfo::exists(QDir(directory).filePath(QLatin1String(kDatabaseFileName)));
}

// Runs on the token thread: makes (or attaches to) the token and leaves the SO PIN inside it.
static Outcome<void> prepareToken(Workspace* workspace, InitState* state, std::shared_ptr<crypto::Pkcs11Module>* module,
                                  std::unique_ptr<crypto::Token>* token, QString* label)
{
    const WorkspaceInitRequest& request = state->request;
    if (request.attach) {
        auto loaded = crypto::Pkcs11Module::load(request.modulePath);
        if (!loaded)
            return loaded.error();
        *module = loaded.take();
        auto opened = crypto::Token::open(*module, request.tokenLabel);
        if (!opened)
            return opened.error();
        *token = opened.take();
        state->userPin = request.userPin.clone();
        state->soPin = request.soPin.clone();
        *label = request.tokenLabel;
    } else {
        if (auto conf = ensureSoftHsmConf(workspace->directory()); !conf)
            return conf;
        if (!QDir(workspace->directory()).mkpath(QLatin1String(kTokenDirName)))
            return makeError(
                ErrorKind::Failed,
                QStringLiteral("cannot create %1/%2").arg(workspace->directory(), QLatin1String(kTokenDirName)));
        qputenv("SOFTHSM2_CONF",
                QDir(workspace->directory()).filePath(QLatin1String(kSoftHsmConfFileName)).toLocal8Bit());
        auto loaded = crypto::Pkcs11Module::load(workspace->modulePath());
        if (!loaded)
            return loaded.error();
        *module = loaded.take();
        auto slot = (*module)->findUninitializedSlot();
        if (!slot)
            return slot.error();
        state->soPin = crypto::randomPin(32);
        state->userPin = crypto::randomPin(32);
        *label = QStringLiteral("custos-") + crypto::randomId().left(12);
        if (auto initialised = (*module)->initToken(slot.value(), state->soPin, *label); !initialised)
            return initialised;
        auto opened = crypto::Token::open(*module, *label);
        if (!opened)
            return opened.error();
        *token = opened.take();
        if (auto pin = (*token)->initUserPin(state->soPin, state->userPin); !pin)
            return pin;
    }
    // The domain key every HSM key leaves the token wrapped under (DESIGN.md); it ends logged in
    // as the user. Then the key that seals software keys at rest.
    if (auto domainKey = (*token)->createDomainKey(state->soPin, state->userPin, QLatin1String(kDomainKeyLabel));
        !domainKey)
        return domainKey;
    if (auto sealing = (*token)->ensureSealingKey(QLatin1String(kSealingKeyLabel)); !sealing)
        return sealing;
    // The audit key that signs checkpoints of the audit trail (model/audit/AuditKey.h).
    if (auto auditKey = ensureAuditKey(**token); !auditKey)
        return auditKey;
    if (auto written = (*token)->writeDataObject(QLatin1String(kSoPinObjectLabel), state->soPin); !written)
        return written;
    state->soPinObjectWritten = true;
    state->soPin.clear();
    return {};
}

QCoro::Task<Outcome<std::unique_ptr<Workspace>>> Workspace::initialise(WorkspaceInitRequest request)
{
    if (request.roles.isEmpty())
        request.roles = initialOperatorRoles();
    if (auto valid = validate(request); !valid)
        co_return valid.error();

    const QString directory = QDir(request.directory).absolutePath();
    const bool createdDirectory = !QFileInfo::exists(directory);
    if (createdDirectory && !QDir().mkpath(directory))
        co_return makeError(ErrorKind::Failed, QStringLiteral("cannot create directory %1").arg(directory));
    QFile::setPermissions(directory, QFileDevice::ReadOwner | QFileDevice::WriteOwner | QFileDevice::ExeOwner);
    DirectoryRollback rollback(directory, createdDirectory);

    std::unique_ptr<Workspace> workspace(new Workspace);
    workspace->m_directory = directory;
    workspace->m_lock = std::make_unique<WorkspaceLock>(directory);
    workspace->m_kdfMemoryMiB = request.kdfMemoryMiB;
    workspace->m_embedded = !request.attach;
    workspace->m_modulePath = request.attach ? request.modulePath : QStringLiteral(CUSTOS_DEFAULT_PKCS11_MODULE);

    auto state = std::make_shared<InitState>();
    state->request = std::move(request);
    Workspace* ws = workspace.get();
    auto undoToken = [ws, state]() {
        // An attached token is somebody else's: take back what Custos put there.
        if (state->request.attach && state->soPinObjectWritten && ws->m_token)
            (void)ws->m_token->destroyDataObject(QLatin1String(kSoPinObjectLabel));
        ws->closeToken();
    };

    auto preparing = QtConcurrent::run(ws->tokenPool(), [ws, state]() {
        return prepareToken(ws, state.get(), &ws->m_module, &ws->m_token, &ws->m_tokenLabel);
    });
    Outcome<void> tokenReady = co_await preparing;
    if (!tokenReady) {
        auto undoing = QtConcurrent::run(ws->tokenPool(), undoToken);
        co_await undoing;
        co_return storage::explainFailure(tokenReady.error(), {directory}); // a full disk says so
    }

    const crypto::KdfParams params = crypto::KdfParams::forMemoryMiB(state->request.kdfMemoryMiB);
    auto deriving = QtConcurrent::run([state, params]() {
        return makeCredentials(state->request.operatorName, state->request.passphrase, state->userPin, params);
    });
    Outcome<OperatorCredentials> credentials = co_await deriving;
    state->userPin.clear();
    state->request.passphrase.clear();
    if (!credentials) {
        auto undoing = QtConcurrent::run(ws->tokenPool(), undoToken);
        co_await undoing;
        co_return credentials.error();
    }

    if (auto recorded = ws->writeInitialRecords(state->request.operatorName, state->request.roles,
                                                state->request.justification, credentials.value());
        !recorded) {
        workspace->m_database.reset();
        auto undoing = QtConcurrent::run(ws->tokenPool(), undoToken);
        co_await undoing;
        co_return storage::explainFailure(recorded.error(), {directory});
    }
    // The first event is signed at once: the trail never starts unanchored.
    (void)AuditCheckpoints(ws->database(), *ws->m_token).checkpointNow(QStringLiteral("init"));
    // Leave the token logged out: the first operator logs in like everyone else.
    auto closing = QtConcurrent::run(ws->tokenPool(), [ws]() { ws->closeToken(); });
    co_await closing;
    if (ws->m_embedded)
        tokenfile::saveCopies(directory); // the first copy, before any later login can be cut short
    rollback.dismiss();
    co_return std::move(workspace);
}

// One transaction: settings, the first operator, its roles and the WorkspaceInit event.
Outcome<void> Workspace::writeInitialRecords(const QString& operatorName, const QStringList& roles,
                                             const QString& justification, const OperatorCredentials& credentials)
{
    auto db = Database::open(QDir(m_directory).filePath(QLatin1String(kDatabaseFileName)), Database::OpenMode::Create);
    if (!db)
        return db.error();
    m_database = db.take();
    Database& database = *m_database;
    Transaction tx(database);
    if (auto begun = tx.begin(); !begun)
        return begun;
    const QDateTime now = QDateTime::currentDateTimeUtc();
    SettingsStore settings(database);
    const std::pair<const char*, QString> values[] = {
        {Keys::WorkspaceId, crypto::randomId()},
        {Keys::Created, now.toString(Qt::ISODateWithMs)},
        {Keys::KdfMemory, QString::number(m_kdfMemoryMiB)},
        {Keys::TokenLabel, m_tokenLabel},
        {Keys::TokenModule, m_modulePath},
        {Keys::TokenEmbedded, m_embedded ? QStringLiteral("true") : QStringLiteral("false")},
    };
    for (const auto& [key, value] : values) {
        if (auto set = settings.set(QLatin1String(key), value); !set)
            return set;
    }
    Operator first;
    first.name = operatorName;
    first.displayName = first.name;
    first.kdf = credentials.kdf;
    first.salt = credentials.salt;
    first.verifier = credentials.verifier;
    first.wrappedPin = credentials.wrappedPin;
    first.created = first.updated = now;
    if (auto inserted = OperatorStore(database).insert(first); !inserted)
        return inserted.error();
    RoleAssignmentStore assignments(database);
    for (const QString& roleName : roles) {
        RoleAssignment a;
        a.id = crypto::randomId();
        a.principal = first.name;
        a.role = findBuiltInRole(roleName)->name;
        a.scope = QStringLiteral("/");
        a.created = now;
        a.createdBy = QStringLiteral("init");
        if (auto inserted = assignments.insert(a); !inserted)
            return inserted.error();
    }
    QJsonObject details{
        {QStringLiteral("operator"), first.name},
        {QStringLiteral("roles"), QJsonArray::fromStringList(roles)},
        {QStringLiteral("kdf"), first.kdf},
        {QStringLiteral("kdfMemoryMiB"), m_kdfMemoryMiB},
        {QStringLiteral("testWorkspace"), isTestWorkspace()},
        {QStringLiteral("tokenLabel"), m_tokenLabel},
        {QStringLiteral("module"), m_modulePath},
        {QStringLiteral("embeddedToken"), m_embedded},
    };
    OperationContext context;
    context.justification = justification;
    AuditEvent event = AuditRecorder::makeEvent(first.name, QStringLiteral("WorkspaceInit"), QStringLiteral("/"),
                                                AuditResult::Success, {}, details, context);
    if (auto appended = AuditLog(database).append(std::move(event)); !appended)
        return appended.error();
    return tx.commit();
}

Outcome<std::unique_ptr<Workspace>> Workspace::open(const QString& directory)
{
    const QString absolute = QDir(directory).absolutePath();
    if (!QFileInfo(absolute).isDir())
        return makeError(ErrorKind::NotFound,
                         QStringLiteral("no workspace at %1 (create one with `custosctl init` or by starting custos)")
                             .arg(absolute));
    if (!looksInitialised(absolute))
        return makeError(ErrorKind::NotFound, QStringLiteral("%1 is not a Custos workspace: %2 is missing")
                                                  .arg(absolute, QLatin1String(kDatabaseFileName)));
    if (auto writable = checkWritable(absolute); !writable)
        return writable.error();
    auto db =
        Database::open(QDir(absolute).filePath(QLatin1String(kDatabaseFileName)), Database::OpenMode::OpenExisting);
    if (!db)
        return withWorkspacePath(absolute, db.error());
    std::unique_ptr<Workspace> workspace(new Workspace);
    workspace->m_directory = absolute;
    // Shared once the database opened (a refused workspace stays untouched); a doctor --repair
    // holding it exclusively finishes first.
    workspace->m_lock = std::make_unique<WorkspaceLock>(absolute);
    workspace->m_database = db.take();
    SettingsStore settings(*workspace->m_database);
    auto read = [&](const char* key) -> Outcome<QString> {
        auto value = settings.get(QLatin1String(key));
        if (!value)
            return value.error();
        if (!value.value())
            return makeError(
                ErrorKind::Failed,
                QStringLiteral("%1 is damaged: the setting %2 is missing").arg(absolute, QLatin1String(key)));
        return *value.value();
    };
    auto label = read(Keys::TokenLabel);
    auto module = read(Keys::TokenModule);
    auto embedded = read(Keys::TokenEmbedded);
    auto kdfMemory = read(Keys::KdfMemory);
    for (const auto* outcome : {&label, &module, &embedded, &kdfMemory}) {
        if (!*outcome)
            return outcome->error();
    }
    workspace->m_tokenLabel = label.value();
    workspace->m_modulePath = module.value();
    workspace->m_embedded = embedded.value() == QLatin1String("true");
    workspace->m_kdfMemoryMiB = kdfMemory.value().toInt();
    return workspace;
}

Outcome<crypto::Token*> Workspace::openToken()
{
    if (m_token)
        return m_token.get();
    const QString tokenDir = QDir(m_directory).filePath(QLatin1String(kTokenDirName));
    if (m_embedded) {
        if (!QFileInfo(tokenDir).isDir())
            return makeError(ErrorKind::Failed,
                             QStringLiteral("the token cannot be opened: its directory %1 is missing; put it back or "
                                            "restore the workspace from a backup (custosctl backup restore)")
                                 .arg(tokenDir));
        if (auto conf = ensureSoftHsmConf(m_directory); !conf)
            return conf.error();
        (void)tokenfile::restoreDamaged(m_directory);
        qputenv("SOFTHSM2_CONF", QDir(m_directory).filePath(QLatin1String(kSoftHsmConfFileName)).toLocal8Bit());
    }
    auto module = crypto::Pkcs11Module::load(m_modulePath);
    if (!module)
        return makeError(module.error().kind, QStringLiteral("the token cannot be opened: ") + module.error().message);
    auto token = crypto::Token::open(module.value(), m_tokenLabel);
    // SoftHSM2 reads token.object once, at C_Initialize, and another process's login rewrites it:
    // a read that meets the rewrite sees no label (CKR_GENERAL_ERROR, or no such token). Eight
    // concurrent custosctl processes showed it; loading the module again reads the file again.
    for (int wait = 25; !token && m_embedded && wait <= 800; wait *= 2) {
        module = Outcome<std::shared_ptr<crypto::Pkcs11Module>>{};
        std::this_thread::sleep_for(std::chrono::milliseconds(wait));
        module = crypto::Pkcs11Module::load(m_modulePath);
        if (!module)
            return makeError(module.error().kind,
                             QStringLiteral("the token cannot be opened: ") + module.error().message);
        token = crypto::Token::open(module.value(), m_tokenLabel);
    }
    if (!token && m_embedded && token.error().kind == ErrorKind::NotFound)
        return makeError(ErrorKind::Failed,
                         QStringLiteral("the token cannot be opened: the token %1 is not in %2 (its files are missing "
                                        "or damaged); put them back or restore the workspace from a backup "
                                        "(custosctl backup restore)")
                             .arg(m_tokenLabel, tokenDir));
    if (!token)
        return makeError(token.error().kind, QStringLiteral("the token cannot be opened: ") + token.error().message);
    m_module = module.take();
    m_token = token.take();
    return m_token.get();
}

Outcome<void> Workspace::loginToken(const crypto::SecureBuffer& userPin)
{
    auto token = openToken();
    if (!token)
        return token.error();
    if (auto loggedIn = token.value()->login(userPin); !loggedIn)
        return tokenLoginError(m_tokenLabel, loggedIn.error());
    if (m_embedded)
        tokenfile::saveCopies(m_directory);
    return {};
}

void Workspace::closeToken()
{
    if (m_token)
        (void)m_token->logout();
    m_token.reset();
    m_module.reset();
}

Outcome<WorkspaceStatus> Workspace::status()
{
    WorkspaceStatus s;
    s.directory = m_directory;
    s.tokenLabel = m_tokenLabel;
    s.modulePath = m_modulePath;
    s.embeddedToken = m_embedded;
    s.schemaVersion = m_database->schemaVersion();
    s.kdfMemoryMiB = m_kdfMemoryMiB;
    s.testWorkspace = isTestWorkspace();
    auto created = SettingsStore(*m_database).get(QLatin1String(Keys::Created));
    if (!created)
        return created.error();
    s.createdAt = created.value().value_or(QString());
    auto operators = OperatorStore(*m_database).count();
    auto vaults = VaultStore(*m_database).list(false);
    auto deleted = VaultStore(*m_database).list(true);
    auto events = AuditLog(*m_database).count();
    if (!operators)
        return operators.error();
    if (!vaults)
        return vaults.error();
    if (!deleted)
        return deleted.error();
    if (!events)
        return events.error();
    s.operators = operators.value();
    s.vaults = static_cast<int>(vaults->size());
    s.deletedVaults = static_cast<int>(deleted->size());
    s.auditEvents = events.value();
    auto id = SettingsStore(*m_database).get(QLatin1String(Keys::WorkspaceId));
    if (!id)
        return id.error();
    s.workspaceId = id.value().value_or(QString());
    SecurityDomainStore domain(*m_database);
    auto activated = domain.activated();
    if (!activated)
        return activated.error();
    s.activated = activated.value();
    if (auto active = domain.activeDomainKey())
        s.activeDomainKeyId = active->id;
    return s;
}

} // namespace custos::model
