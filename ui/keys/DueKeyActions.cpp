#include "DueKeyActions.h"

#include <QMessageBox>
#include <QPushButton>
#include <QStringList>

#include <exception>

namespace custos::ui {

DueKeyActions::DueKeyActions(model::KeyService& keys, QWidget* dialogParent, QObject* parent)
    : QObject(parent), m_keys(keys), m_dialogParent(dialogParent)
{
}

void DueKeyActions::check(bool quietWhenNone)
{
    if (m_running)
        return;
    auto due = m_keys.due();
    if (!due) {
        if (!quietWhenNone) {
            auto* box = new QMessageBox(QMessageBox::Warning, tr("Due Key Actions"),
                                        tr("Could not list the due key actions"), QMessageBox::Ok, m_dialogParent);
            box->setObjectName(QStringLiteral("dueErrorMessageBox"));
            box->setInformativeText(due.error().message);
            box->setAttribute(Qt::WA_DeleteOnClose);
            box->open();
        }
        return;
    }
    const QList<model::KeyDueItem>& items = due.value();
    if (items.isEmpty()) {
        if (!quietWhenNone)
            Q_EMIT statusMessage(tr("No key actions are due"));
        return;
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
    try {
        auto task = m_keys.applyDue();
        results = co_await task;
    } catch (const std::exception& e) {
        failure = QString::fromLocal8Bit(e.what());
    }
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
