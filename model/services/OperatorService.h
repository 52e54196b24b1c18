#pragma once

#include "OperationContext.h"
#include "crypto/Outcome.h"
#include "crypto/SecureBuffer.h"
#include "model/domain/Operator.h"

#include <QCoro/QCoroTask>
#include <QObject>

namespace custos::model {

class ServicePath;

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
    Outcome<QList<Operator>> list();
    Outcome<Operator> show(const QString& name);

Q_SIGNALS:
    void operatorsChanged();

private:
    ServicePath& m_path;
};

} // namespace custos::model
