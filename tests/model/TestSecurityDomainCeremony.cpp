#include "TestRegistry.h"
#include "TestWorkspace.h"

#include "crypto/sd/CustodianKey.h"
#include "crypto/sd/SecurityDomainFile.h"
#include "model/audit/AuditKey.h"
#include "model/audit/AuditLog.h"
#include "model/services/ServicePath.h"
#include "model/session/Session.h"

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>

using namespace custos;
using namespace custos::model;

// Issue 7: activation, download, rotation and the restore ceremony through the service path.
class TestSecurityDomainCeremony : public QObject
{
    Q_OBJECT
private:
    static std::shared_ptr<crypto::sd::CustodianKey> custodian(int index) { return test::openTestCustodian(index); }

    static QByteArray readAll(const QString& path)
    {
        QFile f(path);
        return f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray();
    }

    static int countEvents(Services& s, const QString& operation, const QString& result = {})
    {
        AuditFilter filter;
        filter.operation = operation;
        auto events = s.audit().list(filter);
        if (!events)
            return -1;
        int n = 0;
        for (const AuditEvent& e : events.value())
            if (result.isEmpty() || auditResultName(e.result) == result)
                ++n;
        return n;
    }

    Outcome<KeyRecord> createKey(Services& s, const QString& vault, const QString& name)
    {
        KeyCreateRequest request;
        request.vault = vault;
        request.name = name;
        request.kty = crypto::KeyKind::Ec;
        return test::await(s.keys().create(request));
    }

private slots:
    void aNewWorkspaceRefusesKeysUntilActivated()
    {
        QTemporaryDir dir;
        auto ready = test::makeReadyWorkspace(dir.path(), QStringLiteral("admin"), {}, false);
        QVERIFY(ready);
        Services& s = *ready->services;
        auto status = s.securityDomain().status();
        QVERIFY2(status, errorText(status).constData());
        QVERIFY(!status->activated);
        QVERIFY(!status->current);
        QVERIFY(test::await(s.vaults().create(QStringLiteral("app"))));
        auto refused = createKey(s, QStringLiteral("app"), QStringLiteral("k1"));
        QVERIFY(!refused);
        QCOMPARE(refused.error().kind, ErrorKind::Conflict);
        QVERIFY2(refused.error().message.contains(QLatin1String("not activated")), qPrintable(refused.error().message));
        QVERIFY(refused.error().message.contains(QLatin1String("sd download")));
        QCOMPARE(countEvents(s, QStringLiteral("KeyCreate"), QStringLiteral("Failed")), 1);

        auto activated = test::activateWorkspace(s);
        QVERIFY2(activated, errorText(activated).constData());
        QCOMPARE(activated->required, 2);
        QCOMPARE(activated->custodians.size(), 3);
        QCOMPARE(activated->custodians[0].holder, QStringLiteral("Test Custodian 0"));
        QVERIFY(!activated->supersededPrevious);
        auto ws = ready->workspace->status();
        QVERIFY(ws && ws->activated);
        QCOMPARE(ws->activeDomainKeyId, activated->domainKeyId);
        QVERIFY2(createKey(s, QStringLiteral("app"), QStringLiteral("k1")), "key creation after activation");
        QCOMPARE(countEvents(s, QStringLiteral("SecurityDomainDownload"), QStringLiteral("Success")), 1);
    }

    void downloadValidatesItsInputs()
    {
        QTemporaryDir dir;
        auto ready = test::makeReadyWorkspace(dir.path(), QStringLiteral("admin"), {}, false);
        QVERIFY(ready);
        Services& s = *ready->services;
        auto run = [&](QList<QByteArray> certs, int quorum) {
            SecurityDomainDownloadRequest r;
            r.certificates = certs;
            r.quorum = quorum;
            r.outPath = dir.filePath(QStringLiteral("sd.json"));
            return test::await(s.securityDomain().download(r));
        };
        const QByteArray c0 = test::custodianCertificate(0), c1 = test::custodianCertificate(1),
                         c2 = test::custodianCertificate(2);
        auto two = run({c0, c1}, 2);
        QVERIFY(!two);
        QVERIFY2(two.error().message.contains(QLatin1String("3 to 10")), qPrintable(two.error().message));
        auto quorum = run({c0, c1, c2}, 4);
        QVERIFY(!quorum);
        QVERIFY2(quorum.error().message.contains(QLatin1String("expected 2 to 3")), qPrintable(quorum.error().message));
        auto twice = run({c0, c1, c0}, 2);
        QVERIFY(!twice);
        QVERIFY2(twice.error().message.contains(QLatin1String("given twice")), qPrintable(twice.error().message));
        auto junk = run({c0, c1, QByteArray("not a certificate")}, 2);
        QVERIFY(!junk);
        QVERIFY2(junk.error().message.startsWith(QLatin1String("custodian certificate 3")),
                 qPrintable(junk.error().message));
        QVERIFY(!QFile::exists(dir.filePath(QStringLiteral("sd.json"))));
        QVERIFY(!s.securityDomain().status()->activated);
        QCOMPARE(countEvents(s, QStringLiteral("SecurityDomainDownload"), QStringLiteral("Failed")), 4);
    }

    void theFileIsAzureFormatAndTheTranscriptVerifiesWithOpenssl()
    {
        QTemporaryDir dir;
        auto ready = test::makeReadyWorkspace(dir.path() + QStringLiteral("/ws"), QStringLiteral("admin"), {}, false);
        QVERIFY(ready);
        Services& s = *ready->services;
        const QString out = dir.filePath(QStringLiteral("sd.json"));
        auto done = test::activateWorkspace(s, 4, 3, out);
        QVERIFY2(done, errorText(done).constData());
        QCOMPARE(readAll(out), done->file);
        auto file = crypto::sd::SecurityDomainFile::parse(done->file);
        QVERIFY2(file, errorText(file).constData());
        QCOMPARE(file->version, 2);
        QCOMPARE(file->required, 3);
        QCOMPARE(file->shares.size(), 4);
        QCOMPARE(file->shares[1].x5t256, done->custodians[1].x5t256);
        QStringList tags;
        for (const auto& item : file->items)
            tags << item.tag;
        QCOMPARE(tags, QStringList({QStringLiteral("custos_workspace"),
                                    QStringLiteral("custos_domain_key_") + done->domainKeyId}));

        // The transcript: its members, and its detached signature checked by openssl with the
        // audit key's public key.
        const QJsonObject t = QJsonDocument::fromJson(done->transcript.json).object();
        QCOMPARE(t.value(QLatin1String("format")).toString(), QStringLiteral("custos-ceremony-transcript-1"));
        QCOMPARE(t.value(QLatin1String("fileSha256")).toString(), done->fileSha256);
        QCOMPARE(t.value(QLatin1String("required")).toInt(), 3);
        QCOMPARE(t.value(QLatin1String("custodianCount")).toInt(), 4);
        QCOMPARE(t.value(QLatin1String("witnesses")).toArray().size(), 1);
        QVERIFY(t.value(QLatin1String("steps")).toArray().size() >= 3);
        QVERIFY(!done->transcript.json.contains(done->domainKeyId.toLatin1() + "\",\"value"));
        auto key = s.audit().auditKey();
        QVERIFY(key);
        const QString openssl = QStandardPaths::findExecutable(QStringLiteral("openssl"));
        QVERIFY(!openssl.isEmpty());
        QFile pem(dir.filePath(QStringLiteral("audit.pem")));
        QVERIFY(pem.open(QIODevice::WriteOnly));
        pem.write(key->publicKeyPem);
        pem.close();
        QFile json(dir.filePath(QStringLiteral("t.json")));
        QVERIFY(json.open(QIODevice::WriteOnly));
        json.write(done->transcript.json);
        json.close();
        QFile sig(dir.filePath(QStringLiteral("t.sig")));
        QVERIFY(sig.open(QIODevice::WriteOnly));
        sig.write(done->transcript.signature);
        sig.close();
        QProcess p;
        p.start(openssl, {QStringLiteral("dgst"), QStringLiteral("-sha256"), QStringLiteral("-verify"), pem.fileName(),
                          QStringLiteral("-signature"), sig.fileName(), json.fileName()});
        QVERIFY(p.waitForFinished(30000));
        QVERIFY2(p.exitCode() == 0, p.readAllStandardError().constData());
        QVERIFY(p.readAllStandardOutput().contains("Verified OK"));
    }

    void restoreBringsTheSameDomainKeyIntoANewWorkspace()
    {
        QTemporaryDir dir;
        auto a = test::makeReadyWorkspace(dir.path() + QStringLiteral("/a"), QStringLiteral("admin"), {}, false);
        QVERIFY(a);
        auto download = test::activateWorkspace(*a->services, 5, 3, dir.filePath(QStringLiteral("sd.json")));
        QVERIFY2(download, errorText(download).constData());

        auto b = test::makeReadyWorkspace(dir.path() + QStringLiteral("/b"), QStringLiteral("admin"), {}, false);
        QVERIFY(b);
        Services& s = *b->services;
        const QString ownKey = s.securityDomain().status()->activeDomainKey.id;
        QVERIFY(ownKey != download->domainKeyId);
        auto ceremony = test::await(s.securityDomain().beginRestore(download->file));
        QVERIFY2(ceremony, errorText(ceremony).constData());
        QCOMPARE(ceremony.value()->required(), 3);
        QCOMPARE(ceremony.value()->custodians(), 5);

        auto first = test::await(s.securityDomain().presentCustodian(ceremony.value(), custodian(1)));
        QVERIFY2(first, errorText(first).constData());
        QCOMPARE(first->holder, QStringLiteral("Test Custodian 1"));
        QCOMPARE(first->collected, 1);
        QCOMPARE(first->required, 3);
        // The same custodian again: refused, the count stays.
        auto again = test::await(s.securityDomain().presentCustodian(ceremony.value(), custodian(1)));
        QVERIFY(!again);
        QCOMPARE(ceremony.value()->collected(), 1);
        auto second = test::await(s.securityDomain().presentCustodian(ceremony.value(), custodian(4)));
        QVERIFY2(second, errorText(second).constData());
        QCOMPARE(second->collected, 2);
        // M-1 shares: refused, nothing restored.
        auto early = test::await(s.securityDomain().completeRestore(ceremony.value()));
        QVERIFY(!early);
        QVERIFY2(early.error().message.contains(QLatin1String("only 2 of 3")), qPrintable(early.error().message));
        QVERIFY(!s.securityDomain().status()->activated);
        auto third = test::await(s.securityDomain().presentCustodian(ceremony.value(), custodian(0)));
        QVERIFY2(third, errorText(third).constData());
        QCOMPARE(third->collected, 3);
        auto restored = test::await(s.securityDomain().completeRestore(ceremony.value()));
        QVERIFY2(restored, errorText(restored).constData());
        QCOMPARE(restored->domainKeyId, download->domainKeyId);
        QCOMPARE(restored->domainKeys, 1);
        QCOMPARE(restored->sourceWorkspaceName, QStringLiteral("a"));
        QCOMPARE(ceremony.value()->collected(), 0); // the shares are wiped

        auto status = s.securityDomain().status();
        QVERIFY(status->activated);
        QCOMPARE(status->activeDomainKey.id, download->domainKeyId);
        QCOMPARE(status->activeDomainKey.origin, QStringLiteral("restored"));
        QCOMPARE(status->retiredDomainKeys, 1);
        QVERIFY(status->current);
        QCOMPARE(status->current->kind, QStringLiteral("restore"));
        QCOMPARE(status->current->sourceWorkspaceName, QStringLiteral("a"));
        QCOMPARE(countEvents(s, QStringLiteral("SecurityDomainRestoreShare"), QStringLiteral("Success")), 3);
        QCOMPARE(countEvents(s, QStringLiteral("SecurityDomainRestoreShare"), QStringLiteral("Failed")), 1);
        QCOMPARE(countEvents(s, QStringLiteral("SecurityDomainRestore"), QStringLiteral("Success")), 1);
        QCOMPARE(countEvents(s, QStringLiteral("SecurityDomainRestore"), QStringLiteral("Failed")), 1);

        // The proof that it is the same key: the restored key opens a security-domain file made in B,
        // and A's domain key id travels on; a second restore is refused.
        auto again2 = test::await(s.securityDomain().beginRestore(download->file));
        QVERIFY(!again2);
        QCOMPARE(again2.error().kind, ErrorKind::Conflict);
        auto fromB = test::activateWorkspace(s, 3, 2, dir.filePath(QStringLiteral("sd-b.json")));
        QVERIFY2(fromB, errorText(fromB).constData());
        QCOMPARE(fromB->domainKeyId, download->domainKeyId);
        QVERIFY(fromB->supersededPrevious);
    }

    void foreignTamperedAndWrongKeysAreNamed()
    {
        QTemporaryDir dir;
        auto a = test::makeReadyWorkspace(dir.path() + QStringLiteral("/a"), QStringLiteral("admin"), {}, false);
        QVERIFY(a);
        auto download = test::activateWorkspace(*a->services, 3, 2, dir.filePath(QStringLiteral("sd.json")));
        QVERIFY2(download, errorText(download).constData());
        auto b = test::makeReadyWorkspace(dir.path() + QStringLiteral("/b"), QStringLiteral("admin"), {}, false);
        QVERIFY(b);
        Services& s = *b->services;

        // Not a security-domain file at all.
        auto junk = test::await(s.securityDomain().beginRestore(QByteArray("{\"EncData\": 1}")));
        QVERIFY(!junk);
        QCOMPARE(junk.error().kind, ErrorKind::Invalid);

        auto ceremony = test::await(s.securityDomain().beginRestore(download->file));
        QVERIFY(ceremony);
        // A custodian of another set.
        auto foreign = test::await(s.securityDomain().presentCustodian(ceremony.value(), custodian(3)));
        QVERIFY(!foreign);
        QVERIFY2(foreign.error().message.contains(QLatin1String("not a custodian")),
                 qPrintable(foreign.error().message));
        QCOMPARE(ceremony.value()->collected(), 0);

        // A tampered share: custodian 1's enc_key with one ciphertext character changed.
        auto file = crypto::sd::SecurityDomainFile::parse(download->file);
        QVERIFY(file);
        QByteArray& jwe = file->shares[1].compactJwe;
        const qsizetype lastDot = jwe.lastIndexOf('.');
        jwe[lastDot - 3] = jwe[lastDot - 3] == 'A' ? 'B' : 'A';
        auto tampered = test::await(s.securityDomain().beginRestore(file->toJson()));
        QVERIFY(tampered);
        auto bad = test::await(s.securityDomain().presentCustodian(tampered.value(), custodian(1)));
        QVERIFY(!bad);
        QCOMPARE(tampered.value()->collected(), 0);
        // The ceremony goes on with the next custodians.
        QVERIFY(test::await(s.securityDomain().presentCustodian(tampered.value(), custodian(0))));
        QVERIFY(test::await(s.securityDomain().presentCustodian(tampered.value(), custodian(2))));
        QVERIFY(test::await(s.securityDomain().completeRestore(tampered.value())));
        QVERIFY(s.securityDomain().status()->activated);
    }

    void aTamperedItemFailsTheRestoreAndLeavesNothing()
    {
        QTemporaryDir dir;
        auto a = test::makeReadyWorkspace(dir.path() + QStringLiteral("/a"), QStringLiteral("admin"), {}, false);
        QVERIFY(a);
        auto download = test::activateWorkspace(*a->services, 3, 2, dir.filePath(QStringLiteral("sd.json")));
        QVERIFY(download);
        auto file = crypto::sd::SecurityDomainFile::parse(download->file);
        QVERIFY(file);
        QByteArray& jwe = file->items[1].compactJwe;
        const qsizetype lastDot = jwe.lastIndexOf('.');
        jwe[lastDot - 3] = jwe[lastDot - 3] == 'A' ? 'B' : 'A';
        auto b = test::makeReadyWorkspace(dir.path() + QStringLiteral("/b"), QStringLiteral("admin"), {}, false);
        QVERIFY(b);
        Services& s = *b->services;
        auto ceremony = test::await(s.securityDomain().beginRestore(file->toJson()));
        QVERIFY(ceremony);
        QVERIFY(test::await(s.securityDomain().presentCustodian(ceremony.value(), custodian(1))));
        QVERIFY(test::await(s.securityDomain().presentCustodian(ceremony.value(), custodian(2))));
        auto restored = test::await(s.securityDomain().completeRestore(ceremony.value()));
        QVERIFY(!restored);
        QVERIFY2(restored.error().message.contains(QLatin1String("tampered")), qPrintable(restored.error().message));
        auto status = s.securityDomain().status();
        QVERIFY(!status->activated);
        QCOMPARE(status->retiredDomainKeys, 0);
        QCOMPARE(status->history.size(), 0);
    }

    void restoreNeedsItsQuorum()
    {
        QTemporaryDir dir;
        auto a = test::makeReadyWorkspace(dir.path() + QStringLiteral("/a"), QStringLiteral("admin"), {}, false);
        QVERIFY(a);
        auto download = test::activateWorkspace(*a->services, 3, 2, dir.filePath(QStringLiteral("sd.json")));
        QVERIFY(download);
        auto b = test::makeReadyWorkspace(dir.path() + QStringLiteral("/b"), QStringLiteral("admin"), {}, false);
        QVERIFY(b);
        Services& s = *b->services;
        QVERIFY(test::addOperatorWithRoles(s, QStringLiteral("second"), {QStringLiteral("Administrator")}));
        QVERIFY(test::await(s.quorum().set(2, {QStringLiteral("securitydomain-restore")})));
        auto ceremony = test::await(s.securityDomain().beginRestore(download->file));
        QVERIFY(ceremony);
        QVERIFY(test::await(s.securityDomain().presentCustodian(ceremony.value(), custodian(0))));
        QVERIFY(test::await(s.securityDomain().presentCustodian(ceremony.value(), custodian(1))));
        auto alone = test::await(s.securityDomain().completeRestore(ceremony.value()));
        QVERIFY(!alone);
        QCOMPARE(alone.error().kind, ErrorKind::Denied);
        QVERIFY(!s.securityDomain().status()->activated);
        QCOMPARE(ceremony.value()->collected(), 2); // a refusal for want of approvals keeps the shares
        OperationContext context;
        context.approverCredentials << ApproverCredential{
            QStringLiteral("second"), std::make_shared<crypto::SecureBuffer>(test::secret(test::kTestPassphrase))};
        auto approved = test::await(s.securityDomain().completeRestore(ceremony.value(), context));
        QVERIFY2(approved, errorText(approved).constData());
        QVERIFY(s.securityDomain().status()->activated);
    }

    void rotationKeepsOldKeysAndCarriesThemAll()
    {
        QTemporaryDir dir;
        auto a = test::makeReadyWorkspace(dir.path() + QStringLiteral("/a"), QStringLiteral("admin"), {}, false);
        QVERIFY(a);
        Services& s = *a->services;
        auto first = test::activateWorkspace(s, 3, 2, dir.filePath(QStringLiteral("sd1.json")));
        QVERIFY(first);
        SecurityDomainDownloadRequest request;
        for (int i = 2; i < 5; ++i)
            request.certificates << test::custodianCertificate(i);
        request.quorum = 2;
        request.outPath = dir.filePath(QStringLiteral("sd2.json"));
        auto rotated = test::await(s.securityDomain().rotate(request));
        QVERIFY2(rotated, errorText(rotated).constData());
        QVERIFY(rotated->rotated);
        QVERIFY(rotated->supersededPrevious);
        QVERIFY(rotated->domainKeyId != first->domainKeyId);
        auto status = s.securityDomain().status();
        QCOMPARE(status->activeDomainKey.id, rotated->domainKeyId);
        QCOMPARE(status->activeDomainKey.origin, QStringLiteral("rotation"));
        QCOMPARE(status->retiredDomainKeys, 1);
        QCOMPARE(status->history.size(), 2);
        QCOMPARE(status->history[1].state, QStringLiteral("superseded"));
        auto file = crypto::sd::SecurityDomainFile::parse(rotated->file);
        QVERIFY(file);
        QCOMPARE(file->items.size(), 3); // identity, the new key, the old one

        // A new workspace restored from the rotated file holds both keys.
        auto c = test::makeReadyWorkspace(dir.path() + QStringLiteral("/c"), QStringLiteral("admin"), {}, false);
        QVERIFY(c);
        auto ceremony = test::await(c->services->securityDomain().beginRestore(rotated->file));
        QVERIFY(ceremony);
        QVERIFY(test::await(c->services->securityDomain().presentCustodian(ceremony.value(), custodian(3))));
        QVERIFY(test::await(c->services->securityDomain().presentCustodian(ceremony.value(), custodian(4))));
        auto restored = test::await(c->services->securityDomain().completeRestore(ceremony.value()));
        QVERIFY2(restored, errorText(restored).constData());
        QCOMPARE(restored->domainKeys, 2);
        QCOMPARE(restored->domainKeyId, rotated->domainKeyId);
        QCOMPARE(c->services->securityDomain().status()->retiredDomainKeys, 2); // A's old one and C's own
    }
};

CUSTOS_REGISTER_TEST(TestSecurityDomainCeremony)
#include "TestSecurityDomainCeremony.moc"
