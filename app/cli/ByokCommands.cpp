#include "ByokCommands.h"
#include "CommandContext.h"
#include "KeyFiles.h"
#include "PassphraseSource.h"

#include "crypto/byok/ByokFile.h"
#include "crypto/import/KeyFile.h"
#include "crypto/keys/PublicKeyExport.h"

#include <QJsonObject>

namespace custos::app {

using crypto::SecureBuffer;

namespace {

const QString kKek = QStringLiteral("kek");
const QString kKey = QStringLiteral("key");
const QString kKid = QStringLiteral("kid");
const QString kOut = QStringLiteral("out");
const QString kPasswordFile = QStringLiteral("password-file");
const QString kGenerator = QStringLiteral("generator");

constexpr qint64 kMaxKekFile = 1024 * 1024;

struct Target
{
    SecureBuffer value; // PKCS#8 DER for RSA and EC, the raw bytes for AES
    QString kind;       // for the result line: "EC P-256 private key", "AES-256 key"
};

// The key to wrap, read as `key import` reads key files (crypto/import/KeyFile.h): PEM or DER
// (PKCS#1, SEC1, PKCS#8 plain or encrypted), PKCS#12, JWK, or a raw AES key. Exactly one private
// or secret key. Never quotes the key in an error.
Outcome<Target> readTarget(const QString& path, const SecureBuffer* password)
{
    auto bytes = KeyFiles::read(path, QStringLiteral("--key file"), crypto::import::kMaxKeyFileBytes);
    if (!bytes)
        return bytes.error();
    auto contents = crypto::import::readKeyFile(bytes.value(), password, crypto::import::KeyFileFormat::Auto, path);
    bytes->fill('\0'); // the file's bytes may be the key in clear
    if (!contents)
        return makeError(contents.error().kind, QStringLiteral("%1: %2").arg(path, contents.error().message));
    const crypto::import::ImportedKey* found = nullptr;
    int count = 0;
    for (const crypto::import::ImportedKey& key : contents->keys) {
        if (!key.privateKey.isEmpty()) {
            found = &key;
            ++count;
        }
    }
    if (count == 0)
        return makeError(ErrorKind::Invalid, QStringLiteral("%1 (%2) holds no private or secret key: expected the key "
                                                            "to wrap")
                                                 .arg(path, contents->format));
    if (count > 1)
        return makeError(ErrorKind::Invalid,
                         QStringLiteral("%1 (%2) holds %3 private or secret keys: `byok wrap` takes one")
                             .arg(path, contents->format)
                             .arg(count));
    QString kind;
    switch (found->kind) {
    case crypto::KeyKind::Aes:
        kind = QStringLiteral("AES-%1 key").arg(found->bits);
        break;
    case crypto::KeyKind::Rsa:
        kind = QStringLiteral("RSA %1 private key").arg(found->bits);
        break;
    case crypto::KeyKind::Ec:
        kind = QStringLiteral("EC %1 private key").arg(found->curve);
        break;
    }
    return Target{found->privateKey.clone(), kind};
}

} // namespace

QList<CommandSpec> ByokCommands::specs()
{
    return {
        {QStringLiteral("byok"),
         QStringLiteral("wrap"),
         {},
         {{kKek, true}, {kKey, true}, {kKid, true}, {kOut, true}, {kPasswordFile, true}, {kGenerator, true}},
         false,
         CommandNeeds::Nothing,
         &ByokCommands::wrap,
         QStringLiteral("byok wrap --kek KEK.pem --key TARGET.pem --kid KID --out F.byok [--password-file F] "
                        "[--generator TEXT]"),
         &ByokCommands::checkWrap},
    };
}

int ByokCommands::checkWrap(CommandContext& context)
{
    const CliArguments& args = context.args();
    for (const QString& name : {kKek, kKey, kKid, kOut}) {
        if (!args.has(name) || args.value(name).isEmpty())
            return context.usage(
                QStringLiteral("'byok wrap' needs --kek KEK.pem --key TARGET.pem --kid KID --out F.byok (--%1 is "
                               "missing or empty)")
                    .arg(name));
    }
    if (args.has(kPasswordFile) && args.value(kPasswordFile).isEmpty())
        return context.usage(QStringLiteral("--password-file takes a file name"));
    return Console::Success;
}

QCoro::Task<int> ByokCommands::wrap(CommandContext& context)
{
    const CliArguments& args = context.args();
    const QString out = args.value(kOut);
    if (auto writable = KeyFiles::checkWritable(out, QStringLiteral("--out file")); !writable)
        co_return context.fail(writable.error());

    auto kekBytes = KeyFiles::read(args.value(kKek), QStringLiteral("--kek file"), kMaxKekFile);
    if (!kekBytes)
        co_return context.fail(kekBytes.error());
    auto kek = crypto::publicKeyDerFromPemOrDer(kekBytes.value());
    if (!kek)
        co_return context.fail(makeError(kek.error().kind, QStringLiteral("%1: %2 (expected the key exchange key's "
                                                                          "public key, as `key export --format pem` "
                                                                          "writes it)")
                                                               .arg(args.value(kKek), kek.error().message)));

    std::optional<SecureBuffer> password;
    if (args.has(kPasswordFile)) {
        auto read = PassphraseSource::readFile(args.value(kPasswordFile), QStringLiteral("password"));
        if (!read)
            co_return context.fail(read.error());
        password = read.take();
    }
    auto target = readTarget(args.value(kKey), password ? &*password : nullptr);
    if (!target)
        co_return context.fail(target.error());

    auto ciphertext = crypto::byok::wrapForKek(kek.value(), target->value);
    if (!ciphertext)
        co_return context.fail(makeError(ciphertext.error().kind,
                                         QStringLiteral("%1: %2").arg(args.value(kKek), ciphertext.error().message)));
    crypto::byok::ByokFile file;
    file.kid = args.value(kKid);
    file.ciphertext = ciphertext.take();
    file.generator = args.has(kGenerator) ? args.value(kGenerator)
                                          : QStringLiteral("custosctl %1").arg(QStringLiteral(CUSTOS_VERSION));
    const QByteArray json = crypto::byok::toJson(file);
    // Not secret (the key is wrapped for the KEK), but only the KEK's holder can use it.
    if (auto written = KeyFiles::write(out, json, false, QStringLiteral("--out file")); !written)
        co_return context.fail(written.error());
    co_return context.done(QStringLiteral("Wrote '%1': the %2 of '%3' wrapped for key exchange key %4")
                               .arg(out, target->kind, args.value(kKey), file.kid),
                           QJsonObject{{QStringLiteral("out"), out},
                                       {QStringLiteral("kid"), file.kid},
                                       {QStringLiteral("target"), target->kind},
                                       {QStringLiteral("bytes"), json.size()}});
}

} // namespace custos::app
