#include "DueKeyActions.h"

#include "model/services/Services.h"
#include "model/session/ServiceHost.h"

namespace custos::ui {

DueKeyActions::DueKeyActions(model::ServiceHost& host, QWidget* dialogParent, QObject* parent)
    : DueActions(host, dialogParent, parent)
{
}

QCoro::Task<Outcome<QStringList>> DueKeyActions::listDue()
{
    auto task = m_host.call([](model::Services& services) { return services.keys().due(); });
    Outcome<QList<model::KeyDueItem>> due = co_await task;
    if (!due)
        co_return due.error();
    QStringList lines;
    for (const model::KeyDueItem& item : due.value())
        lines << tr("%1/%2: %3").arg(item.key.vault, item.key.name, item.description);
    co_return lines;
}

QCoro::Task<DueActions::Applied> DueKeyActions::applyDue()
{
    auto task = m_host.call([](model::Services& services) { return services.keys().applyDue(); });
    Outcome<QList<model::KeyDueResult>> outcome = co_await task;
    Applied applied;
    if (!outcome) {
        applied.failed << outcome.error().message;
        co_return applied;
    }
    for (const model::KeyDueResult& result : outcome.value()) {
        if (result.done)
            ++applied.done;
        else
            applied.failed << tr("%1/%2: %3").arg(result.item.key.vault, result.item.key.name, result.message);
    }
    co_return applied;
}

QString DueKeyActions::text(Text which, int count) const
{
    switch (which) {
    case Text::Title:
        return tr("Due Key Actions");
    case Text::ListFailed:
        return tr("Could not list the due key actions");
    case Text::NoneDue:
        return tr("No key actions are due");
    case Text::Confirm:
        return tr("%n key action(s) are due. Carry them out now as you?", nullptr, count);
    case Text::Applying:
        return tr("Carrying out due key actions…");
    case Text::CarriedOut:
        return tr("%n due key action(s) carried out", nullptr, count);
    case Text::Failed:
        return tr("%n due key action(s) failed", nullptr, count);
    case Text::ErrorBoxName:
        return QStringLiteral("dueErrorMessageBox");
    case Text::ConfirmBoxName:
        return QStringLiteral("confirmDueMessageBox");
    }
    return {};
}

} // namespace custos::ui
