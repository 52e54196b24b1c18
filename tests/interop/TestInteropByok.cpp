#include "CliHarness.h"
#include "InteropTools.h"
#include "SoftHsmTestToken.h"
#include "TestRegistry.h"

#include "OutcomeText.h"

#include "crypto/Random.h"
#include "crypto/byok/ByokFile.h"
#include "crypto/keys/HsmKeyOperations.h"
#include "crypto/keys/PublicKeyExport.h"
#include "crypto/keys/PublicKeyOperations.h"
#include "crypto/pkcs11/TokenKeyTransfer.h"

#include <QJsonArray>
#include <QJsonObject>
#include <QTemporaryDir>
#include <QTest>
#include <tuple>

using namespace custos;
using namespace custos::crypto;
using namespace custos::test;

namespace {
const QString kTokenLabel = QStringLiteral("custos-byok-interop");
const QString kScript = QStringLiteral(CUSTOS_INTEROP_DIR "/byok/make-byok.sh");
const QString kKid = QStringLiteral("/vaults/interop/keys/kek/versions/1");
} // namespace

// BYOK against independent implementations: a .byok file made by tests/interop/byok/make-byok.sh
// (the OpenSSL command line, following Azure's specification) unwraps inside a SoftHSM2 token and
// the key then signs what `openssl pkeyutl -verify` accepts under the original public key; and
// `custosctl byok wrap` output opens with `openssl pkeyutl -decrypt` + `openssl enc -d` to the
// original PKCS#8.
class TestInteropByok : public QObject
{
    Q_OBJECT

    SoftHsmTestToken m_softHsm;
    Token* m_token = nullptr;
    QTemporaryDir m_dir;
    QString m_openssl;
    QByteArray m_kekId;
    QString m_kekPem; // the token KEK's public key

    QString path(const QString& name) const { return m_dir.path() + QLatin1Char('/') + name; }
    ToolResult openssl(const QStringList& args) const { return runTool(m_openssl, args, m_dir.path()); }

    // The script's file for the target at `target`, parsed.
    Outcome<byok::ByokFile> makeByok(const QString& target, const QString& name) const
    {
        const ToolResult made = runTool(QStringLiteral("bash"), {kScript, m_kekPem, target, kKid, path(name)});
        if (made.exitCode != 0)
            return makeError(ErrorKind::Failed, QStringLiteral("make-byok.sh: ") + made.text());
        return byok::parseByokFile(readBytes(path(name)));
    }

private Q_SLOTS:
    void initTestCase()
    {
        m_openssl = QStandardPaths::findExecutable(QStringLiteral("openssl"));
        if (m_openssl.isEmpty() || QStandardPaths::findExecutable(QStringLiteral("python3")).isEmpty())
            QSKIP("openssl or python3 is not installed");
        if (!SoftHsmTestToken::moduleInstalled())
            QSKIP("SoftHSM2 is not installed");
        QVERIFY(m_dir.isValid());
        const QString problem = m_softHsm.setUp(kTokenLabel);
        QVERIFY2(problem.isEmpty(), qPrintable(problem));
        m_token = m_softHsm.token();
        KeyGenSpec kek;
        kek.kind = KeyKind::Rsa;
        kek.bits = 3072;
        kek.id = QByteArray::fromHex(randomId().toLatin1());
        kek.label = QStringLiteral("interop/kek");
        auto made = m_token->generateKey(kek);
        QVERIFY2(made, errorText(made).constData());
        m_kekId = kek.id;
        auto pem = publicKeyPem(made->publicKeyDer);
        QVERIFY(pem);
        m_kekPem = writeBytes(path(QStringLiteral("kek.pem")), pem.value());
    }
    void cleanupTestCase()
    {
        m_token = nullptr;
        m_softHsm.tearDown();
    }

    void scriptFileUnwrapsAndSigns_data()
    {
        QTest::addColumn<QStringList>("genpkey");
        QTest::addColumn<int>("algorithm");
        QTest::addColumn<QString>("digest");
        QTest::newRow("RSA 2048") << QStringList{"-algorithm", "RSA", "-pkeyopt", "rsa_keygen_bits:2048"}
                                  << int(JoseAlgorithm::Rs256) << QStringLiteral("sha256");
        QTest::newRow("EC P-256") << QStringList{"-algorithm", "EC", "-pkeyopt", "ec_paramgen_curve:P-256"}
                                  << int(JoseAlgorithm::Es256) << QStringLiteral("sha256");
        QTest::newRow("EC P-521") << QStringList{"-algorithm", "EC", "-pkeyopt", "ec_paramgen_curve:P-521"}
                                  << int(JoseAlgorithm::Es512) << QStringLiteral("sha512");
    }
    void scriptFileUnwrapsAndSigns()
    {
        QFETCH(QStringList, genpkey);
        QFETCH(int, algorithm);
        QFETCH(QString, digest);
        const QString tag = QString::fromLatin1(QTest::currentDataTag()).replace(QLatin1Char(' '), QLatin1Char('-'));
        const QString target = path(tag + QStringLiteral(".pem"));
        const QString publicKey = path(tag + QStringLiteral("-pub.pem"));
        QCOMPARE(openssl(QStringList{"genpkey"} + genpkey + QStringList{"-out", target}).exitCode, 0);
        QCOMPARE(openssl({"pkey", "-in", target, "-pubout", "-out", publicKey}).exitCode, 0);
        auto file = makeByok(target, tag + QStringLiteral(".byok"));
        QVERIFY2(file, errorText(file).constData());
        QCOMPARE(file->kid, kKid);

        KeyGenSpec spec;
        spec.id = QByteArray::fromHex(randomId().toLatin1());
        spec.label = QStringLiteral("interop/") + tag;
        auto unwrapped = unwrapByok(*m_token, m_kekId, file->ciphertext, spec);
        QVERIFY2(unwrapped, errorText(unwrapped).constData());
        auto expectedSpki = publicKeyDerFromPemOrDer(readBytes(publicKey));
        QVERIFY(expectedSpki);
        QCOMPARE(unwrapped->publicKeyDer, expectedSpki.value());

        // The token signs a digest made by openssl; openssl checks it under the original public key.
        writeBytes(path(QStringLiteral("message.bin")), randomBytes(200));
        QCOMPARE(openssl({"dgst", "-" + digest, "-binary", "-out", "digest.bin", "message.bin"}).exitCode, 0);
        HsmKeyOperations operations(*m_token, spec.id);
        auto signature = operations.sign(JoseAlgorithm(algorithm), readBytes(path(QStringLiteral("digest.bin"))), true);
        QVERIFY2(signature, errorText(signature).constData());
        QByteArray signatureDer = signature.value();
        if (JoseAlgorithm(algorithm) != JoseAlgorithm::Rs256) {
            auto der = ecdsaRawToDer(signature.value());
            QVERIFY(der);
            signatureDer = der.value();
        }
        writeBytes(path(QStringLiteral("signature.bin")), signatureDer);
        const ToolResult verified = openssl({"pkeyutl", "-verify", "-pubin", "-inkey", publicKey, "-in", "digest.bin",
                                             "-sigfile", "signature.bin", "-pkeyopt", "digest:" + digest});
        QVERIFY2(verified.exitCode == 0, qPrintable(verified.text()));
        QVERIFY2(verified.text().contains(QStringLiteral("Verified Successfully")), qPrintable(verified.text()));
        // And a flipped signature byte does not verify: the check above can fail.
        signatureDer[signatureDer.size() / 2] = char(signatureDer.at(signatureDer.size() / 2) ^ 0x01);
        writeBytes(path(QStringLiteral("signature.bin")), signatureDer);
        QVERIFY(openssl({"pkeyutl", "-verify", "-pubin", "-inkey", publicKey, "-in", "digest.bin", "-sigfile",
                         "signature.bin", "-pkeyopt", "digest:" + digest})
                    .exitCode != 0);
    }

    void scriptAesKeyWrapsLikeTheOriginal()
    {
        const QString target = path(QStringLiteral("aes.key"));
        QCOMPARE(openssl({"rand", "-out", target, "32"}).exitCode, 0);
        auto file = makeByok(target, QStringLiteral("aes.byok"));
        QVERIFY2(file, errorText(file).constData());
        KeyGenSpec spec;
        spec.id = QByteArray::fromHex(randomId().toLatin1());
        spec.label = QStringLiteral("interop/aes");
        auto unwrapped = unwrapByok(*m_token, m_kekId, file->ciphertext, spec);
        QVERIFY2(unwrapped, errorText(unwrapped).constData());
        QCOMPARE(unwrapped->kind, KeyKind::Aes);
        QCOMPARE(unwrapped->bits, 256);

        // A256KW (RFC 3394) on the token; `openssl enc -d -id-aes256-wrap` with the original key opens it.
        const SecureBuffer payload(randomBytes(32).constData(), 32);
        HsmKeyOperations operations(*m_token, spec.id, unwrapped->bits); // as Custos stores it
        auto wrapped = operations.wrapKey(JoseAlgorithm::A256Kw, payload);
        QVERIFY2(wrapped, errorText(wrapped).constData());
        writeBytes(path(QStringLiteral("kw.bin")), wrapped.value());
        const QString keyHex = QString::fromLatin1(readBytes(target).toHex());
        const ToolResult opened = openssl({"enc", "-d", "-id-aes256-wrap", "-K", keyHex, "-iv", "A6A6A6A6A6A6A6A6",
                                           "-in", "kw.bin", "-out", "kw.out"});
        QVERIFY2(opened.exitCode == 0, qPrintable(opened.text()));
        QCOMPARE(readBytes(path(QStringLiteral("kw.out"))), QByteArray(payload.chars(), 32));
    }

    void scriptFileWithFlippedByteIsRefused()
    {
        const QString target = path(QStringLiteral("flip.pem"));
        QCOMPARE(
            openssl({"genpkey", "-algorithm", "EC", "-pkeyopt", "ec_paramgen_curve:P-384", "-out", target}).exitCode,
            0);
        auto file = makeByok(target, QStringLiteral("flip.byok"));
        QVERIFY2(file, errorText(file).constData());
        QByteArray ciphertext = file->ciphertext;
        ciphertext[ciphertext.size() - 1] = char(ciphertext.at(ciphertext.size() - 1) ^ 0x80);
        KeyGenSpec spec;
        spec.id = QByteArray::fromHex(randomId().toLatin1());
        auto unwrapped = unwrapByok(*m_token, m_kekId, ciphertext, spec);
        QVERIFY(!unwrapped);
        QCOMPARE(unwrapped.error().kind, ErrorKind::Failed);
        QVERIFY2(unwrapped.error().message.contains(QStringLiteral("does not unwrap under the KEK")),
                 qPrintable(unwrapped.error().message));
        QCOMPARE(m_token->hasObjects(spec.id).value(), false);
    }

    // The other direction: what custosctl writes, OpenSSL alone takes apart.
    void custosctlOutputOpensWithOpenssl_data()
    {
        QTest::addColumn<QStringList>("genpkey");
        QTest::newRow("RSA 3072") << QStringList{"-algorithm", "RSA", "-pkeyopt", "rsa_keygen_bits:3072"};
        QTest::newRow("EC P-384") << QStringList{"-algorithm", "EC", "-pkeyopt", "ec_paramgen_curve:P-384"};
    }
    void custosctlOutputOpensWithOpenssl()
    {
        QFETCH(QStringList, genpkey);
        QCOMPARE(openssl({"genpkey", "-algorithm", "RSA", "-pkeyopt", "rsa_keygen_bits:2048", "-out", "soft-kek.key"})
                     .exitCode,
                 0);
        QCOMPARE(openssl({"pkey", "-in", "soft-kek.key", "-pubout", "-out", "soft-kek.pem"}).exitCode, 0);
        QCOMPARE(openssl(QStringList{"genpkey"} + genpkey + QStringList{"-out", "wrap-target.pem"}).exitCode, 0);
        QCOMPARE(openssl({"pkcs8", "-topk8", "-nocrypt", "-in", "wrap-target.pem", "-outform", "DER", "-out",
                          "wrap-target.p8.der"})
                     .exitCode,
                 0);

        CliHarness cli;
        const CliResult r = cli.runRaw({"byok", "wrap", "--kek", path("soft-kek.pem"), "--key", path("wrap-target.pem"),
                                        "--kid", "soft-kek", "--out", path("custos.byok")});
        QVERIFY2(r.exitCode == 0, qPrintable(r.err));
        auto file = byok::parseByokFile(readBytes(path(QStringLiteral("custos.byok"))));
        QVERIFY2(file, errorText(file).constData());
        QCOMPARE(file->kid, QStringLiteral("soft-kek"));
        writeBytes(path(QStringLiteral("oaep.bin")), file->ciphertext.left(256));
        writeBytes(path(QStringLiteral("kwp.bin")), file->ciphertext.mid(256));
        const ToolResult aes = openssl({"pkeyutl", "-decrypt", "-inkey", "soft-kek.key", "-in", "oaep.bin", "-out",
                                        "ephemeral.bin", "-pkeyopt", "rsa_padding_mode:oaep", "-pkeyopt",
                                        "rsa_oaep_md:sha1", "-pkeyopt", "rsa_mgf1_md:sha1"});
        QVERIFY2(aes.exitCode == 0, qPrintable(aes.text()));
        const QByteArray ephemeral = readBytes(path(QStringLiteral("ephemeral.bin")));
        QCOMPARE(ephemeral.size(), 32);
        const ToolResult key =
            openssl({"enc", "-d", "-id-aes256-wrap-pad", "-K", QString::fromLatin1(ephemeral.toHex()), "-iv",
                     "A65959A6", "-in", "kwp.bin", "-out", "unwrapped.der"});
        QVERIFY2(key.exitCode == 0, qPrintable(key.text()));
        QCOMPARE(readBytes(path(QStringLiteral("unwrapped.der"))),
                 readBytes(path(QStringLiteral("wrap-target.p8.der"))));
    }
    // The whole path through custosctl: a KEK made and exported by Custos, the script's file
    // imported with `key import --kek`, a signature by the imported key checked by openssl; and the
    // refusals (a flipped byte, a kid of another key, a KEK without the import op) change nothing.
    void cliImportEndToEnd()
    {
        CliHarness h;
        QVERIFY(h.init(QStringLiteral("admin")));
        QCOMPARE(h.run("admin", {"vault", "create", "byok"}).exitCode, 0);
        const CliResult kek = h.run(
            "admin", {"key", "create", "byok", "kek", "--kty", "RSA", "--size", "4096", "--ops", "import", "--json"});
        QVERIFY2(kek.exitCode == 0, qPrintable(kek.err));
        const QString kid = kek.json().value(QStringLiteral("key")).toObject().value(QStringLiteral("kid")).toString();
        QVERIFY2(kid.startsWith(QStringLiteral("/vaults/byok/keys/kek/versions/")), qPrintable(kek.out));
        const CliResult exported =
            h.run("admin", {"key", "export", "byok", "kek", "--format", "pem", "--out", path("cli-kek.pem")});
        QVERIFY2(exported.exitCode == 0, qPrintable(exported.err));
        // A KEK without the import op.
        const CliResult signer =
            h.run("admin", {"key", "create", "byok", "signer", "--kty", "RSA", "--size", "2048", "--json"});
        QVERIFY2(signer.exitCode == 0, qPrintable(signer.err));
        QCOMPARE(h.run("admin", {"key", "export", "byok", "signer", "--format", "pem", "--out", path("cli-signer.pem")})
                     .exitCode,
                 0);

        QCOMPARE(
            openssl({"genpkey", "-algorithm", "EC", "-pkeyopt", "ec_paramgen_curve:P-256", "-out", "cli-target.pem"})
                .exitCode,
            0);
        QCOMPARE(openssl({"pkey", "-in", "cli-target.pem", "-pubout", "-out", "cli-target-pub.pem"}).exitCode, 0);
        const auto script = [this](const QString& kekPem, const QString& fileKid, const QString& out) {
            return runTool(QStringLiteral("bash"), {kScript, kekPem, path("cli-target.pem"), fileKid, path(out)});
        };
        QCOMPARE(script(path("cli-kek.pem"), kid, "cli.byok").exitCode, 0);
        QCOMPARE(
            script(path("cli-kek.pem"), QStringLiteral("/vaults/byok/keys/other/versions/1"), "cli-kid.byok").exitCode,
            0);
        QCOMPARE(script(path("cli-signer.pem"),
                        signer.json().value(QStringLiteral("key")).toObject().value(QStringLiteral("kid")).toString(),
                        "cli-signer.byok")
                     .exitCode,
                 0);
        auto good = byok::parseByokFile(readBytes(path("cli.byok")));
        QVERIFY(good);
        byok::ByokFile flipped = good.value();
        flipped.ciphertext[flipped.ciphertext.size() - 2] =
            char(flipped.ciphertext.at(flipped.ciphertext.size() - 2) ^ 1);
        writeBytes(path("cli-flipped.byok"), byok::toJson(flipped));

        const QJsonArray before = h.run("admin", {"key", "list", "byok", "--json"}).json().value("value").toArray();
        const QList<std::tuple<QString, QString, QString>> refusals{
            {"cli-flipped.byok", "kek", "does not unwrap under the KEK"},
            {"cli-kid.byok", "kek", "/vaults/byok/keys/other/versions/1"},
            {"cli-signer.byok", "signer", "not a key exchange key"}};
        for (const auto& [file, kekName, expected] : refusals) {
            const CliResult r =
                h.run("admin", {"key", "import", "byok", "target", "--in", path(file), "--kek", kekName});
            QVERIFY2(r.exitCode != 0, qPrintable(file + ": " + r.out));
            QVERIFY2(r.err.contains(expected), qPrintable(file + ": " + r.err));
            QCOMPARE(h.run("admin", {"key", "list", "byok", "--json"}).json().value("value").toArray(), before);
        }

        const CliResult imported =
            h.run("admin", {"key", "import", "byok", "target", "--in", path("cli.byok"), "--kek", "kek"});
        QVERIFY2(imported.exitCode == 0, qPrintable(imported.err));
        writeBytes(path("cli-message.bin"), randomBytes(300));
        const CliResult signed_ =
            h.run("admin", {"key", "sign", "byok", "target", "--alg", "ES256", "--in", path("cli-message.bin"),
                            "--signature-format", "der", "--out", path("cli-message.sig")});
        QVERIFY2(signed_.exitCode == 0, qPrintable(signed_.err));
        const ToolResult verified = openssl(
            {"dgst", "-sha256", "-verify", "cli-target-pub.pem", "-signature", "cli-message.sig", "cli-message.bin"});
        QVERIFY2(verified.exitCode == 0 && verified.text().contains(QStringLiteral("Verified OK")),
                 qPrintable(verified.text()));
    }
};

CUSTOS_REGISTER_TEST(TestInteropByok)
#include "TestInteropByok.moc"
