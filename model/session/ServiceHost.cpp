#include "ServiceHost.h"

#include "Session.h"
#include "model/services/AccessGroupService.h"
#include "model/services/Services.h"

#include <QDeadlineTimer>
#include <QEventLoop>
#include <QTimer>

#include <atomic>
#include <exception>

namespace custos::model {

namespace detail {

Error currentExceptionError()
{
    try {
        throw;
    } catch (const std::exception& e) {
        return makeError(ErrorKind::Failed, QStringLiteral("internal error: ") + QString::fromLocal8Bit(e.what()));
    } catch (...) {
        return makeError(ErrorKind::Failed, QStringLiteral("internal error: unexpected exception"));
    }
}

Error closedError()
{
    return makeError(ErrorKind::Failed, QStringLiteral("no workspace is open"));
}

} // namespace detail

namespace {
// Running calls get this long to finish when the host shuts down (an RSA-4096 generation takes seconds).
constexpr int kShutdownGraceMs = 30000;
} // namespace

// Lives on the service thread and owns what lives there. Only that thread touches its members.
class ServiceWorker : public QObject
{
public:
    std::unique_ptr<Workspace> workspace;
    std::unique_ptr<Services> services;
    std::shared_ptr<std::atomic<int>> running = std::make_shared<std::atomic<int>>(0);

    // Marks a call in flight until the returned token is released.
    std::shared_ptr<void> enter()
    {
        auto counter = running;
        ++*counter;
        return std::shared_ptr<void>(nullptr, [counter](void*) { --*counter; });
    }

    // Services first (Services::~Services logs out, auditing Logout), then the workspace (closes the
    // token on its own thread).
    void close()
    {
        if (*running > 0) {
            // The running calls' coroutines resume through this thread's event loop.
            QEventLoop loop;
            QTimer poll;
            const QDeadlineTimer deadline(kShutdownGraceMs);
            QObject::connect(&poll, &QTimer::timeout, &loop, [&] {
                if (*running == 0 || deadline.hasExpired())
                    loop.quit();
            });
            poll.start(10);
            loop.exec();
        }
        services.reset();
        workspace.reset();
    }
};

ServiceHost::ServiceHost(QObject* parent) : QObject(parent), m_worker(new ServiceWorker)
{
    m_thread.setObjectName(QStringLiteral("custos-services"));
    m_worker->moveToThread(&m_thread);
    connect(&m_thread, &QThread::finished, m_worker, &QObject::deleteLater);
    m_thread.start();
}

ServiceHost::~ServiceHost()
{
    // The one place the GUI thread waits for the service thread: shutting down.
    ServiceWorker* worker = m_worker;
    QMetaObject::invokeMethod(
        worker, [worker] { worker->close(); }, Qt::BlockingQueuedConnection);
    m_thread.quit();
    m_thread.wait();
}

void ServiceHost::post(Job job)
{
    ServiceWorker* worker = m_worker;
    QMetaObject::invokeMethod(
        worker, [worker, job = std::move(job)] { job(worker->services.get(), worker->enter()); }, Qt::QueuedConnection);
}

void ServiceHost::adopt(const QString& directory, bool testWorkspace)
{
    m_directory = directory;
    m_testWorkspace = testWorkspace;
}

void ServiceHost::setAccess(AccessSnapshot access)
{
    const bool sessionChange = access.operatorName() != m_access.operatorName();
    m_access = std::move(access);
    Q_EMIT accessChanged();
    if (sessionChange)
        Q_EMIT sessionChanged();
}

namespace {

struct Opened
{
    QString directory;
    bool testWorkspace = false;
};

// On the service thread: the services over the new workspace, their signals forwarded to the host.
Opened install(ServiceWorker& worker, std::unique_ptr<Workspace> workspace, ServiceHost* host)
{
    worker.workspace = std::move(workspace);
    worker.services = std::make_unique<Services>(*worker.workspace);
    Services& services = *worker.services;
    QObject::connect(&services.vaults(), &VaultService::vaultsChanged, host, &ServiceHost::vaultsChanged);
    QObject::connect(&services.keys(), &KeyService::keysChanged, host, &ServiceHost::keysChanged);
    QObject::connect(&services.certificates(), &CertificateService::certificatesChanged, host,
                     &ServiceHost::certificatesChanged);
    // What the operator may do follows assignments, role definitions and group memberships.
    QObject::connect(&services.roles(), &RoleService::assignmentsChanged, host, [host] { host->refreshAccess(); });
    QObject::connect(&services.roles(), &RoleService::rolesChanged, host, [host] { host->refreshAccess(); });
    QObject::connect(&services.groups(), &AccessGroupService::groupsChanged, host, [host] { host->refreshAccess(); });
    return Opened{worker.workspace->directory(), worker.workspace->isTestWorkspace()};
}

} // namespace

QCoro::Task<Outcome<void>> ServiceHost::open(QString directory)
{
    auto reply = std::make_shared<detail::Reply<Outcome<Opened>>>();
    QFuture<Outcome<Opened>> future = reply->future();
    ServiceWorker* worker = m_worker;
    ServiceHost* host = this;
    QMetaObject::invokeMethod(
        worker,
        [worker, host, reply, directory] {
            if (worker->workspace) {
                reply->set(makeError(ErrorKind::Conflict, QStringLiteral("a workspace is open already")));
                return;
            }
            auto opened = Workspace::open(directory);
            if (!opened) {
                reply->set(opened.error());
                return;
            }
            reply->set(install(*worker, opened.take(), host));
        },
        Qt::QueuedConnection);
    reply.reset();
    detail::Answer<Outcome<Opened>> answer{future};
    Outcome<Opened> result = co_await answer;
    if (!result)
        co_return result.error();
    adopt(result->directory, result->testWorkspace);
    co_return Outcome<void>{};
}

namespace {

QCoro::Task<> initialiseOnServiceThread(ServiceWorker* worker, ServiceHost* host,
                                        std::shared_ptr<WorkspaceInitRequest> request,
                                        std::shared_ptr<detail::Reply<Outcome<Opened>>> reply,
                                        std::shared_ptr<void> inFlight)
{
    if (worker->workspace) {
        reply->set(makeError(ErrorKind::Conflict, QStringLiteral("a workspace is open already")));
        co_return;
    }
    try {
        auto initialising = Workspace::initialise(std::move(*request));
        auto created = co_await initialising;
        if (!created)
            reply->set(created.error());
        else
            reply->set(install(*worker, created.take(), host));
    } catch (...) {
        reply->set(detail::currentExceptionError());
    }
    inFlight.reset();
}

} // namespace

QCoro::Task<Outcome<void>> ServiceHost::initialise(WorkspaceInitRequest request)
{
    auto reply = std::make_shared<detail::Reply<Outcome<Opened>>>();
    QFuture<Outcome<Opened>> future = reply->future();
    auto shared = std::make_shared<WorkspaceInitRequest>(std::move(request));
    ServiceWorker* worker = m_worker;
    ServiceHost* host = this;
    QMetaObject::invokeMethod(
        worker,
        [worker, host, reply, shared] { initialiseOnServiceThread(worker, host, shared, reply, worker->enter()); },
        Qt::QueuedConnection);
    reply.reset();
    detail::Answer<Outcome<Opened>> answer{future};
    Outcome<Opened> result = co_await answer;
    if (!result)
        co_return result.error();
    adopt(result->directory, result->testWorkspace);
    co_return Outcome<void>{};
}

QCoro::Task<Outcome<void>> ServiceHost::login(QString operatorName, crypto::SecureBuffer passphrase, bool interactive,
                                              crypto::SecureBuffer cardPin)
{
    auto secret = std::make_shared<crypto::SecureBuffer>(std::move(passphrase));
    auto card = std::make_shared<crypto::SecureBuffer>(std::move(cardPin));
    auto task =
        call([operatorName, secret, card, interactive](Services& services) -> QCoro::Task<Outcome<AccessSnapshot>> {
            auto loggingIn = services.session().login(operatorName, std::move(*secret), interactive, std::move(*card));
            Outcome<void> done = co_await loggingIn;
            secret->clear();
            card->clear();
            if (!done)
                co_return done.error();
            co_return AccessSnapshot::capture(services);
        });
    Outcome<AccessSnapshot> result = co_await task;
    secret->clear();
    card->clear();
    if (!result) {
        // A failed login leaves nobody logged in (Session::login logs the previous operator out).
        if (isLoggedIn())
            setAccess(AccessSnapshot());
        co_return result.error();
    }
    setAccess(result.take());
    co_return Outcome<void>{};
}

QCoro::Task<Outcome<void>> ServiceHost::logout()
{
    auto task = call([](Services& services) -> Outcome<void> {
        services.session().logout();
        return {};
    });
    Outcome<void> result = co_await task;
    const bool wasLocked = isLocked();
    m_lockedOperator.clear();
    setAccess(AccessSnapshot());
    if (wasLocked)
        Q_EMIT lockChanged(false);
    co_return result;
}

QCoro::Task<Outcome<void>> ServiceHost::lock()
{
    if (!isLoggedIn())
        co_return makeError(ErrorKind::Conflict, QStringLiteral("nobody is logged in"));
    const QString name = operatorName();
    // Locked for the GUI at once; the service thread wipes and audits.
    m_lockedOperator = name;
    setAccess(AccessSnapshot());
    Q_EMIT lockChanged(true);
    auto task = call([](Services& services) -> Outcome<void> {
        services.session().lock();
        return {};
    });
    Outcome<void> result = co_await task;
    co_return result;
}

QCoro::Task<Outcome<void>> ServiceHost::unlock(crypto::SecureBuffer passphrase)
{
    if (!isLocked())
        co_return makeError(ErrorKind::Conflict, QStringLiteral("the session is not locked"));
    auto loggingIn = login(m_lockedOperator, std::move(passphrase), true);
    Outcome<void> result = co_await loggingIn;
    if (!result)
        co_return result;
    m_lockedOperator.clear();
    Q_EMIT lockChanged(false);
    co_return result;
}

QCoro::Task<Outcome<void>> ServiceHost::refreshAccess()
{
    auto task = call([](Services& services) { return AccessSnapshot::capture(services); });
    Outcome<AccessSnapshot> result = co_await task;
    if (!result)
        co_return result.error();
    setAccess(result.take());
    co_return Outcome<void>{};
}

} // namespace custos::model
