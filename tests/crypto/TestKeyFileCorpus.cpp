#include "TestKeyFileSupport.h"
#include "TestRegistry.h"

#include "OutcomeText.h"

#include "crypto/import/KeyFile.h"

#include <QTest>

using namespace custos;
using namespace custos::crypto;
using namespace custos::crypto::import;
using namespace custos::test::keyfile;

// crypto::import over the committed files of tests/data/import/: what each good file holds, and a
// clear Invalid for each bad one that names what was expected and quotes nothing of the file.
class TestKeyFileCorpus : public QObject
{
    Q_OBJECT
private:
    const SecureBuffer m_password = SecureBuffer::fromString("custos-test");

    Outcome<KeyFileContents> read(const QString& name, bool withPassword = true,
                                  KeyFileFormat hint = KeyFileFormat::Auto)
    {
        return readKeyFile(readImportFile(name), withPassword ? &m_password : nullptr, hint, name);
    }

private Q_SLOTS:
    void detection_data()
    {
        QTest::addColumn<QString>("file");
        QTest::addColumn<int>("family");
        QTest::addColumn<QString>("description");
        QTest::addColumn<bool>("needsPassword");
        QTest::newRow("PKCS#8 PEM") << "good/ec-p256.pkcs8.pem" << int(KeyFileFormat::Pem) << "PEM: PKCS#8 private key"
                                    << false;
        QTest::newRow("encrypted PKCS#8")
            << "good/ec-p384.pbkdf2.pem" << int(KeyFileFormat::Pem) << "PEM: encrypted PKCS#8" << true;
        QTest::newRow("traditional") << "good/rsa2048.traditional-aes128.pem" << int(KeyFileFormat::Pem)
                                     << "PEM: encrypted PKCS#1 RSA private key (traditional)" << true;
        QTest::newRow("cert and key") << "good/ec-p256.cert-and-key.pem" << int(KeyFileFormat::Pem)
                                      << "PEM: X.509 certificate, PKCS#8 private key" << false;
        QTest::newRow("SEC1 DER") << "good/ec-p256.sec1.der" << int(KeyFileFormat::Der) << "DER: SEC1 EC private key"
                                  << false;
        QTest::newRow("SPKI DER") << "good/ec-p256.spki.der" << int(KeyFileFormat::Der)
                                  << "DER: public key (SubjectPublicKeyInfo)" << false;
        QTest::newRow("PKCS#12") << "good/ec-p256.p12" << int(KeyFileFormat::Pkcs12) << "PKCS#12" << true;
        QTest::newRow("JWK") << "good/ec-p256.jwk" << int(KeyFileFormat::Jwk) << "JWK (EC private key)" << false;
        QTest::newRow("JWK Set") << "good/set.jwks" << int(KeyFileFormat::Jwk) << "JWK Set (3 keys)" << false;
        QTest::newRow("raw binary") << "good/aes128.bin" << int(KeyFileFormat::Raw) << "raw AES key (binary)" << false;
        QTest::newRow("raw hex") << "good/aes256.hex" << int(KeyFileFormat::Raw) << "raw AES key (hex)" << false;
    }
    void detection()
    {
        QFETCH(QString, file);
        QFETCH(int, family);
        QFETCH(QString, description);
        QFETCH(bool, needsPassword);
        auto detected = detectKeyFile(readImportFile(file));
        QVERIFY2(detected, errorText(detected).constData());
        QCOMPARE(int(detected->family), family);
        QCOMPARE(detected->description, description);
        QCOMPARE(detected->needsPassword, needsPassword);
    }

    void ecKeyInEveryForm()
    {
        const QByteArray spki = readImportFile("good/ec-p256.spki.der");
        QVERIFY(!spki.isEmpty());
        auto pkcs8 = read("good/ec-p256.pkcs8.pem");
        QVERIFY2(pkcs8, errorText(pkcs8).constData());
        QCOMPARE(pkcs8->format, QStringLiteral("PKCS#8 private key (PEM)"));
        QVERIFY(pkcs8->encryption.isEmpty());
        QVERIFY(pkcs8->warnings.isEmpty());
        QCOMPARE(pkcs8->keys.size(), 1);
        const ImportedKey& key = pkcs8->keys.front();
        QCOMPARE(key.label, QStringLiteral("key"));
        QCOMPARE(key.kind, KeyKind::Ec);
        QCOMPARE(key.curve, QStringLiteral("P-256"));
        QCOMPARE(key.bits, 256);
        QCOMPARE(key.publicKeyDer, spki);
        QVERIFY(!key.isPublicOnly());

        auto sec1 = read("good/ec-p256.sec1.der");
        QVERIFY2(sec1, errorText(sec1).constData());
        QCOMPARE(sec1->format, QStringLiteral("SEC1 EC private key (DER)"));
        QVERIFY(sec1->keys.front().privateKey.equals(key.privateKey));

        auto publicOnly = read("good/ec-p256.spki.der");
        QVERIFY2(publicOnly, errorText(publicOnly).constData());
        QVERIFY(publicOnly->keys.front().isPublicOnly());
        QCOMPARE(publicOnly->keys.front().publicKeyDer, spki);

        auto certificate = read("good/ec-p256.cert.pem");
        QVERIFY2(certificate, errorText(certificate).constData());
        QCOMPARE(certificate->keys.size(), 1);
        QVERIFY(certificate->keys.front().isPublicOnly());
        QCOMPARE(certificate->keys.front().publicKeyDer, spki);
        QVERIFY(!certificate->keys.front().certificateDer.isEmpty());

        auto both = read("good/ec-p256.cert-and-key.pem");
        QVERIFY2(both, errorText(both).constData());
        QCOMPARE(both->keys.size(), 1);
        QVERIFY(both->keys.front().privateKey.equals(key.privateKey));
        QCOMPARE(both->keys.front().certificateDer, certificate->keys.front().certificateDer);
        QVERIFY(both->keys.front().chainDer.isEmpty());

        auto p12 = read("good/ec-p256.p12");
        QVERIFY2(p12, errorText(p12).constData());
        QCOMPARE(p12->format, QStringLiteral("PKCS#12"));
        QVERIFY2(p12->encryption.contains(QStringLiteral("AES-256-CBC")), qPrintable(p12->encryption));
        QVERIFY(p12->keys.front().privateKey.equals(key.privateKey));
        QCOMPARE(p12->keys.front().certificateDer, certificate->keys.front().certificateDer);
    }

    void encryptedNeedPasswordAndRefuseWrongOnes_data()
    {
        QTest::addColumn<QString>("file");
        QTest::addColumn<QString>("encryption");
        QTest::newRow("PBKDF2") << "good/ec-p384.pbkdf2.pem"
                                << "PBES2: PBKDF2-HMAC-SHA256, AES-256-CBC";
        QTest::newRow("traditional") << "good/rsa2048.traditional-aes128.pem"
                                     << "traditional PEM, AES-128-CBC";
        QTest::newRow("PKCS#12") << "good/ec-p256.p12"
                                 << "PKCS#12: AES-256-CBC, PBKDF2-HMAC-SHA256";
    }
    void encryptedNeedPasswordAndRefuseWrongOnes()
    {
        QFETCH(QString, file);
        QFETCH(QString, encryption);
        const QByteArray bytes = readImportFile(file);
        auto good = readKeyFile(bytes, &m_password);
        QVERIFY2(good, errorText(good).constData());
        QCOMPARE(good->encryption, encryption);
        QVERIFY(!good->keys.front().privateKey.isEmpty());

        auto none = readKeyFile(bytes, nullptr);
        QVERIFY(!none);
        QCOMPARE(none.error().kind, ErrorKind::Invalid);
        QVERIFY2(none.error().message.contains(QStringLiteral("a password is needed (--password-file F)")),
                 qPrintable(none.error().message));

        const SecureBuffer wrong = SecureBuffer::fromString("wrong-password");
        auto bad = readKeyFile(bytes, &wrong);
        QVERIFY(!bad);
        QCOMPARE(bad.error().kind, ErrorKind::Invalid);
        QVERIFY2(bad.error().message.startsWith(QStringLiteral("wrong password for")), qPrintable(bad.error().message));
        QVERIFY(!quotesContent(bad.error().message, bytes));
    }

    void traditionalIsTheSameKeyWithAWarning()
    {
        auto plain = read("good/rsa2048.pkcs1.pem");
        auto encrypted = read("good/rsa2048.traditional-aes128.pem");
        QVERIFY2(plain, errorText(plain).constData());
        QVERIFY2(encrypted, errorText(encrypted).constData());
        QCOMPARE(plain->keys.front().kind, KeyKind::Rsa);
        QCOMPARE(plain->keys.front().bits, 2048);
        QVERIFY(plain->keys.front().privateKey.equals(encrypted->keys.front().privateKey));
        QVERIFY(plain->warnings.isEmpty());
        QVERIFY2(encrypted->warnings.join('\n').contains(QStringLiteral("MD5")),
                 qPrintable(encrypted->warnings.join('\n')));
    }

    void rawKeys()
    {
        auto binary = read("good/aes128.bin");
        QVERIFY2(binary, errorText(binary).constData());
        QCOMPARE(binary->keys.front().kind, KeyKind::Aes);
        QCOMPARE(binary->keys.front().bits, 128);
        const QByteArray raw = readImportFile("good/aes128.bin");
        QVERIFY(binary->keys.front().privateKey.equals(SecureBuffer(raw.constData(), std::size_t(raw.size()))));
        QVERIFY(!binary->keys.front().isPublicOnly());

        auto hex = read("good/aes256.hex");
        QVERIFY2(hex, errorText(hex).constData());
        QCOMPARE(hex->keys.front().bits, 256);
        const QByteArray decoded = QByteArray::fromHex(readImportFile("good/aes256.hex").trimmed());
        QVERIFY(hex->keys.front().privateKey.equals(SecureBuffer(decoded.constData(), std::size_t(decoded.size()))));

        // The hint reads any 16/24/32 bytes as raw, and names a wrong length.
        auto wrongLength = readKeyFile(QByteArray(20, 'x'), nullptr, KeyFileFormat::Raw);
        QVERIFY(!wrongLength);
        QVERIFY2(wrongLength.error().message.contains(QStringLiteral("20 bytes: expected 16, 24 or 32")),
                 qPrintable(wrongLength.error().message));
        // Sixteen bytes of text are no key unless the hint says so.
        const QByteArray text("shopping list!!\n");
        auto asAuto = readKeyFile(text, nullptr);
        QVERIFY(!asAuto);
        QVERIFY2(asAuto.error().message.startsWith(QStringLiteral("not a key file")),
                 qPrintable(asAuto.error().message));
        auto asRaw = readKeyFile(text, nullptr, KeyFileFormat::Raw);
        QVERIFY2(asRaw, errorText(asRaw).constData());
        QCOMPARE(asRaw->keys.front().bits, 128);
        auto spaced = readKeyFile(QByteArray("00112233 44556677\n8899aabb ccddeeff\n"), nullptr);
        QVERIFY2(spaced, errorText(spaced).constData());
        QCOMPARE(spaced->keys.front().bits, 128);
    }

    void jwkAndJwks()
    {
        auto single = read("good/ec-p256.jwk");
        QVERIFY2(single, errorText(single).constData());
        QCOMPARE(single->format, QStringLiteral("JWK"));
        QCOMPARE(single->keys.size(), 1);
        QCOMPARE(single->keys.front().label, QStringLiteral("JWK (kid 'ec-1')"));
        QCOMPARE(single->keys.front().curve, QStringLiteral("P-256"));
        QVERIFY(!single->keys.front().privateKey.isEmpty());

        auto set = read("good/set.jwks");
        QVERIFY2(set, errorText(set).constData());
        QCOMPARE(set->format, QStringLiteral("JWK Set"));
        QCOMPARE(set->keys.size(), 3);
        QCOMPARE(set->keys[0].label, QStringLiteral("JWK 1 (kid 'ec-2')"));
        QCOMPARE(set->keys[0].curve, QStringLiteral("P-384"));
        QVERIFY(set->keys[0].isPublicOnly());
        QCOMPARE(set->keys[1].kind, KeyKind::Aes);
        QCOMPARE(set->keys[1].bits, 256);
        QVERIFY(set->keys[1].publicKeyDer.isEmpty());
        QCOMPARE(set->keys[1].keyOps, (QStringList{"encrypt", "decrypt"}));
        QCOMPARE(set->keys[2].kind, KeyKind::Rsa);
        QCOMPARE(set->keys[2].bits, 2048);
        QVERIFY(!set->keys[2].isPublicOnly());
    }

    void badInputsAreClear_data()
    {
        QTest::addColumn<QString>("file");
        QTest::addColumn<QStringList>("expected");
        QTest::newRow("truncated DER") << "bad/truncated-pkcs8.der"
                                       << QStringList{"not a key file: expected PEM, DER, PKCS#12, JWK",
                                                      "the file is truncated DER"};
        QTest::newRow("garbage base64") << "bad/garbage-base64.pem"
                                        << QStringList{"PEM block 1 (line 1)", "line 3 is not valid base64"};
        QTest::newRow("no END line") << "bad/no-end-line.pem" << QStringList{"PEM block 1 (line 1) has no END line"};
        QTest::newRow("MAC failure") << "bad/mac-failure.p12" << QStringList{"PKCS#12", "MAC"};
        QTest::newRow("secp256k1") << "bad/secp256k1.pem"
                                   << QStringList{"curve secp256k1", "expected P-256, P-384 or P-521"};
        QTest::newRow("Ed25519") << "bad/ed25519.pem" << QStringList{"ED25519", "expected RSA, EC"};
        QTest::newRow("text") << "bad/not-a-key.txt"
                              << QStringList{"not a key file", "the file is text without a PEM BEGIN line"};
        QTest::newRow("JWK 2 without n") << "bad/jwk-rsa-missing-n.json"
                                         << QStringList{
                                                "JWK 2: member 'n' is missing: expected an RSA key with n and e"};
        QTest::newRow("JWK without dq") << "bad/jwk-rsa-missing-dq.json"
                                        << QStringList{"JWK: member 'dq' is missing", "d, p, q, dp, dq and qi"};
        QTest::newRow("JWK without crv") << "bad/jwk-ec-missing-crv.json"
                                         << QStringList{"JWK: member 'crv' is missing: expected P-256"};
        QTest::newRow("JWK without y") << "bad/jwk-ec-missing-y.json"
                                       << QStringList{
                                              "JWK: member 'y' is missing: expected an EC key with crv, x and y"};
        QTest::newRow("JWK 2 without k") << "bad/jwks-oct-missing-k.json"
                                         << QStringList{"JWK 2: member 'k' is missing"};
        QTest::newRow("JWK x a number") << "bad/jwk-ec-x-not-string.json"
                                        << QStringList{"JWK: member 'x' is not a string"};
        QTest::newRow("JSON without kty") << "bad/jwk-no-kty.json" << QStringList{"neither 'kty' nor 'keys'"};
        QTest::newRow("point off the curve") << "bad/jwk-ec-off-curve.json" << QStringList{"JWK", "not on the curve"};
        QTest::newRow("d of another key")
            << "bad/jwk-ec-wrong-d.json" << QStringList{"JWK", "private part does not match its public key"};
    }
    void badInputsAreClear()
    {
        QFETCH(QString, file);
        QFETCH(QStringList, expected);
        const QByteArray bytes = readImportFile(file);
        QVERIFY2(!bytes.isEmpty(), qPrintable(file));
        auto read = readKeyFile(bytes, &m_password, KeyFileFormat::Auto, file);
        QVERIFY2(!read, qPrintable(file));
        QCOMPARE(read.error().kind, ErrorKind::Invalid);
        for (const QString& part : expected)
            QVERIFY2(read.error().message.contains(part), qPrintable(read.error().message));
        QVERIFY2(!quotesContent(read.error().message, bytes), qPrintable(read.error().message));
    }

    void hintsRestrictDetection()
    {
        const QByteArray pem = readImportFile("good/ec-p256.pkcs8.pem");
        auto asDer = readKeyFile(pem, nullptr, KeyFileFormat::Der);
        QVERIFY(!asDer);
        QVERIFY2(asDer.error().message.contains(QStringLiteral("expected DER (--format der)")),
                 qPrintable(asDer.error().message));
        auto asPkcs8 = readKeyFile(pem, nullptr, KeyFileFormat::Pkcs8);
        QVERIFY2(asPkcs8, errorText(asPkcs8).constData());
        auto certAsPkcs8 = readKeyFile(readImportFile("good/ec-p256.cert.pem"), nullptr, KeyFileFormat::Pkcs8);
        QVERIFY(!certAsPkcs8);
        auto jwkAsPem = readKeyFile(readImportFile("good/ec-p256.jwk"), nullptr, KeyFileFormat::Pem);
        QVERIFY(!jwkAsPem);
        QVERIFY2(jwkAsPem.error().message.contains(QStringLiteral("the file is JWK")),
                 qPrintable(jwkAsPem.error().message));

        for (const QString& word : QStringList{"auto", "pem", "der", "pkcs8", "pkcs12", "jwk", "raw", "byok"}) {
            KeyFileFormat format = KeyFileFormat::Auto;
            QVERIFY(parseKeyFileFormat(word, &format));
            QCOMPARE(keyFileFormatName(format), word);
        }
        KeyFileFormat format = KeyFileFormat::Pem;
        QVERIFY(!parseKeyFileFormat(QStringLiteral("p12"), &format));
        QCOMPARE(format, KeyFileFormat::Pem);
    }

    void namesThatDisagreeWarn()
    {
        auto pemAsDer = readKeyFile(readImportFile("good/ec-p256.pkcs8.pem"), nullptr, KeyFileFormat::Auto,
                                    QStringLiteral("/tmp/server.der"));
        QVERIFY2(pemAsDer, errorText(pemAsDer).constData());
        QCOMPARE(pemAsDer->warnings, QStringList{"the file is named .der but holds PEM"});
        auto derAsPem = readKeyFile(readImportFile("good/ec-p256.sec1.der"), nullptr, KeyFileFormat::Auto,
                                    QStringLiteral("key.pem"));
        QVERIFY2(derAsPem, errorText(derAsPem).constData());
        QCOMPARE(derAsPem->warnings, QStringList{"the file is named .pem but holds DER"});
        auto agrees = readKeyFile(readImportFile("good/ec-p256.sec1.der"), nullptr, KeyFileFormat::Auto,
                                  QStringLiteral("key.der"));
        QVERIFY2(agrees, errorText(agrees).constData());
        QVERIFY(agrees->warnings.isEmpty());
    }

    void oversizedAndByokAreRefused()
    {
        const QByteArray huge(int(kMaxKeyFileBytes) + 1, 'A');
        auto read = readKeyFile(huge, nullptr);
        QVERIFY(!read);
        QVERIFY2(read.error().message.contains(QStringLiteral("16 MiB")), qPrintable(read.error().message));
        QVERIFY(!detectKeyFile(huge));

        const QByteArray byok =
            R"({"schema_version":"1.0.0","header":{"kid":"k","alg":"dir","enc":"CKM_RSA_AES_KEY_WRAP"},"ciphertext":"AAAA","generator":"t"})";
        auto detected = detectKeyFile(byok);
        QVERIFY2(detected, errorText(detected).constData());
        QCOMPARE(detected->family, KeyFileFormat::Byok);
        auto asKey = readKeyFile(byok, nullptr);
        QVERIFY(!asKey);
        QVERIFY2(asKey.error().message.contains(QStringLiteral("--kek")), qPrintable(asKey.error().message));
    }
};

CUSTOS_REGISTER_TEST(TestKeyFileCorpus)
#include "TestKeyFileCorpus.moc"
