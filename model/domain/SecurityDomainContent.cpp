#include "SecurityDomainContent.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QRegularExpression>

namespace custos::model {

namespace {
const QString kFormat = QStringLiteral("custos-security-domain-identity-1");

bool isDomainKeyId(const QString& id)
{
    static const QRegularExpression pattern(QStringLiteral("^[0-9a-f]{16}$"));
    return pattern.match(id).hasMatch();
}

Error invalid(const QString& what)
{
    return Error{ErrorKind::Invalid, QStringLiteral("the security-domain file's identity item %1").arg(what)};
}
} // namespace

QString domainKeyTag(const QString& domainKeyId)
{
    return QLatin1String(kDomainKeyTagPrefix) + domainKeyId;
}

QString domainKeyIdFromTag(const QString& tag)
{
    if (!tag.startsWith(QLatin1String(kDomainKeyTagPrefix)))
        return {};
    const QString id = tag.mid(static_cast<qsizetype>(qstrlen(kDomainKeyTagPrefix)));
    return isDomainKeyId(id) ? id : QString();
}

QString domainKeyLabelFor(const QString& domainKeyId)
{
    return QStringLiteral("custos-domain-key-") + domainKeyId;
}

QByteArray SecurityDomainIdentity::toJson() const
{
    QJsonObject o;
    o.insert(QStringLiteral("format"), kFormat);
    o.insert(QStringLiteral("workspaceId"), workspaceId);
    o.insert(QStringLiteral("workspaceName"), workspaceName);
    o.insert(QStringLiteral("workspaceCreated"), workspaceCreated.toUTC().toString(Qt::ISODateWithMs));
    o.insert(QStringLiteral("activeDomainKeyId"), activeDomainKeyId);
    o.insert(QStringLiteral("domainKeyIds"), QJsonArray::fromStringList(domainKeyIds));
    return QJsonDocument(o).toJson(QJsonDocument::Compact);
}

Outcome<SecurityDomainIdentity> SecurityDomainIdentity::fromJson(const QByteArray& json)
{
    QJsonParseError error;
    const QJsonDocument doc = QJsonDocument::fromJson(json, &error);
    if (error.error != QJsonParseError::NoError || !doc.isObject())
        return invalid(QStringLiteral("is not a JSON object"));
    const QJsonObject o = doc.object();
    if (o.value(QLatin1String("format")).toString() != kFormat)
        return invalid(
            QStringLiteral("has format \"%1\": expected %2").arg(o.value(QLatin1String("format")).toString(), kFormat));
    SecurityDomainIdentity id;
    id.workspaceId = o.value(QLatin1String("workspaceId")).toString();
    id.workspaceName = o.value(QLatin1String("workspaceName")).toString();
    id.workspaceCreated =
        QDateTime::fromString(o.value(QLatin1String("workspaceCreated")).toString(), Qt::ISODateWithMs);
    id.activeDomainKeyId = o.value(QLatin1String("activeDomainKeyId")).toString();
    for (const QJsonValue& v : o.value(QLatin1String("domainKeyIds")).toArray()) {
        if (!isDomainKeyId(v.toString()))
            return invalid(QStringLiteral("names a domain key id that is not 16 hex digits"));
        id.domainKeyIds << v.toString();
    }
    if (id.workspaceId.isEmpty())
        return invalid(QStringLiteral("has no workspaceId"));
    if (!isDomainKeyId(id.activeDomainKeyId) || !id.domainKeyIds.contains(id.activeDomainKeyId))
        return invalid(QStringLiteral("does not name its active domain key among its keys"));
    return id;
}

} // namespace custos::model
