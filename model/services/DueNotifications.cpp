#include "DueNotifications.h"

#include "CertificateService.h"
#include "ExpiryOverview.h"
#include "KeyService.h"
#include "SecurityDomainService.h"
#include "ServicePath.h"
#include "Services.h"

#include <QSet>

#include <algorithm>

namespace custos::model {

namespace {

QString keyResource(const QString& vault, const QString& name)
{
    return QStringLiteral("/vaults/%1/keys/%2").arg(vault, name);
}

QString certificateResource(const QString& vault, const QString& name)
{
    return QStringLiteral("/vaults/%1/certificates/%2").arg(vault, name);
}

// A denied part is simply not the operator's business; anything else is reported.
void noteError(DueNotifications& out, const Error& error)
{
    if (error.kind != ErrorKind::Denied)
        out.errors << error.message;
}

} // namespace

DueNotifications collectDueNotifications(Services& services)
{
    DueNotifications out;
    const QDateTime now = services.path().now();
    QSet<QString> listed; // resources with a due action: their expiry is not listed twice

    if (auto keys = services.keys().due(); keys) {
        for (const KeyDueItem& item : keys.value()) {
            const QString resource = keyResource(item.key.vault, item.key.name);
            out.items << DueNotification{DueNotification::Kind::KeyAction,
                                         item.key.vault,
                                         item.key.name,
                                         item.description,
                                         item.dueAt,
                                         resource};
            listed.insert(resource);
        }
    } else {
        noteError(out, keys.error());
    }

    if (auto certificates = services.certificates().due(); certificates) {
        for (const CertificateDueItem& item : certificates.value()) {
            const QString resource = certificateResource(item.vault, item.name);
            out.items << DueNotification{DueNotification::Kind::CertificateAction,
                                         item.vault,
                                         item.name,
                                         item.description,
                                         item.dueAt,
                                         resource};
            listed.insert(resource);
        }
    } else {
        noteError(out, certificates.error());
    }

    if (auto expiring = collectExpiryItems(services, now); expiring) {
        // A certificate's own key expires with it: the certificate speaks for both.
        QSet<QString> certificates;
        for (const ExpiryItem& item : expiring.value())
            if (item.kind == ExpiryItem::Kind::Certificate)
                certificates.insert(item.vault + QLatin1Char('/') + item.name);
        for (const ExpiryItem& item : expiring.value()) {
            if (item.status != ExpiryStatus::Expired && item.status != ExpiryStatus::Critical &&
                item.status != ExpiryStatus::Warning)
                continue;
            const bool key = item.kind == ExpiryItem::Kind::Key;
            if (!key && item.kind != ExpiryItem::Kind::Certificate)
                continue; // a CRL's next update is a certificate due action already
            if (key && certificates.contains(item.vault + QLatin1Char('/') + item.name))
                continue;
            const QString resource =
                key ? keyResource(item.vault, item.name) : certificateResource(item.vault, item.name);
            if (listed.contains(resource))
                continue;
            listed.insert(resource);
            out.items << DueNotification{key ? DueNotification::Kind::KeyExpiry
                                             : DueNotification::Kind::CertificateExpiry,
                                         item.vault,
                                         item.name,
                                         expiryStatusText(item.status),
                                         item.expires,
                                         resource};
        }
    } else {
        noteError(out, expiring.error());
    }

    if (auto status = services.securityDomain().status(); status) {
        if (status->current) {
            const QDateTime soon = now.addDays(kNotificationExpiryDays);
            for (const CustodianRecord& custodian : status->current->custodians) {
                const QDateTime notAfter = QDateTime::fromString(custodian.notAfter, Qt::ISODate);
                if (!notAfter.isValid() || notAfter >= soon)
                    continue;
                out.items << DueNotification{DueNotification::Kind::CustodianExpiry,
                                             QString(),
                                             custodian.holder,
                                             notAfter <= now ? expiryStatusText(ExpiryStatus::Expired)
                                                             : expiryStatusText(expiryStatus(notAfter, now)),
                                             notAfter,
                                             QStringLiteral("/securitydomain/custodians/%1").arg(custodian.x5t256)};
            }
        }
    } else {
        noteError(out, status.error());
    }

    std::stable_sort(out.items.begin(), out.items.end(),
                     [](const DueNotification& a, const DueNotification& b) { return a.when < b.when; });
    return out;
}

} // namespace custos::model
