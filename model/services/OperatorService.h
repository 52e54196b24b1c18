#pragma once

#include "OperationContext.h"
#include "crypto/Outcome.h"
#include "crypto/SecureBuffer.h"
#include "model/domain/Operator.h"

#include <QCoro/QCoroTask>
#include <QObject>

namespace custos::model {

class ServicePath;

struct LockoutPolicy
{
    int maxFailedAttempts = 5; // 1..100
    int lockoutMinutes = 15;   // 1..10080 (a week)
};

// Operators. add/disable/enable/delete/reset need operators/write; list/show operators/read.
// passwd of oneself needs no permission (the current passphrase is asked again).
// Names: 1-64 characters, letters, digits, '.', '_', '-'.
class OperatorService : public QObject
{
    Q_OBJECT
public:
    explicit OperatorService(ServicePath& path, QObject* parent = nullptr);

    static bool isValidName(const QString& name);

    QCoro::Task<Outcome<Operator>> add(QString name, crypto::SecureBuffer passphrase, QString displayName = {},
                                       OperationContext context = {});
    QCoro::Task<Outcome<Operator>> setEnabled(QString name, bool enabled, OperationContext context = {});
    // Own passphrase: `current` must verify. Another operator's (reset): operators/write, current ignored.
    QCoro::Task<Outcome<void>> changePassphrase(QString name, crypto::SecureBuffer current,
                                                crypto::SecureBuffer replacement, OperationContext context = {});
    // operator delete: operators/write; quorum-protected as operator-disable; the last
    // Administrator stays. The operator's assignments and group memberships go with it.
    QCoro::Task<Outcome<void>> remove(QString name, OperationContext context = {});
    // Failed logins before a lockout, and its length (workspace settings; defaults 5 and 15).
    Outcome<LockoutPolicy> lockoutPolicy(); // operators/read
    QCoro::Task<Outcome<LockoutPolicy>> setLockoutPolicy(LockoutPolicy policy, OperationContext context = {});
    // Second factor: the certificate `certLabel` on the token labelled `tokenLabel` (a card) in
    // the workspace's token directory; the key must sign a challenge now (PIN: `cardPin`) before
    // it is recorded. operators/write, or the operator themself.
    QCoro::Task<Outcome<Operator>> enrollCard(QString name, QString tokenLabel, QString certLabel,
                                              crypto::SecureBuffer cardPin, OperationContext context = {});
    Outcome<QList<Operator>> list();
    Outcome<Operator> show(const QString& name);

Q_SIGNALS:
    void operatorsChanged();

private:
    ServicePath& m_path;
};

} // namespace custos::model
