#pragma once

#include "AccessSnapshot.h"
#include "crypto/Outcome.h"
#include "crypto/SecureBuffer.h"
#include "model/session/Workspace.h"

#include <QCoro/QCoroFuture>
#include <QCoro/QCoroTask>
#include <QFuture>
#include <QFutureWatcher>
#include <QObject>
#include <QPromise>
#include <QThread>

#include <coroutine>
#include <functional>
#include <memory>
#include <type_traits>

namespace custos::model {

class Services;
class ServiceWorker;

namespace detail {

template <typename T>
struct IsOutcome : std::false_type
{
};
template <typename T>
struct IsOutcome<Outcome<T>> : std::true_type
{
};
template <typename T>
struct IsTask : std::false_type
{
    using Value = T;
};
template <typename T>
struct IsTask<QCoro::Task<T>> : std::true_type
{
    using Value = T;
};
template <typename X>
using AsOutcome = std::conditional_t<IsOutcome<X>::value, X, Outcome<X>>;
template <typename F>
using Returned = std::invoke_result_t<F&, Services&>;
// What ServiceHost::call hands back for `f`: f's result (or the result of the task f returns) as
// an Outcome, so a thrown exception or a closed workspace can be reported.
template <typename F>
using CallResult = AsOutcome<typename IsTask<Returned<F>>::Value>;

Error currentExceptionError(); // inside a catch block: the exception as a Failed error
Error closedError();           // the call never ran: no workspace is open on the service thread

// The result channel of one call. Always ends with a result: awaiting a cancelled QFuture crashes
// QCoro 0.8, so a call that is dropped unrun (the host shut down) reports closedError().
template <typename R>
class Reply
{
public:
    Reply() { m_promise.start(); }
    ~Reply() { set(R(closedError())); }
    Reply(const Reply&) = delete;
    Reply& operator=(const Reply&) = delete;
    QFuture<R> future() { return m_promise.future(); }
    void set(R value)
    {
        if (m_done)
            return;
        m_done = true;
        m_promise.addResult(std::move(value));
        m_promise.finish();
    }

private:
    QPromise<R> m_promise;
    bool m_done = false;
};

// Awaits a call's answer always through the caller's event loop, even when it is there already:
// GUI code never sees an answer re-entrantly inside the call that asked (a model reset inside its
// own constructor, say). QFutureWatcher posts its callouts, also for a finished future.
template <typename R>
struct Answer
{
    QFuture<R> future;
    bool await_ready() const noexcept { return false; }
    void await_suspend(std::coroutine_handle<> awaiting)
    {
        auto* watcher = new QFutureWatcher<R>();
        QObject::connect(watcher, &QFutureWatcherBase::finished, [watcher, awaiting]() mutable {
            watcher->deleteLater();
            awaiting.resume();
        });
        watcher->setFuture(future);
    }
    R await_resume() { return future.result(); }
};

// On the service thread: awaits the task f returns there (so it resumes there), keeping f (its
// captures) and the in-flight mark alive until it is done.
template <typename R, typename F>
QCoro::Task<> awaitCall(std::shared_ptr<F> f, Services* services, std::shared_ptr<Reply<R>> reply,
                        std::shared_ptr<void> inFlight)
{
    try {
        auto task = (*f)(*services);
        auto value = co_await task;
        reply->set(R(std::move(value)));
    } catch (...) {
        reply->set(R(currentExceptionError()));
    }
    inFlight.reset();
}

template <typename R, typename F>
void runCall(std::shared_ptr<F> f, Services* services, std::shared_ptr<Reply<R>> reply, std::shared_ptr<void> inFlight)
{
    if (!services) {
        reply->set(R(closedError()));
        return;
    }
    if constexpr (IsTask<Returned<F>>::value) {
        awaitCall<R>(std::move(f), services, std::move(reply), std::move(inFlight));
    } else {
        try {
            reply->set(R((*f)(*services)));
        } catch (...) {
            reply->set(R(currentExceptionError()));
        }
    }
}

} // namespace detail

// The GUI's service thread (issue 3: no SQL and no PKCS#11 call on the GUI thread). Owns a QThread
// with an event loop on which the workspace (its one database connection) and model::Services are
// created, used and destroyed; their QObjects live there, so their signals reach GUI receivers
// queued. The GUI talks to them only through call(), awaiting the result, never blocking:
//
//     auto task = host.call([name](model::Services& s) { return s.vaults().show(name); });
//     Outcome<Vault> vault = co_await task;
//
// Read-only state the GUI needs synchronously (operator, directory, permissions) is copied here
// after open, login and role changes. Destroying the host logs out, destroys the services and the
// workspace on the service thread (after letting running calls finish) and joins the thread.
class ServiceHost : public QObject
{
    Q_OBJECT
public:
    explicit ServiceHost(QObject* parent = nullptr);
    ~ServiceHost() override;

    // Runs f(Services&) on the service thread and hands back its result as an Outcome. f may return
    // a value, an Outcome or a QCoro::Task of either; a task is started and awaited on the service
    // thread. f and its captures must be copyable values or shared state (move-only or secret data:
    // a shared_ptr); results must be copyable. An exception becomes a Failed outcome; without an open
    // workspace, or when the host shuts down first, the call fails without running.
    template <typename F>
    QCoro::Task<detail::CallResult<F>> call(F f);

    // Opens an existing workspace (Workspace::open) or creates one (Workspace::initialise) on the
    // service thread, with its services. Refused while one is open.
    QCoro::Task<Outcome<void>> open(QString directory);
    QCoro::Task<Outcome<void>> initialise(WorkspaceInitRequest request);
    // Session::login / logout on the service thread; the copies below follow.
    // `cardPin`: operators with an enrolled card (Session::login).
    QCoro::Task<Outcome<void>> login(QString operatorName, crypto::SecureBuffer passphrase, bool interactive,
                                     crypto::SecureBuffer cardPin = {});
    QCoro::Task<Outcome<void>> logout();
    // Reads the operator's permissions again (done by itself when role assignments change).
    QCoro::Task<Outcome<void>> refreshAccess();
    // The GUI's on-demand lock: Session::lock (unsealed keys wiped, token logged out, audited as
    // Lock, nobody logged in); unlock() logs the same operator in again with its passphrase.
    QCoro::Task<Outcome<void>> lock();
    QCoro::Task<Outcome<void>> unlock(crypto::SecureBuffer passphrase);

    // GUI-side copies; never a database read.
    bool isOpen() const { return !m_directory.isEmpty(); }
    QString directory() const { return m_directory; }
    bool isTestWorkspace() const { return m_testWorkspace; }
    QString operatorName() const { return m_access.operatorName(); }
    bool isLoggedIn() const { return m_access.isLoggedIn(); }
    const AccessSnapshot& access() const { return m_access; }
    bool isLocked() const { return !m_lockedOperator.isEmpty(); }
    QString lockedOperator() const { return m_lockedOperator; }

Q_SIGNALS:
    // Forwarded from the services (queued): item models reload from them.
    void vaultsChanged();
    void keysChanged();
    void certificatesChanged(const QString& vault);
    void accessChanged();  // after login, logout and role assignment changes
    void sessionChanged(); // logged in or out
    void lockChanged(bool locked);

private:
    using Job = std::function<void(Services* services, std::shared_ptr<void> inFlight)>;
    void post(Job job);
    void adopt(const QString& directory, bool testWorkspace);
    void setAccess(AccessSnapshot access);

    QThread m_thread;
    ServiceWorker* m_worker = nullptr; // lives on m_thread; deleted there when it finishes
    QString m_directory;
    bool m_testWorkspace = false;
    AccessSnapshot m_access;
    QString m_lockedOperator; // while locked: who may unlock
};

template <typename F>
QCoro::Task<detail::CallResult<F>> ServiceHost::call(F f)
{
    using R = detail::CallResult<F>;
    auto reply = std::make_shared<detail::Reply<R>>();
    QFuture<R> future = reply->future();
    auto shared = std::make_shared<F>(std::move(f));
    post([shared, reply](Services* services, std::shared_ptr<void> inFlight) {
        detail::runCall<R>(shared, services, reply, std::move(inFlight));
    });
    reply.reset(); // the posted job holds the only reference: dropped unrun, it still answers
    detail::Answer<R> answer{future};
    R result = co_await answer;
    co_return result;
}

} // namespace custos::model
