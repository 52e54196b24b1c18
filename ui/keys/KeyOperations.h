#pragma once

#include "crypto/Outcome.h"
#include "model/domain/Key.h"
#include "model/domain/Vault.h"
#include "model/services/KeyService.h"
#include "ui/actions/OperationsBase.h"

#include <QCoro/QCoroTask>
#include <QObject>
#include <QPointer>

class QWidget;

namespace custos::model {
class ServiceHost;
}

namespace custos::ui {

// Runs the key operations the actions trigger on the service thread (ServiceHost), each awaited by
// a coroutine so the window keeps running
// (key generation included): asks through window-modal dialogs opened with open() (never exec()),
// reports success as a status message and failure in a message box. Confirmations name the key
// and its vault.
class KeyOperations : public OperationsBase
{
    Q_OBJECT
public:
    KeyOperations(model::ServiceHost& host, QWidget* dialogParent, QObject* parent = nullptr);

    void startCreate(const model::Vault& vault); // opens KeyCreateDialog, then creates
    void startImport(const model::Vault& vault); // opens KeyImportWizard, which imports
    void startDelete(const model::KeyRecord& key, int retentionDays);
    void startPurge(const model::KeyRecord& key); // irreversible: Cancel is the default

    // The operations themselves, without dialogs (tests and scripted callers).
    void create(model::KeyCreateRequest request);
    void rotate(const QString& vault, const QString& name);
    void setEnabled(const QString& vault, const QString& name, bool enabled);
    void update(model::KeyUpdateRequest request);
    void setPolicy(const QString& vault, const QString& name, model::KeyRotationPolicy policy);
    void remove(const QString& vault, const QString& name);
    void recover(const QString& vault, const QString& name);
    void purge(const QString& vault, const QString& name);

Q_SIGNALS:
    void keyTouched(const QString& vault, const QString& name); // select it: created, rotated, recovered

private:
    template <typename T>
    QCoro::Task<> finish(QCoro::Task<Outcome<T>> operation, QString failureTitle, QString successText, QString vault,
                         QString touchedName);
};

} // namespace custos::ui
