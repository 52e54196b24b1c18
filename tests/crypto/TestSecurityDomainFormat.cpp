#include "TestRegistry.h"
#include "TestSecurityDomainSupport.h"

#include "OutcomeText.h"

#include "crypto/Random.h"
#include "crypto/sd/Base64Url.h"
#include "crypto/sd/CompactJwe.h"
#include "crypto/sd/SecurityDomainFile.h"
#include "crypto/sd/Shamir.h"
#include "crypto/sd/Sp800108Kdf.h"

#include <QJsonArray>
#include <QTemporaryDir>
#include <QTest>

using namespace custos;
using namespace custos::crypto;
using namespace custos::crypto::sd;
using namespace custos::test::sd;

// The building blocks of the Azure security-domain format (SECURITY-DOMAIN.md §2-§8): base64url,
// the SP 800-108 KDF, Shamir over GF(257) in az's share layout, the A256CBC-HS512 JWE profile, and
// the strict reader of the file.
class TestSecurityDomainFormat : public QObject
{
    Q_OBJECT
private:
    static std::vector<const SecureBuffer*> pointers(const std::vector<SecureBuffer>& shares, const QList<int>& indexes)
    {
        std::vector<const SecureBuffer*> out;
        for (const int i : indexes)
            out.push_back(&shares[std::size_t(i)]);
        return out;
    }

    // Every `size`-element subset of 0..n-1.
    static QList<QList<int>> subsets(int n, int size)
    {
        QList<QList<int>> out;
        for (unsigned mask = 0; mask < (1u << n); ++mask) {
            if (std::popcount(mask) != size)
                continue;
            QList<int> subset;
            for (int i = 0; i < n; ++i)
                if (mask & (1u << i))
                    subset << i;
            out << subset;
        }
        return out;
    }

    static SecureBuffer wordsShare(const QList<std::pair<int, int>>& xy)
    {
        SecureBuffer share(std::size_t(xy.size()) * 2);
        for (qsizetype k = 0; k < xy.size(); ++k) {
            const unsigned w = (unsigned(xy[k].first) << 9) | unsigned(xy[k].second);
            share.data()[2 * k] = static_cast<unsigned char>(w & 0xff);
            share.data()[2 * k + 1] = static_cast<unsigned char>(w >> 8);
        }
        return share;
    }

    static QByteArray sdJsonWith(const std::function<void(QJsonObject&)>& change)
    {
        QJsonObject root = QJsonDocument::fromJson(readAll(vectorPath(QStringLiteral("sd.json")))).object();
        change(root);
        return QJsonDocument(root).toJson();
    }

    static QJsonObject sharedKeysOf(const QJsonObject& root) { return root.value("SharedKeys").toObject(); }

private Q_SLOTS:
    void base64UrlRoundTrips()
    {
        for (int length = 0; length < 40; ++length) {
            const QByteArray bytes = randomBytes(std::size_t(length));
            const QByteArray text = base64UrlEncode(bytes);
            QVERIFY(!text.contains('=') && !text.contains('+') && !text.contains('/'));
            QCOMPARE(text, bytes.toBase64(QByteArray::Base64UrlEncoding | QByteArray::OmitTrailingEquals));
            auto back = base64UrlDecode(text, "test");
            QVERIFY2(back, errorText(back));
            QCOMPARE(back.value(), bytes);
            // az appends "===" before decoding: padded input passes too.
            auto padded = base64UrlDecode(bytes.toBase64(QByteArray::Base64UrlEncoding), "test");
            QVERIFY2(padded, errorText(padded));
            QCOMPARE(padded.value(), bytes);
        }
    }

    void base64UrlRefusesOtherText()
    {
        auto plus = base64UrlDecode("ab+d", "the JWE's iv");
        QVERIFY(!plus);
        QCOMPARE(plus.error().kind, ErrorKind::Invalid);
        QVERIFY2(plus.error().message.startsWith("the JWE's iv is not base64url: '+' at offset 2"),
                 qPrintable(plus.error().message));
        auto length = base64UrlDecode("abcde", "x5t_256");
        QVERIFY(!length);
        QVERIFY2(length.error().message.contains("x5t_256 is not base64url: impossible length 5"),
                 qPrintable(length.error().message));
        QVERIFY(!base64UrlDecode("ab c", "t"));
        QVERIFY(!base64UrlDecode("abc==", "t")); // padding that fills no group
    }

    void kdfMatchesAzVector()
    {
        const SecureBuffer key = secret(QByteArray(32, 'A'));
        auto out = sp800108HmacSha512(key, "label", "context", 32);
        QVERIFY2(out, errorText(out));
        QCOMPARE(bytesOf(out.value()).toHex(),
                 QByteArray("f0ca51f6308791404bf68b56024ee7c64d6c737716f81d47e1e68b5c4e399575"));
    }

    void kdfMatchesSharedVector()
    {
        const QJsonObject secrets = manifest().value("TEST_ONLY_secrets").toObject();
        const SecureBuffer master = secret(QByteArray::fromHex(secrets.value("master_key_hex").toString().toLatin1()));
        QCOMPARE(master.size(), std::size_t(32));
        const QJsonArray keys = secrets.value("datum_keys").toArray();
        QCOMPARE(keys.size(), 2);
        for (const QJsonValue& entry : keys) {
            const QString tag = entry.toObject().value("tag").toString();
            auto key = itemKey(master, tag);
            QVERIFY2(key, errorText(key));
            QCOMPARE(bytesOf(key.value()).toHex(), entry.toObject().value("kdf_key_hex").toString().toLatin1());
        }
        auto first = sp800108HmacSha512(master, "hsm_payload_a", {}, 64);
        QVERIFY2(first, errorText(first));
        QCOMPARE(
            bytesOf(first.value()).toHex(),
            QByteArray("e997e2783b8503429369d3641c611379a82c7c84fa6b3ef8d780ba9328fc346069b7ea609760cfee9a5967f87cd9d2"
                       "9d2f301dc6396213ec56fd127494a3b373"));
    }

    void kdfMatchesOpensslCli_data()
    {
        QTest::addColumn<int>("length");
        QTest::addColumn<bool>("withContext");
        QTest::newRow("one block, as the format uses it") << 64 << false;
        QTest::newRow("two blocks and a context") << 100 << true;
    }

    void kdfMatchesOpensslCli()
    {
        QFETCH(int, length);
        QFETCH(bool, withContext);
        const QByteArray key = randomBytes(32);
        const QByteArray label = "tag_" + randomBytes(8).toHex();
        const QByteArray context = withContext ? "ctx_" + randomBytes(4).toHex() : QByteArray();
        QStringList arguments{"kdf",
                              "-keylen",
                              QString::number(length),
                              "-kdfopt",
                              "mac:HMAC",
                              "-kdfopt",
                              "digest:SHA512",
                              "-kdfopt",
                              "hexkey:" + QString::fromLatin1(key.toHex()),
                              "-kdfopt",
                              "salt:" + QString::fromLatin1(label)};
        if (withContext)
            arguments << "-kdfopt"
                      << "info:" + QString::fromLatin1(context);
        arguments << "KBKDF";
        const ToolResult openssl = runTool("openssl", arguments);
        QVERIFY2(openssl.exitCode == 0, openssl.err.constData());
        const QByteArray expected = QByteArray::fromHex(openssl.out.trimmed().replace(':', ""));
        QCOMPARE(expected.size(), length);
        auto ours = sp800108HmacSha512(secret(key), label, context, std::size_t(length));
        QVERIFY2(ours, errorText(ours));
        QCOMPARE(bytesOf(ours.value()).toHex(), expected.toHex());
    }

    void shamirWorkedExample()
    {
        const QJsonObject secrets = manifest().value("TEST_ONLY_secrets").toObject();
        const QByteArray master = QByteArray::fromHex(secrets.value("master_key_hex").toString().toLatin1());
        std::vector<SecureBuffer> shares;
        for (const QJsonValue& entry : secrets.value("shares").toArray()) {
            shares.push_back(
                secret(QByteArray::fromHex(entry.toObject().value("share_plaintext_hex").toString().toLatin1())));
            auto x = shamirShareX(shares.back());
            QVERIFY2(x, errorText(x));
            QCOMPARE(x.value(), entry.toObject().value("x").toInt());
        }
        QCOMPARE(shares.size(), std::size_t(3));
        // §6: byte 0 is 0x8b = 139; x=1 starts 47 02 (y=71), x=2 03 04 (y=3), x=3 c0 06 (y=192).
        QCOMPARE(uchar(master[0]), uchar(0x8b));
        QCOMPARE(bytesOf(shares[0]).left(2).toHex(), QByteArray("4702"));
        QCOMPARE(bytesOf(shares[1]).left(2).toHex(), QByteArray("0304"));
        QCOMPARE(bytesOf(shares[2]).left(2).toHex(), QByteArray("c006"));
        QCOMPARE((2 * 71 - 1 * 3) % 257, 139);
        for (const QList<int>& pair : subsets(3, 2)) {
            auto combined = shamirCombine(pointers(shares, pair));
            QVERIFY2(combined, errorText(combined));
            QCOMPARE(bytesOf(combined.value()).toHex(), master.toHex());
        }
        auto all = shamirCombine(pointers(shares, {2, 0, 1}));
        QVERIFY2(all, errorText(all));
        QCOMPARE(bytesOf(all.value()), master);
    }

    void shamirEveryQuorumRecovers_data()
    {
        QTest::addColumn<int>("n");
        QTest::addColumn<int>("m");
        QTest::newRow("2 of 2") << 2 << 2;
        QTest::newRow("2 of 3") << 3 << 2;
        QTest::newRow("3 of 5") << 5 << 3;
        QTest::newRow("4 of 7") << 7 << 4;
        QTest::newRow("5 of 10") << 10 << 5;
        QTest::newRow("10 of 10") << 10 << 10;
    }

    void shamirEveryQuorumRecovers()
    {
        QFETCH(int, n);
        QFETCH(int, m);
        const SecureBuffer master = randomSecret(32);
        auto shares = shamirSplit(master, n, m);
        QVERIFY2(shares, errorText(shares));
        QCOMPARE(shares->size(), std::size_t(n));
        for (int x = 1; x <= n; ++x) {
            const SecureBuffer& share = shares.value()[std::size_t(x - 1)];
            QCOMPARE(share.size(), std::size_t(64));
            auto shareX = shamirShareX(share);
            QVERIFY2(shareX, errorText(shareX));
            QCOMPARE(shareX.value(), x);
        }
        for (const QList<int>& subset : subsets(n, m)) {
            auto combined = shamirCombine(pointers(shares.value(), subset));
            QVERIFY2(combined, errorText(combined));
            QVERIFY(combined->equals(master));
        }
        // One share short: the result is not the secret (or is refused as inconsistent).
        QList<int> short1;
        for (int i = 0; i < m - 1; ++i)
            short1 << i;
        if (m - 1 >= 1) {
            auto fewer = shamirCombine(pointers(shares.value(), short1));
            QVERIFY(!fewer || !fewer->equals(master));
        }
    }

    void shamirSplitRefusesBadParameters()
    {
        const SecureBuffer master = randomSecret(32);
        QVERIFY(!shamirSplit(master, 3, 1));
        QVERIFY(!shamirSplit(master, 3, 4));
        QVERIFY(!shamirSplit(master, 127, 2));
        QVERIFY(shamirSplit(master, 126, 2));
        auto empty = shamirSplit(SecureBuffer(), 3, 2);
        QVERIFY(!empty);
        QCOMPARE(empty.error().kind, ErrorKind::Invalid);
    }

    void shamirRefusesMalformedShares()
    {
        const SecureBuffer good = wordsShare({{1, 10}, {1, 20}});
        auto duplicate = shamirCombine({&good, &good});
        QVERIFY(!duplicate);
        QCOMPARE(duplicate.error().kind, ErrorKind::Invalid);
        QCOMPARE(duplicate.error().message, QStringLiteral("shares 1 and 2 have the same x (1)"));

        const SecureBuffer zero = wordsShare({{0, 10}, {0, 20}});
        auto xZero = shamirShareX(zero);
        QVERIFY(!xZero);
        QVERIFY2(xZero.error().message.contains("x is 0"), qPrintable(xZero.error().message));
        QVERIFY(!shamirCombine({&good, &zero}));

        const SecureBuffer mixed = wordsShare({{2, 10}, {3, 20}});
        auto differing = shamirShareX(mixed);
        QVERIFY(!differing);
        QVERIFY2(differing.error().message.contains("differing x"), qPrintable(differing.error().message));
        auto combinedMixed = shamirCombine({&good, &mixed});
        QVERIFY(!combinedMixed);
        QVERIFY2(combinedMixed.error().message.startsWith("share 2 is not a share"),
                 qPrintable(combinedMixed.error().message));

        const SecureBuffer odd(reinterpret_cast<const unsigned char*>("\x47\x02\x03"), 3);
        auto oddX = shamirShareX(odd);
        QVERIFY(!oddX);
        QVERIFY2(oddX.error().message.contains("odd length 3"), qPrintable(oddX.error().message));
        QVERIFY(!shamirShareX(SecureBuffer()));

        const SecureBuffer longer = wordsShare({{2, 10}, {2, 20}, {2, 30}});
        auto lengths = shamirCombine({&good, &longer});
        QVERIFY(!lengths);
        QVERIFY2(lengths.error().message.contains("differing lengths"), qPrintable(lengths.error().message));

        const SecureBuffer outside = wordsShare({{2, 300}});
        QVERIFY(!shamirShareX(outside));
    }

    void shamirReportsInconsistentShares()
    {
        // (1, 0) and (2, 1): s = 2*0 - 1*1 = -1 = 256 mod 257, which no byte is.
        const SecureBuffer a = wordsShare({{1, 5}, {1, 0}});
        const SecureBuffer b = wordsShare({{2, 5}, {2, 1}});
        auto combined = shamirCombine({&a, &b});
        QVERIFY(!combined);
        QCOMPARE(combined.error().kind, ErrorKind::Failed);
        QCOMPARE(combined.error().message,
                 QStringLiteral("the shares are inconsistent (byte 1 combines to 256): a share was tampered with"));
    }

    void jweHeaderIsAzs()
    {
        QCOMPARE(jweHeaderSegment("RSA-OAEP-256", "not used"),
                 QByteArray("eyJhbGciOiJSU0EtT0FFUC0yNTYiLCJlbmMiOiJBMjU2Q0JDLUhTNTEyIiwia2lkIjoibm90IHVzZWQifQ"));
        auto decoded = base64UrlDecode(jweHeaderSegment("dir", QString::fromUtf8("t\"ä")), "h");
        QVERIFY2(decoded, errorText(decoded));
        QCOMPARE(decoded.value(), QByteArray("{\"alg\":\"dir\",\"enc\":\"A256CBC-HS512\",\"kid\":\"t\\\"\\u00e4\"}"));
    }

    void dirJweRoundTripsWithAzSizes()
    {
        const SecureBuffer key = randomSecret(64);
        const SecureBuffer payload = randomSecret(200);
        auto text = encryptDirJwe(key, "hsm_payload_a", payload);
        QVERIFY2(text, errorText(text));
        QCOMPARE(text->split('.').size(), 5);
        QVERIFY(text->contains(".."));
        auto jwe = CompactJwe::parse(text.value());
        QVERIFY2(jwe, errorText(jwe));
        QCOMPARE(jwe->alg, QStringLiteral("dir"));
        QCOMPARE(jwe->enc, QStringLiteral("A256CBC-HS512"));
        QCOMPARE(jwe->kid, QStringLiteral("hsm_payload_a"));
        QVERIFY(jwe->encryptedKey.isEmpty());
        QCOMPARE(jwe->iv.size(), 16);
        QCOMPARE(jwe->ciphertext.size(), 208);
        QCOMPARE(jwe->tag.size(), 32);
        auto plain = decryptDirJwe(key, jwe.value());
        QVERIFY2(plain, errorText(plain));
        QVERIFY(plain->equals(payload));
        // Another key: the MAC refuses it.
        auto wrong = decryptDirJwe(randomSecret(64), jwe.value());
        QVERIFY(!wrong);
        QCOMPARE(wrong.error().kind, ErrorKind::Failed);
        QCOMPARE(wrong.error().message, QStringLiteral("the JWE's MAC does not verify"));
    }

    void jweRefusesTampering_data()
    {
        QTest::addColumn<int>("segment");
        QTest::addColumn<QString>("replacement"); // "flip" or a literal segment
        QTest::addColumn<int>("kind");
        QTest::addColumn<QString>("message");
        const QString mac = QStringLiteral("the JWE's MAC does not verify");
        QTest::newRow("ciphertext") << 3 << "flip" << int(ErrorKind::Failed) << mac;
        QTest::newRow("iv") << 2 << "flip" << int(ErrorKind::Failed) << mac;
        QTest::newRow("tag") << 4 << "flip" << int(ErrorKind::Failed) << mac;
        QTest::newRow("header segment") << 0 << QString::fromLatin1(jweHeaderSegment("dir", "other tag"))
                                        << int(ErrorKind::Failed) << mac;
        QTest::newRow("tag of 16 bytes") << 4 << QString::fromLatin1(base64UrlEncode(QByteArray(16, 'x')))
                                         << int(ErrorKind::Invalid)
                                         << QStringLiteral("the JWE's tag is 16 bytes: expected 32");
        QTest::newRow("tag of 33 bytes") << 4 << QString::fromLatin1(base64UrlEncode(QByteArray(33, 'x')))
                                         << int(ErrorKind::Invalid)
                                         << QStringLiteral("the JWE's tag is 33 bytes: expected 32");
        QTest::newRow("other enc") << 0 << QString::fromLatin1(base64UrlEncode(R"({"alg":"dir","enc":"A128GCM"})"))
                                   << int(ErrorKind::Invalid)
                                   << QStringLiteral("the JWE's enc is \"A128GCM\": expected \"A256CBC-HS512\"");
    }

    void jweRefusesTampering()
    {
        QFETCH(int, segment);
        QFETCH(QString, replacement);
        QFETCH(int, kind);
        QFETCH(QString, message);
        const SecureBuffer key = randomSecret(64);
        auto text = encryptDirJwe(key, "tag", randomSecret(50));
        QVERIFY2(text, errorText(text));
        const QByteArray original = text->split('.').at(segment);
        const QByteArray changed = replacement == "flip" ? flipMiddle(original) : replacement.toLatin1();
        auto jwe = CompactJwe::parse(replaceSegment(text.value(), segment, changed));
        QVERIFY2(jwe, errorText(jwe));
        auto plain = decryptDirJwe(key, jwe.value());
        QVERIFY(!plain);
        QCOMPARE(int(plain.error().kind), kind);
        QCOMPARE(plain.error().message, message);
    }

    void jweParseRefusesMalformedText()
    {
        const SecureBuffer key = randomSecret(64);
        auto text = encryptDirJwe(key, "tag", randomSecret(20));
        QVERIFY2(text, errorText(text));
        const QList<QByteArray> parts = text->split('.');
        auto four = CompactJwe::parse(QList<QByteArray>(parts.begin(), parts.end() - 1).join('.'));
        QVERIFY(!four);
        QCOMPARE(four.error().message, QStringLiteral("not a compact JWE: expected 5 dot-separated segments, found 4"));
        QVERIFY(!CompactJwe::parse(text.value() + ".x"));
        auto badIv = CompactJwe::parse(replaceSegment(text.value(), 2, "ab*d"));
        QVERIFY(!badIv);
        QVERIFY2(badIv.error().message.startsWith("the JWE's iv is not base64url"), qPrintable(badIv.error().message));
        auto notJson = CompactJwe::parse(replaceSegment(text.value(), 0, base64UrlEncode("[1]")));
        QVERIFY(!notJson);
        QCOMPARE(notJson.error().message, QStringLiteral("the JWE's protected header is not a JSON object"));
        auto noAlg = CompactJwe::parse(replaceSegment(text.value(), 0, base64UrlEncode(R"({"enc":"A256CBC-HS512"})")));
        QVERIFY(!noAlg);
        QCOMPARE(noAlg.error().message, QStringLiteral("the JWE's protected header has no string \"alg\""));
        QVERIFY(!CompactJwe::parse(""));
    }

    void sharedVectorFileParses()
    {
        const QByteArray json = readAll(vectorPath(QStringLiteral("sd.json")));
        auto file = SecurityDomainFile::parse(json);
        QVERIFY2(file, errorText(file));
        QCOMPARE(file->required, 2);
        QCOMPARE(file->custodianCount(), 3);
        QCOMPARE(file->version, 2);
        QVERIFY2(file->warnings.isEmpty(), qPrintable(file->warnings.join("; ")));
        const QJsonArray custodians = manifest().value("custodians").toArray();
        for (int j = 0; j < 3; ++j)
            QCOMPARE(file->shares[j].x5t256, custodians.at(j).toObject().value("x5t_256").toString());
        QCOMPARE(file->items.size(), 2);
        QCOMPARE(file->items[0].tag, QStringLiteral("hsm_payload_a"));
        QCOMPARE(file->items[1].tag, QStringLiteral("hsm_payload_b"));

        const SecurityDomainSummary summary = summarise(file.value());
        QCOMPARE(summary.required, 2);
        QCOMPARE(summary.custodians, 3);
        QCOMPARE(summary.thumbprints.size(), 3);
        QCOMPARE(summary.items.size(), 2);
        QCOMPARE(summary.items[0].ciphertextBytes, 208); // 200-byte payloads
        QVERIFY(summary.warnings.isEmpty());

        // Our writer's form reads back to the same content, and as compact JSON with version 2.
        const QByteArray written = file->toJson();
        QVERIFY(written.endsWith("}\n"));
        QVERIFY(written.contains("\"version\":2"));
        auto again = SecurityDomainFile::parse(written);
        QVERIFY2(again, errorText(again));
        QCOMPARE(again->toJson(), written);
        QCOMPARE(QJsonDocument::fromJson(written), QJsonDocument::fromJson(json));
    }

    void fileReaderIsStrict_data()
    {
        QTest::addColumn<QByteArray>("json");
        QTest::addColumn<QString>("message");
        const QString required = QStringLiteral("SharedKeys.required must be an integer in 2..10");
        const auto withRequired = [](const QJsonValue& value) {
            return sdJsonWith([value](QJsonObject& root) {
                QJsonObject shared = sharedKeysOf(root);
                shared["required"] = value;
                root["SharedKeys"] = shared;
            });
        };
        QTest::newRow("required 1") << withRequired(1) << required;
        QTest::newRow("required 11") << withRequired(11) << required;
        QTest::newRow("required 2.5") << withRequired(2.5) << required;
        QTest::newRow("required \"2\"") << withRequired(QStringLiteral("2")) << required;
        QTest::newRow("required 2.0") << sdJsonWith([](QJsonObject&) {}).replace("\"required\": 2", "\"required\": 2.0")
                                      << required;
        QTest::newRow("required 2e0") << sdJsonWith([](QJsonObject&) {}).replace("\"required\": 2", "\"required\":2e0")
                                      << required;
        QTest::newRow("required missing") << withRequired(QJsonValue::Undefined) << required;
        QTest::newRow("xor_split") << sdJsonWith([](QJsonObject& root) {
            QJsonObject shared = sharedKeysOf(root);
            shared["key_algorithm"] = "xor_split";
            root["SharedKeys"] = shared;
        }) << QStringLiteral("SharedKeys.key_algorithm is \"xor_split\": expected \"shamir_share\"");
        QTest::newRow("empty EncData") << sdJsonWith([](QJsonObject& root) {
            QJsonObject enc = root.value("EncData").toObject();
            enc["data"] = QJsonArray();
            root["EncData"] = enc;
        }) << QStringLiteral("EncData.data is empty: expected at least one item");
        QTest::newRow("no x5t_256") << sdJsonWith([](QJsonObject& root) {
            QJsonObject shared = sharedKeysOf(root);
            QJsonArray shares = shared.value("enc_shares").toArray();
            QJsonObject share = shares.at(2).toObject();
            share.remove("x5t_256");
            shares[2] = share;
            shared["enc_shares"] = shares;
            root["SharedKeys"] = shared;
        }) << QStringLiteral("SharedKeys.enc_shares[2].x5t_256 is missing");
        QTest::newRow("short x5t_256")
            << sdJsonWith([](QJsonObject& root) {
                   QJsonObject shared = sharedKeysOf(root);
                   QJsonArray shares = shared.value("enc_shares").toArray();
                   QJsonObject share = shares.at(0).toObject();
                   share["x5t_256"] = "abcd";
                   shares[0] = share;
                   shared["enc_shares"] = shares;
                   root["SharedKeys"] = shared;
               })
            << QStringLiteral("SharedKeys.enc_shares[0].x5t_256 is not a SHA-256 thumbprint: expected 43 base64url "
                              "characters");
        QTest::newRow("fewer shares than required") << sdJsonWith([](QJsonObject& root) {
            QJsonObject shared = sharedKeysOf(root);
            shared["required"] = 4;
            root["SharedKeys"] = shared;
        }) << QStringLiteral("SharedKeys.enc_shares has 3 entries: fewer than required (4)");
        QTest::newRow("no SharedKeys") << sdJsonWith([](QJsonObject& root) { root.remove("SharedKeys"); })
                                       << QStringLiteral("SharedKeys is missing");
        QTest::newRow("tag not a string") << sdJsonWith([](QJsonObject& root) {
            QJsonObject enc = root.value("EncData").toObject();
            QJsonArray data = enc.value("data").toArray();
            QJsonObject item = data.at(1).toObject();
            item["tag"] = 5;
            data[1] = item;
            enc["data"] = data;
            root["EncData"] = enc;
        }) << QStringLiteral("EncData.data[1].tag must be a string");
        QTest::newRow("not JSON") << QByteArray("{\"EncData\": [}")
                                  << QStringLiteral("the security-domain file is not JSON at offset");
        QTest::newRow("array") << QByteArray("[]") << QStringLiteral("the security-domain file is not a JSON object");
    }

    void fileReaderIsStrict()
    {
        QFETCH(QByteArray, json);
        QFETCH(QString, message);
        auto file = SecurityDomainFile::parse(json);
        QVERIFY(!file);
        QCOMPARE(file.error().kind, ErrorKind::Invalid);
        QVERIFY2(file.error().message.startsWith(message), qPrintable(file.error().message));
    }

    void fileReaderWarnsAboutTolerated()
    {
        const QByteArray json = sdJsonWith([](QJsonObject& root) {
            root.remove("version");
            QJsonObject enc = root.value("EncData").toObject();
            enc["kdf"] = "other";
            root["EncData"] = enc;
        });
        auto file = SecurityDomainFile::parse(json);
        QVERIFY2(file, errorText(file));
        QCOMPARE(file->warnings.size(), 2);
        QVERIFY(file->warnings.join(' ').contains("version is missing"));
        QVERIFY(file->warnings.join(' ').contains("EncData.kdf"));
        QCOMPARE(summarise(file.value()).warnings, file->warnings);
    }
};

CUSTOS_REGISTER_TEST(TestSecurityDomainFormat)
#include "TestSecurityDomainFormat.moc"
