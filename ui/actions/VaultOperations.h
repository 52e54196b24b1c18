#pragma once

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
class VaultOperations : public QObject
{
    Q_OBJECT
public:
    VaultOperations(model::ServiceHost& host, QWidget* dialogParent, QObject* parent = nullptr);

    void startCreate();                          // opens VaultCreateDialog, then creates
    void startDelete(const model::Vault& vault); // asks, then soft-deletes
    void recover(const model::Vault& vault);
    void startPurge(const model::Vault& vault); // asks (irreversible), then purges
    bool isBusy() const { return m_running > 0; }

    // The operations themselves, without dialogs (tests and scripted callers).
    void create(model::VaultCreateRequest request);
    void remove(const QString& name);
    void purge(const QString& name);

Q_SIGNALS:
    void statusMessage(const QString& text);
    void busyChanged(bool busy);
    void vaultTouched(const QString& name); // select it: created or recovered
    void failed(const QString& title, const QString& message);

private:
    template <typename T>
    QCoro::Task<> finish(QCoro::Task<Outcome<T>> operation, QString failureTitle, QString successText,
                         QString touchedName);
    void begin();
    void end();
    void showError(const QString& title, const QString& message);

    model::ServiceHost& m_host;
    QPointer<QWidget> m_dialogParent;
    int m_running = 0;
};

} // namespace custos::ui
