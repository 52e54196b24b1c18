#pragma once

#include "crypto/Outcome.h"

#include <QCoro/QCoroTask>
#include <QObject>
#include <QPointer>
#include <QStringList>

class QWidget;

namespace custos::model {
class ServiceHost;
}

namespace custos::ui {

// The flow of due lifetime actions in the GUI, shared by keys and certificates: list what is due
// (on the service thread), ask the operator, carry it out under that operator, report what
// failed. Checked at start-up (silent when nothing is due) and from the menus. Subclasses say
// what is listed and applied, and word the messages (in their own translation context).
class DueActions : public QObject
{
    Q_OBJECT
public:
    // Asks when something is due; with `quietWhenNone` says nothing otherwise. Async.
    void check(bool quietWhenNone);
    void apply(); // without asking (tests and scripted callers)
    bool isBusy() const { return m_running; }

Q_SIGNALS:
    void statusMessage(const QString& text);
    void busyChanged(bool busy);
    void applied(int done, int failed);

protected:
    struct Applied
    {
        int done = 0;
        QStringList failed; // "vault/name: why", or why the whole run failed
    };
    enum class Text {
        Title,        // of every box
        ListFailed,   // the list could not be read
        NoneDue,      // status message
        Confirm,      // %n actions are due: carry them out?
        Applying,     // status message while running
        CarriedOut,   // %n carried out
        Failed,       // %n failed
        ErrorBoxName, // object names, for tests
        ConfirmBoxName,
    };

    DueActions(model::ServiceHost& host, QWidget* dialogParent, QObject* parent);

    // One line per due item ("vault/name: description"). Must not touch members after its
    // co_await: the object may be gone by then (the caller checks).
    virtual QCoro::Task<Outcome<QStringList>> listDue() = 0;
    virtual QCoro::Task<Applied> applyDue() = 0; // the same rule
    virtual QString text(Text which, int count = 0) const = 0;

    model::ServiceHost& m_host;

private:
    QCoro::Task<> checkAsync(bool quietWhenNone);
    QCoro::Task<> applyAsync();
    void showError(const QString& text, const QString& details);

    QPointer<QWidget> m_dialogParent;
    bool m_running = false;
    bool m_checking = false;
};

} // namespace custos::ui
