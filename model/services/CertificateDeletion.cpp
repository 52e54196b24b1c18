// Certificate delete (soft, with its key), list deleted, recover and purge (the key's token objects
// destroyed all or nothing, as a key's purge does).

#include "CertificateService.h"
#include "CertificateSupport_p.h"
#include "ServicePath.h"
#include "TokenObjectPurge_p.h"
#include "VaultService.h"
#include "model/session/Workspace.h"
#include "model/store/Stores.h"

#include <QJsonArray>

namespace custos::model {

using namespace certsupport;

namespace {

const QString kDeletePermission = QStringLiteral("certificates/delete");
const QString kDeletedReadPermission = QStringLiteral("certificates/deletedCertificates/read");
const QString kRecoverPermission = QStringLiteral("certificates/deletedCertificates/recover");
const QString kPurgePermission = QStringLiteral("certificates/deletedCertificates/delete");

// A soft-deleted certificate of an active vault: NotFound when missing, Conflict when not deleted.
Outcome<CertificateRecord> deletedCertificate(Database& db, const QString& vault, const QString& name)
{
    if (auto names = checkNames(vault, name); !names)
        return names.error();
    auto active = keysupport::activeVault(db, vault);
    if (!active)
        return active.error();
    auto found = CertificateStore(db).find(active->name, name);
    if (!found)
        return found.error();
    if (!found.value())
        return makeError(ErrorKind::NotFound,
                         QStringLiteral("certificate '%1' not found in vault '%2'").arg(name, active->name));
    if (!found.value()->isDeleted())
        return makeError(ErrorKind::Conflict,
                         QStringLiteral("certificate '%1' in vault '%2' is not deleted: delete it first (`cert delete "
                                        "%2 %1`)")
                             .arg(name, active->name));
    return *found.value();
}

QString purgeDate(const QDateTime& time)
{
    return time.toUTC().toString(QStringLiteral("yyyy-MM-dd HH:mm 'UTC'"));
}

} // namespace

QCoro::Task<Outcome<CertificateRecord>> CertificateService::remove(QString vault, QString name,
                                                                   OperationContext context)
{
    Operation op = certificateOperation(QStringLiteral("CertificateDelete"), kDeletePermission, vault, name, context);
    const QDateTime now = m_path.now();
    Steps<CertificateRecord> steps;
    steps.persist = [vault, name, now](Database& db, QJsonObject& details) -> Outcome<CertificateRecord> {
        auto certificate = activeCertificate(db, vault, name);
        if (!certificate)
            return certificate.error();
        auto owner = keysupport::activeVault(db, vault);
        if (!owner)
            return owner.error();
        CertificateRecord deleted = certificate.value();
        deleted.deleted = now;
        deleted.scheduledPurge = now.addDays(owner->retentionDays);
        deleted.updated = now;
        if (auto updated = CertificateStore(db).update(deleted); !updated)
            return updated.error();
        // Its key goes with it (Key Vault deletes a certificate's key and secret together).
        if (auto marked = KeyStore(db).markDeleted(deleted.keyId, deleted.deleted, deleted.scheduledPurge); !marked)
            return marked.error();
        details.insert(QStringLiteral("scheduledPurge"), deleted.scheduledPurge.toString(Qt::ISODate));
        return deleted;
    };
    auto task = m_path.run(std::move(op), std::move(steps));
    auto outcome = co_await task;
    if (outcome)
        Q_EMIT certificatesChanged(vault);
    co_return outcome;
}

Outcome<QList<CertificateRecord>> CertificateService::listDeleted(const QString& vault)
{
    Operation op;
    op.name = QStringLiteral("CertificateListDeleted");
    op.permission = kDeletedReadPermission;
    op.details = {{QStringLiteral("vault"), vault}};
    if (!VaultService::isValidName(vault))
        return makeError(ErrorKind::Invalid,
                         QStringLiteral("invalid vault name '%1': %2").arg(vault, VaultService::nameRule()));
    op.scope = keysupport::vaultScope(vault);
    auto active = keysupport::activeVault(m_path.database(), vault);
    if (!active) {
        if (auto allowed = m_path.authorise(op); !allowed)
            return allowed.error();
        return active.error();
    }
    auto all = CertificateStore(m_path.database()).list(active->name, true);
    if (!all)
        return all.error();
    QList<CertificateRecord> visible;
    const auto mayRead = m_path.allowedScopes(kDeletedReadPermission);
    for (const CertificateRecord& certificate : all.value()) {
        if (mayRead(certificate.resourceId()))
            visible << certificate;
    }
    return visible;
}

QCoro::Task<Outcome<CertificateRecord>> CertificateService::recover(QString vault, QString name,
                                                                    OperationContext context)
{
    Operation op = certificateOperation(QStringLiteral("CertificateRecover"), kRecoverPermission, vault, name, context);
    const QDateTime now = m_path.now();
    Steps<CertificateRecord> steps;
    steps.persist = [vault, name, now](Database& db, QJsonObject&) -> Outcome<CertificateRecord> {
        auto certificate = deletedCertificate(db, vault, name);
        if (!certificate)
            return certificate.error();
        CertificateRecord back = certificate.value();
        back.deleted = back.scheduledPurge = QDateTime();
        back.updated = now;
        if (auto updated = CertificateStore(db).update(back); !updated)
            return updated.error();
        if (auto recovered = KeyStore(db).recover(back.keyId); !recovered)
            return recovered.error();
        return back;
    };
    auto task = m_path.run(std::move(op), std::move(steps));
    auto outcome = co_await task;
    if (outcome)
        Q_EMIT certificatesChanged(vault);
    co_return outcome;
}

QCoro::Task<Outcome<void>> CertificateService::purge(QString vault, QString name, OperationContext context)
{
    Operation op = certificateOperation(QStringLiteral("CertificatePurge"), kPurgePermission, vault, name, context);
    op.protectedAs = QStringLiteral("purge");
    const QDateTime now = m_path.now();
    Database& database = m_path.database();

    // The key's HSM versions, read before the run for the engine; the precheck checks again.
    auto state = std::make_shared<keysupport::TokenObjectPurge>();
    auto shared = std::make_shared<QStringList>();
    if (auto before = deletedCertificate(database, vault, name)) {
        auto key = KeyStore(database).find(before->vault, before->name);
        if (key && key.value() && key.value()->id == before->keyId) {
            if (auto versions = KeyStore(database).versions(key.value()->id))
                state->addVersionsOf(*key.value(), versions.value());
        }
        if (!state->items.isEmpty())
            op.details.insert(QStringLiteral("keyVersions"), QJsonArray::fromStringList(state->idTexts()));
    }

    Steps<void> steps;
    steps.precheck = [vault, name, now, state, shared, resource = op.resource](Database& db) -> Outcome<void> {
        auto certificate = deletedCertificate(db, vault, name);
        if (!certificate)
            return certificate.error();
        if (auto domain = state->useActiveDomainKey(db); !domain)
            return domain.error();
        auto owner = keysupport::activeVault(db, vault);
        if (!owner)
            return owner.error();
        if (owner->purgeProtection && now < certificate->scheduledPurge)
            return makeError(ErrorKind::Conflict,
                             QStringLiteral("vault '%1' has purge protection: certificate '%2' can be purged only "
                                            "after its scheduled purge date %3")
                                 .arg(owner->name, certificate->name, purgeDate(certificate->scheduledPurge)));
        if (certificate->isCa) {
            auto issued = CertificateStore(db).issuedBy(certificate->id, false);
            if (!issued)
                return issued.error();
            if (!issued->isEmpty())
                return makeError(ErrorKind::Conflict,
                                 QStringLiteral("CA '%1' issued %2 certificate version(s) still in the workspace: "
                                                "purge them first, their chains lead to it")
                                     .arg(certificate->name)
                                     .arg(issued->size()));
        }
        return keysupport::recordPurgeIntents(db, state->idTexts(), QStringLiteral("CertificatePurge"), resource, now,
                                              shared.get());
    };
    crypto::Token* token = m_path.workspace().token();
    if (!state->items.isEmpty()) {
        steps.engine = [token, state]() { return state->destroyAll(token); };
        steps.undoEngine = [token, state]() {
            if (token)
                state->putBack(token);
        };
    }
    steps.persist = [vault, name, shared](Database& db, QJsonObject&) -> Outcome<void> {
        auto certificate = deletedCertificate(db, vault, name);
        if (!certificate)
            return certificate.error();
        if (auto removed = CertificateStore(db).remove(certificate->id); !removed)
            return removed.error();
        if (auto removed = KeyStore(db).remove(certificate->keyId); !removed)
            return removed.error();
        for (const QString& id : std::as_const(*shared)) {
            if (auto dropped = IntentStore(db).remove(id); !dropped)
                return dropped.error();
        }
        return {};
    };
    auto task = m_path.run(std::move(op), std::move(steps));
    auto outcome = co_await task;
    if (outcome)
        Q_EMIT certificatesChanged(vault);
    else if (!outcome.isCancelled())
        keysupport::dropIntents(database, *shared);
    co_return outcome;
}

} // namespace custos::model
