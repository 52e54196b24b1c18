#include "WorkspaceBackupFormat.h"

#include "BackupJson_p.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QRegularExpression>
#include <QSet>

namespace custos::model {

namespace {

using namespace backupjson;

const QString kWhat = QStringLiteral("the workspace backup");

QStringList stringList(const QJsonValue& value)
{
    QStringList out;
    for (const QJsonValue& v : value.toArray())
        out << v.toString();
    return out;
}

Error damaged(const QString& what)
{
    return makeError(ErrorKind::Invalid, QStringLiteral("the workspace backup is damaged: %1").arg(what));
}

bool isVaultName(const QString& name)
{
    static const QRegularExpression pattern(QStringLiteral("^[A-Za-z0-9-]{3,24}$"));
    return pattern.match(name).hasMatch();
}

bool isObjectName(const QString& name)
{
    static const QRegularExpression pattern(QStringLiteral("^[A-Za-z0-9-]{1,127}$"));
    return pattern.match(name).hasMatch();
}

bool isVersionId(const QString& id)
{
    static const QRegularExpression pattern(QStringLiteral("^[0-9a-f]{32}$"));
    return pattern.match(id).hasMatch();
}

QString objectKey(const QString& vault, const QString& name)
{
    return vault.toLower() + QLatin1Char('/') + name.toLower();
}

// --- encoding -------------------------------------------------------------------------------

QJsonObject vaultJson(const Vault& v)
{
    return {
        {QStringLiteral("name"), v.name},
        {QStringLiteral("protection"), protectionName(v.protection)},
        {QStringLiteral("retentionDays"), v.retentionDays},
        {QStringLiteral("purgeProtection"), v.purgeProtection},
        {QStringLiteral("tags"), tagsObject(v.tags)},
        {QStringLiteral("created"), iso(v.created)},
        {QStringLiteral("updated"), iso(v.updated)},
    };
}

QJsonObject keyJson(const WorkspaceBackupKey& k)
{
    QJsonArray versions;
    for (const KeyBackupVersion& v : k.versions)
        versions.append(KeyBackupFormat::versionToJson(v));
    QJsonObject json{
        {QStringLiteral("key"), KeyBackupFormat::keyToJson(k.key)},
        {QStringLiteral("isCaKey"), k.key.isCaKey},
        {QStringLiteral("versions"), versions},
    };
    if (k.key.publicOnly) // only when set: backups of workspaces without such keys stay as they were
        json.insert(QStringLiteral("publicOnly"), true);
    return json;
}

QJsonObject certificateVersionJson(const CertificateVersion& v)
{
    return {
        {QStringLiteral("id"), v.id},
        {QStringLiteral("seq"), v.seq},
        {QStringLiteral("keyVersionId"), v.keyVersionId},
        {QStringLiteral("der"), b64(v.der)},
        {QStringLiteral("csr"), b64(v.csrDer)},
        {QStringLiteral("serial"), v.serialHex},
        {QStringLiteral("notBefore"), iso(v.notBefore)},
        {QStringLiteral("notAfter"), iso(v.notAfter)},
        {QStringLiteral("issuerVersionId"), v.issuerVersionId},
        {QStringLiteral("created"), iso(v.created)},
        {QStringLiteral("revoked"), iso(v.revoked)},
        {QStringLiteral("revocationReason"), v.revocationReason},
        {QStringLiteral("chain"), b64(v.chainDer)},
    };
}

QJsonObject issuedJson(const ExternallySignedCertificate& c)
{
    return {
        {QStringLiteral("issuerVersionId"), c.issuerVersionId},
        {QStringLiteral("serial"), c.serialHex},
        {QStringLiteral("subject"), c.subject},
        {QStringLiteral("notBefore"), iso(c.notBefore)},
        {QStringLiteral("notAfter"), iso(c.notAfter)},
        {QStringLiteral("sha256"), c.sha256},
        {QStringLiteral("der"), b64(c.der)},
        {QStringLiteral("created"), iso(c.created)},
        {QStringLiteral("createdBy"), c.createdBy},
        {QStringLiteral("revoked"), iso(c.revoked)},
        {QStringLiteral("revocationReason"), c.revocationReason},
    };
}

QJsonObject certificateJson(const WorkspaceBackupCertificate& c)
{
    const CertificateRecord& r = c.certificate;
    QJsonArray versions;
    for (const CertificateVersion& v : c.versions)
        versions.append(certificateVersionJson(v));
    QJsonArray issued;
    for (const ExternallySignedCertificate& i : c.issued)
        issued.append(issuedJson(i));
    return {
        {QStringLiteral("vault"), r.vault},
        {QStringLiteral("name"), r.name},
        {QStringLiteral("isCa"), r.isCa},
        {QStringLiteral("key"), c.keyName},
        {QStringLiteral("policy"), certificatePolicyToJson(r.policy)},
        {QStringLiteral("ca"), caSettingsToJson(r.ca)},
        {QStringLiteral("created"), iso(r.created)},
        {QStringLiteral("updated"), iso(r.updated)},
        {QStringLiteral("versions"), versions},
        {QStringLiteral("issued"), issued},
    };
}

QJsonObject roleJson(const WorkspaceBackupRole& r)
{
    return {
        {QStringLiteral("name"), r.name},
        {QStringLiteral("description"), r.description},
        {QStringLiteral("actions"), QJsonArray::fromStringList(r.actions)},
        {QStringLiteral("notActions"), QJsonArray::fromStringList(r.notActions)},
    };
}

QJsonObject assignmentJson(const RoleAssignment& a)
{
    return {
        {QStringLiteral("principal"), a.principal}, {QStringLiteral("role"), a.role},
        {QStringLiteral("scope"), a.scope},         {QStringLiteral("created"), iso(a.created)},
        {QStringLiteral("createdBy"), a.createdBy}, {QStringLiteral("expires"), iso(a.expires)},
    };
}

QJsonObject unsignedRoot(const WorkspaceBackup& backup)
{
    QJsonArray vaults, keys, certificates, roles, assignments;
    for (const Vault& v : backup.vaults)
        vaults.append(vaultJson(v));
    for (const WorkspaceBackupKey& k : backup.keys)
        keys.append(keyJson(k));
    for (const WorkspaceBackupCertificate& c : backup.certificates)
        certificates.append(certificateJson(c));
    for (const WorkspaceBackupRole& r : backup.roleDefinitions)
        roles.append(roleJson(r));
    for (const RoleAssignment& a : backup.roleAssignments)
        assignments.append(assignmentJson(a));
    return {
        {QStringLiteral("format"), WorkspaceBackupFormat::formatName()},
        {QStringLiteral("made"), iso(backup.made)},
        {QStringLiteral("source"), QJsonObject{{QStringLiteral("workspaceId"), backup.sourceWorkspaceId},
                                               {QStringLiteral("workspaceName"), backup.sourceWorkspaceName}}},
        {QStringLiteral("domainKeyId"), backup.domainKeyId},
        {QStringLiteral("contentKey"), b64(backup.wrappedContentKey)},
        {QStringLiteral("vaults"), vaults},
        {QStringLiteral("keys"), keys},
        {QStringLiteral("certificates"), certificates},
        {QStringLiteral("roleDefinitions"), roles},
        {QStringLiteral("roleAssignments"), assignments},
    };
}

// --- decoding -------------------------------------------------------------------------------

Outcome<Vault> vaultFrom(const QJsonObject& o)
{
    Vault v;
    v.name = o.value(QStringLiteral("name")).toString();
    if (!isVaultName(v.name))
        return damaged(QStringLiteral("vault name '%1' is not 3-24 letters, digits and dashes").arg(v.name));
    if (!parseProtection(o.value(QStringLiteral("protection")).toString(), &v.protection))
        return damaged(QStringLiteral("vault '%1': unknown protection '%2': expected hsm or software")
                           .arg(v.name, o.value(QStringLiteral("protection")).toString()));
    v.retentionDays = o.value(QStringLiteral("retentionDays")).toInt(90);
    if (v.retentionDays < 7 || v.retentionDays > 90)
        return damaged(
            QStringLiteral("vault '%1': retention of %2 days: expected 7-90").arg(v.name).arg(v.retentionDays));
    v.purgeProtection = o.value(QStringLiteral("purgeProtection")).toBool();
    v.tags = tagsMap(o.value(QStringLiteral("tags")));
    v.created = fromIso(o.value(QStringLiteral("created")));
    v.updated = fromIso(o.value(QStringLiteral("updated")));
    return v;
}

Outcome<WorkspaceBackupKey> keyFrom(const QJsonObject& o)
{
    auto key = KeyBackupFormat::keyFromJson(o.value(QStringLiteral("key")).toObject(), kWhat);
    if (!key)
        return key.error();
    WorkspaceBackupKey k;
    k.key = key.value();
    k.key.isCaKey = o.value(QStringLiteral("isCaKey")).toBool();
    k.key.publicOnly = o.value(QStringLiteral("publicOnly")).toBool();
    if (k.key.publicOnly && k.key.protection != Protection::Software)
        return damaged(
            QStringLiteral("key '%1/%2' is public-only but not software-protected").arg(k.key.vault, k.key.name));
    if (!isObjectName(k.key.name))
        return damaged(QStringLiteral("key name '%1' is not 1-127 letters, digits and dashes").arg(k.key.name));
    const QJsonArray versions = o.value(QStringLiteral("versions")).toArray();
    if (versions.isEmpty())
        return damaged(QStringLiteral("key '%1/%2' has no versions").arg(k.key.vault, k.key.name));
    for (const QJsonValue& value : versions) {
        auto version = KeyBackupFormat::versionFromJson(value.toObject(), k.key, kWhat);
        if (!version)
            return version.error();
        k.versions << version.value();
    }
    return k;
}

Outcome<CertificateVersion> certificateVersionFrom(const QJsonObject& o, const QString& certificate)
{
    CertificateVersion v;
    v.id = o.value(QStringLiteral("id")).toString();
    if (!isVersionId(v.id))
        return damaged(
            QStringLiteral("certificate '%1': version id '%2' is not 32 lowercase hex digits").arg(certificate, v.id));
    v.seq = o.value(QStringLiteral("seq")).toInt();
    v.keyVersionId = o.value(QStringLiteral("keyVersionId")).toString();
    v.der = fromB64(o.value(QStringLiteral("der")));
    v.csrDer = fromB64(o.value(QStringLiteral("csr")));
    v.serialHex = o.value(QStringLiteral("serial")).toString();
    v.notBefore = fromIso(o.value(QStringLiteral("notBefore")));
    v.notAfter = fromIso(o.value(QStringLiteral("notAfter")));
    v.issuerVersionId = o.value(QStringLiteral("issuerVersionId")).toString();
    v.created = fromIso(o.value(QStringLiteral("created")));
    v.revoked = fromIso(o.value(QStringLiteral("revoked")));
    v.revocationReason = o.value(QStringLiteral("revocationReason")).toString();
    v.chainDer = fromB64(o.value(QStringLiteral("chain")));
    if (v.der.isEmpty() && v.csrDer.isEmpty())
        return damaged(
            QStringLiteral("certificate '%1': version %2 has neither a certificate nor a CSR").arg(certificate, v.id));
    return v;
}

ExternallySignedCertificate issuedFrom(const QJsonObject& o)
{
    ExternallySignedCertificate c;
    c.issuerVersionId = o.value(QStringLiteral("issuerVersionId")).toString();
    c.serialHex = o.value(QStringLiteral("serial")).toString();
    c.subject = o.value(QStringLiteral("subject")).toString();
    c.notBefore = fromIso(o.value(QStringLiteral("notBefore")));
    c.notAfter = fromIso(o.value(QStringLiteral("notAfter")));
    c.sha256 = o.value(QStringLiteral("sha256")).toString();
    c.der = fromB64(o.value(QStringLiteral("der")));
    c.created = fromIso(o.value(QStringLiteral("created")));
    c.createdBy = o.value(QStringLiteral("createdBy")).toString();
    c.revoked = fromIso(o.value(QStringLiteral("revoked")));
    c.revocationReason = o.value(QStringLiteral("revocationReason")).toString();
    return c;
}

Outcome<WorkspaceBackupCertificate> certificateFrom(const QJsonObject& o)
{
    WorkspaceBackupCertificate c;
    CertificateRecord& r = c.certificate;
    r.vault = o.value(QStringLiteral("vault")).toString();
    r.name = o.value(QStringLiteral("name")).toString();
    if (!isObjectName(r.name))
        return damaged(QStringLiteral("certificate name '%1' is not 1-127 letters, digits and dashes").arg(r.name));
    const QString label = r.vault + QLatin1Char('/') + r.name;
    r.isCa = o.value(QStringLiteral("isCa")).toBool();
    c.keyName = o.value(QStringLiteral("key")).toString();
    r.policy = certificatePolicyFromJson(o.value(QStringLiteral("policy")).toObject());
    r.ca = caSettingsFromJson(o.value(QStringLiteral("ca")).toObject());
    r.created = fromIso(o.value(QStringLiteral("created")));
    r.updated = fromIso(o.value(QStringLiteral("updated")));
    const QJsonArray versions = o.value(QStringLiteral("versions")).toArray();
    if (versions.isEmpty())
        return damaged(QStringLiteral("certificate '%1' has no versions").arg(label));
    for (const QJsonValue& value : versions) {
        auto version = certificateVersionFrom(value.toObject(), label);
        if (!version)
            return version.error();
        c.versions << version.value();
    }
    for (const QJsonValue& value : o.value(QStringLiteral("issued")).toArray())
        c.issued << issuedFrom(value.toObject());
    return c;
}

Outcome<RoleAssignment> assignmentFrom(const QJsonObject& o)
{
    RoleAssignment a;
    a.principal = o.value(QStringLiteral("principal")).toString();
    a.role = o.value(QStringLiteral("role")).toString();
    a.scope = o.value(QStringLiteral("scope")).toString();
    if (a.principal.isEmpty() || a.role.isEmpty() || !a.scope.startsWith(QLatin1Char('/')))
        return damaged(QStringLiteral("a role assignment without principal, role or scope"));
    a.created = fromIso(o.value(QStringLiteral("created")));
    a.createdBy = o.value(QStringLiteral("createdBy")).toString();
    a.expires = fromIso(o.value(QStringLiteral("expires")));
    return a;
}

// What refers to what: keys and certificates to vaults of the backup, certificates to keys of their
// vault, unique names and version ids.
Outcome<void> checkReferences(const WorkspaceBackup& backup)
{
    QSet<QString> vaults;
    for (const Vault& v : backup.vaults) {
        if (vaults.contains(v.name.toLower()))
            return damaged(QStringLiteral("vault '%1' appears twice").arg(v.name));
        vaults.insert(v.name.toLower());
    }
    QSet<QString> keys;
    QSet<QString> versionIds;
    for (const WorkspaceBackupKey& k : backup.keys) {
        if (!vaults.contains(k.key.vault.toLower()))
            return damaged(QStringLiteral("key '%1' belongs to vault '%2', which the backup does not hold")
                               .arg(k.key.name, k.key.vault));
        const QString id = objectKey(k.key.vault, k.key.name);
        if (keys.contains(id))
            return damaged(QStringLiteral("key '%1/%2' appears twice").arg(k.key.vault, k.key.name));
        keys.insert(id);
        for (const KeyBackupVersion& v : k.versions) {
            if (versionIds.contains(v.version.id))
                return damaged(QStringLiteral("key version %1 appears twice").arg(v.version.id));
            versionIds.insert(v.version.id);
        }
    }
    QSet<QString> certificates;
    for (const WorkspaceBackupCertificate& c : backup.certificates) {
        const CertificateRecord& r = c.certificate;
        if (!vaults.contains(r.vault.toLower()))
            return damaged(QStringLiteral("certificate '%1' belongs to vault '%2', which the backup does not hold")
                               .arg(r.name, r.vault));
        if (!keys.contains(objectKey(r.vault, c.keyName)))
            return damaged(QStringLiteral("certificate '%1/%2' uses key '%3', which the backup does not hold")
                               .arg(r.vault, r.name, c.keyName));
        const QString id = objectKey(r.vault, r.name);
        if (certificates.contains(id))
            return damaged(QStringLiteral("certificate '%1/%2' appears twice").arg(r.vault, r.name));
        certificates.insert(id);
        for (const CertificateVersion& v : c.versions) {
            if (versionIds.contains(v.id))
                return damaged(QStringLiteral("version %1 appears twice").arg(v.id));
            versionIds.insert(v.id);
        }
    }
    QSet<QString> roles;
    for (const WorkspaceBackupRole& r : backup.roleDefinitions) {
        if (r.name.isEmpty() || roles.contains(r.name.toLower()))
            return damaged(QStringLiteral("role definition '%1' is unnamed or appears twice").arg(r.name));
        roles.insert(r.name.toLower());
    }
    return {};
}

} // namespace

int WorkspaceBackup::keyVersionCount() const
{
    int count = 0;
    for (const WorkspaceBackupKey& k : keys)
        count += int(k.versions.size());
    return count;
}

int WorkspaceBackup::certificateVersionCount() const
{
    int count = 0;
    for (const WorkspaceBackupCertificate& c : certificates)
        count += int(c.versions.size());
    return count;
}

QString WorkspaceBackupFormat::formatName()
{
    return QStringLiteral("custos-workspace-backup-1");
}

QByteArray WorkspaceBackupFormat::backupAad(const QString& versionId)
{
    return QByteArrayLiteral("custos-workspace-backup:") + versionId.toLatin1();
}

QByteArray WorkspaceBackupFormat::integrityMarker()
{
    return QByteArrayLiteral("custos-workspace-backup-1");
}

QByteArray WorkspaceBackupFormat::integrityAad(const QByteArray& canonical)
{
    return QByteArrayLiteral("custos-workspace-backup-integrity:") + canonical;
}

QByteArray WorkspaceBackupFormat::canonical(const WorkspaceBackup& backup)
{
    return QJsonDocument(unsignedRoot(backup)).toJson(QJsonDocument::Compact);
}

QByteArray WorkspaceBackupFormat::encode(const WorkspaceBackup& backup)
{
    QJsonObject root = unsignedRoot(backup);
    root.insert(QStringLiteral("integrity"), b64(backup.integrity));
    return QJsonDocument(root).toJson(QJsonDocument::Indented);
}

Outcome<WorkspaceBackup> WorkspaceBackupFormat::decode(const QByteArray& file)
{
    QJsonParseError parseError;
    const QJsonDocument doc = QJsonDocument::fromJson(file, &parseError);
    const QJsonObject root = doc.object();
    if (parseError.error != QJsonParseError::NoError || !doc.isObject() ||
        root.value(QStringLiteral("format")).toString() != formatName())
        return makeError(
            ErrorKind::Invalid,
            QStringLiteral("not a Custos workspace backup: expected JSON with format %1").arg(formatName()));
    WorkspaceBackup backup;
    backup.integrity = fromB64(root.value(QStringLiteral("integrity")));
    if (backup.integrity.isEmpty())
        return damaged(QStringLiteral("no integrity tag"));
    QJsonObject covered = root;
    covered.remove(QStringLiteral("integrity"));
    backup.canonical = QJsonDocument(covered).toJson(QJsonDocument::Compact);
    backup.made = fromIso(root.value(QStringLiteral("made")));
    const QJsonObject source = root.value(QStringLiteral("source")).toObject();
    backup.sourceWorkspaceId = source.value(QStringLiteral("workspaceId")).toString();
    backup.sourceWorkspaceName = source.value(QStringLiteral("workspaceName")).toString();
    static const QRegularExpression domainIdPattern(QStringLiteral("^[0-9a-fA-F]{16}$"));
    backup.domainKeyId = root.value(QStringLiteral("domainKeyId")).toString();
    if (!domainIdPattern.match(backup.domainKeyId).hasMatch())
        return damaged(QStringLiteral("domain key id '%1' is not 16 hex digits").arg(backup.domainKeyId));
    backup.wrappedContentKey = fromB64(root.value(QStringLiteral("contentKey")));
    if (backup.wrappedContentKey.isEmpty())
        return damaged(QStringLiteral("no wrapped content key"));

    for (const QJsonValue& value : root.value(QStringLiteral("vaults")).toArray()) {
        auto vault = vaultFrom(value.toObject());
        if (!vault)
            return vault.error();
        backup.vaults << vault.value();
    }
    for (const QJsonValue& value : root.value(QStringLiteral("keys")).toArray()) {
        auto key = keyFrom(value.toObject());
        if (!key)
            return key.error();
        backup.keys << key.value();
    }
    for (const QJsonValue& value : root.value(QStringLiteral("certificates")).toArray()) {
        auto certificate = certificateFrom(value.toObject());
        if (!certificate)
            return certificate.error();
        backup.certificates << certificate.value();
    }
    for (const QJsonValue& value : root.value(QStringLiteral("roleDefinitions")).toArray()) {
        const QJsonObject o = value.toObject();
        backup.roleDefinitions << WorkspaceBackupRole{
            o.value(QStringLiteral("name")).toString(), o.value(QStringLiteral("description")).toString(),
            stringList(o.value(QStringLiteral("actions"))), stringList(o.value(QStringLiteral("notActions")))};
    }
    for (const QJsonValue& value : root.value(QStringLiteral("roleAssignments")).toArray()) {
        auto assignment = assignmentFrom(value.toObject());
        if (!assignment)
            return assignment.error();
        backup.roleAssignments << assignment.value();
    }
    if (auto references = checkReferences(backup); !references)
        return references.error();
    return backup;
}

} // namespace custos::model
