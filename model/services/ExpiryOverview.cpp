#include "ExpiryOverview.h"

#include "ServicePath.h"
#include "Services.h"
#include "model/store/Stores.h"

#include <QCoreApplication>
#include <QSet>

namespace custos::model {

namespace {
constexpr qint64 kCriticalDays = 7;
constexpr qint64 kWarningDays = 30;
constexpr qint64 kSecondsPerDay = 24 * 60 * 60;
} // namespace

qint64 daysLeft(const QDateTime& expires, const QDateTime& now)
{
    const qint64 seconds = now.secsTo(expires);
    // Floor division: 1 second past the expiry is day -1, 23 hours before it day 0.
    return seconds >= 0 ? seconds / kSecondsPerDay : -((-seconds + kSecondsPerDay - 1) / kSecondsPerDay);
}

ExpiryStatus expiryStatus(const QDateTime& expires, const QDateTime& now)
{
    if (!expires.isValid())
        return ExpiryStatus::Never;
    if (expires <= now)
        return ExpiryStatus::Expired;
    const qint64 seconds = now.secsTo(expires);
    if (seconds < kCriticalDays * kSecondsPerDay)
        return ExpiryStatus::Critical;
    if (seconds < kWarningDays * kSecondsPerDay)
        return ExpiryStatus::Warning;
    return ExpiryStatus::Fine;
}

QString expiryStatusText(ExpiryStatus status)
{
    switch (status) {
    case ExpiryStatus::Expired:
        return QCoreApplication::translate("custos::model::Expiry", "expired");
    case ExpiryStatus::Critical:
        return QCoreApplication::translate("custos::model::Expiry", "< 7 days");
    case ExpiryStatus::Warning:
        return QCoreApplication::translate("custos::model::Expiry", "< 30 days");
    case ExpiryStatus::Fine:
        return QCoreApplication::translate("custos::model::Expiry", "fine");
    case ExpiryStatus::Revoked:
        return QCoreApplication::translate("custos::model::Expiry", "revoked");
    case ExpiryStatus::Pending:
        return QCoreApplication::translate("custos::model::Expiry", "pending");
    case ExpiryStatus::Never:
        return QCoreApplication::translate("custos::model::Expiry", "no expiry");
    }
    return {};
}

QString expiryKindText(ExpiryItem::Kind kind)
{
    switch (kind) {
    case ExpiryItem::Kind::Certificate:
        return QCoreApplication::translate("custos::model::Expiry", "Certificate");
    case ExpiryItem::Kind::Key:
        return QCoreApplication::translate("custos::model::Expiry", "Key");
    case ExpiryItem::Kind::CrlNextUpdate:
        return QCoreApplication::translate("custos::model::Expiry", "CRL next update");
    }
    return {};
}

Outcome<QList<ExpiryItem>> collectExpiryItems(Services& services, const QDateTime& now)
{
    auto vaults = services.vaults().list(); // the vaults this operator may read
    if (!vaults)
        return vaults.error();
    QSet<QString> readableVaults;
    for (const Vault& vault : vaults.value())
        readableVaults.insert(vault.name);
    auto rows = ExpiryStore(services.path().database()).rows();
    if (!rows)
        return rows.error();
    // Assignments are read once per permission, not once per row.
    const auto mayReadCertificate = services.path().allowedScopes(QStringLiteral("certificates/read"));
    const auto mayReadKey = services.path().allowedScopes(QStringLiteral("keys/read/action"));
    QList<ExpiryItem> items;
    items.reserve(rows->size());
    for (const ExpiryRow& row : rows.value()) {
        if (!readableVaults.contains(row.vault))
            continue;
        const bool isKey = row.kind == ExpiryRow::Kind::Key;
        const QString resource = isKey ? KeyRecord::keyResourceId(row.vault, row.name)
                                       : CertificateRecord::certificateResourceId(row.vault, row.name);
        if (!(isKey ? mayReadKey(resource) : mayReadCertificate(resource)))
            continue;
        ExpiryItem item;
        item.kind = isKey ? ExpiryItem::Kind::Key
                          : (row.kind == ExpiryRow::Kind::CrlNextUpdate ? ExpiryItem::Kind::CrlNextUpdate
                                                                        : ExpiryItem::Kind::Certificate);
        item.vault = row.vault;
        item.name = row.name;
        item.expires = row.expires;
        item.status = row.pending ? ExpiryStatus::Pending
                                  : (row.revoked ? ExpiryStatus::Revoked : expiryStatus(row.expires, now));
        items << item;
    }
    return items;
}

} // namespace custos::model
