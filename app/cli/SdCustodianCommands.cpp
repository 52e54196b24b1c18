#include "SdCustodianCommands.h"
#include "CommandContext.h"
#include "PassphraseSource.h"

#include "crypto/sd/CustodianKey.h"
#include "crypto/sd/TokenCustodian.h"
#include "crypto/x509/CertificateInfo.h"
#include "model/services/Services.h"

#include <QFile>
#include <QFileInfo>
#include <QJsonObject>

#include <cerrno>
#include <cstring>

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

namespace custos::app {

namespace {
const QString kOutKey = QStringLiteral("out-key");
const QString kOutCert = QStringLiteral("out-cert");
const QString kPasswordFile = QStringLiteral("password-file");
const QString kTokenLabel = QStringLiteral("token-label");
const QString kPinFile = QStringLiteral("pin-file");
const QString kObjectLabel = QStringLiteral("object-label");
const QString kSize = QStringLiteral("size");
constexpr int kDefaultBits = 3072;

int rsaBits(const CliArguments& args)
{
    return args.has(kSize) ? args.value(kSize).toInt() : kDefaultBits;
}

QString keyPath(const CliArguments& args)
{
    return args.has(kOutKey) ? args.value(kOutKey) : args.positional(1) + QStringLiteral(".key");
}

QString certificatePath(const CliArguments& args)
{
    if (args.has(kOutCert))
        return args.value(kOutCert);
    if (args.has(kTokenLabel))
        return args.positional(1) + QStringLiteral(".cer");
    return crypto::sd::certificatePathForKey(keyPath(args)); // az's pairing: dir/N.key -> dir/N.cer
}

Error writeError(const QString& what, const QString& path, const QString& why)
{
    return makeError(ErrorKind::Failed, QStringLiteral("cannot write the %1 '%2': %3").arg(what, path, why));
}

// Refused before any work: a custodian's files are never replaced (an old key may still open shares).
Outcome<void> checkNew(const QString& path, const QString& what)
{
    const QFileInfo info(path);
    if (info.exists() || info.isSymLink())
        return makeError(ErrorKind::Conflict,
                         QStringLiteral("refusing to overwrite the %1 '%2': it exists already").arg(what, path));
    if (!QFileInfo(info.absolutePath()).isDir())
        return writeError(what, path, QStringLiteral("the directory %1 does not exist").arg(info.absolutePath()));
    return {};
}

// Atomic and never over an existing file: a temporary file in the same directory, flushed, then
// hard-linked to its name (link(2) fails with EEXIST instead of replacing) and the temporary removed.
// `secret` keeps it 0600; otherwise 0644 minus the umask.
Outcome<void> writeNew(const QString& path, const QByteArray& bytes, bool secret, const QString& what)
{
    const QFileInfo target(path);
    QByteArray pattern =
        QFile::encodeName(target.absolutePath() + QStringLiteral("/.") + target.fileName() + QStringLiteral(".XXXXXX"));
    const int fd = ::mkostemp(pattern.data(), O_CLOEXEC); // 0600 from the start
    if (fd < 0)
        return writeError(what, path, QString::fromLocal8Bit(std::strerror(errno)));
    int error = 0;
    bool ok = true;
    if (!secret) {
        const mode_t mask = ::umask(0);
        ::umask(mask);
        ok = ::fchmod(fd, 0644 & ~mask) == 0;
        error = ok ? 0 : errno;
    }
    for (qsizetype done = 0; ok && done < bytes.size();) {
        const ssize_t n = ::write(fd, bytes.constData() + done, std::size_t(bytes.size() - done));
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0) {
            ok = false;
            error = errno;
            break;
        }
        done += n;
    }
    if (ok && ::fsync(fd) != 0) {
        ok = false;
        error = errno;
    }
    if (::close(fd) != 0 && ok) {
        ok = false;
        error = errno;
    }
    if (ok && ::link(pattern.constData(), QFile::encodeName(target.absoluteFilePath()).constData()) != 0) {
        ok = false;
        error = errno;
    }
    ::unlink(pattern.constData());
    if (!ok && error == EEXIST)
        return makeError(ErrorKind::Conflict,
                         QStringLiteral("refusing to overwrite the %1 '%2': it exists already").arg(what, path));
    if (!ok)
        return writeError(what, path, QString::fromLocal8Bit(std::strerror(error)));
    return {};
}
} // namespace

QList<CommandSpec> SdCustodianCommands::specs()
{
    return {
        {QStringLiteral("sd"),
         QStringLiteral("custodian"),
         {QStringLiteral("ACTION"), QStringLiteral("NAME")},
         {{kOutKey, true},
          {kOutCert, true},
          {kPasswordFile, true},
          {kTokenLabel, true},
          {kPinFile, true},
          {kObjectLabel, true},
          {kSize, true}},
         true,
         CommandNeeds::Nothing, // the file form needs no workspace; the token form opens it itself
         &SdCustodianCommands::create,
         QStringLiteral("sd custodian create NAME [--out-key F] [--out-cert F] [--password-file F] | --token-label L "
                        "[--pin-file F] [--object-label LABEL] [--out-cert F] [--size 2048|3072|4096]"),
         &SdCustodianCommands::check},
    };
}

int SdCustodianCommands::check(CommandContext& context)
{
    const CliArguments& args = context.args();
    if (args.positional(0) != QLatin1String("create") || args.positional(1).trimmed().isEmpty())
        return context.usage(QStringLiteral("expected 'sd custodian create NAME' (NAME: the custodian's name, the "
                                            "certificate's CN)"));
    if (args.has(kSize)) {
        bool number = false;
        const int bits = args.value(kSize).toInt(&number);
        if (!number || (bits != 2048 && bits != 3072 && bits != 4096))
            return context.usage(QStringLiteral("invalid size %1 for an RSA key: expected 2048, 3072 or 4096 bits")
                                     .arg(args.value(kSize)));
    }
    if (args.has(kTokenLabel)) {
        if (args.value(kTokenLabel).isEmpty())
            return context.usage(QStringLiteral("--token-label needs the card's token label"));
        if (args.has(kOutKey) || args.has(kPasswordFile))
            return context.usage(QStringLiteral("a custodian on a token (--token-label) has no key file: "
                                                "--out-key and --password-file belong to the file form"));
    } else if (args.has(kPinFile) || args.has(kObjectLabel)) {
        return context.usage(
            QStringLiteral("--pin-file and --object-label belong to the token form (--token-label L)"));
    }
    if (!args.has(kTokenLabel) &&
        QFileInfo(keyPath(args)).absoluteFilePath() == QFileInfo(certificatePath(args)).absoluteFilePath())
        return context.usage(QStringLiteral("--out-key and --out-cert name the same file"));
    return Console::Success;
}

QCoro::Task<int> SdCustodianCommands::create(CommandContext& context)
{
    if (context.args().has(kTokenLabel)) {
        auto task = createOnToken(context);
        co_return co_await task;
    }
    auto task = createFiles(context);
    co_return co_await task;
}

QCoro::Task<int> SdCustodianCommands::createFiles(CommandContext& context)
{
    const CliArguments& args = context.args();
    const QString holder = args.positional(1);
    const QString keyFile = keyPath(args);
    const QString certificateFile = certificatePath(args);
    if (auto fresh = checkNew(keyFile, QStringLiteral("key file")); !fresh)
        co_return context.fail(fresh.error());
    if (auto fresh = checkNew(certificateFile, QStringLiteral("certificate file")); !fresh)
        co_return context.fail(fresh.error());
    auto password =
        PassphraseSource::secret(args.value(kPasswordFile), kPasswordFile,
                                 QStringLiteral("Password for the custodian key file %1: ").arg(keyFile), true);
    if (!password)
        co_return password.error().kind == ErrorKind::Invalid ? context.usage(password.error().message)
                                                              : context.fail(password.error());
    if (password->isEmpty())
        co_return context.usage(QStringLiteral("the custodian key file needs a password: the password file is empty"));
    auto made = crypto::sd::createCustodianKeyFile(holder, password.value(), rsaBits(args));
    password->clear();
    if (!made)
        co_return context.fail(made.error());
    if (auto written = writeNew(keyFile, made->keyPem, true, QStringLiteral("key file")); !written)
        co_return context.fail(written.error());
    if (auto written = writeNew(certificateFile, made->certificatePem, false, QStringLiteral("certificate file"));
        !written) {
        QFile::remove(keyFile); // ours, written a moment ago: a key without its certificate is no custodian
        co_return context.fail(written.error());
    }
    const QJsonObject json{{QStringLiteral("name"), holder},
                           {QStringLiteral("key"), keyFile},
                           {QStringLiteral("certificate"), certificateFile},
                           {QStringLiteral("rsaBits"), rsaBits(args)},
                           {QStringLiteral("x5t_256"), made->x5t256}};
    co_return context.done(QStringLiteral("Created the custodian '%1': key %2 (encrypted PKCS#8), certificate %3, "
                                          "x5t_256 %4")
                               .arg(holder, keyFile, certificateFile, made->x5t256),
                           json);
}

QCoro::Task<int> SdCustodianCommands::createOnToken(CommandContext& context)
{
    const CliArguments& args = context.args();
    const QString holder = args.positional(1);
    const QString tokenLabel = args.value(kTokenLabel);
    const QString objectLabel = args.has(kObjectLabel) ? args.value(kObjectLabel) : holder;
    const QString certificateFile = certificatePath(args);
    if (auto fresh = checkNew(certificateFile, QStringLiteral("certificate file")); !fresh)
        co_return context.fail(fresh.error());
    auto pin = PassphraseSource::secret(args.value(kPinFile), kPinFile,
                                        QStringLiteral("PIN of the token %1: ").arg(tokenLabel), false);
    if (!pin)
        co_return pin.error().kind == ErrorKind::Invalid ? context.usage(pin.error().message)
                                                         : context.fail(pin.error());
    auto sharedPin = std::make_shared<crypto::SecureBuffer>(pin.take());
    // The card is a token of the workspace's module: the workspace and a login come first.
    if (const int status = context.openWorkspace(); status != Console::Success)
        co_return status;
    auto loginTask = context.login();
    if (const int status = co_await loginTask; status != Console::Success)
        co_return status;
    auto createTask = context.services().securityDomain().createTokenCustodian(
        tokenLabel, sharedPin, objectLabel, holder, rsaBits(args), context.operationContext());
    auto created = co_await createTask;
    sharedPin->clear();
    if (!created)
        co_return context.fail(created.error());
    crypto::sd::Pkcs11Uri uri;
    uri.token = tokenLabel;
    uri.object = objectLabel;
    const QString thumbprint = crypto::sd::certificateThumbprint(created.value());
    if (auto written = writeNew(certificateFile, crypto::x509::certificatePem(created.value()), false,
                                QStringLiteral("certificate file"));
        !written)
        co_return context.fail(
            makeError(written.error().kind,
                      written.error().message +
                          QStringLiteral(" (the custodian exists on the token as %1)").arg(uri.toString())));
    const QJsonObject json{{QStringLiteral("name"), holder},
                           {QStringLiteral("key"), uri.toString()},
                           {QStringLiteral("certificate"), certificateFile},
                           {QStringLiteral("rsaBits"), rsaBits(args)},
                           {QStringLiteral("x5t_256"), thumbprint}};
    co_return context.done(QStringLiteral("Created the custodian '%1' on the token %2: %3, certificate %4, x5t_256 %5")
                               .arg(holder, tokenLabel, uri.toString(), certificateFile, thumbprint),
                           json);
}

} // namespace custos::app
