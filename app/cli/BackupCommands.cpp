#include "BackupCommands.h"
#include "CommandContext.h"
#include "KeyFiles.h"

#include "model/services/Services.h"

#include <QJsonArray>

namespace custos::app {

using model::WorkspaceBackup;

namespace {

QString iso(const QDateTime& time)
{
    return time.isValid() ? time.toUTC().toString(Qt::ISODate) : QString();
}

// "3 vaults, 5 keys (9 versions), 2 certificates (3 versions), 1 custom role, 4 role assignments"
QString countsText(const WorkspaceBackup& b)
{
    return QStringLiteral("%1 vaults, %2 keys (%3 versions), %4 certificates (%5 versions), %6 custom roles, %7 role "
                          "assignments")
        .arg(b.vaults.size())
        .arg(b.keys.size())
        .arg(b.keyVersionCount())
        .arg(b.certificates.size())
        .arg(b.certificateVersionCount())
        .arg(b.roleDefinitions.size())
        .arg(b.roleAssignments.size());
}

QJsonObject summaryJson(const WorkspaceBackup& b)
{
    return {
        {QStringLiteral("sourceWorkspaceId"), b.sourceWorkspaceId},
        {QStringLiteral("sourceWorkspaceName"), b.sourceWorkspaceName},
        {QStringLiteral("domainKeyId"), b.domainKeyId},
        {QStringLiteral("made"), iso(b.made)},
        {QStringLiteral("vaults"), int(b.vaults.size())},
        {QStringLiteral("keys"), int(b.keys.size())},
        {QStringLiteral("keyVersions"), b.keyVersionCount()},
        {QStringLiteral("certificates"), int(b.certificates.size())},
        {QStringLiteral("certificateVersions"), b.certificateVersionCount()},
        {QStringLiteral("roleDefinitions"), int(b.roleDefinitions.size())},
        {QStringLiteral("roleAssignments"), int(b.roleAssignments.size())},
    };
}

// `backup inspect --json`: the summary and the contents, names and ids only (no key material).
QJsonObject contentsJson(const WorkspaceBackup& b)
{
    QJsonObject out = summaryJson(b);
    QJsonArray vaults, keys, certificates, roles, assignments;
    for (const model::Vault& v : b.vaults)
        vaults.append(QJsonObject{{QStringLiteral("name"), v.name},
                                  {QStringLiteral("id"), v.resourceId()},
                                  {QStringLiteral("protection"), model::protectionName(v.protection)}});
    for (const model::WorkspaceBackupKey& k : b.keys) {
        QJsonArray versions;
        for (const model::KeyBackupVersion& v : k.versions)
            versions.append(model::KeyRecord::versionResourceId(k.key.vault, k.key.name, v.version.id));
        keys.append(QJsonObject{{QStringLiteral("name"), k.key.name},
                                {QStringLiteral("id"), model::KeyRecord::keyResourceId(k.key.vault, k.key.name)},
                                {QStringLiteral("kty"), model::keyTypeName(k.key.kty)},
                                {QStringLiteral("protection"), model::protectionName(k.key.protection)},
                                {QStringLiteral("versions"), versions}});
    }
    for (const model::WorkspaceBackupCertificate& c : b.certificates) {
        QJsonArray versions;
        for (const model::CertificateVersion& v : c.versions)
            versions.append(model::CertificateRecord::versionResourceId(c.certificate.vault, c.certificate.name, v.id));
        certificates.append(QJsonObject{{QStringLiteral("name"), c.certificate.name},
                                        {QStringLiteral("id"), model::CertificateRecord::certificateResourceId(
                                                                   c.certificate.vault, c.certificate.name)},
                                        {QStringLiteral("ca"), c.certificate.isCa},
                                        {QStringLiteral("versions"), versions}});
    }
    for (const model::WorkspaceBackupRole& r : b.roleDefinitions)
        roles.append(r.name);
    for (const model::RoleAssignment& a : b.roleAssignments)
        assignments.append(QJsonObject{{QStringLiteral("principal"), a.principal},
                                       {QStringLiteral("role"), a.role},
                                       {QStringLiteral("scope"), a.scope}});
    out.insert(QStringLiteral("vaultList"), vaults);
    out.insert(QStringLiteral("keyList"), keys);
    out.insert(QStringLiteral("certificateList"), certificates);
    out.insert(QStringLiteral("roleDefinitionList"), roles);
    out.insert(QStringLiteral("roleAssignmentList"), assignments);
    return out;
}

QString contentsText(const WorkspaceBackup& b)
{
    QString text = QStringLiteral("Workspace backup of '%1' (%2), made %3 under security domain key %4\n%5\n")
                       .arg(b.sourceWorkspaceName, b.sourceWorkspaceId, iso(b.made), b.domainKeyId, countsText(b));
    for (const model::Vault& v : b.vaults)
        text += QStringLiteral("vault %1 (%2)\n").arg(v.name, model::protectionName(v.protection));
    for (const model::WorkspaceBackupKey& k : b.keys) {
        QStringList ids;
        for (const model::KeyBackupVersion& v : k.versions)
            ids << v.version.id;
        text += QStringLiteral("key %1/%2 (%3, %4): versions %5\n")
                    .arg(k.key.vault, k.key.name, model::keyTypeName(k.key.kty),
                         model::protectionName(k.key.protection), ids.join(QStringLiteral(", ")));
    }
    for (const model::WorkspaceBackupCertificate& c : b.certificates) {
        QStringList ids;
        for (const model::CertificateVersion& v : c.versions)
            ids << v.id;
        text += QStringLiteral("%1 %2/%3: versions %4\n")
                    .arg(c.certificate.isCa ? QStringLiteral("ca") : QStringLiteral("certificate"), c.certificate.vault,
                         c.certificate.name, ids.join(QStringLiteral(", ")));
    }
    for (const model::WorkspaceBackupRole& r : b.roleDefinitions)
        text += QStringLiteral("role %1\n").arg(r.name);
    for (const model::RoleAssignment& a : b.roleAssignments)
        text += QStringLiteral("assignment %1 / %2 / %3\n").arg(a.principal, a.role, a.scope);
    return text;
}

} // namespace

QList<CommandSpec> BackupCommands::specs()
{
    const QString b = QStringLiteral("backup");
    auto opt = [](const char* name) { return OptionSpec{QString::fromLatin1(name), true}; };
    const auto login = CommandNeeds::Login;
    // clang-format off
    return {
        {b, QStringLiteral("create"), {}, {opt("out")}, true, login, &BackupCommands::create,
         QStringLiteral("backup create --out F"), &BackupCommands::checkOut},
        {b, QStringLiteral("restore"), {}, {opt("in")}, true, login, &BackupCommands::restore,
         QStringLiteral("backup restore --in F"), &BackupCommands::checkIn},
        {b, QStringLiteral("verify"), {}, {opt("in")}, false, login, &BackupCommands::verify,
         QStringLiteral("backup verify --in F"), &BackupCommands::checkIn},
        {b, QStringLiteral("inspect"), {}, {opt("in")}, false, login, &BackupCommands::inspect,
         QStringLiteral("backup inspect --in F"), &BackupCommands::checkIn},
    };
    // clang-format on
}

int BackupCommands::checkOut(CommandContext& context)
{
    if (context.args().value(QStringLiteral("out")).isEmpty())
        return context.usage(QStringLiteral("'backup create' needs --out F"));
    return Console::Success;
}

int BackupCommands::checkIn(CommandContext& context)
{
    if (context.args().value(QStringLiteral("in")).isEmpty())
        return context.usage(QStringLiteral("'backup restore', 'backup verify' and 'backup inspect' need --in F"));
    return Console::Success;
}

QCoro::Task<int> BackupCommands::create(CommandContext& context)
{
    const QString path = context.args().value(QStringLiteral("out"));
    if (auto writable = KeyFiles::checkWritable(path, QStringLiteral("--out file")); !writable)
        co_return context.fail(writable.error());
    model::WorkspaceBackupCreateRequest request;
    request.outPath = path; // written atomically, owner-only, before the commit
    auto createdTask = context.services().backups().create(request, context.operationContext());
    auto created = co_await createdTask;
    if (!created)
        co_return context.fail(created.error());
    QJsonObject json = summaryJson(created->backup);
    json.insert(QStringLiteral("file"), path);
    json.insert(QStringLiteral("sha256"), created->sha256);
    json.insert(QStringLiteral("bytes"), int(created->file.size()));
    co_return context.done(
        QStringLiteral("Backed up workspace '%1' to '%2': %3 (SHA-256 %4)")
            .arg(created->backup.sourceWorkspaceName, path, countsText(created->backup), created->sha256),
        json);
}

QCoro::Task<int> BackupCommands::restore(CommandContext& context)
{
    auto file = KeyFiles::read(context.args().value(QStringLiteral("in")), QStringLiteral("--in file"));
    if (!file)
        co_return context.fail(file.error());
    auto restoredTask = context.services().backups().restore(file.take(), context.operationContext());
    auto restored = co_await restoredTask;
    if (!restored)
        co_return context.fail(restored.error());
    const WorkspaceBackup& b = restored->backup;
    QJsonObject json = summaryJson(b);
    json.insert(QStringLiteral("roleAssignmentsRestored"), restored->assignmentsRestored);
    json.insert(QStringLiteral("roleDefinitionsRestored"), restored->rolesRestored);
    json.insert(QStringLiteral("skippedAssignments"), QJsonArray::fromStringList(restored->skippedAssignments));
    QString line = QStringLiteral("Restored the backup of workspace '%1' (%2): %3 vaults, %4 keys (%5 versions), %6 "
                                  "certificates, %7 of %8 role assignments")
                       .arg(b.sourceWorkspaceName, b.sourceWorkspaceId)
                       .arg(b.vaults.size())
                       .arg(b.keys.size())
                       .arg(b.keyVersionCount())
                       .arg(b.certificates.size())
                       .arg(restored->assignmentsRestored)
                       .arg(b.roleAssignments.size());
    if (!restored->skippedAssignments.isEmpty())
        line += QStringLiteral(" (skipped: %1)").arg(restored->skippedAssignments.join(QStringLiteral("; ")));
    co_return context.done(line, json);
}

QCoro::Task<int> BackupCommands::verify(CommandContext& context)
{
    auto file = KeyFiles::read(context.args().value(QStringLiteral("in")), QStringLiteral("--in file"));
    if (!file)
        co_return context.fail(file.error());
    auto checkedTask = context.services().backups().verify(file.take(), context.operationContext());
    auto checked = co_await checkedTask;
    if (!checked)
        co_return context.fail(checked.error());
    if (context.json()) {
        QJsonObject json = summaryJson(checked->backup);
        json.insert(QStringLiteral("intact"), true);
        json.insert(QStringLiteral("wouldRestore"), checked->wouldRestore());
        json.insert(QStringLiteral("conflicts"), QJsonArray::fromStringList(checked->conflicts));
        json.insert(QStringLiteral("skippedAssignments"), QJsonArray::fromStringList(checked->skippedAssignments));
        context.console().printJson(json);
    } else {
        context.console().print(QStringLiteral("Backup of workspace '%1' (%2) is intact and opens with security domain "
                                               "key %3: %4")
                                    .arg(checked->backup.sourceWorkspaceName, checked->backup.sourceWorkspaceId,
                                         checked->backup.domainKeyId, countsText(checked->backup)));
        for (const QString& skipped : std::as_const(checked->skippedAssignments))
            context.console().print(QStringLiteral("would skip role assignment %1").arg(skipped));
    }
    if (!checked->wouldRestore())
        co_return context.fail(QStringLiteral("the backup would not restore into this workspace: %1")
                                   .arg(checked->conflicts.join(QStringLiteral("; "))));
    co_return Console::Success;
}

QCoro::Task<int> BackupCommands::inspect(CommandContext& context)
{
    auto file = KeyFiles::read(context.args().value(QStringLiteral("in")), QStringLiteral("--in file"));
    if (!file)
        co_return context.fail(file.error());
    auto contents = context.services().backups().inspect(file.value());
    if (!contents)
        co_return context.fail(contents.error());
    if (context.json())
        context.console().printJson(contentsJson(contents.value()));
    else
        context.console().print(contentsText(contents.value()));
    co_return Console::Success;
}

} // namespace custos::app
