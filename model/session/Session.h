#pragma once

#include "crypto/Outcome.h"
#include "crypto/SecureBuffer.h"
#include "model/domain/Operator.h"

#include <QCoro/QCoroTask>
#include <QObject>
#include <QString>

#include <memory>

namespace custos::model {

class Workspace;
class UnsealedKeys;

// Who is logged in. Login verifies the passphrase (scrypt, off the UI thread), unwraps the token
// user PIN, opens the token and logs in. A wrong passphrase counts a failed attempt and is audited
// (LoginFailed); 5 failures in a row lock the operator for 15 minutes. A disabled operator cannot
// log in. `interactive` sessions (the GUI) audit Login and Logout; a CLI call does not (ROLES.md).
class Session : public QObject
{
    Q_OBJECT
public:
    explicit Session(Workspace& workspace, QObject* parent = nullptr);
    ~Session() override;

    static constexpr int kMaxFailedAttempts = 5;
    static constexpr int kLockoutMinutes = 15;

    // An operator with an enrolled card (second factor) also needs the card's PIN: login then has
    // the card's key sign a fresh challenge through PKCS#11 and checks it against the enrolled
    // certificate.
    QCoro::Task<Outcome<void>> login(QString operatorName, crypto::SecureBuffer passphrase, bool interactive,
                                     crypto::SecureBuffer cardPin = {});
    void logout(); // audits Logout for interactive sessions; logs the token out
    // The GUI's on-demand lock (issue 9): as logout (unsealed keys and the PIN wiped, the token
    // logged out, nobody logged in) but audited as Lock; unlocking is a login of the same operator.
    void lock();
    bool isLoggedIn() const { return !m_operatorName.isEmpty(); }
    QString operatorName() const { return m_operatorName; }
    Workspace& workspace() const { return m_workspace; }
    // The login before this one (shown at login: "last login ... from ..."); invalid: the first.
    QDateTime previousLogin() const { return m_previousLogin; }
    QString previousLoginWorkstation() const { return m_previousLoginWorkstation; }
    // The token user PIN while logged in (secure memory; wiped at logout): wrapping it for a new
    // operator or a new passphrase needs it.
    const crypto::SecureBuffer& userPin() const { return m_userPin; }
    // Software keys unsealed in this session (issue 3); wiped at logout and when the session ends.
    UnsealedKeys& unsealedKeys() const { return *m_unsealedKeys; }
    // The same, for engine work on the token thread that may outlive a call.
    std::shared_ptr<UnsealedKeys> sharedUnsealedKeys() const { return m_unsealedKeys; }

Q_SIGNALS:
    void loggedIn(const QString& operatorName);
    void loggedOut();

private:
    void end(const QString& event); // logout and lock

    Workspace& m_workspace;
    QString m_operatorName;
    bool m_interactive = false;
    QDateTime m_previousLogin;
    QString m_previousLoginWorkstation;
    crypto::SecureBuffer m_userPin;
    std::shared_ptr<UnsealedKeys> m_unsealedKeys;
};

} // namespace custos::model
