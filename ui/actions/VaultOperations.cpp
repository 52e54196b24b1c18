#include "VaultOperations.h"

#include "model/services/Services.h"
#include "model/session/ServiceHost.h"
#include "ui/dialogs/VaultCreateDialog.h"

#include <QMessageBox>
#include <QPushButton>

#include <exception>

namespace custos::ui {

VaultOperations::VaultOperations(model::ServiceHost& host, QWidget* dialogParent, QObject* parent)
    : OperationsBase(host, dialogParent, QStringLiteral("errorMessageBox"), parent)
{
}

void VaultOperations::startCreate()
{
    auto* dialog = new VaultCreateDialog(m_dialogParent);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    connect(dialog, &QDialog::accepted, this, [this, dialog] { create(dialog->request()); });
    dialog->open();
}

void VaultOperations::startDelete(const model::Vault& vault)
{
    auto* box = new QMessageBox(QMessageBox::Question, tr("Delete Vault"), tr("Delete the vault '%1'?").arg(vault.name),
                                QMessageBox::Yes | QMessageBox::Cancel, m_dialogParent);
    box->setObjectName(QStringLiteral("confirmDeleteMessageBox"));
    box->setInformativeText(
        tr("It can be recovered for %n day(s); after that it is purged with its keys.", nullptr, vault.retentionDays));
    box->button(QMessageBox::Yes)->setText(tr("&Delete"));
    box->setDefaultButton(QMessageBox::Yes);
    box->setAttribute(Qt::WA_DeleteOnClose);
    const QString name = vault.name;
    connect(box, &QMessageBox::finished, this, [this, box, name] {
        if (box->clickedButton() == box->button(QMessageBox::Yes))
            remove(name);
    });
    box->open();
}

void VaultOperations::recover(const model::Vault& vault)
{
    const QString name = vault.name;
    finish(m_host.call([name](model::Services& s) { return s.vaults().recover(name); }),
           tr("Could not recover vault '%1'").arg(vault.name), tr("Vault '%1' recovered").arg(vault.name), vault.name);
}

void VaultOperations::startPurge(const model::Vault& vault)
{
    auto* box = new QMessageBox(QMessageBox::Warning, tr("Purge Vault"),
                                tr("Purge the vault '%1' permanently?").arg(vault.name),
                                QMessageBox::Yes | QMessageBox::Cancel, m_dialogParent);
    box->setObjectName(QStringLiteral("confirmPurgeMessageBox"));
    box->setInformativeText(tr("Purging is irreversible: the vault and its keys are destroyed and cannot be "
                               "recovered."));
    box->button(QMessageBox::Yes)->setText(tr("&Purge"));
    box->setDefaultButton(QMessageBox::Cancel);
    box->setAttribute(Qt::WA_DeleteOnClose);
    const QString name = vault.name;
    connect(box, &QMessageBox::finished, this, [this, box, name] {
        if (box->clickedButton() == box->button(QMessageBox::Yes))
            purge(name);
    });
    box->open();
}

void VaultOperations::create(model::VaultCreateRequest request)
{
    const QString name = request.name;
    finish(m_host.call([request](model::Services& s) { return s.vaults().create(request); }),
           tr("Could not create vault '%1'").arg(name), tr("Vault '%1' created").arg(name), name);
}

void VaultOperations::remove(const QString& name)
{
    finish(m_host.call([name](model::Services& s) { return s.vaults().remove(name); }),
           tr("Could not delete vault '%1'").arg(name), tr("Vault '%1' deleted").arg(name), name);
}

void VaultOperations::purge(const QString& name)
{
    finish(withApprovals<void>([this, name](model::OperationContext context) {
               return m_host.call([name, context](model::Services& s) { return s.vaults().purge(name, context); });
           }),
           tr("Could not purge vault '%1'").arg(name), tr("Vault '%1' purged").arg(name), QString());
}

template <typename T>
QCoro::Task<> VaultOperations::finish(QCoro::Task<Outcome<T>> operation, QString failureTitle, QString successText,
                                      QString touchedName)
{
    QPointer<VaultOperations> guard(this);
    begin();
    Outcome<T> result;
    try {
        result = co_await operation;
    } catch (const std::exception& e) {
        result = makeError(ErrorKind::Failed, QString::fromLocal8Bit(e.what()));
    } catch (...) {
        result = makeError(ErrorKind::Failed, QStringLiteral("unexpected error"));
    }
    if (!guard)
        co_return;
    end();
    if (!result) {
        if (result.isCancelled())
            Q_EMIT statusMessage(tr("Cancelled"));
        else
            showError(failureTitle, result.error().message);
        co_return;
    }
    Q_EMIT statusMessage(successText);
    if (!touchedName.isEmpty())
        Q_EMIT vaultTouched(touchedName);
}

} // namespace custos::ui
