#include "DueCertificateActions.h"

#include "model/services/Services.h"
#include "model/session/ServiceHost.h"

#include <QMessageBox>
#include <QPushButton>
#include <QStringList>

namespace custos::ui {

DueCertificateActions::DueCertificateActions(model::ServiceHost& host, QWidget* dialogParent, QObject* parent)
    : QObject(parent), m_host(host), m_dialogParent(dialogParent)
{
}

void DueCertificateActions::check(bool quietWhenNone)
{
    if (m_running || m_checking)
        return;
    checkAsync(quietWhenNone);
}

QCoro::Task<> DueCertificateActions::checkAsync(bool quietWhenNone)
{
    QPointer<DueCertificateActions> guard(this);
    m_checking = true;
    auto task = m_host.call([](model::Services& services) { return services.certificates().due(); });
    Outcome<QList<model::CertificateDueItem>> due = co_await task;
    if (!guard)
        co_return;
    m_checking = false;
    if (!due) {
        if (!quietWhenNone) {
            auto* box =
                new QMessageBox(QMessageBox::Warning, tr("Due Certificate Actions"),
                                tr("Could not list the due certificate actions"), QMessageBox::Ok, m_dialogParent);
            box->setObjectName(QStringLiteral("dueCertificateErrorMessageBox"));
            box->setInformativeText(due.error().message);
            box->setAttribute(Qt::WA_DeleteOnClose);
            box->open();
        }
        co_return;
    }
    const QList<model::CertificateDueItem>& items = due.value();
    if (items.isEmpty()) {
        if (!quietWhenNone)
            Q_EMIT statusMessage(tr("No certificate actions are due"));
        co_return;
    }
    QStringList lines;
    for (const model::CertificateDueItem& item : items)
        lines << tr("%1/%2: %3").arg(item.vault, item.name, item.description);
    auto* box =
        new QMessageBox(QMessageBox::Question, tr("Due Certificate Actions"),
                        tr("%n certificate action(s) are due. Carry them out now as you?", nullptr, int(items.size())),
                        QMessageBox::Yes | QMessageBox::No, m_dialogParent);
    box->setObjectName(QStringLiteral("confirmDueCertificatesMessageBox"));
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

void DueCertificateActions::apply()
{
    if (!m_running)
        applyAsync();
}

QCoro::Task<> DueCertificateActions::applyAsync()
{
    QPointer<DueCertificateActions> guard(this);
    m_running = true;
    Q_EMIT busyChanged(true);
    Q_EMIT statusMessage(tr("Carrying out due certificate actions…"));
    QList<model::CertificateDueResult> results;
    QString failure;
    auto task = m_host.call([](model::Services& services) { return services.certificates().applyDue(); });
    Outcome<QList<model::CertificateDueResult>> outcome = co_await task;
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
    for (const model::CertificateDueResult& result : std::as_const(results)) {
        if (result.done)
            ++done;
        else
            failed << tr("%1/%2: %3").arg(result.item.vault, result.item.name, result.message);
    }
    if (!failure.isEmpty())
        failed << failure;
    Q_EMIT statusMessage(tr("%n due certificate action(s) carried out", nullptr, done));
    Q_EMIT applied(done, int(failed.size()));
    if (!failed.isEmpty()) {
        auto* box = new QMessageBox(QMessageBox::Warning, tr("Due Certificate Actions"),
                                    tr("%n due certificate action(s) failed", nullptr, int(failed.size())),
                                    QMessageBox::Ok, m_dialogParent);
        box->setObjectName(QStringLiteral("dueCertificateErrorMessageBox"));
        box->setInformativeText(failed.join(QLatin1Char('\n')));
        box->setAttribute(Qt::WA_DeleteOnClose);
        box->open();
    }
}

} // namespace custos::ui
