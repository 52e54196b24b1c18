#pragma once

#include "OperationsBase.h"
#include "crypto/Outcome.h"
#include "model/domain/Vault.h"
#include "model/services/VaultService.h"

#include <QCoro/QCoroTask>
#include <QObject>
#include <QPointer>

class QWidget;

namespace custos::model {
class ServiceHost;
}

namespace custos::ui {

// Runs the vault operations the actions trigger on the service thread (ServiceHost), each awaited
// by a coroutine so the window keeps running:
// asks for input or confirmation through window-modal dialogs opened with open() (never exec()),
// reports success as a status message and failure in a message box.
class VaultOperations : public OperationsBase
{
    Q_OBJECT
public:
    VaultOperations(model::ServiceHost& host, QWidget* dialogParent, QObject* parent = nullptr);

    void startCreate();                          // opens VaultCreateDialog, then creates
    void startDelete(const model::Vault& vault); // asks, then soft-deletes
    void recover(const model::Vault& vault);
    void startPurge(const model::Vault& vault); // asks (irreversible), then purges

    // The operations themselves, without dialogs (tests and scripted callers).
    void create(model::VaultCreateRequest request);
    void remove(const QString& name);
    void purge(const QString& name);

Q_SIGNALS:
    void vaultTouched(const QString& name); // select it: created or recovered

private:
    template <typename T>
    QCoro::Task<> finish(QCoro::Task<Outcome<T>> operation, QString failureTitle, QString successText,
                         QString touchedName);
};

} // namespace custos::ui
