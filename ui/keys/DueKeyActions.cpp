#include "DueKeyActions.h"

#include "model/services/Services.h"
#include "model/session/ServiceHost.h"

#include <QMessageBox>
#include <QPushButton>
#include <QStringList>

namespace custos::ui {

DueKeyActions::DueKeyActions(model::ServiceHost& host, QWidget* dialogParent, QObject* parent)
    : QObject(parent), m_host(host), m_dialogParent(dialogParent)
{
}

void DueKeyActions::check(bool quietWhenNone)
{
    if (m_running || m_checking)
        return;
    checkAsync(quietWhenNone);
}

QCoro::Task<> DueKeyActions::checkAsync(bool quietWhenNone)
{
    QPointer<DueKeyActions> guard(this);
    m_checking = true;
    auto task = m_host.call([](model::Services& services) { return services.keys().due(); });
    Outcome<QList<model::KeyDueItem>> due = co_await task;
    if (!guard)
        co_return;
    m_checking = false;
    if (!due) {
        if (!quietWhenNone) {
            auto* box = new QMessageBox(QMessageBox::Warning, tr("Due Key Actions"),
                                        tr("Could not list the due key actions"), QMessageBox::Ok, m_dialogParent);
            box->setObjectName(QStringLiteral("dueErrorMessageBox"));
            box->setInformativeText(due.error().message);
            box->setAttribute(Qt::WA_DeleteOnClose);
            box->open();
        }
        co_return;
    }
    const QList<model::KeyDueItem>& items = due.value();
    if (items.isEmpty()) {
        if (!quietWhenNone)
            Q_EMIT statusMessage(tr("No key actions are due"));
        co_return;
    }
    QStringList lines;
    for (const model::KeyDueItem& item : items)
        lines << tr("%1/%2: %3").arg(item.key.vault, item.key.name, item.description);
    auto* box = new QMessageBox(QMessageBox::Question, tr("Due Key Actions"),
                                tr("%n key action(s) are due. Carry them out now as you?", nullptr, int(items.size())),
                                QMessageBox::Yes | QMessageBox::No, m_dialogParent);
    box->setObjectName(QStringLiteral("confirmDueMessageBox"));
    box->setInformativeText(lines.join(QLatin1Char('\n')));
    box->button(QMessageBox::Yes)->setText(tr("&Carry Out"));
    box->button(QMessageBox::No)->setText(tr("&Later"));
    box->setDefaultButton(QMessageBox::No);
    box->setAttribute(Qt::WA_DeleteOnClose);
    connect(box, &QMessageBox::finished, this, [this, box] {
        if (box->clickedButton() == box->button(QMessageBox::Yes))
            apply();
    });
    box->open();
}

void DueKeyActions::apply()
{
    if (!m_running)
        applyAsync();
}

QCoro::Task<> DueKeyActions::applyAsync()
{
    QPointer<DueKeyActions> guard(this);
    m_running = true;
    Q_EMIT busyChanged(true);
    Q_EMIT statusMessage(tr("Carrying out due key actions…"));
    QList<model::KeyDueResult> results;
    QString failure;
    auto task = m_host.call([](model::Services& services) { return services.keys().applyDue(); });
    Outcome<QList<model::KeyDueResult>> outcome = co_await task;
    if (outcome)
        results = outcome.take();
    else
        failure = outcome.error().message;
    if (!guard)
        co_return;
    m_running = false;
    Q_EMIT busyChanged(false);
    int done = 0;
    QStringList failed;
    for (const model::KeyDueResult& result : std::as_const(results)) {
        if (result.done)
            ++done;
        else
            failed << tr("%1/%2: %3").arg(result.item.key.vault, result.item.key.name, result.message);
    }
    if (!failure.isEmpty())
        failed << failure;
    Q_EMIT statusMessage(tr("%n due key action(s) carried out", nullptr, done));
    Q_EMIT applied(done, int(failed.size()));
    if (!failed.isEmpty()) {
        auto* box = new QMessageBox(QMessageBox::Warning, tr("Due Key Actions"),
                                    tr("%n due key action(s) failed", nullptr, int(failed.size())), QMessageBox::Ok,
                                    m_dialogParent);
        box->setObjectName(QStringLiteral("dueErrorMessageBox"));
        box->setInformativeText(failed.join(QLatin1Char('\n')));
        box->setAttribute(Qt::WA_DeleteOnClose);
        box->open();
    }
}

} // namespace custos::ui
