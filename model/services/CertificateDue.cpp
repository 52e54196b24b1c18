// `cert due [--apply]`: certificate lifetime actions whose time has come (AutoRenew, EmailContacts,
// as in Key Vault) and CA CRLs near their next update; applying renews, notifies (an audited
// CertificateNearExpiry event, once per version) and issues CRLs under the operator.

#include "CertificateService.h"
#include "CertificateSupport_p.h"
#include "ServicePath.h"
#include "model/store/Stores.h"

#include <QJsonArray>

namespace custos::model {

using namespace certsupport;

namespace {

// A CRL is due a day before its next update, so relying parties never see an expired one.
constexpr int kCrlLeadDays = 1;

QDateTime dueAt(const CertificateLifetimeAction& action, const CertificateVersion& version)
{
    if (action.lifetimePercentage > 0) {
        const qint64 lifetime = version.notBefore.msecsTo(version.notAfter);
        return version.notBefore.addMSecs(lifetime * action.lifetimePercentage / 100);
    }
    return version.notAfter.addDays(-action.daysBeforeExpiry);
}

QString day(const QDateTime& time)
{
    return time.toUTC().toString(QStringLiteral("yyyy-MM-dd"));
}

} // namespace

Outcome<QList<CertificateDueItem>> CertificateService::due()
{
    Database& db = m_path.database();
    auto all = CertificateStore(db).listAll();
    if (!all)
        return all.error();
    const QDateTime now = m_path.now();
    const auto mayRead = m_path.allowedScopes(kReadPermission);
    QList<CertificateDueItem> items;
    for (const CertificateRecord& c : all.value()) {
        if (!mayRead(c.resourceId()))
            continue;
        const CertificateVersion& v = c.currentVersion;
        if (v.isPending() || v.isRevoked())
            continue;
        bool renewing = false;
        for (const CertificateLifetimeAction& action : c.policy.actions) {
            const QDateTime at = dueAt(action, v);
            if (at > now)
                continue;
            const bool renew = action.kind == CertificateLifetimeAction::Kind::AutoRenew;
            if (renew && renewing)
                continue; // one renewal per certificate, whichever trigger came first
            if (!renew) {
                auto notified = CertificateStore(db).isNotified(v.id, certificateLifetimeActionText(action));
                if (!notified)
                    return notified.error();
                if (notified.value())
                    continue;
            }
            renewing = renewing || renew;
            CertificateDueItem item;
            item.vault = c.vault;
            item.name = c.name;
            item.kind = renew ? CertificateDueItem::Kind::AutoRenew : CertificateDueItem::Kind::EmailContacts;
            item.dueAt = at;
            item.expires = v.notAfter;
            item.description =
                QStringLiteral("%1 (%2): expires %3")
                    .arg(renew ? QStringLiteral("renew")
                               : QStringLiteral("notify %1").arg(c.policy.contacts.join(QStringLiteral(", "))),
                         certificateLifetimeActionText(action), day(v.notAfter));
            items << item;
        }
        if (c.isCa && c.ca.crlNextUpdate.isValid() && c.ca.crlNextUpdate.addDays(-kCrlLeadDays) <= now) {
            CertificateDueItem item;
            item.vault = c.vault;
            item.name = c.name;
            item.kind = CertificateDueItem::Kind::CrlNextUpdate;
            item.dueAt = c.ca.crlNextUpdate.addDays(-kCrlLeadDays);
            item.expires = c.ca.crlNextUpdate;
            item.description = QStringLiteral("issue a CRL: CRL %1 has its next update on %2")
                                   .arg(c.ca.crlNumber)
                                   .arg(day(c.ca.crlNextUpdate));
            items << item;
        }
    }
    return items;
}

QCoro::Task<QList<CertificateDueResult>> CertificateService::applyDue(OperationContext context)
{
    QList<CertificateDueResult> results;
    auto found = due();
    if (!found) {
        CertificateDueResult failed;
        failed.message = found.error().message;
        results << failed;
        co_return results;
    }
    const QList<CertificateDueItem> items = found.value();
    for (const CertificateDueItem& item : items) {
        CertificateDueResult result;
        result.item = item;
        if (item.kind == CertificateDueItem::Kind::AutoRenew) {
            auto renewing = renew(item.vault, item.name, context);
            auto renewed = co_await renewing;
            result.done = bool(renewed);
            result.message = renewed ? QStringLiteral("renewed: version %1, serial %2")
                                           .arg(renewed->currentVersion.id, renewed->currentVersion.serialHex)
                                     : renewed.error().message;
        } else if (item.kind == CertificateDueItem::Kind::CrlNextUpdate) {
            auto issuing = issueCrl(item.vault, item.name, context);
            auto issued = co_await issuing;
            result.done = bool(issued);
            result.message = issued ? QStringLiteral("CRL issued") : issued.error().message;
        } else {
            auto notifying = notifyNearExpiry(item, context);
            auto notified = co_await notifying;
            result.done = bool(notified);
            result.message = notified ? QStringLiteral("notified") : notified.error().message;
        }
        results << result;
    }
    co_return results;
}

QCoro::Task<Outcome<void>> CertificateService::notifyNearExpiry(CertificateDueItem item, OperationContext context)
{
    Operation op =
        certificateOperation(QStringLiteral("CertificateNearExpiry"), kReadPermission, item.vault, item.name, context);
    op.details.insert(QStringLiteral("expires"), item.expires.toString(Qt::ISODate));
    const QDateTime now = m_path.now();
    Steps<void> steps;
    steps.persist = [item, now](Database& db, QJsonObject& details) -> Outcome<void> {
        auto certificate = activeCertificate(db, item.vault, item.name);
        if (!certificate)
            return certificate.error();
        const CertificateVersion& v = certificate->currentVersion;
        for (const CertificateLifetimeAction& action : certificate->policy.actions) {
            if (action.kind != CertificateLifetimeAction::Kind::EmailContacts || dueAt(action, v) > now)
                continue;
            const QString text = certificateLifetimeActionText(action);
            auto notified = CertificateStore(db).isNotified(v.id, text);
            if (!notified)
                return notified.error();
            if (!notified.value()) {
                if (auto recorded = CertificateStore(db).recordNotified(v.id, text, now); !recorded)
                    return recorded.error();
            }
        }
        details.insert(QStringLiteral("version"), v.id);
        details.insert(QStringLiteral("contacts"), QJsonArray::fromStringList(certificate->policy.contacts));
        return {};
    };
    auto task = m_path.run(std::move(op), std::move(steps));
    co_return co_await task;
}

} // namespace custos::model
