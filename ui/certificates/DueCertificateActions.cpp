#include "DueCertificateActions.h"

#include "model/services/Services.h"
#include "model/session/ServiceHost.h"

namespace custos::ui {

DueCertificateActions::DueCertificateActions(model::ServiceHost& host, QWidget* dialogParent, QObject* parent)
    : DueActions(host, dialogParent, parent)
{
}

QCoro::Task<Outcome<QStringList>> DueCertificateActions::listDue()
{
    auto task = m_host.call([](model::Services& services) { return services.certificates().due(); });
    Outcome<QList<model::CertificateDueItem>> due = co_await task;
    if (!due)
        co_return due.error();
    QStringList lines;
    for (const model::CertificateDueItem& item : due.value())
        lines << tr("%1/%2: %3").arg(item.vault, item.name, item.description);
    co_return lines;
}

QCoro::Task<DueActions::Applied> DueCertificateActions::applyDue()
{
    auto task = m_host.call([](model::Services& services) { return services.certificates().applyDue(); });
    Outcome<QList<model::CertificateDueResult>> outcome = co_await task;
    Applied applied;
    if (!outcome) {
        applied.failed << outcome.error().message;
        co_return applied;
    }
    for (const model::CertificateDueResult& result : outcome.value()) {
        if (result.done)
            ++applied.done;
        else
            applied.failed << tr("%1/%2: %3").arg(result.item.vault, result.item.name, result.message);
    }
    co_return applied;
}

QString DueCertificateActions::text(Text which, int count) const
{
    switch (which) {
    case Text::Title:
        return tr("Due Certificate Actions");
    case Text::ListFailed:
        return tr("Could not list the due certificate actions");
    case Text::NoneDue:
        return tr("No certificate actions are due");
    case Text::Confirm:
        return tr("%n certificate action(s) are due. Carry them out now as you?", nullptr, count);
    case Text::Applying:
        return tr("Carrying out due certificate actions…");
    case Text::CarriedOut:
        return tr("%n due certificate action(s) carried out", nullptr, count);
    case Text::Failed:
        return tr("%n due certificate action(s) failed", nullptr, count);
    case Text::ErrorBoxName:
        return QStringLiteral("dueCertificateErrorMessageBox");
    case Text::ConfirmBoxName:
        return QStringLiteral("confirmDueCertificatesMessageBox");
    }
    return {};
}

} // namespace custos::ui
