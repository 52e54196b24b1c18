#include "TestRegistry.h"
#include "TestSecurityDomainSupport.h"

#include "OutcomeText.h"

#include "crypto/Random.h"
#include "crypto/sd/Base64Url.h"
#include "crypto/sd/CompactJwe.h"
#include "crypto/sd/CustodianKey.h"
#include "crypto/sd/RestoreBlob.h"
#include "crypto/sd/SecurityDomainFile.h"
#include "crypto/sd/Shamir.h"
#include "crypto/sd/ShareCollector.h"
#include "crypto/x509/CertificateFiles.h"

#include <QJsonArray>
#include <QTemporaryDir>
#include <QTest>

using namespace custos;
using namespace custos::crypto;
using namespace custos::crypto::sd;
using namespace custos::test::sd;

// The shared vector (a security domain and a restore blob made by the real az), our own files
// checked by the openssl CLI, and the custodian and exchange key files (SECURITY-DOMAIN.md §9-§11).
class TestSecurityDomainVector : public QObject
{
    Q_OBJECT
private:
    QTemporaryDir m_dir;

    static SecurityDomainFile vectorFile()
    {
        auto file = SecurityDomainFile::parse(readAll(vectorPath(QStringLiteral("sd.json"))));
        return file ? file.take() : SecurityDomainFile();
    }

    static std::unique_ptr<CustodianKey> vectorCustodian(int index)
    {
        const QJsonObject entry = manifest().value("custodians").toArray().at(index).toObject();
        const SecureBuffer password = SecureBuffer::fromString(entry.value("password").toString().toStdString());
        auto key = openCustodianKeyFile(vectorPath(entry.value("key").toString()),
                                        entry.value("password").isString() ? &password : nullptr);
        if (!key)
            qWarning("%s", errorText(key).constData());
        return key ? key.take() : nullptr;
    }

    static std::unique_ptr<CustodianKey> testCustodian(int index)
    {
        auto key = openCustodianKeyFile(custodianPath(QStringLiteral("custodian_%1.key").arg(index)), nullptr);
        if (!key)
            qWarning("%s", errorText(key).constData());
        return key ? key.take() : nullptr;
    }

    static QByteArray testCertificateDer(int index)
    {
        auto file = x509::readCertificateFile(readAll(custodianPath(QStringLiteral("custodian_%1.cer").arg(index))));
        return file ? file->certificatesDer.first() : QByteArray();
    }

    static QByteArray exchangeDer()
    {
        auto der = readExchangeCertificate(readAll(vectorPath(QStringLiteral("exchange.cer"))));
        return der ? der.value() : QByteArray();
    }

    static QByteArray masterHex()
    {
        return manifest().value("TEST_ONLY_secrets").toObject().value("master_key_hex").toString().toLatin1();
    }

    // The vector's payloads are payload_0.bin and payload_1.bin under their tags.
    static bool arePayloadsOfVector(const std::vector<Payload>& payloads)
    {
        return payloads.size() == 2 && payloads[0].tag == "hsm_payload_a" && payloads[1].tag == "hsm_payload_b" &&
               bytesOf(payloads[0].data) == readAll(vectorPath("payload_0.bin")) &&
               bytesOf(payloads[1].data) == readAll(vectorPath("payload_1.bin"));
    }

    static std::vector<Payload> samplePayloads()
    {
        std::vector<Payload> payloads;
        payloads.push_back(Payload{QStringLiteral("custos_domain_key"), randomSecret(32)});
        payloads.push_back(Payload{QStringLiteral("custos_workspace"), SecureBuffer::fromString("{\"id\":\"w1\"}")});
        return payloads;
    }

    ToolResult openssl(const QStringList& arguments) { return runTool(QStringLiteral("openssl"), arguments); }

private Q_SLOTS:
    void initTestCase() { QVERIFY(m_dir.isValid()); }

    void vectorOpensWithEveryPair_data()
    {
        QTest::addColumn<int>("first");
        QTest::addColumn<int>("second");
        QTest::newRow("{0,1}") << 0 << 1;
        QTest::newRow("{1,2}") << 1 << 2;
        QTest::newRow("{0,2}") << 0 << 2;
        QTest::newRow("{2,0}") << 2 << 0;
    }

    void vectorOpensWithEveryPair()
    {
        QFETCH(int, first);
        QFETCH(int, second);
        ShareCollector collector(vectorFile());
        QCOMPARE(collector.required(), 2);
        for (const int index : {first, second}) {
            auto key = vectorCustodian(index);
            QVERIFY(key);
            auto presented = collector.present(*key);
            key->wipe();
            QVERIFY2(presented, errorText(presented));
            QCOMPARE(presented->holder, QStringLiteral("SD custodian %1").arg(index));
            QCOMPARE(presented->shareIndexes, QList<int>{index});
            QVERIFY(presented->failedShares.isEmpty());
        }
        QVERIFY(collector.complete());
        auto master = collector.masterSecret();
        QVERIFY2(master, errorText(master));
        QCOMPARE(bytesOf(master.value()).toHex(), masterHex());
        auto payloads = openItems(collector.file(), master.value());
        QVERIFY2(payloads, errorText(payloads));
        QVERIFY(arePayloadsOfVector(payloads.value()));
        collector.wipe();
        QCOMPARE(collector.collected(), 0);
    }

    void azRestoreBlobOpensWithExchangeKey()
    {
        auto blob = RestoreBlob::parse(readAll(vectorPath(QStringLiteral("restore_blob_az.json"))));
        QVERIFY2(blob, errorText(blob));
        QCOMPARE(blob->wrappedKey.x5t256, certificateThumbprint(exchangeDer()));
        auto exchange = openCustodianKeyFile(vectorPath(QStringLiteral("exchange.key")), nullptr);
        QVERIFY2(exchange, errorText(exchange));
        auto payloads = openRestoreBlob(blob.value(), *exchange.value());
        QVERIFY2(payloads, errorText(payloads));
        QVERIFY(arePayloadsOfVector(payloads.value()));
    }

    void restoreBlobSerialisesAsAz()
    {
        const QByteArray az = readAll(vectorPath(QStringLiteral("restore_blob_az.json")));
        auto blob = RestoreBlob::parse(az);
        QVERIFY2(blob, errorText(blob));
        QCOMPARE(blob->toJson(), az);
    }

    void ourRestoreBlobOpens()
    {
        const SecureBuffer master = secret(QByteArray::fromHex(masterHex()));
        auto blob = createRestoreBlob(vectorFile(), master, exchangeDer());
        QVERIFY2(blob, errorText(blob));
        QCOMPARE(blob->wrappedKey.x5t256, certificateThumbprint(exchangeDer()));
        auto parsed = RestoreBlob::parse(blob->toJson());
        QVERIFY2(parsed, errorText(parsed));
        QCOMPARE(parsed->toJson(), blob->toJson());
        auto exchange = openCustodianKeyFile(vectorPath(QStringLiteral("exchange.key")), nullptr);
        QVERIFY2(exchange, errorText(exchange));
        auto payloads = openRestoreBlob(parsed.value(), *exchange.value());
        QVERIFY2(payloads, errorText(payloads));
        QVERIFY(arePayloadsOfVector(payloads.value()));
        // The blob's master secret is fresh: the items differ from the file's.
        QVERIFY(blob->items[0].compactJwe != vectorFile().items[0].compactJwe);

        // A key that is not the exchange key is refused by thumbprint, before any decryption.
        auto other = vectorCustodian(1);
        QVERIFY(other);
        auto wrongKey = openRestoreBlob(parsed.value(), *other);
        QVERIFY(!wrongKey);
        QCOMPARE(wrongKey.error().kind, ErrorKind::Invalid);
        QVERIFY2(wrongKey.error().message.startsWith("the blob is wrapped to certificate " + blob->wrappedKey.x5t256),
                 qPrintable(wrongKey.error().message));
    }

    void refusals()
    {
        ShareCollector collector(vectorFile());
        // A foreign key.
        auto foreign = testCustodian(3);
        QVERIFY(foreign);
        auto notCustodian = collector.present(*foreign);
        QVERIFY(!notCustodian);
        QCOMPARE(notCustodian.error().kind, ErrorKind::Invalid);
        QVERIFY2(notCustodian.error().message.startsWith("Test Custodian 3 (") &&
                     notCustodian.error().message.endsWith(") is not a custodian of this security domain"),
                 qPrintable(notCustodian.error().message));
        // The same custodian twice.
        auto one = vectorCustodian(1);
        QVERIFY(one);
        auto first = collector.present(*one);
        QVERIFY2(first, errorText(first));
        auto again = collector.present(*one);
        QVERIFY(!again);
        QCOMPARE(again.error().kind, ErrorKind::Conflict);
        QCOMPARE(again.error().message, QStringLiteral("SD custodian 1 has already presented their key"));
        QCOMPARE(collector.collected(), 1);
        // M-1 custodians: no master secret.
        auto early = collector.masterSecret();
        QVERIFY(!early);
        QCOMPARE(early.error().kind, ErrorKind::Conflict);
        QCOMPARE(early.error().message, QStringLiteral("only 1 of 2 shares collected: 1 more custodians needed"));
        // Complete, then one more is refused.
        auto two = vectorCustodian(2);
        QVERIFY(two);
        QVERIFY(collector.present(*two));
        auto zero = vectorCustodian(0);
        QVERIFY(zero);
        auto extra = collector.present(*zero);
        QVERIFY(!extra);
        QCOMPARE(extra.error().message, QStringLiteral("the quorum is already complete"));
    }

    void keyFileRefusals()
    {
        const QString key0 = vectorPath(QStringLiteral("cert_0.key"));
        const SecureBuffer wrong = SecureBuffer::fromString("not the password");
        auto wrongPassword = openCustodianKeyFile(key0, &wrong);
        QVERIFY(!wrongPassword);
        QCOMPARE(wrongPassword.error().kind, ErrorKind::Invalid);
        QVERIFY2(wrongPassword.error().message.startsWith("wrong password for " + key0),
                 qPrintable(wrongPassword.error().message));
        auto noPassword = openCustodianKeyFile(key0, nullptr);
        QVERIFY(!noPassword);
        QCOMPARE(noPassword.error().message, key0 + " is encrypted: a password is needed");
        auto mismatch = openCustodianKeyFile(vectorPath(QStringLiteral("cert_1.key")), nullptr,
                                             vectorPath(QStringLiteral("cert_2.cer")));
        QVERIFY(!mismatch);
        QCOMPARE(mismatch.error().message, QStringLiteral("the key in %1 is not the key of certificate %2")
                                               .arg(vectorPath("cert_1.key"), vectorPath("cert_2.cer")));
        auto missing = openCustodianKeyFile(m_dir.filePath(QStringLiteral("absent.key")), nullptr);
        QVERIFY(!missing);
        QVERIFY2(missing.error().message.startsWith("cannot read the key file " + m_dir.filePath("absent.key")),
                 qPrintable(missing.error().message));
        QVERIFY(writeAll(m_dir.filePath("lonely.key"), readAll(vectorPath("cert_1.key"))));
        auto noCertificate = openCustodianKeyFile(m_dir.filePath(QStringLiteral("lonely.key")), nullptr);
        QVERIFY(!noCertificate);
        QVERIFY2(
            noCertificate.error().message.startsWith("cannot read the certificate " + m_dir.filePath("lonely.cer")),
            qPrintable(noCertificate.error().message));
        // The encrypted custodian of the committed set opens with the first line of its password file.
        SecureBuffer password =
            secret(readAll(custodianPath(QStringLiteral("custodian_0.password"))).split('\n').first());
        auto custodian0 = openCustodianKeyFile(custodianPath(QStringLiteral("custodian_0.key")), &password);
        QVERIFY2(custodian0, errorText(custodian0));
        QCOMPARE(certificateThumbprint(custodian0.value()->certificateDer()),
                 certificateThumbprint(testCertificateDer(0)));

        QCOMPARE(certificatePathForKey("dir/cert_0.key"), QStringLiteral("dir/cert_0.cer"));
        QCOMPARE(certificatePathForKey("a.b.pem"), QStringLiteral("a.b.cer"));
        QCOMPARE(certificatePathForKey("dir.x/key"), QStringLiteral("dir.x/key.cer"));
    }

    void tamperedShareAndItem()
    {
        // A tampered share is named; the custodian's other shares (none here) would still count.
        SecurityDomainFile tampered = vectorFile();
        QByteArray& share = tampered.shares[1].compactJwe;
        share = replaceSegment(share, 3, flipMiddle(share.split('.').at(3)));
        ShareCollector collector(tampered);
        auto one = vectorCustodian(1);
        QVERIFY(one);
        auto refused = collector.present(*one);
        QVERIFY(!refused);
        QCOMPARE(refused.error().kind, ErrorKind::Failed);
        QCOMPARE(refused.error().message,
                 QStringLiteral("none of SD custodian 1's shares decrypt: share 2: the JWE's MAC does not verify"));
        QCOMPARE(collector.collected(), 0);

        // A share whose tag az would not check (16 bytes): refused, named.
        SecurityDomainFile shortTag = vectorFile();
        QByteArray& share2 = shortTag.shares[2].compactJwe;
        share2 = replaceSegment(share2, 4, base64UrlEncode(QByteArray(16, 'x')));
        auto two = vectorCustodian(2);
        QVERIFY(two);
        auto shortRefused = ShareCollector::verifyShare(shortTag, *two);
        QVERIFY(!shortRefused);
        QVERIFY2(shortRefused.error().message.endsWith("share 3: the JWE's tag is 16 bytes: expected 32"),
                 qPrintable(shortRefused.error().message));

        // A tampered EncData item: the shares combine, the item does not decrypt.
        SecurityDomainFile itemTampered = vectorFile();
        QByteArray& item = itemTampered.items[0].compactJwe;
        item = replaceSegment(item, 3, flipMiddle(item.split('.').at(3)));
        ShareCollector collector3(itemTampered);
        auto zero = vectorCustodian(0);
        QVERIFY(zero);
        QVERIFY(collector3.present(*zero));
        QVERIFY(collector3.present(*two));
        auto master = collector3.masterSecret();
        QVERIFY(!master);
        QCOMPARE(master.error().kind, ErrorKind::Failed);
        QCOMPARE(
            master.error().message,
            QStringLiteral("EncData item \"hsm_payload_a\" does not decrypt: the security-domain file was tampered "
                           "with or the shares are not this file's"));
    }

    void verifyShareKeepsNothing()
    {
        const SecurityDomainFile file = vectorFile();
        auto two = vectorCustodian(2);
        QVERIFY(two);
        auto presented = ShareCollector::verifyShare(file, *two);
        QVERIFY2(presented, errorText(presented));
        QCOMPARE(presented->shareIndexes, QList<int>{2});
        QCOMPARE(presented->x5t256, file.shares[2].x5t256);
    }

    void weightedCustodianOpensSeveralShares()
    {
        // One certificate in two entries (different x): one key brings two shares, a quorum of 2.
        std::vector<Payload> payloads = samplePayloads();
        const QByteArray der1 = testCertificateDer(1);
        auto file = createSecurityDomain({der1, der1, testCertificateDer(2)}, 2, payloads);
        QVERIFY2(file, errorText(file));
        ShareCollector collector(file.value());
        auto one = testCustodian(1);
        QVERIFY(one);
        auto presented = collector.present(*one);
        QVERIFY2(presented, errorText(presented));
        QCOMPARE(presented->shareIndexes, (QList<int>{0, 1}));
        QVERIFY(collector.complete());
        auto master = collector.masterSecret();
        QVERIFY2(master, errorText(master));
        auto opened = openItems(file.value(), master.value());
        QVERIFY2(opened, errorText(opened));
        QVERIFY(opened.value()[0].data.equals(payloads[0].data));
    }

    void failedShareIsNamedWhileOthersCount()
    {
        std::vector<Payload> payloads = samplePayloads();
        const QByteArray der1 = testCertificateDer(1);
        auto file = createSecurityDomain({der1, der1, testCertificateDer(2)}, 2, payloads);
        QVERIFY2(file, errorText(file));
        SecurityDomainFile tampered = file.value();
        QByteArray& share = tampered.shares[1].compactJwe;
        share = replaceSegment(share, 3, flipMiddle(share.split('.').at(3)));
        ShareCollector collector(tampered);
        auto one = testCustodian(1);
        QVERIFY(one);
        auto presented = collector.present(*one);
        QVERIFY2(presented, errorText(presented));
        QCOMPARE(presented->shareIndexes, QList<int>{0});
        QCOMPARE(presented->failedShares, QStringList{"share 2: the JWE's MAC does not verify"});
        QCOMPARE(collector.collected(), 1);
        auto two = testCustodian(2);
        QVERIFY(two);
        QVERIFY(collector.present(*two));
        auto master = collector.masterSecret();
        QVERIFY2(master, errorText(master));
    }

    void duplicateShareXRefused()
    {
        // Share 2 re-encrypted to custodian 1 duplicates x = 1 of share 0 when custodian 1 presents.
        std::vector<Payload> payloads = samplePayloads();
        const QByteArray der1 = testCertificateDer(1);
        auto file = createSecurityDomain({der1, testCertificateDer(2), testCertificateDer(3)}, 3, payloads);
        QVERIFY2(file, errorText(file));
        auto one = testCustodian(1);
        QVERIFY(one);
        auto jwe = CompactJwe::parse(file->shares[0].compactJwe);
        QVERIFY2(jwe, errorText(jwe));
        auto share0 = decryptRsaJwe(*one, jwe.value());
        QVERIFY2(share0, errorText(share0));
        SecurityDomainFile forged = file.value();
        auto copy = encryptRsaOaep256Jwe(testCertificateDer(2), share0.value());
        QVERIFY2(copy, errorText(copy));
        forged.shares[1].compactJwe = copy.value();
        ShareCollector collector(forged);
        QVERIFY(collector.present(*one));
        auto two = testCustodian(2);
        QVERIFY(two);
        auto refused = collector.present(*two);
        QVERIFY(!refused);
        QCOMPARE(refused.error().kind, ErrorKind::Conflict);
        QCOMPARE(refused.error().message, QStringLiteral("share 2 has the same x as one already collected"));
        QCOMPARE(collector.collected(), 1);
    }

    void createSecurityDomainRefuses()
    {
        std::vector<Payload> payloads = samplePayloads();
        const QList<QByteArray> three{testCertificateDer(1), testCertificateDer(2), testCertificateDer(3)};
        auto two = createSecurityDomain({testCertificateDer(1), testCertificateDer(2)}, 2, payloads);
        QVERIFY(!two);
        QCOMPARE(two.error().message, QStringLiteral("2 custodian certificates: expected 3 to 10"));
        auto quorum1 = createSecurityDomain(three, 1, payloads);
        QVERIFY(!quorum1);
        QCOMPARE(quorum1.error().message, QStringLiteral("quorum 1 of 3 custodians: expected 2 to 3"));
        QVERIFY(!createSecurityDomain(three, 4, payloads));
        std::vector<Payload> duplicateTags = samplePayloads();
        duplicateTags[1].tag = duplicateTags[0].tag;
        auto duplicates = createSecurityDomain(three, 2, duplicateTags);
        QVERIFY(!duplicates);
        QVERIFY2(duplicates.error().message.contains("appears twice"), qPrintable(duplicates.error().message));
        std::vector<Payload> nonAscii = samplePayloads();
        nonAscii[0].tag = QString::fromUtf8("dömain");
        QVERIFY(!createSecurityDomain(three, 2, nonAscii));
        auto noPayloads = createSecurityDomain(three, 2, {});
        QVERIFY(!noPayloads);
    }

    void readCustodianCertificateChecks()
    {
        auto good = readCustodianCertificate(readAll(custodianPath(QStringLiteral("custodian_2.cer"))));
        QVERIFY2(good, errorText(good));
        QCOMPARE(good->holder, QStringLiteral("Test Custodian 2"));
        QCOMPARE(good->rsaBits, 2048);
        QCOMPARE(good->x5t256, certificateThumbprint(testCertificateDer(2)));
        QVERIFY(good->notAfter.endsWith('Z'));
        auto der = readCustodianCertificate(testCertificateDer(2));
        QVERIFY2(der, errorText(der));
        QCOMPARE(der->der, good->der);

        const auto make = [this](const QString& name, const QStringList& keyOptions, const QString& subject) {
            const QString key = m_dir.filePath(name + ".key");
            const QString cert = m_dir.filePath(name + ".cer");
            const ToolResult run = runTool(
                "openssl", QStringList{"req", "-x509", "-newkey"} + keyOptions +
                               QStringList{"-nodes", "-keyout", key, "-out", cert, "-days", "30", "-subj", subject});
            if (run.exitCode != 0)
                qWarning("openssl req: %s", run.err.constData());
            return readAll(cert);
        };
        auto small = readCustodianCertificate(make("rsa1024", {"rsa:1024"}, "/CN=Small"));
        QVERIFY(!small);
        QVERIFY2(small.error().message.startsWith("RSA-1024 is too small"), qPrintable(small.error().message));
        auto ec = readCustodianCertificate(make("ec", {"ec", "-pkeyopt", "ec_paramgen_curve:P-256"}, "/CN=Curve"));
        QVERIFY(!ec);
        QVERIFY2(ec.error().message.startsWith("holds an EC key"), qPrintable(ec.error().message));
        auto noCn = readCustodianCertificate(make("nocn", {"rsa:2048"}, "/O=No Name"));
        QVERIFY(!noCn);
        QCOMPARE(noCn.error().message, QStringLiteral("has no subject CN naming its holder"));
        auto garbage = readCustodianCertificate("hello");
        QVERIFY(!garbage);
        QVERIFY2(garbage.error().message.startsWith("not an X.509 certificate"), qPrintable(garbage.error().message));
    }

    // Our writing, proven by the openssl CLI alone: RSA-OAEP-256 CEK, HMAC-SHA-512 tag, AES-256-CBC.
    void ourFileOpensWithOpensslCli()
    {
        std::vector<Payload> payloads = samplePayloads();
        QList<QByteArray> certificates;
        for (int i = 1; i <= 4; ++i)
            certificates << testCertificateDer(i);
        auto file = createSecurityDomain(certificates, 3, payloads);
        QVERIFY2(file, errorText(file));
        auto reparsed = SecurityDomainFile::parse(file->toJson());
        QVERIFY2(reparsed, errorText(reparsed));
        QCOMPARE(reparsed->required, 3);
        QCOMPARE(reparsed->custodianCount(), 4);
        QVERIFY(reparsed->warnings.isEmpty());

        std::vector<SecureBuffer> cliShares;
        for (int j = 0; j < 3; ++j) {
            QCOMPARE(reparsed->shares[j].x5t256, certificateThumbprint(certificates[j]));
            const QByteArray jwe = reparsed->shares[j].compactJwe;
            const QList<QByteArray> parts = jwe.split('.');
            QCOMPARE(parts.size(), 5);
            QCOMPARE(parts[0], jweHeaderSegment("RSA-OAEP-256", "not used"));
            const auto decode = [](const QByteArray& segment) { return base64UrlDecode(segment, "segment").value(); };
            const QByteArray encryptedKey = decode(parts[1]);
            const QByteArray iv = decode(parts[2]);
            const QByteArray ciphertext = decode(parts[3]);
            const QByteArray tag = decode(parts[4]);
            QCOMPARE(encryptedKey.size(), 256);
            QCOMPARE(ciphertext.size(), 80);

            const QString ekPath = m_dir.filePath("ek.bin");
            const QString cekPath = m_dir.filePath("cek.bin");
            QVERIFY(writeAll(ekPath, encryptedKey));
            ToolResult rsa = runTool("openssl", {"pkeyutl", "-decrypt", "-inkey",
                                                 custodianPath(QStringLiteral("custodian_%1.key").arg(j + 1)),
                                                 "-pkeyopt", "rsa_padding_mode:oaep", "-pkeyopt", "rsa_oaep_md:sha256",
                                                 "-pkeyopt", "rsa_mgf1_md:sha256", "-in", ekPath, "-out", cekPath});
            QVERIFY2(rsa.exitCode == 0, rsa.err.constData());
            const QByteArray cek = readAll(cekPath);
            QCOMPARE(cek.size(), 64);

            quint64 al = quint64(parts[0].size()) * 8;
            QByteArray alBytes(8, '\0');
            for (int i = 7; i >= 0; --i, al >>= 8)
                alBytes[i] = char(al & 0xff);
            const QString macInput = m_dir.filePath("mac.bin");
            QVERIFY(writeAll(macInput, parts[0] + iv + ciphertext + alBytes));
            ToolResult mac =
                runTool("openssl", {"mac", "-digest", "SHA512", "-macopt",
                                    "hexkey:" + QString::fromLatin1(cek.left(32).toHex()), "-in", macInput, "HMAC"});
            QVERIFY2(mac.exitCode == 0, mac.err.constData());
            QCOMPARE(QByteArray::fromHex(mac.out.trimmed()).left(32).toHex(), tag.toHex());

            const QString ctPath = m_dir.filePath("ct.bin");
            QVERIFY(writeAll(ctPath, ciphertext));
            ToolResult aes =
                runTool("openssl", {"enc", "-d", "-aes-256-cbc", "-K", QString::fromLatin1(cek.mid(32).toHex()), "-iv",
                                    QString::fromLatin1(iv.toHex()), "-in", ctPath});
            QVERIFY2(aes.exitCode == 0, aes.err.constData());
            QCOMPARE(aes.out.size(), 64);
            cliShares.push_back(secret(aes.out));
            auto x = shamirShareX(cliShares.back());
            QVERIFY2(x, errorText(x));
            QCOMPARE(x.value(), j + 1);
        }
        auto cliMaster = shamirCombine({&cliShares[0], &cliShares[1], &cliShares[2]});
        QVERIFY2(cliMaster, errorText(cliMaster));
        QCOMPARE(cliMaster->size(), std::size_t(32));

        ShareCollector collector(reparsed.value());
        for (int i = 2; i <= 4; ++i) { // another quorum than the CLI's
            auto key = testCustodian(i);
            QVERIFY(key);
            auto presented = collector.present(*key);
            QVERIFY2(presented, errorText(presented));
        }
        auto master = collector.masterSecret();
        QVERIFY2(master, errorText(master));
        QVERIFY(master->equals(cliMaster.value()));
        auto opened = openItems(reparsed.value(), master.value());
        QVERIFY2(opened, errorText(opened));
        QCOMPARE(opened->size(), payloads.size());
        for (std::size_t i = 0; i < payloads.size(); ++i) {
            QCOMPARE(opened.value()[i].tag, payloads[i].tag);
            QVERIFY(opened.value()[i].data.equals(payloads[i].data));
        }
    }

    void createCustodianKeyFileWorksWithOpenssl()
    {
        const SecureBuffer password = SecureBuffer::fromString("alice pass 1");
        auto files = createCustodianKeyFile(QStringLiteral("Alice Example"), password, 2048);
        QVERIFY2(files, errorText(files));
        QVERIFY(files->keyPem.startsWith("-----BEGIN ENCRYPTED PRIVATE KEY-----"));
        const QString keyPath = m_dir.filePath("alice.key");
        QVERIFY(writeAll(keyPath, files->keyPem));
        QVERIFY(writeAll(m_dir.filePath("alice.cer"), files->certificatePem));

        ToolResult withPassword =
            runTool("openssl", {"pkey", "-in", keyPath, "-passin", "pass:alice pass 1", "-noout"});
        QVERIFY2(withPassword.exitCode == 0, withPassword.err.constData());
        ToolResult withoutPassword = runTool("openssl", {"pkey", "-in", keyPath, "-passin", "pass:", "-noout"});
        QVERIFY(withoutPassword.exitCode != 0);
        ToolResult subject = runTool("openssl", {"x509", "-in", m_dir.filePath("alice.cer"), "-noout", "-subject"});
        QVERIFY2(subject.exitCode == 0, subject.err.constData());
        QCOMPARE(subject.out.trimmed(), QByteArray("subject=CN = Alice Example"));

        auto certificate = readCustodianCertificate(files->certificatePem);
        QVERIFY2(certificate, errorText(certificate));
        QCOMPARE(certificate->holder, QStringLiteral("Alice Example"));
        QCOMPARE(certificate->rsaBits, 2048);
        QCOMPARE(certificate->x5t256, files->x5t256);
        auto key = openCustodianKeyFile(keyPath, &password);
        QVERIFY2(key, errorText(key));
        QCOMPARE(certificateThumbprint(key.value()->certificateDer()), files->x5t256);

        QVERIFY(!createCustodianKeyFile(QString(), password));
        QVERIFY(!createCustodianKeyFile(QStringLiteral("Bob"), SecureBuffer()));
        auto size = createCustodianKeyFile(QStringLiteral("Bob"), password, 1024);
        QVERIFY(!size);
        QVERIFY2(size.error().message.contains("expected 2048, 3072 or 4096"), qPrintable(size.error().message));
    }

    void exchangeCertificateForms()
    {
        const QByteArray der = exchangeDer();
        QVERIFY(!der.isEmpty());
        // az's form: 65-character lines and no final newline.
        const QByteArray base64 = der.toBase64();
        QList<QByteArray> lines{"-----BEGIN CERTIFICATE-----"};
        for (qsizetype i = 0; i < base64.size(); i += 65)
            lines << base64.mid(i, 65);
        lines << "-----END CERTIFICATE-----";
        auto azForm = readExchangeCertificate(lines.join('\n'));
        QVERIFY2(azForm, errorText(azForm));
        QCOMPARE(azForm.value(), der);
        auto derForm = readExchangeCertificate(der);
        QVERIFY2(derForm, errorText(derForm));
        QCOMPARE(derForm.value(), der);
        // init-recovery's response: the JWK as a JSON string.
        const QJsonObject jwk{{"kty", "RSA"}, {"x5c", QJsonArray{QString::fromLatin1(base64)}}};
        const QJsonObject response{
            {"transfer_key", QString::fromUtf8(QJsonDocument(jwk).toJson(QJsonDocument::Compact))}};
        auto jsonForm = readExchangeCertificate(QJsonDocument(response).toJson());
        QVERIFY2(jsonForm, errorText(jsonForm));
        QCOMPARE(jsonForm.value(), der);
        auto jwkForm = readExchangeCertificate(QJsonDocument(jwk).toJson());
        QVERIFY2(jwkForm, errorText(jwkForm));
        QCOMPARE(jwkForm.value(), der);

        ToolResult publicKey = runTool("openssl", {"x509", "-in", vectorPath("exchange.cer"), "-pubkey", "-noout"});
        QVERIFY2(publicKey.exitCode == 0, publicKey.err.constData());
        auto bare = readExchangeCertificate(publicKey.out);
        QVERIFY(!bare);
        QVERIFY2(bare.error().message.startsWith("a bare public key is not enough"), qPrintable(bare.error().message));
        const QJsonObject noX5c{{"kty", "RSA"}, {"n", "abc"}, {"e", "AQAB"}};
        auto jwkWithoutCertificate = readExchangeCertificate(QJsonDocument(noX5c).toJson());
        QVERIFY(!jwkWithoutCertificate);
        QVERIFY2(jwkWithoutCertificate.error().message.contains("a bare public key is not enough"),
                 qPrintable(jwkWithoutCertificate.error().message));
        QVERIFY(!readExchangeCertificate("garbage"));
    }
};

CUSTOS_REGISTER_TEST(TestSecurityDomainVector)
#include "TestSecurityDomainVector.moc"
