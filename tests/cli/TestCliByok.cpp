#include "CliHarness.h"
#include "TestRegistry.h"

#include "OutcomeText.h"

#include "crypto/byok/ByokFile.h"
#include "crypto/keys/PublicKeyExport.h"
#include "crypto/keys/software/SoftwareKey.h"

#include <QFile>
#include <QTest>

using custos::test::CliHarness;
using custos::test::CliResult;
using namespace custos;
using namespace custos::crypto;

// `byok wrap` without a workspace: the file it writes is a .byok file for the named KEK, and the
// KEK's private key (in software here; the HSM in TestByok) unwraps it to the target key.
class TestCliByok : public QObject
{
    Q_OBJECT

    CliHarness m_h;
    std::optional<SoftwareKey> m_kek;
    QString m_kekPem;

    QString writeFile(const QString& name, const QByteArray& bytes) const
    {
        const QString path = m_h.root() + QLatin1Char('/') + name;
        QFile file(path);
        if (file.open(QIODevice::WriteOnly | QIODevice::Truncate))
            file.write(bytes);
        return path;
    }
    static QByteArray readFile(const QString& path)
    {
        QFile file(path);
        return file.open(QIODevice::ReadOnly) ? file.readAll() : QByteArray();
    }
    // The target the file at `path` carries, unwrapped with the KEK's private key.
    Outcome<SecureBuffer> unwrapOut(const QString& path, const QString& kid) const
    {
        auto file = byok::parseByokFile(readFile(path));
        if (!file)
            return file.error();
        if (file->kid != kid)
            return makeError(ErrorKind::Invalid, QStringLiteral("kid is '%1'").arg(file->kid));
        auto kekDer = m_kek->toPrivateDer();
        if (!kekDer)
            return kekDer.error();
        return byok::unwrapWithKek(kekDer.value(), file->ciphertext);
    }
    CliResult wrap(const QString& key, const QString& out, const QStringList& extra = {}) const
    {
        return m_h.runRaw(QStringList{"byok", "wrap", "--kek", m_kekPem, "--key", key, "--kid", "kek-1", "--out", out} +
                          extra);
    }

private Q_SLOTS:
    void initTestCase()
    {
        auto kek = SoftwareKey::generateRsa(2048);
        QVERIFY2(kek, errorText(kek).constData());
        m_kek.emplace(kek.take());
        auto pem = publicKeyPem(m_kek->publicKeyDer().value());
        QVERIFY(pem);
        m_kekPem = writeFile(QStringLiteral("kek.pem"), pem.value());
    }

    void wrapsPlainDerPrivateKey()
    {
        auto target = SoftwareKey::generateEc(QStringLiteral("P-256"));
        QVERIFY(target);
        auto der = target->toPrivateDer();
        QVERIFY(der);
        const QString key = writeFile(QStringLiteral("target.der"), QByteArray(der->chars(), qsizetype(der->size())));
        const QString out = m_h.root() + QStringLiteral("/ec.byok");
        const CliResult r = wrap(key, out);
        QVERIFY2(r.exitCode == 0, qPrintable(r.err));
        QVERIFY2(r.out.contains(QStringLiteral("kek-1")), qPrintable(r.out));
        auto unwrapped = unwrapOut(out, QStringLiteral("kek-1"));
        QVERIFY2(unwrapped, errorText(unwrapped).constData());
        QVERIFY(unwrapped->equals(der.value()));
        auto file = byok::parseByokFile(readFile(out));
        QVERIFY(file);
        QVERIFY2(file->generator.startsWith(QStringLiteral("custosctl ")), qPrintable(file->generator));
    }

    void wrapsEncryptedPemWithPasswordFile()
    {
        auto target = SoftwareKey::generateRsa(2048);
        QVERIFY(target);
        auto pem = target->exportEncryptedPkcs8(SecureBuffer::fromString("target-pass"));
        QVERIFY(pem);
        const QString key = writeFile(QStringLiteral("target-enc.pem"), pem.value());
        const QString out = m_h.root() + QStringLiteral("/rsa.byok");
        const CliResult refused = wrap(key, out);
        QCOMPARE(refused.exitCode, 1);
        QVERIFY2(refused.err.contains(QStringLiteral("password")), qPrintable(refused.err));
        QVERIFY(!QFile::exists(out));

        const QString wrong = m_h.secretFile(QStringLiteral("wrong"), QStringLiteral("not-it"));
        const CliResult wrongPassword = wrap(key, out, {"--password-file", wrong});
        QCOMPARE(wrongPassword.exitCode, 1);
        QVERIFY(!QFile::exists(out));

        const QString password = m_h.secretFile(QStringLiteral("target"), QStringLiteral("target-pass"));
        const CliResult r = wrap(key, out, {"--password-file", password, "--generator", "HSM vendor tool 1.2"});
        QVERIFY2(r.exitCode == 0, qPrintable(r.err));
        auto unwrapped = unwrapOut(out, QStringLiteral("kek-1"));
        QVERIFY2(unwrapped, errorText(unwrapped).constData());
        QVERIFY(unwrapped->equals(target->toPrivateDer().value()));
        QCOMPARE(byok::parseByokFile(readFile(out))->generator, QStringLiteral("HSM vendor tool 1.2"));
    }

    void wrapsRawAesKeys_data()
    {
        QTest::addColumn<bool>("hex");
        QTest::newRow("binary") << false;
        QTest::newRow("hex") << true;
    }
    void wrapsRawAesKeys()
    {
        QFETCH(bool, hex);
        const QByteArray aes = QByteArray::fromHex("000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f");
        const QString key = writeFile(QStringLiteral("aes.key"), hex ? aes.toHex() + '\n' : aes);
        const QString out = m_h.root() + QStringLiteral("/aes.byok");
        const CliResult r = wrap(key, out);
        QVERIFY2(r.exitCode == 0, qPrintable(r.err));
        auto unwrapped = unwrapOut(out, QStringLiteral("kek-1"));
        QVERIFY2(unwrapped, errorText(unwrapped).constData());
        QCOMPARE(QByteArray(unwrapped->chars(), qsizetype(unwrapped->size())), aes);
    }

    void refusesBadInput()
    {
        const QString out = m_h.root() + QStringLiteral("/bad.byok");
        // Usage: each required option.
        const CliResult noKid = m_h.runRaw({"byok", "wrap", "--kek", m_kekPem, "--key", m_kekPem, "--out", out});
        QCOMPARE(noKid.exitCode, 2);
        QVERIFY2(noKid.err.contains(QStringLiteral("--kid")), qPrintable(noKid.err));

        // A target that is no key: named, and nothing written.
        const QString garbage = writeFile(QStringLiteral("garbage.pem"), "-----BEGIN PRIVATE KEY-----\nnope\n");
        const CliResult r = wrap(garbage, out);
        QCOMPARE(r.exitCode, 1);
        QVERIFY2(r.err.contains(QStringLiteral("garbage.pem")), qPrintable(r.err));
        QVERIFY(!QFile::exists(out));

        // A public key has nothing to wrap.
        const CliResult publicOnly = wrap(m_kekPem, out);
        QCOMPARE(publicOnly.exitCode, 1);
        QVERIFY2(publicOnly.err.contains(QStringLiteral("holds no private or secret key")), qPrintable(publicOnly.err));
        QVERIFY(!QFile::exists(out));

        // An EC key as the KEK.
        auto ec = SoftwareKey::generateEc(QStringLiteral("P-384"));
        QVERIFY(ec);
        const QString ecPem = writeFile(QStringLiteral("ec-kek.pem"), publicKeyPem(ec->publicKeyDer().value()).value());
        const QString aes =
            writeFile(QStringLiteral("aes16.key"), QByteArray::fromHex("00112233445566778899aabbccddeeff"));
        const CliResult ecKek = m_h.runRaw({"byok", "wrap", "--kek", ecPem, "--key", aes, "--kid", "k", "--out", out});
        QCOMPARE(ecKek.exitCode, 1);
        QVERIFY2(ecKek.err.contains(QStringLiteral("expected RSA")), qPrintable(ecKek.err));
        QVERIFY(!QFile::exists(out));

        // A KEK file that is not a public key.
        const CliResult notKek = m_h.runRaw({"byok", "wrap", "--kek", aes, "--key", aes, "--kid", "k", "--out", out});
        QCOMPARE(notKek.exitCode, 1);
        QVERIFY2(notKek.err.contains(QStringLiteral("aes16.key")), qPrintable(notKek.err));
        QVERIFY(!QFile::exists(out));
    }
};

CUSTOS_REGISTER_TEST(TestCliByok)
#include "TestCliByok.moc"
