#include "KeyUseCommands.h"
#include "CommandContext.h"
#include "KeyCommands.h"
#include "KeyFiles.h"

#include "crypto/keys/JoseAlgorithm.h"
#include "model/services/Services.h"

#include <QJsonDocument>
#include <QJsonObject>

#include <memory>

namespace custos::app {

using model::KeyRecord;

namespace {
const QString kVault = QStringLiteral("VAULT");
const QString kName = QStringLiteral("NAME");
const QString kInFile = QStringLiteral("--in file");
const QString kOutFile = QStringLiteral("--out file");

model::KeyTarget targetOf(const CliArguments& args)
{
    return model::KeyTarget{args.positional(0), args.positional(1), KeyCommands::versionOption(args)};
}

bool isGcm(const QString& algorithm)
{
    const auto parsed = crypto::parseJoseAlgorithm(algorithm);
    return parsed && (*parsed == crypto::JoseAlgorithm::A128Gcm || *parsed == crypto::JoseAlgorithm::A256Gcm);
}

// The kid of the version an operation used, for messages and JSON (empty when the key cannot be read).
QString kidOf(CommandContext& context, const model::KeyTarget& target)
{
    if (!target.version.isEmpty())
        return KeyRecord::versionResourceId(target.vault, target.name, target.version);
    const auto key = context.services().keys().show(target.vault, target.name);
    return key ? key->kid() : QString();
}

model::SignatureFormat signatureFormat(const CliArguments& args)
{
    return args.value(QStringLiteral("signature-format")).toLower() == QLatin1String("der")
               ? model::SignatureFormat::Der
               : model::SignatureFormat::Raw;
}

// --alg and --in are required everywhere; the command's own file options on top.
QString checkCommon(const CliArguments& args)
{
    const QString command = args.command()->fullName();
    if (args.value(QStringLiteral("alg")).isEmpty())
        return QStringLiteral("'%1' needs --alg ALG (a JOSE algorithm such as RS256, ES256, RSA-OAEP-256, A256GCM)")
            .arg(command);
    if (args.value(QStringLiteral("in")).isEmpty())
        return QStringLiteral("'%1' needs --in F").arg(command);
    if (args.has(QStringLiteral("out")) && args.value(QStringLiteral("out")).isEmpty())
        return QStringLiteral("--out takes a file name");
    return {};
}

Error envelopeError(const QString& path, const QString& problem)
{
    return makeError(ErrorKind::Invalid, QStringLiteral("--in file '%1' is not an A*GCM envelope as 'key encrypt' "
                                                        "writes it ({\"iv\",\"ciphertext\",\"tag\"} in base64url "
                                                        "without padding): %2")
                                             .arg(path, problem));
}

Outcome<model::KeyCiphertext> readEnvelope(const QString& path)
{
    auto bytes = KeyFiles::read(path, kInFile);
    if (!bytes)
        return bytes.error();
    QJsonParseError parseError;
    const QJsonDocument document = QJsonDocument::fromJson(bytes.value(), &parseError);
    if (parseError.error != QJsonParseError::NoError || !document.isObject())
        return envelopeError(path, parseError.error != QJsonParseError::NoError
                                       ? QStringLiteral("invalid JSON (%1)").arg(parseError.errorString())
                                       : QStringLiteral("not a JSON object"));
    const QJsonObject o = document.object();
    model::KeyCiphertext ciphertext;
    const QList<std::pair<QString, QByteArray*>> fields{{QStringLiteral("iv"), &ciphertext.iv},
                                                        {QStringLiteral("ciphertext"), &ciphertext.ciphertext},
                                                        {QStringLiteral("tag"), &ciphertext.tag}};
    for (const auto& [name, target] : fields) {
        const QJsonValue value = o.value(name);
        if (!value.isString())
            return envelopeError(path, QStringLiteral("field \"%1\" is missing or not a string").arg(name));
        if (!KeyFiles::fromBase64Url(value.toString(), target))
            return envelopeError(path, QStringLiteral("field \"%1\" is not valid base64url").arg(name));
    }
    return ciphertext;
}

QByteArray envelope(const model::KeyCiphertext& c)
{
    const QJsonObject o{{QStringLiteral("iv"), QString::fromLatin1(KeyFiles::base64Url(c.iv))},
                        {QStringLiteral("ciphertext"), QString::fromLatin1(KeyFiles::base64Url(c.ciphertext))},
                        {QStringLiteral("tag"), QString::fromLatin1(KeyFiles::base64Url(c.tag))}};
    return QJsonDocument(o).toJson(QJsonDocument::Compact) + '\n';
}

// Writes a result: to --out (atomically; 0600 when secret) with a one-line summary, else to stdout
// (binary refused on a terminal).
int writeResult(CommandContext& context, const void* data, std::size_t size, bool binary, bool secret,
                const QString& line, QJsonObject summary)
{
    const CliArguments& args = context.args();
    if (!args.has(QStringLiteral("out"))) {
        if (auto written = KeyFiles::writeStdout(data, size, binary); !written)
            return context.fail(written.error());
        return Console::Success;
    }
    const QString path = args.value(QStringLiteral("out"));
    if (auto written = KeyFiles::write(path, data, size, secret, kOutFile); !written)
        return context.fail(written.error());
    summary.insert(QStringLiteral("file"), path);
    summary.insert(QStringLiteral("bytes"), qint64(size));
    return context.done(line + QStringLiteral(" to '%1'").arg(path), summary);
}

// --out must be writable before the key is used (the operation is audited either way).
Outcome<void> checkOut(const CliArguments& args)
{
    if (!args.has(QStringLiteral("out")))
        return {};
    return KeyFiles::checkWritable(args.value(QStringLiteral("out")), kOutFile);
}

QJsonObject summaryOf(const QString& kid, const QString& algorithm)
{
    return QJsonObject{{QStringLiteral("kid"), kid}, {QStringLiteral("alg"), algorithm}};
}

QString usedKey(const model::KeyTarget& target, const QString& algorithm, const QString& kid)
{
    const QString version = kid.section(QLatin1Char('/'), -1);
    return QStringLiteral("key '%1' in vault '%2' (%3%4)")
        .arg(target.name, target.vault, algorithm,
             version.isEmpty() ? QString() : QStringLiteral(", version ") + version);
}
} // namespace

QList<CommandSpec> KeyUseCommands::specs()
{
    const QString k = QStringLiteral("key");
    auto opt = [](const char* name, bool value = true) { return OptionSpec{QString::fromLatin1(name), value}; };
    const QList<OptionSpec> signing{opt("alg"), opt("in"), opt("version"), opt("digest", false),
                                    opt("signature-format")};
    const QList<OptionSpec> cipher{opt("alg"), opt("in"), opt("out"), opt("version")};
    const auto login = CommandNeeds::Login;
    // Key use is audited: every one accepts --reason, stored as the event's justification.
    // clang-format off
    return {
        {k, QStringLiteral("sign"), {kVault, kName}, signing + QList<OptionSpec>{opt("out")}, true, login,
         &KeyUseCommands::sign,
         QStringLiteral("key sign VAULT NAME --alg ALG --in F [--version V] [--digest] [--signature-format raw|der] "
                        "[--out SIG]"),
         &KeyUseCommands::checkSignature},
        {k, QStringLiteral("verify"), {kVault, kName}, signing + QList<OptionSpec>{opt("signature")}, true, login,
         &KeyUseCommands::verify,
         QStringLiteral("key verify VAULT NAME --alg ALG --in F --signature SIG [--version V] [--digest] "
                        "[--signature-format raw|der]"),
         &KeyUseCommands::checkSignature},
        {k, QStringLiteral("encrypt"), {kVault, kName}, cipher + QList<OptionSpec>{opt("aad")}, true, login,
         &KeyUseCommands::encrypt,
         QStringLiteral("key encrypt VAULT NAME --alg ALG --in F --out F [--version V] [--aad F]"),
         &KeyUseCommands::checkCipher},
        {k, QStringLiteral("decrypt"), {kVault, kName}, cipher + QList<OptionSpec>{opt("aad")}, true, login,
         &KeyUseCommands::decrypt,
         QStringLiteral("key decrypt VAULT NAME --alg ALG --in F --out F [--version V] [--aad F]"),
         &KeyUseCommands::checkCipher},
        {k, QStringLiteral("wrap"), {kVault, kName}, cipher, true, login, &KeyUseCommands::wrap,
         QStringLiteral("key wrap VAULT NAME --alg ALG --in F --out F [--version V]"), &KeyUseCommands::checkCipher},
        {k, QStringLiteral("unwrap"), {kVault, kName}, cipher, true, login, &KeyUseCommands::unwrap,
         QStringLiteral("key unwrap VAULT NAME --alg ALG --in F --out F [--version V]"),
         &KeyUseCommands::checkCipher},
    };
    // clang-format on
}

int KeyUseCommands::checkSignature(CommandContext& context)
{
    const CliArguments& args = context.args();
    if (const QString error = checkCommon(args); !error.isEmpty())
        return context.usage(error);
    if (args.has(QStringLiteral("signature-format"))) {
        const QString format = args.value(QStringLiteral("signature-format")).toLower();
        if (format != QLatin1String("raw") && format != QLatin1String("der"))
            return context.usage(QStringLiteral("--signature-format takes raw or der, not '%1'")
                                     .arg(args.value(QStringLiteral("signature-format"))));
    }
    if (args.command()->subcommand == QLatin1String("verify") && args.value(QStringLiteral("signature")).isEmpty())
        return context.usage(QStringLiteral("'key verify' needs --signature SIG"));
    return Console::Success;
}

int KeyUseCommands::checkCipher(CommandContext& context)
{
    const CliArguments& args = context.args();
    if (const QString error = checkCommon(args); !error.isEmpty())
        return context.usage(error);
    if (args.has(QStringLiteral("aad"))) {
        const QString algorithm = args.value(QStringLiteral("alg"));
        if (crypto::parseJoseAlgorithm(algorithm) && !isGcm(algorithm))
            return context.usage(QStringLiteral("--aad applies only to A128GCM and A256GCM, not to %1").arg(algorithm));
    }
    return Console::Success;
}

QCoro::Task<int> KeyUseCommands::sign(CommandContext& context)
{
    const CliArguments& args = context.args();
    if (auto writable = checkOut(args); !writable)
        co_return context.fail(writable.error());
    const model::KeyTarget target = targetOf(args);
    const QString algorithm = args.value(QStringLiteral("alg"));
    auto input = KeyFiles::read(args.value(QStringLiteral("in")), kInFile);
    if (!input)
        co_return context.fail(input.error());
    auto signedTask =
        context.services().keyCrypto().sign(target, algorithm, input.take(), args.has(QStringLiteral("digest")),
                                            signatureFormat(args), context.operationContext());
    auto signature = co_await signedTask;
    if (!signature)
        co_return context.fail(signature.error());
    const QString kid = kidOf(context, target);
    QJsonObject summary = summaryOf(kid, algorithm);
    summary.insert(QStringLiteral("value"), QString::fromLatin1(KeyFiles::base64Url(signature.value())));
    if (context.json() && !args.has(QStringLiteral("out"))) {
        context.console().printJson(summary); // Key Vault's KeyOperationResult: {kid, value}
        co_return Console::Success;
    }
    co_return writeResult(context, signature->constData(), std::size_t(signature->size()), true, false,
                          QStringLiteral("Signed '%1' with %2: signature")
                              .arg(args.value(QStringLiteral("in")), usedKey(target, algorithm, kid)),
                          summary);
}

QCoro::Task<int> KeyUseCommands::verify(CommandContext& context)
{
    const CliArguments& args = context.args();
    const model::KeyTarget target = targetOf(args);
    const QString algorithm = args.value(QStringLiteral("alg"));
    auto input = KeyFiles::read(args.value(QStringLiteral("in")), kInFile);
    if (!input)
        co_return context.fail(input.error());
    auto signature = KeyFiles::read(args.value(QStringLiteral("signature")), QStringLiteral("--signature file"));
    if (!signature)
        co_return context.fail(signature.error());
    auto verifiedTask =
        context.services().keyCrypto().verify(target, algorithm, input.take(), args.has(QStringLiteral("digest")),
                                              signature.take(), signatureFormat(args), context.operationContext());
    auto verified = co_await verifiedTask;
    if (!verified)
        co_return context.fail(verified.error());
    const bool valid = verified.value();
    if (context.json()) {
        QJsonObject o = summaryOf(kidOf(context, target), algorithm);
        o.insert(QStringLiteral("value"), valid); // Key Vault's KeyVerifyResult
        context.console().printJson(o);
    } else if (valid) {
        context.console().print(QStringLiteral("Signature is valid (%1)").arg(usedKey(target, algorithm, {})));
    }
    if (!valid)
        co_return context.fail(QStringLiteral("signature is not valid"));
    co_return Console::Success;
}

QCoro::Task<int> KeyUseCommands::encrypt(CommandContext& context)
{
    const CliArguments& args = context.args();
    if (auto writable = checkOut(args); !writable)
        co_return context.fail(writable.error());
    const model::KeyTarget target = targetOf(args);
    const QString algorithm = args.value(QStringLiteral("alg"));
    auto plaintext = KeyFiles::readSecret(args.value(QStringLiteral("in")), kInFile);
    if (!plaintext)
        co_return context.fail(plaintext.error());
    QByteArray aad;
    if (args.has(QStringLiteral("aad"))) {
        auto read = KeyFiles::read(args.value(QStringLiteral("aad")), QStringLiteral("--aad file"));
        if (!read)
            co_return context.fail(read.error());
        aad = read.take();
    }
    auto shared = std::make_shared<const crypto::SecureBuffer>(plaintext.take());
    auto encryptedTask =
        context.services().keyCrypto().encrypt(target, algorithm, shared, aad, context.operationContext());
    auto encrypted = co_await encryptedTask;
    if (!encrypted)
        co_return context.fail(encrypted.error());
    const QString kid = kidOf(context, target);
    const QString line =
        QStringLiteral("Encrypted '%1' with %2").arg(args.value(QStringLiteral("in")), usedKey(target, algorithm, kid));
    if (isGcm(algorithm) || !encrypted->iv.isEmpty()) {
        const QByteArray text = envelope(encrypted.value());
        co_return writeResult(context, text.constData(), std::size_t(text.size()), false, false, line,
                              summaryOf(kid, algorithm));
    }
    const QByteArray& bytes = encrypted->ciphertext;
    co_return writeResult(context, bytes.constData(), std::size_t(bytes.size()), true, false, line,
                          summaryOf(kid, algorithm));
}

QCoro::Task<int> KeyUseCommands::decrypt(CommandContext& context)
{
    const CliArguments& args = context.args();
    if (auto writable = checkOut(args); !writable)
        co_return context.fail(writable.error());
    const model::KeyTarget target = targetOf(args);
    const QString algorithm = args.value(QStringLiteral("alg"));
    const QString inPath = args.value(QStringLiteral("in"));
    model::KeyCiphertext input;
    if (isGcm(algorithm)) {
        auto parsed = readEnvelope(inPath);
        if (!parsed)
            co_return context.fail(parsed.error());
        input = parsed.take();
    } else {
        auto read = KeyFiles::read(inPath, kInFile);
        if (!read)
            co_return context.fail(read.error());
        input.ciphertext = read.take();
    }
    QByteArray aad;
    if (args.has(QStringLiteral("aad"))) {
        auto read = KeyFiles::read(args.value(QStringLiteral("aad")), QStringLiteral("--aad file"));
        if (!read)
            co_return context.fail(read.error());
        aad = read.take();
    }
    auto decryptedTask =
        context.services().keyCrypto().decrypt(target, algorithm, std::move(input), aad, context.operationContext());
    auto decrypted = co_await decryptedTask;
    if (!decrypted)
        co_return context.fail(decrypted.error());
    const std::shared_ptr<crypto::SecureBuffer> plaintext = decrypted.value();
    const QString kid = kidOf(context, target);
    co_return writeResult(context, plaintext->data(), plaintext->size(), true, true,
                          QStringLiteral("Decrypted '%1' with %2").arg(inPath, usedKey(target, algorithm, kid)),
                          summaryOf(kid, algorithm));
}

QCoro::Task<int> KeyUseCommands::wrap(CommandContext& context)
{
    const CliArguments& args = context.args();
    if (auto writable = checkOut(args); !writable)
        co_return context.fail(writable.error());
    const model::KeyTarget target = targetOf(args);
    const QString algorithm = args.value(QStringLiteral("alg"));
    auto keyBytes = KeyFiles::readSecret(args.value(QStringLiteral("in")), kInFile);
    if (!keyBytes)
        co_return context.fail(keyBytes.error());
    auto shared = std::make_shared<const crypto::SecureBuffer>(keyBytes.take());
    auto wrappedTask = context.services().keyCrypto().wrapKey(target, algorithm, shared, context.operationContext());
    auto wrapped = co_await wrappedTask;
    if (!wrapped)
        co_return context.fail(wrapped.error());
    const QString kid = kidOf(context, target);
    co_return writeResult(
        context, wrapped->constData(), std::size_t(wrapped->size()), true, false,
        QStringLiteral("Wrapped '%1' with %2").arg(args.value(QStringLiteral("in")), usedKey(target, algorithm, kid)),
        summaryOf(kid, algorithm));
}

QCoro::Task<int> KeyUseCommands::unwrap(CommandContext& context)
{
    const CliArguments& args = context.args();
    if (auto writable = checkOut(args); !writable)
        co_return context.fail(writable.error());
    const model::KeyTarget target = targetOf(args);
    const QString algorithm = args.value(QStringLiteral("alg"));
    auto wrapped = KeyFiles::read(args.value(QStringLiteral("in")), kInFile);
    if (!wrapped)
        co_return context.fail(wrapped.error());
    auto unwrappedTask =
        context.services().keyCrypto().unwrapKey(target, algorithm, wrapped.take(), context.operationContext());
    auto unwrapped = co_await unwrappedTask;
    if (!unwrapped)
        co_return context.fail(unwrapped.error());
    const std::shared_ptr<crypto::SecureBuffer> keyBytes = unwrapped.value();
    const QString kid = kidOf(context, target);
    co_return writeResult(
        context, keyBytes->data(), keyBytes->size(), true, true,
        QStringLiteral("Unwrapped '%1' with %2").arg(args.value(QStringLiteral("in")), usedKey(target, algorithm, kid)),
        summaryOf(kid, algorithm));
}

} // namespace custos::app
