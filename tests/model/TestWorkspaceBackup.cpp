#include "TestRegistry.h"
#include "TestWorkspace.h"

#include "crypto/sd/CustodianKey.h"
#include "model/audit/AuditLog.h"
#include "model/authz/Permissions.h"
#include "model/domain/WorkspaceBackupFormat.h"
#include "model/store/AccessStores.h"
#include "model/store/Stores.h"

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTemporaryDir>
#include <QTest>

using namespace custos;
using namespace custos::model;

// Issue 7, "Restore ceremony": the full workspace backup. Workspace A with keys, certificates and
// roles -> backup; new workspace B refuses it until the security domain is restored there, then
// restores it all or nothing; every key signs as before.
class TestWorkspaceBackup : public QObject
{
    Q_OBJECT
private:
    static std::shared_ptr<crypto::sd::CustodianKey> custodian(int index) { return test::openTestCustodian(index); }

    static std::optional<AuditEvent> lastEvent(Services& s, const QString& operation)
    {
        AuditFilter filter;
        filter.operation = operation;
        auto events = s.audit().list(filter);
        if (!events || events->isEmpty())
            return std::nullopt;
        return events->last();
    }

    static bool makeVault(Services& s, const QString& name, Protection protection)
    {
        VaultCreateRequest request(name);
        request.protection = protection;
        auto made = test::await(s.vaults().create(request));
        if (!made)
            qWarning("vault %s: %s", qPrintable(name), qPrintable(made.error().message));
        return bool(made);
    }

    static bool makeKey(Services& s, const QString& vault, const QString& name, crypto::KeyKind kind)
    {
        KeyCreateRequest request;
        request.vault = vault;
        request.name = name;
        request.kty = kind;
        auto made = test::await(s.keys().create(request));
        if (!made)
            qWarning("key %s: %s", qPrintable(name), qPrintable(made.error().message));
        return bool(made);
    }

    // What each key's current version signs, and its public key: the same after the restore.
    struct Signed
    {
        QString vault, name, algorithm, version;
        QByteArray publicKey, signature;
    };

    static QList<Signed> signEach(Services& s, const QList<QPair<QString, QString>>& keys)
    {
        QList<Signed> out;
        for (const auto& [vault, name] : keys) {
            auto key = s.keys().show(vault, name);
            if (!key)
                return {};
            Signed one{vault,
                       name,
                       key->kty == crypto::KeyKind::Rsa ? QStringLiteral("PS256") : QStringLiteral("ES256"),
                       key->currentVersion.id,
                       key->currentVersion.publicKeyDer,
                       {}};
            auto signature = test::await(
                s.keyCrypto().sign({vault, name, {}}, one.algorithm, QByteArrayLiteral("the same message"), false));
            if (!signature) {
                qWarning("sign %s: %s", qPrintable(name), qPrintable(signature.error().message));
                return {};
            }
            one.signature = signature.value();
            out << one;
        }
        return out;
    }

    static QByteArray readAll(const QString& path)
    {
        QFile f(path);
        return f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray();
    }

    static int vaultCount(Services& s)
    {
        auto vaults = VaultStore(s.workspace().database()).list(false);
        return vaults ? int(vaults->size()) : -1;
    }

private Q_SLOTS:
    void fullRoundTripThroughTheSecurityDomain()
    {
        QTemporaryDir dir;
        const QString sdFile = dir.filePath(QStringLiteral("sd.json"));
        const QString backupFile = dir.filePath(QStringLiteral("a.backup"));

        // --- A: activated, with vaults, keys, a CA and a certificate, a custom role, assignments.
        auto a = test::makeReadyWorkspace(dir.filePath(QStringLiteral("a")), QStringLiteral("admin"), {}, false);
        QVERIFY(a);
        Services& sa = *a->services;
        auto download = test::activateWorkspace(sa, 3, 2, sdFile);
        QVERIFY2(download, errorText(download).constData());
        QVERIFY(makeVault(sa, QStringLiteral("hsm-v"), Protection::Hsm));
        QVERIFY(makeVault(sa, QStringLiteral("soft-v"), Protection::Software));
        QVERIFY(makeKey(sa, QStringLiteral("hsm-v"), QStringLiteral("rsa"), crypto::KeyKind::Rsa));
        QVERIFY(test::await(sa.keys().rotate(QStringLiteral("hsm-v"), QStringLiteral("rsa"))));
        QVERIFY(makeKey(sa, QStringLiteral("hsm-v"), QStringLiteral("ec"), crypto::KeyKind::Ec));
        QVERIFY(makeKey(sa, QStringLiteral("soft-v"), QStringLiteral("soft-ec"), crypto::KeyKind::Ec));
        CaCreateRequest ca;
        ca.vault = QStringLiteral("hsm-v");
        ca.name = QStringLiteral("root");
        ca.subject = QStringLiteral("CN=Backup Test Root");
        auto root = test::await(sa.certificates().createCa(ca));
        QVERIFY2(root, errorText(root).constData());
        CertificateIssueRequest issue;
        issue.vault = QStringLiteral("hsm-v");
        issue.name = QStringLiteral("web");
        issue.issuer = QStringLiteral("hsm-v/root");
        issue.subject = QStringLiteral("CN=web.example");
        issue.subjectAltNames = {QStringLiteral("dns:web.example")};
        auto web = test::await(sa.certificates().issue(issue));
        QVERIFY2(web, errorText(web).constData());
        // A verify-only certificate (no key in the file): its key is public-only, nothing sealed.
        CertificateImportRequest partner;
        partner.vault = QStringLiteral("soft-v");
        partner.name = QStringLiteral("partner");
        partner.fileBytes = web->currentVersion.der;
        auto imported = test::await(sa.certificates().importCertificate(partner));
        QVERIFY2(imported, errorText(imported).constData());
        QVERIFY(!imported->hasPrivateKey);
        RoleDefinition signer;
        signer.name = QStringLiteral("Signer");
        signer.description = QStringLiteral("signs with the vault's keys");
        signer.actions = {QStringLiteral("keys/read/action"), QStringLiteral("keys/sign/action")};
        signer.builtIn = false;
        QVERIFY(test::await(sa.roles().createRole(signer)));
        QVERIFY(test::addOperatorWithRoles(sa, QStringLiteral("bob"), {QStringLiteral("Signer")},
                                           QStringLiteral("/vaults/hsm-v")));
        QVERIFY(test::addOperatorWithRoles(sa, QStringLiteral("carol"), {QStringLiteral("Crypto User")}));
        const QList<QPair<QString, QString>> keyNames{{QStringLiteral("hsm-v"), QStringLiteral("rsa")},
                                                      {QStringLiteral("hsm-v"), QStringLiteral("ec")},
                                                      {QStringLiteral("soft-v"), QStringLiteral("soft-ec")}};
        const QList<Signed> before = signEach(sa, keyNames);
        QCOMPARE(before.size(), 3);
        auto keyBlob = test::await(sa.keys().backup(QStringLiteral("hsm-v"), QStringLiteral("ec")));
        QVERIFY2(keyBlob, errorText(keyBlob).constData());
        QCOMPARE(QJsonDocument::fromJson(keyBlob.value()).object().value(QStringLiteral("domainKeyId")).toString(),
                 download->domainKeyId);

        // --- create: audited, written, self-describing, bound to A's domain key.
        WorkspaceBackupCreateRequest request;
        request.outPath = backupFile;
        auto created = test::await(sa.backups().create(request));
        QVERIFY2(created, errorText(created).constData());
        QCOMPARE(readAll(backupFile), created->file);
        QCOMPARE(QFile::permissions(backupFile) & (QFileDevice::ReadOther | QFileDevice::ReadGroup),
                 QFileDevice::Permissions());
        QCOMPARE(created->backup.domainKeyId, download->domainKeyId);
        QCOMPARE(created->backup.vaults.size(), 2);
        QCOMPARE(created->backup.keys.size(), 6); // rsa, ec, soft-ec, root's, web's and partner's keys
        QCOMPARE(created->backup.certificates.size(), 3);
        // Private parts only wrapped (HSM) or encrypted (software); no PKCS#8 in clear.
        QVERIFY(created->file.contains("\"wrappedKey\"") && created->file.contains("\"encryptedPrivate\""));
        QVERIFY(!created->file.contains("PRIVATE KEY"));
        auto createEvent = lastEvent(sa, QStringLiteral("BackupCreate"));
        QVERIFY(createEvent);
        QCOMPARE(createEvent->result, AuditResult::Success);
        QCOMPARE(createEvent->details.value(QStringLiteral("fileSha256")).toString(), created->sha256);
        QCOMPARE(createEvent->details.value(QStringLiteral("keys")).toInt(), 6);

        // --- inspect needs no domain key; verify in A itself: intact, but everything is there already.
        auto inspected = sa.backups().inspect(created->file);
        QVERIFY2(inspected, errorText(inspected).constData());
        QCOMPARE(inspected->roleAssignments.size(), created->backup.roleAssignments.size());
        QCOMPARE(inspected->sourceWorkspaceName, QStringLiteral("a"));
        auto inA = test::await(sa.backups().verify(created->file));
        QVERIFY2(inA, errorText(inA).constData());
        QVERIFY(!inA->wouldRestore());
        QVERIFY(inA->conflicts.join(QLatin1Char('\n')).contains(QLatin1String("vault 'hsm-v' exists")));

        // --- C: a workspace with its own security domain refuses the backup, writes nothing.
        auto c = test::makeReadyWorkspace(dir.filePath(QStringLiteral("c")));
        QVERIFY(c);
        Services& sc = *c->services;
        auto foreign = test::await(sc.backups().restore(created->file));
        QVERIFY(!foreign);
        QCOMPARE(foreign.error().kind, ErrorKind::Conflict);
        QVERIFY2(foreign.error().message.contains(QStringLiteral("security domain key %1, which this workspace does "
                                                                 "not hold: restore that security domain first")
                                                      .arg(download->domainKeyId)),
                 qPrintable(foreign.error().message));
        QCOMPARE(vaultCount(sc), 0);
        auto foreignIntents = IntentStore(sc.workspace().database()).list();
        QVERIFY(foreignIntents && foreignIntents->isEmpty());
        auto foreignEvent = lastEvent(sc, QStringLiteral("BackupRestore"));
        QVERIFY(foreignEvent && foreignEvent->result == AuditResult::Failed);
        auto foreignKey = test::await(sc.keys().restore(QStringLiteral("any"), keyBlob.value()));
        QVERIFY(!foreignKey);
        QVERIFY2(foreignKey.error().message.contains(QLatin1String("which this workspace does not hold")),
                 qPrintable(foreignKey.error().message));

        // --- B: a new workspace, not activated: verify names the missing domain key; restore is refused.
        auto b = test::makeReadyWorkspace(dir.filePath(QStringLiteral("b")), QStringLiteral("admin"), {}, false);
        QVERIFY(b);
        Services& sb = *b->services;
        QVERIFY(test::addOperatorWithRoles(sb, QStringLiteral("bob"), {}));
        auto foreignVerify = test::await(sb.backups().verify(created->file));
        QVERIFY(!foreignVerify);
        QVERIFY2(foreignVerify.error().message.contains(QLatin1String("which this workspace does not hold")),
                 qPrintable(foreignVerify.error().message));
        QVERIFY(!test::await(sb.backups().restore(created->file)));
        QCOMPARE(vaultCount(sb), 0);

        // --- the security domain into B (2 of 3 custodians), then the backup.
        auto ceremony = test::await(sb.securityDomain().beginRestore(readAll(sdFile)));
        QVERIFY2(ceremony, errorText(ceremony).constData());
        for (int custodianIndex : {0, 2}) {
            auto presented =
                test::await(sb.securityDomain().presentCustodian(ceremony.value(), custodian(custodianIndex)));
            QVERIFY2(presented, errorText(presented).constData());
        }
        auto sdRestored = test::await(sb.securityDomain().completeRestore(ceremony.value()));
        QVERIFY2(sdRestored, errorText(sdRestored).constData());

        // A tampered file (one attribute changed, the JSON still well-formed): refused, nothing written.
        QByteArray tampered = created->file;
        const qsizetype at = tampered.indexOf("\"retentionDays\": 90");
        QVERIFY(at > 0);
        tampered.replace(at, qsizetype(sizeof("\"retentionDays\": 90") - 1), "\"retentionDays\": 30");
        auto tamperedVerify = test::await(sb.backups().verify(tampered));
        QVERIFY(!tamperedVerify);
        QVERIFY2(tamperedVerify.error().message.contains(QLatin1String("changed after it was made")),
                 qPrintable(tamperedVerify.error().message));
        auto tamperedRestore = test::await(sb.backups().restore(tampered));
        QVERIFY(!tamperedRestore);
        QVERIFY2(tamperedRestore.error().message.contains(QLatin1String("changed after it was made")),
                 qPrintable(tamperedRestore.error().message));
        QCOMPARE(vaultCount(sb), 0);
        auto intents = IntentStore(sb.workspace().database()).list();
        QVERIFY(intents && intents->isEmpty());

        auto check = test::await(sb.backups().verify(created->file));
        QVERIFY2(check, errorText(check).constData());
        QVERIFY2(check->wouldRestore(), qPrintable(check->conflicts.join(QStringLiteral("; "))));
        auto restored = test::await(sb.backups().restore(created->file));
        QVERIFY2(restored, errorText(restored).constData());
        QCOMPARE(vaultCount(sb), 2);

        // Every key signs as before: the same versions and public keys, A's signatures verify in B
        // and B's signatures verify with A's public keys.
        const QList<Signed> after = signEach(sb, keyNames);
        QCOMPARE(after.size(), 3);
        for (int i = 0; i < 3; ++i) {
            QCOMPARE(after.at(i).version, before.at(i).version);
            QCOMPARE(after.at(i).publicKey, before.at(i).publicKey);
            auto fromA = test::await(
                sb.keyCrypto().verify({before.at(i).vault, before.at(i).name, {}}, before.at(i).algorithm,
                                      QByteArrayLiteral("the same message"), false, before.at(i).signature));
            QVERIFY2(fromA && fromA.value(), qPrintable(before.at(i).name));
            auto inA2 =
                test::await(sa.keyCrypto().verify({after.at(i).vault, after.at(i).name, {}}, after.at(i).algorithm,
                                                  QByteArrayLiteral("the same message"), false, after.at(i).signature));
            QVERIFY2(inA2 && inA2.value(), qPrintable(after.at(i).name));
        }
        auto partnerKey = sb.keys().show(QStringLiteral("soft-v"), QStringLiteral("partner"));
        QVERIFY2(partnerKey, errorText(partnerKey).constData());
        QVERIFY(partnerKey->publicOnly);
        auto webKeyInA = sa.keys().show(QStringLiteral("hsm-v"), QStringLiteral("web"));
        QVERIFY2(webKeyInA, errorText(webKeyInA).constData());
        QCOMPARE(partnerKey->currentVersion.publicKeyDer, webKeyInA->currentVersion.publicKeyDer);
        auto rsaVersions = sb.keys().versions(QStringLiteral("hsm-v"), QStringLiteral("rsa"));
        QVERIFY(rsaVersions);
        QCOMPARE(rsaVersions->size(), 2);

        // Certificates are there with their versions; the CA still issues in B.
        auto webInB = sb.certificates().show(QStringLiteral("hsm-v"), QStringLiteral("web"));
        QVERIFY2(webInB, errorText(webInB).constData());
        QCOMPARE(webInB->currentVersion.der, web->currentVersion.der);
        QCOMPARE(webInB->currentVersion.issuerVersionId, root->currentVersion.id);
        CertificateIssueRequest again = issue;
        again.name = QStringLiteral("web2");
        auto issuedInB = test::await(sb.certificates().issue(again));
        QVERIFY2(issuedInB, errorText(issuedInB).constData());

        // Roles: the custom role and bob's assignment (bob exists in B); carol's was skipped.
        auto signerInB = RoleDefinitionStore(sb.workspace().database()).find(QStringLiteral("Signer"));
        QVERIFY(signerInB && signerInB.value());
        auto bobs = RoleAssignmentStore(sb.workspace().database()).list(QStringLiteral("bob"));
        QVERIFY(bobs);
        QCOMPARE(bobs->size(), 1);
        QCOMPARE(bobs->first().role, QStringLiteral("Signer"));
        QCOMPARE(bobs->first().scope, QStringLiteral("/vaults/hsm-v"));
        QVERIFY(restored->skippedAssignments.join(QLatin1Char('\n')).contains(QLatin1String("carol")));

        // B keeps its own id and records where it came from; one audit event with the counts.
        auto from = SettingsStore(sb.workspace().database()).get(QStringLiteral("restored.from"));
        QVERIFY(from && from.value());
        const QJsonObject fromJson = QJsonDocument::fromJson(from.value()->toUtf8()).object();
        QCOMPARE(fromJson.value(QStringLiteral("workspaceId")).toString(), created->backup.sourceWorkspaceId);
        auto ownId = SettingsStore(sb.workspace().database()).get(QStringLiteral("workspace.id"));
        QVERIFY(ownId && ownId.value() && *ownId.value() != created->backup.sourceWorkspaceId);
        auto restoreEvent = lastEvent(sb, QStringLiteral("BackupRestore"));
        QVERIFY(restoreEvent);
        QCOMPARE(restoreEvent->result, AuditResult::Success);
        QCOMPARE(restoreEvent->details.value(QStringLiteral("sourceWorkspaceName")).toString(), QStringLiteral("a"));
        QCOMPARE(restoreEvent->details.value(QStringLiteral("keyVersions")).toInt(), created->backup.keyVersionCount());

        // A one-key backup from A now restores in B too (it names A's domain key, which B holds).
        QVERIFY(makeVault(sb, QStringLiteral("spare"), Protection::Hsm));
        auto keyInB = test::await(sb.keys().restore(QStringLiteral("spare"), keyBlob.value()));
        QVERIFY2(keyInB, errorText(keyInB).constData());

        // A second restore: refused (the vaults exist), nothing changes.
        auto twice = test::await(sb.backups().restore(created->file));
        QVERIFY(!twice);
        QCOMPARE(twice.error().kind, ErrorKind::Conflict);
        QCOMPARE(vaultCount(sb), 3);
    }

    void decodeNamesWhatIsWrong()
    {
        auto notJson = WorkspaceBackupFormat::decode("hello");
        QVERIFY(!notJson);
        QVERIFY(notJson.error().message.contains(QLatin1String("not a Custos workspace backup")));
        WorkspaceBackup backup;
        backup.domainKeyId = QStringLiteral("0123456789abcdef");
        backup.wrappedContentKey = "k";
        backup.integrity = "t";
        Vault v;
        v.name = QStringLiteral("only");
        backup.vaults << v;
        WorkspaceBackupKey k;
        k.key.vault = QStringLiteral("elsewhere");
        k.key.name = QStringLiteral("k");
        k.key.kty = crypto::KeyKind::Aes;
        KeyBackupVersion version;
        version.version.id = QString(32, QLatin1Char('a'));
        version.wrappedKey = "w";
        k.versions << version;
        backup.keys << k;
        auto dangling = WorkspaceBackupFormat::decode(WorkspaceBackupFormat::encode(backup));
        QVERIFY(!dangling);
        QVERIFY2(dangling.error().message.contains(QLatin1String("vault 'elsewhere', which the backup does not hold")),
                 qPrintable(dangling.error().message));
        backup.keys.first().key.vault = QStringLiteral("only");
        auto fine = WorkspaceBackupFormat::decode(WorkspaceBackupFormat::encode(backup));
        QVERIFY2(fine, errorText(fine).constData());
        QCOMPARE(fine->canonical, WorkspaceBackupFormat::canonical(backup));
        // A key backup without "domainKeyId" (made before domain keys had ids) still decodes.
        KeyBackup old;
        old.key = k.key;
        old.wrappedContentKey = "k";
        old.integrity = "t";
        old.versions << version;
        const QByteArray oldBlob = KeyBackupFormat::encode(old);
        QVERIFY(!oldBlob.contains("domainKeyId"));
        auto oldDecoded = KeyBackupFormat::decode(oldBlob);
        QVERIFY2(oldDecoded, errorText(oldDecoded).constData());
        QVERIFY(oldDecoded->domainKeyId.isEmpty());
    }
};

CUSTOS_REGISTER_TEST(TestWorkspaceBackup)
#include "TestWorkspaceBackup.moc"
