#include "BenchBigWorkspace.h"

#include "BenchAuditTrail.h"
#include "BenchRegistry.h"
#include "BenchResults.h"
#include "BenchWorkspace.h"
#include "crypto/Digest.h"
#include "crypto/Random.h"
#include "model/audit/AuditVerifier.h"
#include "model/services/CertificateService.h"
#include "model/services/KeyCryptoService.h"
#include "model/services/KeyService.h"
#include "model/services/Services.h"
#include "model/store/Stores.h"

#include <QElapsedTimer>
#include <QLocale>
#include <QTemporaryDir>

#include <memory>

namespace custos::bench {

namespace {

const QString kKeysVault = QStringLiteral("keys");
const QString kCertsVault = QStringLiteral("certs");

// What KeyService seals a software key version's private part under (KeyServiceSupport.cpp's
// sealingAad): the copies are sealed as generated keys are, so every one of them is usable.
QByteArray sealingAad(const QString& versionId)
{
    return QByteArrayLiteral("custos-key:") + versionId.toLatin1();
}

QString vaultName(int i)
{
    return QStringLiteral("vault-%1").arg(i, 4, 10, QLatin1Char('0'));
}

QString keyName(int i)
{
    return QStringLiteral("key-%1").arg(i, 5, 10, QLatin1Char('0'));
}

template <typename Fill>
bool inTransaction(model::Database& db, Fill fill)
{
    model::Transaction tx(db);
    if (!tx.begin())
        return false;
    if (!fill())
        return false;
    return bool(tx.commit());
}

bool seedVaults(model::Database& db, int count)
{
    return inTransaction(db, [&] {
        model::VaultStore store(db);
        const QDateTime now = QDateTime::currentDateTimeUtc();
        for (int i = 0; i < count; ++i) {
            model::Vault vault;
            vault.name = vaultName(i);
            vault.protection = model::Protection::Software;
            vault.created = vault.updated = now;
            if (!store.insert(vault))
                return false;
        }
        return true;
    });
}

// Copies of one real software P-256 key, each version with its own id and its private part sealed
// again under that id.
bool seedKeys(test::ReadyWorkspace& ready, int count)
{
    model::KeyCreateRequest request;
    request.vault = kKeysVault;
    request.name = QStringLiteral("template");
    request.kty = crypto::KeyKind::Ec;
    auto created = test::await(ready.services->keys().create(request));
    if (!created) {
        log() << "key creation failed: " << created.error().message << Qt::endl;
        return false;
    }
    model::Database& db = ready.workspace->database();
    model::KeyStore store(db);
    crypto::Token* token = ready.workspace->token();
    const QString label = QString::fromLatin1(model::kSealingKeyLabel);
    auto sealed = store.sealedPrivate(created->currentVersion.id);
    if (!token || !sealed || !sealed.value()) {
        log() << "the template key has no sealed private part" << Qt::endl;
        return false;
    }
    auto der = token->unseal(label, *sealed.value(), sealingAad(created->currentVersion.id));
    if (!der) {
        log() << "cannot unseal the template key: " << der.error().message << Qt::endl;
        return false;
    }
    return inTransaction(db, [&] {
        for (int i = 0; i < count; ++i) {
            model::KeyRecord key = created.value();
            key.name = keyName(i);
            auto inserted = store.insert(key);
            model::KeyVersion version = created->currentVersion;
            version.id = crypto::randomId();
            version.seq = 1;
            auto resealed = token->seal(label, der.value(), sealingAad(version.id));
            if (!inserted || !resealed || !store.insertVersion(inserted->id, version, resealed.value()))
                return false;
        }
        return true;
    });
}

// Copies of one issued certificate's rows (sharing its key), expiries spread over the next 400 days.
bool seedCertificates(test::ReadyWorkspace& ready, int count)
{
    model::CertificateIssueRequest request;
    request.vault = kCertsVault;
    request.name = QStringLiteral("template");
    request.issuer = QStringLiteral("Self");
    request.subject = QStringLiteral("CN=template.example.test");
    request.subjectAltNames = {QStringLiteral("dns:template.example.test")};
    request.protection = model::Protection::Software;
    auto issued = test::await(ready.services->certificates().issue(request));
    if (!issued) {
        log() << "certificate issuance failed: " << issued.error().message << Qt::endl;
        return false;
    }
    model::Database& db = ready.workspace->database();
    return inTransaction(db, [&] {
        model::CertificateStore store(db);
        const QDateTime now = QDateTime::currentDateTimeUtc();
        for (int i = 0; i < count; ++i) {
            model::CertificateRecord certificate = issued.value();
            certificate.name = QStringLiteral("cert-%1").arg(i, 5, 10, QLatin1Char('0'));
            auto inserted = store.insert(certificate);
            model::CertificateVersion version = issued->currentVersion;
            version.id = crypto::randomId();
            version.seq = 1;
            version.notAfter = now.addDays((i * 37) % 400 - 10);
            if (!inserted || !store.insertVersion(inserted->id, version))
                return false;
        }
        return true;
    });
}

// 500 principals, each Crypto User on 20 of the seeded keys.
bool seedAssignments(model::Database& db, int count)
{
    return inTransaction(db, [&] {
        model::RoleAssignmentStore store(db);
        for (int i = 0; i < count; ++i) {
            model::RoleAssignment a;
            a.principal = QStringLiteral("user-%1").arg(i % 500);
            a.role = QStringLiteral("Crypto User");
            a.scope = QStringLiteral("/vaults/keys/keys/") + keyName(i);
            if (!store.insert(a))
                return false;
        }
        return true;
    });
}

// One real operation on a seeded key and a full verification of the audit trail: the workspace
// the benches open is a consistent one.
bool checkConsistent(test::ReadyWorkspace& ready, const WorkspaceSize& size)
{
    if (size.keys > 0) {
        const model::KeyTarget target{kKeysVault, keyName(size.keys - 1), {}};
        auto signature = test::await(ready.services->keyCrypto().sign(
            target, QStringLiteral("ES256"), crypto::sha256(QByteArrayLiteral("check")), true));
        if (!signature) {
            log() << "a seeded key does not sign: " << signature.error().message << Qt::endl;
            return false;
        }
    }
    auto verified = model::verifyAuditTrail(ready.workspace->database(), model::AuditVerifyInput{});
    if (!verified || !verified->ok) {
        log() << "the seeded audit trail does not verify: " << (verified ? verified->problem : verified.error().message)
              << Qt::endl;
        return false;
    }
    log() << "  consistent: a seeded key signs; the audit trail verifies (" << verified->eventsChecked << " events)"
          << Qt::endl;
    return true;
}

// "1,000 vaults, 10k keys, 10k certificates, 10k assignments, 1M events"
QString describe(const WorkspaceSize& size)
{
    auto count = [](qint64 n) {
        if (n >= 1'000'000 && n % 1'000'000 == 0)
            return QStringLiteral("%1M").arg(n / 1'000'000);
        if (n >= 10'000 && n % 1'000 == 0)
            return QStringLiteral("%1k").arg(n / 1'000);
        return QLocale(QLocale::English).toString(n);
    };
    return QStringLiteral("%1 vaults, %2 keys, %3 certificates, %4 assignments, %5 events")
        .arg(count(size.vaults + 2), count(size.keys), count(size.certificates), count(size.assignments),
             count(size.events));
}

std::unique_ptr<SizedWorkspace> make(QTemporaryDir& dir, const WorkspaceSize& size)
{
    QElapsedTimer clock;
    clock.start();
    const QString directory = dir.filePath(QStringLiteral("ws"));
    {
        // The first operator's default roles: keys, certificates, access and the audit trail.
        auto ready = test::makeReadyWorkspace(directory);
        if (!ready) {
            log() << "cannot make a workspace in " << directory << Qt::endl;
            return nullptr;
        }
        for (const QString& name : {kKeysVault, kCertsVault}) {
            model::VaultCreateRequest request(name);
            request.protection = model::Protection::Software;
            if (auto vault = test::await(ready->services->vaults().create(request)); !vault) {
                log() << "vault creation failed: " << vault.error().message << Qt::endl;
                return nullptr;
            }
        }
        model::Database& db = ready->workspace->database();
        const QDateTime end = QDateTime::currentDateTimeUtc().addSecs(-60);
        const qint64 span = qint64(90) * 24 * 3600 * 1000;
        if (!seedVaults(db, size.vaults) || (size.keys > 0 && !seedKeys(*ready, size.keys)) ||
            (size.certificates > 0 && !seedCertificates(*ready, size.certificates)) ||
            !seedAssignments(db, size.assignments) ||
            (size.events > 0 && fillAuditTrail(db, size.events, end.addMSecs(-span), span) < 0)) {
            log() << "seeding the workspace failed" << Qt::endl;
            return nullptr;
        }
        if (!checkConsistent(*ready, size))
            return nullptr;
    } // logged out, closed
    auto made = std::make_unique<SizedWorkspace>();
    made->directory = directory;
    made->size = size;
    made->description = describe(size);
    log() << "  workspace with " << made->description << " made in " << qRound(clock.elapsed() / 1000.0) << " s"
          << Qt::endl;
    return made;
}

const SizedWorkspace* cached(const WorkspaceSize& size, std::unique_ptr<QTemporaryDir>& dir,
                             std::unique_ptr<SizedWorkspace>& made, bool& tried)
{
    if (!tried) {
        tried = true;
        dir = std::make_unique<QTemporaryDir>();
        made = make(*dir, size);
    }
    return made.get();
}

} // namespace

const SizedWorkspace* bigWorkspace()
{
    static std::unique_ptr<QTemporaryDir> dir;
    static std::unique_ptr<SizedWorkspace> made;
    static bool tried = false;
    WorkspaceSize size;
    size.vaults = fixtureCount(1000) - 2;
    size.keys = fixtureCount(10000);
    size.certificates = fixtureCount(10000);
    size.assignments = fixtureCount(10000);
    size.events = auditEventCount();
    return cached(size, dir, made, tried);
}

const SizedWorkspace* emptyWorkspace()
{
    static std::unique_ptr<QTemporaryDir> dir;
    static std::unique_ptr<SizedWorkspace> made;
    static bool tried = false;
    return cached(WorkspaceSize{}, dir, made, tried);
}

} // namespace custos::bench
