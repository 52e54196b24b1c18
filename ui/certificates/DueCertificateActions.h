#pragma once

#include "model/services/CertificateService.h"

#include <QCoro/QCoroTask>
#include <QObject>
#include <QPointer>

class QWidget;

namespace custos::model {
class ServiceHost;
}

namespace custos::ui {

// The certificates' due lifetime actions (renew, notify, CRLs near their next update) in the GUI:
// lists what CertificateService::due finds and, once the operator confirms, carries it out under that
// operator (CertificateService::applyDue), both on the service thread. Checked at start-up (silent
// when nothing is due) and from the Certificates menu.
class DueCertificateActions : public QObject
{
    Q_OBJECT
public:
    DueCertificateActions(model::ServiceHost& host, QWidget* dialogParent, QObject* parent = nullptr);

    // Asks when something is due; with `quietWhenNone` says nothing otherwise. Async.
    void check(bool quietWhenNone);
    void apply(); // without asking (tests and scripted callers)
    bool isBusy() const { return m_running; }

Q_SIGNALS:
    void statusMessage(const QString& text);
    void busyChanged(bool busy);
    void applied(int done, int failed);

private:
    QCoro::Task<> checkAsync(bool quietWhenNone);
    QCoro::Task<> applyAsync();

    model::ServiceHost& m_host;
    QPointer<QWidget> m_dialogParent;
    bool m_running = false;
    bool m_checking = false;
};

} // namespace custos::ui
