#include "DueActions.h"

#include <QMessageBox>
#include <QPushButton>

namespace custos::ui {

DueActions::DueActions(model::ServiceHost& host, QWidget* dialogParent, QObject* parent)
    : QObject(parent), m_host(host), m_dialogParent(dialogParent)
{
}

void DueActions::check(bool quietWhenNone)
{
    if (m_running || m_checking)
        return;
    checkAsync(quietWhenNone);
}

QCoro::Task<> DueActions::checkAsync(bool quietWhenNone)
{
    QPointer<DueActions> guard(this);
    m_checking = true;
    auto task = listDue();
    Outcome<QStringList> due = co_await task;
    if (!guard)
        co_return;
    m_checking = false;
    if (!due) {
        if (!quietWhenNone)
            showError(text(Text::ListFailed), due.error().message);
        co_return;
    }
    const QStringList& lines = due.value();
    if (lines.isEmpty()) {
        if (!quietWhenNone)
            Q_EMIT statusMessage(text(Text::NoneDue));
        co_return;
    }
    auto* box = new QMessageBox(QMessageBox::Question, text(Text::Title), text(Text::Confirm, int(lines.size())),
                                QMessageBox::Yes | QMessageBox::No, m_dialogParent);
    box->setObjectName(text(Text::ConfirmBoxName));
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

void DueActions::apply()
{
    if (!m_running)
        applyAsync();
}

QCoro::Task<> DueActions::applyAsync()
{
    QPointer<DueActions> guard(this);
    m_running = true;
    Q_EMIT busyChanged(true);
    Q_EMIT statusMessage(text(Text::Applying));
    auto task = applyDue();
    const Applied result = co_await task;
    if (!guard)
        co_return;
    m_running = false;
    Q_EMIT busyChanged(false);
    Q_EMIT statusMessage(text(Text::CarriedOut, result.done));
    Q_EMIT applied(result.done, int(result.failed.size()));
    if (!result.failed.isEmpty())
        showError(text(Text::Failed, int(result.failed.size())), result.failed.join(QLatin1Char('\n')));
}

void DueActions::showError(const QString& message, const QString& details)
{
    auto* box = new QMessageBox(QMessageBox::Warning, text(Text::Title), message, QMessageBox::Ok, m_dialogParent);
    box->setObjectName(text(Text::ErrorBoxName));
    box->setInformativeText(details);
    box->setAttribute(Qt::WA_DeleteOnClose);
    box->open();
}

} // namespace custos::ui
