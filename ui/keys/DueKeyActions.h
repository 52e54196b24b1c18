#pragma once

#include "model/services/KeyService.h"

#include <QCoro/QCoroTask>
#include <QObject>
#include <QPointer>

class QWidget;

namespace custos::ui {

// The keys' due lifetime actions (rotate, notify) in the GUI: lists what KeyService::due finds and,
// once the operator confirms, carries it out under that operator (KeyService::applyDue). Checked at
// start-up (silent when nothing is due) and from the Keys menu.
class DueKeyActions : public QObject
{
    Q_OBJECT
public:
    DueKeyActions(model::KeyService& keys, QWidget* dialogParent, QObject* parent = nullptr);

    // Asks when something is due; with `quietWhenNone` says nothing otherwise.
    void check(bool quietWhenNone);
    void apply(); // without asking (tests and scripted callers)
    bool isBusy() const { return m_running; }

Q_SIGNALS:
    void statusMessage(const QString& text);
    void busyChanged(bool busy);
    void applied(int done, int failed);

private:
    QCoro::Task<> applyAsync();

    model::KeyService& m_keys;
    QPointer<QWidget> m_dialogParent;
    bool m_running = false;
};

} // namespace custos::ui
