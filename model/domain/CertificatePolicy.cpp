#include "CertificatePolicy.h"
#include "Certificate.h"
#include "Key.h"

#include <QJsonArray>

namespace custos::model {

namespace {

QJsonArray stringArray(const QStringList& list)
{
    return QJsonArray::fromStringList(list);
}

QStringList stringList(const QJsonValue& value)
{
    QStringList list;
    for (const QJsonValue& item : value.toArray())
        list << item.toString();
    return list;
}

QString kindName(CertificateLifetimeAction::Kind kind)
{
    return kind == CertificateLifetimeAction::Kind::AutoRenew ? QStringLiteral("AutoRenew")
                                                              : QStringLiteral("EmailContacts");
}

} // namespace

QString CertificateRecord::certificateResourceId(const QString& vault, const QString& name)
{
    return QStringLiteral("/vaults/%1/certificates/%2").arg(vault, name);
}

QString CertificateRecord::versionResourceId(const QString& vault, const QString& name, const QString& versionId)
{
    return certificateResourceId(vault, name) + QStringLiteral("/versions/") + versionId;
}

QString certificateLifetimeActionText(const CertificateLifetimeAction& action)
{
    if (action.lifetimePercentage > 0)
        return QStringLiteral("%1 at %2% of the lifetime").arg(kindName(action.kind)).arg(action.lifetimePercentage);
    return QStringLiteral("%1 %2 days before expiry").arg(kindName(action.kind)).arg(action.daysBeforeExpiry);
}

// Key Vault's field names where it has them (lifetimeActions, trigger, action.action_type).
QJsonObject certificatePolicyToJson(const CertificatePolicy& policy)
{
    QJsonArray actions;
    for (const CertificateLifetimeAction& action : policy.actions) {
        QJsonObject trigger;
        if (action.lifetimePercentage > 0)
            trigger.insert(QStringLiteral("lifetimePercentage"), action.lifetimePercentage);
        else
            trigger.insert(QStringLiteral("daysBeforeExpiry"), action.daysBeforeExpiry);
        actions.append(QJsonObject{
            {QStringLiteral("trigger"), trigger},
            {QStringLiteral("action"), QJsonObject{{QStringLiteral("action_type"), kindName(action.kind)}}}});
    }
    QJsonObject json{
        {QStringLiteral("issuer"), policy.issuer},
        {QStringLiteral("profile"), policy.profile},
        {QStringLiteral("subject"), policy.subject},
        {QStringLiteral("subjectAltNames"), stringArray(policy.subjectAltNames)},
        {QStringLiteral("keyUsages"), stringArray(policy.keyUsages)},
        {QStringLiteral("extendedKeyUsages"), stringArray(policy.extendedKeyUsages)},
        {QStringLiteral("kty"), keyTypeName(policy.kty)},
        {QStringLiteral("protection"), protectionName(policy.protection)},
        {QStringLiteral("exportable"), policy.exportable},
        {QStringLiteral("reuseKey"), policy.reuseKey},
        {QStringLiteral("validityMonths"), policy.validityMonths},
        {QStringLiteral("lifetimeActions"), actions},
        {QStringLiteral("contacts"), stringArray(policy.contacts)},
    };
    if (policy.kty == crypto::KeyKind::Ec)
        json.insert(QStringLiteral("crv"), policy.curve);
    else
        json.insert(QStringLiteral("size"), policy.size);
    return json;
}

CertificatePolicy certificatePolicyFromJson(const QJsonObject& json)
{
    CertificatePolicy policy;
    policy.issuer = json.value(QStringLiteral("issuer")).toString();
    policy.profile = json.value(QStringLiteral("profile")).toString();
    policy.subject = json.value(QStringLiteral("subject")).toString();
    policy.subjectAltNames = stringList(json.value(QStringLiteral("subjectAltNames")));
    policy.keyUsages = stringList(json.value(QStringLiteral("keyUsages")));
    policy.extendedKeyUsages = stringList(json.value(QStringLiteral("extendedKeyUsages")));
    parseKeyType(json.value(QStringLiteral("kty")).toString(), &policy.kty);
    policy.size = json.value(QStringLiteral("size")).toInt();
    policy.curve = json.value(QStringLiteral("crv")).toString();
    parseProtection(json.value(QStringLiteral("protection")).toString(), &policy.protection);
    policy.exportable = json.value(QStringLiteral("exportable")).toBool();
    policy.reuseKey = json.value(QStringLiteral("reuseKey")).toBool();
    policy.validityMonths = json.value(QStringLiteral("validityMonths")).toInt(12);
    for (const QJsonValue& value : json.value(QStringLiteral("lifetimeActions")).toArray()) {
        const QJsonObject trigger = value.toObject().value(QStringLiteral("trigger")).toObject();
        const QString type =
            value.toObject().value(QStringLiteral("action")).toObject().value(QStringLiteral("action_type")).toString();
        CertificateLifetimeAction action;
        action.kind = type == QLatin1String("EmailContacts") ? CertificateLifetimeAction::Kind::EmailContacts
                                                             : CertificateLifetimeAction::Kind::AutoRenew;
        action.lifetimePercentage = trigger.value(QStringLiteral("lifetimePercentage")).toInt();
        action.daysBeforeExpiry = trigger.value(QStringLiteral("daysBeforeExpiry")).toInt();
        policy.actions << action;
    }
    policy.contacts = stringList(json.value(QStringLiteral("contacts")));
    return policy;
}

QJsonObject caSettingsToJson(const CaSettings& settings)
{
    QJsonObject json{
        {QStringLiteral("pathLength"), settings.pathLength},
        {QStringLiteral("permittedDnsSubtrees"), stringArray(settings.permittedDnsSubtrees)},
        {QStringLiteral("crlUrl"), settings.crlUrl},
        {QStringLiteral("aiaUrl"), settings.aiaUrl},
        {QStringLiteral("crlDays"), settings.crlDays},
        {QStringLiteral("crlNumber"), settings.crlNumber},
    };
    if (settings.crlNextUpdate.isValid())
        json.insert(QStringLiteral("crlNextUpdate"), settings.crlNextUpdate.toMSecsSinceEpoch());
    return json;
}

CaSettings caSettingsFromJson(const QJsonObject& json)
{
    CaSettings settings;
    settings.pathLength = json.value(QStringLiteral("pathLength")).toInt(-1);
    settings.permittedDnsSubtrees = stringList(json.value(QStringLiteral("permittedDnsSubtrees")));
    settings.crlUrl = json.value(QStringLiteral("crlUrl")).toString();
    settings.aiaUrl = json.value(QStringLiteral("aiaUrl")).toString();
    settings.crlDays = json.value(QStringLiteral("crlDays")).toInt(7);
    settings.crlNumber = json.value(QStringLiteral("crlNumber")).toInteger();
    if (json.contains(QStringLiteral("crlNextUpdate")))
        settings.crlNextUpdate =
            QDateTime::fromMSecsSinceEpoch(json.value(QStringLiteral("crlNextUpdate")).toInteger(), Qt::UTC);
    return settings;
}

} // namespace custos::model
