#include "KeyOperations.h"

#include "KeyCreateDialog.h"
#include "import/KeyImportWizard.h"
#include "model/services/Services.h"
#include "model/session/ServiceHost.h"

#include <QMessageBox>
#include <QPushButton>

#include <exception>

namespace custos::ui {

KeyOperations::KeyOperations(model::ServiceHost& host, QWidget* dialogParent, QObject* parent)
    : OperationsBase(host, dialogParent, QStringLiteral("keyErrorMessageBox"), parent)
{
}

void KeyOperations::startCreate(const model::Vault& vault)
{
    auto* dialog = new KeyCreateDialog(vault, m_dialogParent);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    connect(dialog, &QDialog::accepted, this, [this, dialog] { create(dialog->request()); });
    dialog->open();
}

void KeyOperations::startImport(const model::Vault& vault)
{
    auto* wizard = new KeyImportWizard(m_host, vault, m_dialogParent);
    wizard->setAttribute(Qt::WA_DeleteOnClose);
    wizard->setWindowModality(Qt::WindowModal);
    // The wizard runs the import itself (audited by the service); the list follows keysChanged.
    connect(wizard, &KeyImportWizard::imported, this, [this](const QString& vaultName, const QString& name) {
        const QString text = tr("Key '%1' imported").arg(name);
        Q_EMIT statusMessage(text);
        Q_EMIT succeeded(text);
        Q_EMIT keyTouched(vaultName, name);
    });
    wizard->open();
}

void KeyOperations::startDelete(const model::KeyRecord& key, int retentionDays)
{
    auto* box = new QMessageBox(QMessageBox::Question, tr("Delete Key"),
                                tr("Delete key '%1' from vault '%2'?").arg(key.name, key.vault),
                                QMessageBox::Yes | QMessageBox::Cancel, m_dialogParent);
    box->setObjectName(QStringLiteral("confirmDeleteKeyMessageBox"));
    box->setInformativeText(tr("It can be recovered for %n day(s); after that it is purged with all its versions.",
                               nullptr, retentionDays));
    box->button(QMessageBox::Yes)->setText(tr("&Delete"));
    box->setDefaultButton(QMessageBox::Yes);
    box->setAttribute(Qt::WA_DeleteOnClose);
    const QString vault = key.vault;
    const QString name = key.name;
    connect(box, &QMessageBox::finished, this, [this, box, vault, name] {
        if (box->clickedButton() == box->button(QMessageBox::Yes))
            remove(vault, name);
    });
    box->open();
}

void KeyOperations::startPurge(const model::KeyRecord& key)
{
    auto* box = new QMessageBox(QMessageBox::Warning, tr("Purge Key"),
                                tr("Purge key '%1' from vault '%2'? This cannot be undone.").arg(key.name, key.vault),
                                QMessageBox::Yes | QMessageBox::Cancel, m_dialogParent);
    box->setObjectName(QStringLiteral("confirmPurgeKeyMessageBox"));
    box->setInformativeText(tr("The key's token objects and all its versions are destroyed."));
    box->button(QMessageBox::Yes)->setText(tr("&Purge"));
    box->setDefaultButton(QMessageBox::Cancel);
    box->setAttribute(Qt::WA_DeleteOnClose);
    const QString vault = key.vault;
    const QString name = key.name;
    connect(box, &QMessageBox::finished, this, [this, box, vault, name] {
        if (box->clickedButton() == box->button(QMessageBox::Yes))
            purge(vault, name);
    });
    box->open();
}

void KeyOperations::create(model::KeyCreateRequest request)
{
    const QString vault = request.vault;
    const QString name = request.name;
    Q_EMIT statusMessage(tr("Generating key '%1'…").arg(name));
    finish(m_host.call([request](model::Services& s) { return s.keys().create(request); }),
           tr("Could not create key '%1'").arg(name), tr("Key '%1' created").arg(name), vault, name);
}

void KeyOperations::rotate(const QString& vault, const QString& name)
{
    Q_EMIT statusMessage(tr("Rotating key '%1'…").arg(name));
    finish(m_host.call([vault, name](model::Services& s) { return s.keys().rotate(vault, name); }),
           tr("Could not rotate key '%1'").arg(name), tr("Key '%1' rotated").arg(name), vault, name);
}

void KeyOperations::setEnabled(const QString& vault, const QString& name, bool enabled)
{
    model::KeyUpdateRequest request;
    request.vault = vault;
    request.name = name;
    request.enabled = enabled;
    finish(m_host.call([request](model::Services& s) { return s.keys().update(request); }),
           enabled ? tr("Could not enable key '%1'").arg(name) : tr("Could not disable key '%1'").arg(name),
           enabled ? tr("Key '%1' enabled").arg(name) : tr("Key '%1' disabled").arg(name), vault, name);
}

void KeyOperations::update(model::KeyUpdateRequest request)
{
    const QString vault = request.vault;
    const QString name = request.name;
    finish(m_host.call([request](model::Services& s) { return s.keys().update(request); }),
           tr("Could not update key '%1'").arg(name), tr("Key '%1' updated").arg(name), vault, name);
}

void KeyOperations::setPolicy(const QString& vault, const QString& name, model::KeyRotationPolicy policy)
{
    finish(m_host.call([vault, name, policy](model::Services& s) { return s.keys().setPolicy(vault, name, policy); }),
           tr("Could not set the rotation policy of key '%1'").arg(name),
           tr("Rotation policy of key '%1' saved").arg(name), vault, name);
}

void KeyOperations::remove(const QString& vault, const QString& name)
{
    finish(m_host.call([vault, name](model::Services& s) { return s.keys().remove(vault, name); }),
           tr("Could not delete key '%1'").arg(name), tr("Key '%1' deleted").arg(name), vault, QString());
}

void KeyOperations::recover(const QString& vault, const QString& name)
{
    finish(m_host.call([vault, name](model::Services& s) { return s.keys().recover(vault, name); }),
           tr("Could not recover key '%1'").arg(name), tr("Key '%1' recovered").arg(name), vault, name);
}

void KeyOperations::purge(const QString& vault, const QString& name)
{
    finish(withApprovals<void>([this, vault, name](model::OperationContext context) {
               return m_host.call(
                   [vault, name, context](model::Services& s) { return s.keys().purge(vault, name, context); });
           }),
           tr("Could not purge key '%1'").arg(name), tr("Key '%1' purged").arg(name), vault, QString());
}

template <typename T>
QCoro::Task<> KeyOperations::finish(QCoro::Task<Outcome<T>> operation, QString failureTitle, QString successText,
                                    QString vault, QString touchedName)
{
    QPointer<KeyOperations> guard(this);
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
    Q_EMIT succeeded(successText);
    if (!touchedName.isEmpty())
        Q_EMIT keyTouched(vault, touchedName);
}

} // namespace custos::ui
