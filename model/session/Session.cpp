#include "Session.h"

#include "CardChallenge.h"
#include "OperatorCredentials.h"
#include "UnsealedKeys.h"
#include "Workspace.h"
#include "crypto/pkcs11/Token.h"
#include "model/audit/AuditCheckpoints.h"
#include "model/audit/AuditKey.h"
#include "model/services/AuditRecorder.h"
#include "model/services/OperatorLockout.h"
#include "model/store/Stores.h"

#include <QCoro/QCoroFuture>
#include <QSysInfo>
#include <QtConcurrent/QtConcurrentRun>

#include <future>
#include <memory>

namespace custos::model {

namespace {
const QString kLoginFailed = QStringLiteral("LoginFailed");

QString operatorResource(const QString& name)
{
    return QStringLiteral("/operators/") + name;
}
} // namespace

Session::Session(Workspace& workspace, QObject* parent)
    : QObject(parent), m_workspace(workspace), m_unsealedKeys(std::make_shared<UnsealedKeys>())
{
}

Session::~Session()
{
    m_unsealedKeys->clear();
    m_userPin.clear();
}

QCoro::Task<Outcome<void>> Session::login(QString operatorName, crypto::SecureBuffer passphrase, bool interactive,
                                          crypto::SecureBuffer cardPin)
{
    if (isLoggedIn())
        logout();
    Database& db = m_workspace.database();
    AuditRecorder recorder(db);
    // Denied: the operator's credentials or state; Failed: the token or the engine (issue 10).
    auto refuse = [&](const QString& reason, QJsonObject details = {},
                      AuditResult result = AuditResult::Denied) -> Error {
        details.insert(QStringLiteral("interactive"), interactive);
        (void)recorder.recordAlone(AuditRecorder::makeEvent(operatorName, kLoginFailed, operatorResource(operatorName),
                                                            result, reason, details, {}));
        return makeError(result == AuditResult::Denied ? ErrorKind::Denied : ErrorKind::Failed, reason);
    };

    auto found = OperatorStore(db).find(operatorName);
    if (!found)
        co_return found.error();
    if (!found.value())
        co_return refuse(QStringLiteral("login failed: wrong operator name or passphrase"),
                         {{QStringLiteral("cause"), QStringLiteral("unknown operator")}});
    Operator op = *found.value();
    const QDateTime now = QDateTime::currentDateTimeUtc();
    auto policyRead = readLockoutPolicy(db); // workspace settings; the defaults when unreadable
    const LockoutPolicy policy = policyRead ? policyRead.value() : defaultLockoutPolicy();
    if (!op.enabled)
        co_return refuse(QStringLiteral("operator '%1' is disabled").arg(op.name));
    if (op.lockedUntil.isValid() && now < op.lockedUntil)
        co_return refuse(QStringLiteral("operator '%1' is locked after %2 failed logins until %3 UTC; an "
                                        "Administrator can unlock it with `operator enable`")
                             .arg(op.name)
                             .arg(policy.maxFailedAttempts)
                             .arg(op.lockedUntil.toString(QStringLiteral("yyyy-MM-dd HH:mm"))));

    // QFuture copies its result, so the unlocked PIN comes back through shared secure memory.
    auto secret = std::make_shared<crypto::SecureBuffer>(std::move(passphrase));
    auto unlockedPin = std::make_shared<crypto::SecureBuffer>();
    auto unlocking = QtConcurrent::run([op, secret, unlockedPin]() -> Outcome<void> {
        auto pin = unlockCredentials(op, *secret);
        if (!pin)
            return pin.error();
        *unlockedPin = pin.take();
        return {};
    });
    Outcome<void> unlocked = co_await unlocking;
    secret->clear();
    // The card second factor, once the passphrase is right: a refused proof counts as a failed attempt.
    const bool cardChecked = unlocked && op.hasCard();
    if (cardChecked) {
        auto proving = proveOperatorCard(m_workspace, op, std::move(cardPin));
        unlocked = co_await proving;
        if (!unlocked)
            unlockedPin->clear();
    }
    cardPin.clear();
    if (!unlocked) {
        if (unlocked.error().kind != ErrorKind::Denied)
            co_return refuse(unlocked.error().message);
        op.failedAttempts += 1;
        QJsonObject details{{QStringLiteral("failedAttempts"), op.failedAttempts}};
        QString reason =
            cardChecked ? unlocked.error().message : QStringLiteral("login failed: wrong operator name or passphrase");
        if (op.failedAttempts >= policy.maxFailedAttempts) {
            op.lockedUntil = now.addSecs(qint64(policy.lockoutMinutes) * 60);
            op.failedAttempts = 0;
            details.insert(QStringLiteral("lockedUntil"), op.lockedUntil.toString(Qt::ISODate));
            reason += QStringLiteral("; operator '%1' is now locked for %2 minutes, until %3 UTC")
                          .arg(op.name)
                          .arg(policy.lockoutMinutes)
                          .arg(op.lockedUntil.toString(QStringLiteral("yyyy-MM-dd HH:mm")));
        }
        op.updated = now;
        (void)OperatorStore(db).update(op);
        co_return refuse(reason, details);
    }

    Workspace* workspace = &m_workspace;
    auto opening = QtConcurrent::run(workspace->tokenPool(), [workspace, unlockedPin]() -> Outcome<void> {
        if (auto loggedIn = workspace->loginToken(*unlockedPin); !loggedIn)
            return loggedIn;
        return ensureAuditKey(*workspace->token()); // workspaces from before the audit key have none yet
    });
    Outcome<void> opened = co_await opening;
    if (!opened) {
        unlockedPin->clear();
        co_return refuse(opened.error().message, {}, AuditResult::Failed);
    }
    // This login is recorded; the one before is kept for "Last login ... from ..." at this one.
    // Read again: the row may have changed (disabled, say) while the passphrase was checked.
    m_previousLogin = op.lastLogin;
    m_previousLoginWorkstation = op.lastLoginWorkstation;
    if (auto fresh = OperatorStore(db).find(op.name); fresh && fresh.value()) {
        Operator current = *fresh.value();
        current.failedAttempts = 0;
        current.lockedUntil = QDateTime();
        current.lastLogin = now;
        current.lastLoginWorkstation = QSysInfo::machineHostName();
        (void)OperatorStore(db).update(current);
    }
    // From now on, commits that bring the trail to the checkpoint interval sign its head.
    db.setCommitObserver(std::make_shared<AuditCheckpoints>(db, *m_workspace.token()));
    m_userPin = std::move(*unlockedPin);
    m_operatorName = op.name;
    m_interactive = interactive;
    if (interactive) {
        (void)recorder.recordAlone(AuditRecorder::makeEvent(op.name, QStringLiteral("Login"), operatorResource(op.name),
                                                            AuditResult::Success, {}, {}, {}));
    }
    Q_EMIT loggedIn(op.name);
    co_return Outcome<void>{};
}

void Session::logout()
{
    end(QStringLiteral("Logout"));
}

void Session::lock()
{
    end(QStringLiteral("Lock"));
}

void Session::end(const QString& event)
{
    if (!isLoggedIn())
        return;
    if (m_interactive) {
        (void)AuditRecorder(m_workspace.database())
            .recordAlone(AuditRecorder::makeEvent(m_operatorName, event, operatorResource(m_operatorName),
                                                  AuditResult::Success, {}, {}, {}));
    }
    // A session that appended events signs the head it leaves (a "shutdown" checkpoint).
    if (auto* checkpoints = dynamic_cast<AuditCheckpoints*>(m_workspace.database().commitObserver()))
        checkpoints->closeOut();
    m_workspace.database().setCommitObserver(nullptr);
    m_unsealedKeys->clear();
    m_userPin.clear();
    m_operatorName.clear();
    m_interactive = false;
    Workspace* workspace = &m_workspace;
    // Logging out of the token happens on its thread; wait for it, it is quick. Not
    // QFuture::waitForFinished: it runs a task the pool has not started on the waiting thread.
    std::promise<void> done;
    (void)QtConcurrent::run(workspace->tokenPool(), [workspace, &done]() {
        if (auto* token = workspace->token())
            (void)token->logout();
        done.set_value();
    });
    done.get_future().wait();
    Q_EMIT loggedOut();
}

} // namespace custos::model
