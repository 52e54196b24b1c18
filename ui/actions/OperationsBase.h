#pragma once

#include <QObject>
#include <QPointer>
#include <QString>

class QWidget;

namespace custos::model {
class ServiceHost;
}

namespace custos::ui {

// What the vault, key and certificate operations share: the count of running operations behind
// busyChanged, and a failure reported three ways (the failed signal, a status message, and a
// window-modal message box opened with open(), so the window keeps running).
class OperationsBase : public QObject
{
    Q_OBJECT
public:
    bool isBusy() const { return m_running > 0; }

Q_SIGNALS:
    void statusMessage(const QString& text);
    void busyChanged(bool busy);
    void failed(const QString& title, const QString& message);
    void succeeded(const QString& text);

protected:
    // `errorBoxName`: the message box's object name, for tests that find and close it.
    OperationsBase(model::ServiceHost& host, QWidget* dialogParent, QString errorBoxName, QObject* parent);

    void begin();
    void end();
    void showError(const QString& title, const QString& message);

    model::ServiceHost& m_host;
    QPointer<QWidget> m_dialogParent;

private:
    QString m_errorBoxName;
    int m_running = 0;
};

} // namespace custos::ui
