// KeyImportService: every format family through the service, public-only keys, AES, new versions,
// duplicates, denials and failures that leave nothing behind, and BYOK with a KEK.

#include "OutcomeText.h"
#include "TestRegistry.h"
#include "TestWorkspace.h"

#include "crypto/byok/ByokFile.h"
#include "crypto/import/KeyFile.h"
#include "crypto/keys/software/SoftwareKey.h"
#include "model/audit/AuditLog.h"
#include "model/store/Stores.h"

#include <QFile>
#include <QJsonDocument>
#include <QSqlQuery>
#include <QTemporaryDir>
#include <QTest>

#include <memory>

using namespace custos;
using namespace custos::model;
using crypto::KeyKind;

namespace {

QString goodFile(const QString& name)
{
    return QStringLiteral(CUSTOS_TEST_DATA_DIR "/import/good/") + name;
}
QString badFile(const QString& name)
{
    return QStringLiteral(CUSTOS_TEST_DATA_DIR "/import/bad/") + name;
}

QByteArray readAll(const QString& path)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        qFatal("cannot read %s", qPrintable(path));
    return file.readAll();
}

KeyImportSource source(const QString& path, const QString& password = {})
{
    KeyImportSource s;
    s.bytes = readAll(path);
    s.fileName = path;
    if (!password.isEmpty())
        s.password = std::make_shared<const crypto::SecureBuffer>(test::secret(password));
    return s;
}

const QString kPassword = QStringLiteral("custos-test");

} // namespace

class TestKeyImport : public QObject
{
    Q_OBJECT
private:
    std::unique_ptr<QTemporaryDir> m_tmp;
    std::unique_ptr<test::ReadyWorkspace> m_ready;
    KeyImportService& imports() { return m_ready->services->keyImports(); }
    Database& db() { return m_ready->workspace->database(); }

    int count(const QString& table)
    {
        QSqlQuery q(db().connection());
        if (!q.exec(QStringLiteral("SELECT count(*) FROM ") + table) || !q.next())
            return -1;
        return q.value(0).toInt();
    }
    QList<QByteArray> tokenIds() { return m_ready->workspace->token()->listKeyIds().value(); }
    std::optional<AuditEvent> lastEvent(const QString& operation)
    {
        AuditFilter filter;
        filter.operation = operation;
        auto events = AuditLog(db()).list(filter);
        if (!events || events->isEmpty())
            return std::nullopt;
        return events->last();
    }
    Outcome<KeyImportResult> import(const QString& vault, const QString& name, KeyImportSource s,
                                    std::function<void(KeyImportRequest&)> adjust = {})
    {
        KeyImportRequest r;
        r.vault = vault;
        r.name = name;
        r.source = std::move(s);
        if (adjust)
            adjust(r);
        return test::await(imports().importKey(std::move(r)));
    }
    // Nothing was written and nothing is on the token after a refused import.
    void checkUnchanged(int keys, int versions, const QList<QByteArray>& ids)
    {
        QCOMPARE(count(QStringLiteral("keys")), keys);
        QCOMPARE(count(QStringLiteral("key_versions")), versions);
        QCOMPARE(tokenIds(), ids);
    }

private Q_SLOTS:
    void init()
    {
        m_tmp = std::make_unique<QTemporaryDir>();
        m_ready = test::makeReadyWorkspace(m_tmp->filePath(QStringLiteral("ws")));
        QVERIFY(m_ready);
        QVERIFY(test::await(m_ready->services->vaults().create({QStringLiteral("hsm-vault")})));
        VaultCreateRequest soft(QStringLiteral("soft-vault"));
        soft.protection = Protection::Software;
        QVERIFY(test::await(m_ready->services->vaults().create(soft)));
    }
    void cleanup()
    {
        m_ready.reset();
        m_tmp.reset();
    }

    void importsEveryFamily_data()
    {
        QTest::addColumn<QString>("file");
        QTest::addColumn<QString>("password");
        QTest::addColumn<int>("item");
        QTest::addColumn<QString>("vault");
        QTest::addColumn<int>("kind");
        QTest::addColumn<int>("size");
        QTest::addColumn<QString>("curve");
        QTest::addColumn<bool>("publicOnly");
        const int rsa = int(KeyKind::Rsa), ec = int(KeyKind::Ec), aes = int(KeyKind::Aes);
        const QString hsm = QStringLiteral("hsm-vault"), soft = QStringLiteral("soft-vault");
        QTest::newRow("pkcs8 pem, hsm") << goodFile("ec-p256.pkcs8.pem") << QString() << 0 << hsm << ec << 0
                                        << QStringLiteral("P-256") << false;
        QTest::newRow("pkcs1 pem, software")
            << goodFile("rsa2048.pkcs1.pem") << QString() << 0 << soft << rsa << 2048 << QString() << false;
        QTest::newRow("sec1 der") << goodFile("ec-p256.sec1.der") << QString() << 0 << hsm << ec << 0
                                  << QStringLiteral("P-256") << false;
        QTest::newRow("encrypted pkcs8") << goodFile("ec-p384.pbkdf2.pem") << kPassword << 0 << hsm << ec << 0
                                         << QStringLiteral("P-384") << false;
        QTest::newRow("traditional encrypted pem") << goodFile("rsa2048.traditional-aes128.pem") << kPassword << 0
                                                   << soft << rsa << 2048 << QString() << false;
        QTest::newRow("pkcs12") << goodFile("ec-p256.p12") << kPassword << 0 << hsm << ec << 0
                                << QStringLiteral("P-256") << false;
        QTest::newRow("jwk") << goodFile("ec-p256.jwk") << QString() << 0 << soft << ec << 0 << QStringLiteral("P-256")
                             << false;
        QTest::newRow("jwks rsa item") << goodFile("set.jwks") << QString() << 2 << hsm << rsa << 2048 << QString()
                                       << false;
        QTest::newRow("spki der, public only")
            << goodFile("ec-p256.spki.der") << QString() << 0 << hsm << ec << 0 << QStringLiteral("P-256") << true;
        QTest::newRow("certificate, public only")
            << goodFile("ec-p256.cert.pem") << QString() << 0 << hsm << ec << 0 << QStringLiteral("P-256") << true;
        QTest::newRow("raw aes, hsm") << goodFile("aes128.bin") << QString() << 0 << hsm << aes << 128 << QString()
                                      << false;
        QTest::newRow("hex aes, software")
            << goodFile("aes256.hex") << QString() << 0 << soft << aes << 256 << QString() << false;
    }
    void importsEveryFamily()
    {
        QFETCH(QString, file);
        QFETCH(QString, password);
        QFETCH(int, item);
        QFETCH(QString, vault);
        QFETCH(int, kind);
        QFETCH(int, size);
        QFETCH(QString, curve);
        QFETCH(bool, publicOnly);
        const QList<QByteArray> before = tokenIds();
        auto imported = import(vault, QStringLiteral("imported"), source(file, password),
                               [item](KeyImportRequest& r) { r.keyIndex = item; });
        QVERIFY2(imported, errorText(imported));
        const KeyRecord& key = imported->key;
        QCOMPARE(int(key.kty), kind);
        QCOMPARE(key.size, size);
        QCOMPARE(key.curve, curve);
        QCOMPARE(key.publicOnly, publicOnly);
        QCOMPARE(imported->publicOnly, publicOnly);
        QCOMPARE(key.currentVersion.seq, 1);
        const bool hsm = vault == QLatin1String("hsm-vault") && !publicOnly;
        QCOMPARE(key.protection, hsm ? Protection::Hsm : Protection::Software);
        // HSM keys are token objects under the version id; public-only and software keys are not.
        const QByteArray objectId = QByteArray::fromHex(key.currentVersion.id.toLatin1());
        QCOMPARE(tokenIds().contains(objectId), hsm);
        QCOMPARE(tokenIds().size(), before.size() + (hsm ? 1 : 0));
        auto sealed = KeyStore(db()).sealedPrivate(key.currentVersion.id);
        QVERIFY(sealed);
        QCOMPARE(sealed->has_value(), !hsm && !publicOnly);
        if (publicOnly)
            QCOMPARE(key.keyOps, QStringList{QStringLiteral("verify")});
        // Stored and read back with the flag.
        auto stored = KeyStore(db()).find(vault, QStringLiteral("imported"));
        QVERIFY(stored && stored->has_value());
        QCOMPARE(stored->value().publicOnly, publicOnly);

        auto event = lastEvent(QStringLiteral("KeyImport"));
        QVERIFY(event);
        QCOMPARE(event->result, AuditResult::Success);
        QVERIFY(!event->details.value(QStringLiteral("format")).toString().isEmpty());
        QCOMPARE(event->details.value(QStringLiteral("publicOnly")).toBool(), publicOnly);
        if (kind != int(KeyKind::Aes)) {
            QCOMPARE(event->details.value(QStringLiteral("publicKeyFingerprint")).toString(), imported->fingerprint);
            QCOMPARE(imported->fingerprint.size(), 64);
        } else {
            QVERIFY(!event->details.contains(QStringLiteral("publicKeyFingerprint")));
        }
        // Never key bytes: not the private key (hex or base64), not even the public key.
        const QByteArray details = QJsonDocument(event->details).toJson(QJsonDocument::Compact);
        const crypto::SecureBuffer secret = test::secret(password);
        auto contents = crypto::import::readKeyFile(readAll(file), password.isEmpty() ? nullptr : &secret);
        QVERIFY(contents);
        const crypto::import::ImportedKey& original = contents->keys.at(item);
        if (!original.privateKey.isEmpty()) {
            const QByteArray raw(reinterpret_cast<const char*>(original.privateKey.data()),
                                 qsizetype(original.privateKey.size()));
            QVERIFY(!details.contains(raw.toHex()));
            QVERIFY(!details.contains(raw.toBase64()));
            QVERIFY(!details.contains(raw.toBase64(QByteArray::Base64UrlEncoding | QByteArray::OmitTrailingEquals)));
        }
        if (!original.publicKeyDer.isEmpty())
            QVERIFY(!details.contains(original.publicKeyDer.toBase64()));
    }

    void privateKeysSignAndPublicOnlyKeysOnlyVerify()
    {
        auto full =
            import(QStringLiteral("hsm-vault"), QStringLiteral("signer"), source(goodFile("ec-p256.pkcs8.pem")));
        QVERIFY2(full, errorText(full));
        auto verifier =
            import(QStringLiteral("hsm-vault"), QStringLiteral("verifier"), source(goodFile("ec-p256.cert.pem")));
        QVERIFY2(verifier, errorText(verifier));
        KeyCryptoService& crypto = m_ready->services->keyCrypto();
        const QByteArray message("imported keys sign");
        auto signature = test::await(crypto.sign({QStringLiteral("hsm-vault"), QStringLiteral("signer"), {}},
                                                 QStringLiteral("ES256"), message, false));
        QVERIFY2(signature, errorText(signature));
        // The certificate's public key is the same key: it verifies what the private key signed.
        auto verified = test::await(crypto.verify({QStringLiteral("hsm-vault"), QStringLiteral("verifier"), {}},
                                                  QStringLiteral("ES256"), message, false, signature.value()));
        QVERIFY2(verified, errorText(verified));
        QVERIFY(verified.value());

        auto refused = test::await(crypto.sign({QStringLiteral("hsm-vault"), QStringLiteral("verifier"), {}},
                                               QStringLiteral("ES256"), message, false));
        QVERIFY(!refused);
        QVERIFY2(refused.error().message.contains(QLatin1String("holds a public key only")),
                 qPrintable(refused.error().message));
        auto rotate =
            test::await(m_ready->services->keys().rotate(QStringLiteral("hsm-vault"), QStringLiteral("verifier")));
        QVERIFY(!rotate);
        QVERIFY2(rotate.error().message.contains(QLatin1String("key import --as-version")),
                 qPrintable(rotate.error().message));
        auto backup =
            test::await(m_ready->services->keys().backup(QStringLiteral("hsm-vault"), QStringLiteral("verifier")));
        QVERIFY(!backup);
        QVERIFY2(backup.error().message.contains(QLatin1String("holds a public key only")),
                 qPrintable(backup.error().message));
        auto exported =
            test::await(crypto.exportPrivate({QStringLiteral("hsm-vault"), QStringLiteral("verifier"), {}},
                                             std::make_shared<const crypto::SecureBuffer>(test::secret(kPassword))));
        QVERIFY(!exported);
        QVERIFY2(exported.error().message.contains(QLatin1String("public key only")),
                 qPrintable(exported.error().message));
    }

    void publicOnlyKeyOpsStayWithinVerifyEncryptWrap()
    {
        auto refused = import(QStringLiteral("hsm-vault"), QStringLiteral("pub"), source(goodFile("ec-p256.spki.der")),
                              [](KeyImportRequest& r) { r.keyOps = {QStringLiteral("sign")}; });
        QVERIFY(!refused);
        QCOMPARE(refused.error().kind, ErrorKind::Invalid);
        QVERIFY2(refused.error().message.contains(QLatin1String("public-only")), qPrintable(refused.error().message));
        auto exportable = import(QStringLiteral("soft-vault"), QStringLiteral("pub"),
                                 source(goodFile("ec-p256.spki.der")), [](KeyImportRequest& r) {
                                     r.protection = Protection::Software;
                                     r.exportable = true;
                                 });
        QVERIFY(!exportable);
        QCOMPARE(count(QStringLiteral("keys")), 0);
    }

    void asVersionAddsACurrentVersionOfTheSameShape()
    {
        auto first = import(QStringLiteral("hsm-vault"), QStringLiteral("k"), source(goodFile("ec-p256.pkcs8.pem")));
        QVERIFY2(first, errorText(first));
        auto second =
            import(QStringLiteral("hsm-vault"), QStringLiteral("k"), source(goodFile("ec-p256.p12"), kPassword),
                   [](KeyImportRequest& r) { r.asVersion = true; });
        QVERIFY2(second, errorText(second));
        QVERIFY(second->newVersion);
        QCOMPARE(second->key.currentVersion.seq, 2);
        auto shown = m_ready->services->keys().show(QStringLiteral("hsm-vault"), QStringLiteral("k"));
        QVERIFY(shown);
        QCOMPARE(shown->currentVersion.id, second->key.currentVersion.id);
        QCOMPARE(lastEvent(QStringLiteral("KeyImport"))->details.value(QStringLiteral("asVersion")).toBool(), true);

        const QList<QByteArray> ids = tokenIds();
        auto mismatch =
            import(QStringLiteral("hsm-vault"), QStringLiteral("k"), source(goodFile("ec-p384.pbkdf2.pem"), kPassword),
                   [](KeyImportRequest& r) { r.asVersion = true; });
        QVERIFY(!mismatch);
        QCOMPARE(mismatch.error().kind, ErrorKind::Invalid);
        QVERIFY2(mismatch.error().message.contains(QLatin1String("EC P-256")), qPrintable(mismatch.error().message));
        auto missing = import(QStringLiteral("hsm-vault"), QStringLiteral("nope"),
                              source(goodFile("ec-p256.pkcs8.pem")), [](KeyImportRequest& r) { r.asVersion = true; });
        QVERIFY(!missing);
        QCOMPARE(missing.error().kind, ErrorKind::Conflict);
        checkUnchanged(1, 2, ids);
    }

    void previewNamesDuplicatesAndChangesNothing()
    {
        auto first = import(QStringLiteral("hsm-vault"), QStringLiteral("k"), source(goodFile("ec-p256.pkcs8.pem")));
        QVERIFY2(first, errorText(first));
        const int events = count(QStringLiteral("audit_events"));
        auto preview = test::await(imports().preview(source(goodFile("ec-p256.cert-and-key.pem"))));
        QVERIFY2(preview, errorText(preview));
        QVERIFY(!preview->keys.isEmpty());
        const KeyImportCandidate& c = preview->keys.first();
        QCOMPARE(c.fingerprint, first->fingerprint);
        QCOMPARE(c.duplicates.size(), 1);
        QCOMPARE(c.duplicates.first().vault, QStringLiteral("hsm-vault"));
        QCOMPARE(c.duplicates.first().name, QStringLiteral("k"));
        QCOMPARE(c.duplicates.first().versionId, first->key.currentVersion.id);
        QVERIFY(!c.certificateSubject.isEmpty()); // the certificate came along and is shown
        QCOMPARE(count(QStringLiteral("audit_events")), events);

        auto taken = import(QStringLiteral("hsm-vault"), QStringLiteral("k"), source(goodFile("ec-p256.pkcs8.pem")));
        QVERIFY(!taken);
        QCOMPARE(taken.error().kind, ErrorKind::Conflict);
        // An imported certificate is not made a certificate by key import.
        QCOMPARE(count(QStringLiteral("certificates")), 0);
    }

    void deniedImportIsAuditedAndReadsNothing()
    {
        QVERIFY(test::addOperatorWithRoles(*m_ready->services, QStringLiteral("auditor"),
                                           {QStringLiteral("Crypto Auditor")}));
        QVERIFY(test::switchOperator(*m_ready->services, QStringLiteral("auditor")));
        auto denied = import(QStringLiteral("hsm-vault"), QStringLiteral("k"), source(goodFile("ec-p256.pkcs8.pem")));
        QVERIFY(!denied);
        QCOMPARE(denied.error().kind, ErrorKind::Denied);
        auto event = lastEvent(QStringLiteral("KeyImport"));
        QVERIFY(event);
        QCOMPARE(event->result, AuditResult::Denied);
        QVERIFY(!event->details.contains(QStringLiteral("publicKeyFingerprint")));
        QCOMPARE(count(QStringLiteral("keys")), 0);
    }

    void failuresLeaveNoRowAndNoTokenObject_data()
    {
        QTest::addColumn<QString>("file");
        QTest::addColumn<QString>("password");
        QTest::addColumn<QString>("expected");
        QTest::newRow("wrong password") << goodFile("ec-p384.pbkdf2.pem") << QStringLiteral("wrong-password")
                                        << QStringLiteral("password");
        QTest::newRow("no password") << goodFile("ec-p256.p12") << QString() << QStringLiteral("password");
        QTest::newRow("truncated der") << badFile("truncated-pkcs8.der") << QString() << QString();
        QTest::newRow("mac failure") << badFile("mac-failure.p12") << kPassword << QString();
        QTest::newRow("unsupported curve") << badFile("secp256k1.pem") << QString() << QString();
        QTest::newRow("jwk missing n") << badFile("jwk-rsa-missing-n.json") << QString() << QStringLiteral("'n'");
        QTest::newRow("not a key") << badFile("not-a-key.txt") << QString() << QString();
    }
    void failuresLeaveNoRowAndNoTokenObject()
    {
        QFETCH(QString, file);
        QFETCH(QString, password);
        QFETCH(QString, expected);
        const QList<QByteArray> ids = tokenIds();
        auto failed = import(QStringLiteral("hsm-vault"), QStringLiteral("bad"), source(file, password));
        QVERIFY(!failed);
        QVERIFY2(failed.error().kind == ErrorKind::Invalid, errorText(failed));
        if (!expected.isEmpty())
            QVERIFY2(failed.error().message.contains(expected), qPrintable(failed.error().message));
        checkUnchanged(0, 0, ids);
        auto event = lastEvent(QStringLiteral("KeyImport"));
        QVERIFY(event);
        QCOMPARE(event->result, AuditResult::Failed);
    }

    void kekRules()
    {
        KeyService& keys = m_ready->services->keys();
        auto make = [&](KeyKind kind, QStringList ops, std::optional<Protection> protection) {
            KeyCreateRequest r;
            r.vault = QStringLiteral("hsm-vault");
            r.name = QStringLiteral("kek");
            r.kty = kind;
            r.keyOps = ops;
            r.protection = protection;
            return test::await(keys.create(r));
        };
        auto mixed = make(KeyKind::Rsa, {QStringLiteral("import"), QStringLiteral("sign")}, {});
        QVERIFY(!mixed);
        QVERIFY2(mixed.error().message.contains(QLatin1String("exactly [import]")), qPrintable(mixed.error().message));
        auto ec = make(KeyKind::Ec, {QStringLiteral("import")}, {});
        QVERIFY(!ec);
        QVERIFY2(ec.error().message.contains(QLatin1String("RSA")), qPrintable(ec.error().message));
        auto software = make(KeyKind::Rsa, {QStringLiteral("import")}, Protection::Software);
        QVERIFY(!software);
        QVERIFY2(software.error().message.contains(QLatin1String("HSM")), qPrintable(software.error().message));
        auto kek = make(KeyKind::Rsa, {QStringLiteral("import")}, {});
        QVERIFY2(kek, errorText(kek));
        QCOMPARE(kek->keyOps, QStringList{QStringLiteral("import")});
        // Its public key exports as PEM for the source HSM.
        auto pem = test::await(m_ready->services->keyCrypto().exportPublic(
            {QStringLiteral("hsm-vault"), QStringLiteral("kek"), {}}, PublicKeyFormat::Pem));
        QVERIFY2(pem, errorText(pem));
        QVERIFY(pem->contains("BEGIN PUBLIC KEY"));
        // A KEK never signs: key_ops enforce it.
        auto sign = test::await(m_ready->services->keyCrypto().sign(
            {QStringLiteral("hsm-vault"), QStringLiteral("kek"), {}}, QStringLiteral("RS256"), QByteArray("x"), false));
        QVERIFY(!sign);
    }

    void byokImportsThroughTheKek()
    {
        KeyCreateRequest r;
        r.vault = QStringLiteral("hsm-vault");
        r.name = QStringLiteral("kek");
        r.kty = KeyKind::Rsa;
        r.size = 2048;
        r.keyOps = {QStringLiteral("import")};
        auto kek = test::await(m_ready->services->keys().create(r));
        QVERIFY2(kek, errorText(kek));
        auto target = crypto::import::readKeyFile(readAll(goodFile("ec-p256.pkcs8.pem")), nullptr);
        QVERIFY(target);
        auto ciphertext = crypto::byok::wrapForKek(kek->currentVersion.publicKeyDer, target->keys.first().privateKey);
        QVERIFY2(ciphertext, errorText(ciphertext));
        crypto::byok::ByokFile file;
        file.kid = kek->kid();
        file.ciphertext = ciphertext.value();
        file.generator = QStringLiteral("TestKeyImport");
        KeyImportSource byok;
        byok.bytes = crypto::byok::toJson(file);
        byok.fileName = QStringLiteral("key.byok");

        auto preview = test::await(imports().preview(byok));
        QVERIFY2(preview, errorText(preview));
        QVERIFY(preview->isByok);
        QCOMPARE(preview->byokKid, kek->kid());

        const QList<QByteArray> ids = tokenIds();
        auto noKek = import(QStringLiteral("hsm-vault"), QStringLiteral("moved"), byok);
        QVERIFY(!noKek);
        QVERIFY2(noKek.error().message.contains(QLatin1String("--kek")), qPrintable(noKek.error().message));
        crypto::byok::ByokFile wrongKid = file;
        wrongKid.kid = KeyRecord::versionResourceId(QStringLiteral("hsm-vault"), QStringLiteral("kek"),
                                                    QStringLiteral("00000000000000000000000000000000"));
        KeyImportSource wrong = byok;
        wrong.bytes = crypto::byok::toJson(wrongKid);
        auto refused = import(QStringLiteral("hsm-vault"), QStringLiteral("moved"), wrong,
                              [](KeyImportRequest& q) { q.kek = QStringLiteral("kek"); });
        QVERIFY(!refused);
        QVERIFY2(refused.error().message.contains(QLatin1String("made for the KEK")),
                 qPrintable(refused.error().message));
        crypto::byok::ByokFile flipped = file;
        flipped.ciphertext[flipped.ciphertext.size() - 3] =
            char(flipped.ciphertext.at(flipped.ciphertext.size() - 3) ^ 0x01);
        KeyImportSource tampered = byok;
        tampered.bytes = crypto::byok::toJson(flipped);
        auto failed = import(QStringLiteral("hsm-vault"), QStringLiteral("moved"), tampered,
                             [](KeyImportRequest& q) { q.kek = QStringLiteral("kek"); });
        QVERIFY(!failed);
        checkUnchanged(1, 1, ids);

        // The key's type is known only once unwrapped: a mismatch with --as-version fails at commit,
        // and the unwrapped token objects are destroyed again.
        KeyCreateRequest rsa;
        rsa.vault = QStringLiteral("hsm-vault");
        rsa.name = QStringLiteral("rsa-key");
        rsa.kty = KeyKind::Rsa;
        QVERIFY(test::await(m_ready->services->keys().create(rsa)));
        const QList<QByteArray> withRsa = tokenIds();
        auto mismatch = import(QStringLiteral("hsm-vault"), QStringLiteral("rsa-key"), byok, [](KeyImportRequest& q) {
            q.kek = QStringLiteral("kek");
            q.asVersion = true;
        });
        QVERIFY(!mismatch);
        QVERIFY2(mismatch.error().message.contains(QLatin1String("same type")), qPrintable(mismatch.error().message));
        checkUnchanged(2, 2, withRsa);

        auto imported = import(QStringLiteral("hsm-vault"), QStringLiteral("moved"), byok,
                               [](KeyImportRequest& q) { q.kek = QStringLiteral("kek"); });
        QVERIFY2(imported, errorText(imported));
        QCOMPARE(imported->key.kty, KeyKind::Ec);
        QCOMPARE(imported->key.curve, QStringLiteral("P-256"));
        QCOMPARE(imported->key.protection, Protection::Hsm);
        QCOMPARE(imported->key.currentVersion.publicKeyDer, target->keys.first().publicKeyDer);
        auto event = lastEvent(QStringLiteral("KeyImport"));
        QCOMPARE(event->details.value(QStringLiteral("byokKid")).toString(), kek->kid());
        QCOMPARE(tokenIds().size(), withRsa.size() + 1);
    }

    // An AES key moved by BYOK: SoftHSM2 does not record the length of an unwrapped secret key, so
    // the size Custos stores with the key is what lets the token use it (A256GCM needs 256 bits).
    void byokAesKeyEncryptsOnTheToken()
    {
        KeyCreateRequest r;
        r.vault = QStringLiteral("hsm-vault");
        r.name = QStringLiteral("kek");
        r.kty = KeyKind::Rsa;
        r.keyOps = {QStringLiteral("import")};
        auto kek = test::await(m_ready->services->keys().create(r));
        QVERIFY2(kek, errorText(kek));
        auto original = crypto::SoftwareKey::generateAes(256);
        QVERIFY(original);
        auto raw = original->toPrivateDer();
        QVERIFY(raw);
        auto ciphertext = crypto::byok::wrapForKek(kek->currentVersion.publicKeyDer, raw.value());
        QVERIFY2(ciphertext, errorText(ciphertext));
        crypto::byok::ByokFile file;
        file.kid = kek->kid();
        file.ciphertext = ciphertext.value();
        KeyImportSource byok;
        byok.bytes = crypto::byok::toJson(file);
        auto imported = import(QStringLiteral("hsm-vault"), QStringLiteral("moved-aes"), byok,
                               [](KeyImportRequest& q) { q.kek = QStringLiteral("kek"); });
        QVERIFY2(imported, errorText(imported));
        QCOMPARE(imported->key.kty, KeyKind::Aes);
        QCOMPARE(imported->key.size, 256);

        auto plaintext = std::make_shared<const crypto::SecureBuffer>(crypto::SecureBuffer::fromString("moved"));
        auto sealed = test::await(m_ready->services->keyCrypto().encrypt(
            {QStringLiteral("hsm-vault"), QStringLiteral("moved-aes"), {}}, QStringLiteral("A256GCM"), plaintext));
        QVERIFY2(sealed, errorText(sealed));
        auto opened = original->decryptGcm(sealed->iv + sealed->ciphertext + sealed->tag, {});
        QVERIFY2(opened, errorText(opened));
        QVERIFY(opened->equals(*plaintext));
    }
};

CUSTOS_REGISTER_TEST(TestKeyImport)
#include "TestKeyImport.moc"
