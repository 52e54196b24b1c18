#include "CustodianArguments.h"
#include "CliArguments.h"
#include "PassphraseSource.h"

#include "crypto/pkcs11/Pkcs11Module.h"
#include "crypto/sd/TokenCustodian.h"

#include <QFile>
#include <QUrl>

namespace custos::app {

using crypto::SecureBuffer;
using crypto::sd::CustodianKey;

namespace {

const QString kCustodian = QStringLiteral("custodian");
const QString kPasswordFile = QStringLiteral("custodian-password-file");
const QString kPinFile = QStringLiteral("custodian-pin-file");

// Key files are small; a bigger file is not a key and is not read whole.
constexpr qint64 kMaxKeyFile = 1024 * 1024;

Outcome<QByteArray> readKeyFile(const QString& path)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return makeError(ErrorKind::Invalid,
                         QStringLiteral("cannot read custodian key file '%1': %2").arg(path, file.errorString()));
    if (file.size() > kMaxKeyFile)
        return makeError(
            ErrorKind::Invalid,
            QStringLiteral("custodian key file '%1' is %2 bytes: not a private key").arg(path).arg(file.size()));
    return file.readAll();
}

Outcome<std::unique_ptr<CustodianKey>> openKeyFile(const CustodianSource& source)
{
    if (!source.passwordFile.isEmpty()) {
        auto password = PassphraseSource::readFile(source.passwordFile, QStringLiteral("custodian password"));
        if (!password)
            return password.error();
        auto key = crypto::sd::openCustodianKeyFile(source.location, &password.value());
        password->clear();
        return key;
    }
    // Only the encryption markers are looked at; the key itself is read by the crypto layer.
    auto bytes = readKeyFile(source.location);
    if (!bytes)
        return bytes.error();
    bool encrypted = CustodianArguments::isEncryptedKeyFile(bytes.value());
    bytes->fill('\0');
    if (!encrypted) {
        auto key = crypto::sd::openCustodianKeyFile(source.location, nullptr);
        // A DER EncryptedPrivateKeyInfo has no marker: the crypto layer says it needs a password.
        if (key || !key.error().message.contains(QLatin1String("password")))
            return key;
        encrypted = true;
    }
    if (!PassphraseSource::hasTerminal())
        return makeError(ErrorKind::Invalid, QStringLiteral("custodian key file '%1' is encrypted: give its password "
                                                            "with --custodian-password-file F right after it")
                                                 .arg(source.location));
    auto password = PassphraseSource::prompt(QStringLiteral("Password for custodian key '%1': ").arg(source.location));
    if (!password)
        return password.error();
    auto key = crypto::sd::openCustodianKeyFile(source.location, &password.value());
    password->clear();
    return key;
}

// A token custodian keeps its module loaded: C_Finalize runs when the last reference goes, and
// the key's session must end first (members are destroyed in reverse order).
class ModuleBoundKey : public CustodianKey
{
public:
    ModuleBoundKey(std::shared_ptr<crypto::Pkcs11Module> module, std::unique_ptr<CustodianKey> key)
        : m_module(std::move(module)), m_key(std::move(key))
    {
    }
    QByteArray certificateDer() const override { return m_key->certificateDer(); }
    QString source() const override { return m_key->source(); }
    Outcome<SecureBuffer> decryptOaep(QByteArrayView ciphertext, crypto::sd::OaepHash hash) override
    {
        return m_key->decryptOaep(ciphertext, hash);
    }
    void wipe() override { m_key->wipe(); }

private:
    std::shared_ptr<crypto::Pkcs11Module> m_module;
    std::unique_ptr<CustodianKey> m_key;
};

Outcome<std::unique_ptr<CustodianKey>> openToken(const CustodianSource& source)
{
    // Pkcs11Uri reads the path part; the query part (module-path=...) is ours.
    const qsizetype query = source.location.indexOf(QLatin1Char('?'));
    auto uri = crypto::sd::Pkcs11Uri::parse(query < 0 ? source.location : source.location.left(query));
    if (!uri)
        return uri.error();
    QString modulePath = CustodianArguments::modulePath(source.location);
    if (modulePath.isEmpty())
        modulePath = QStringLiteral(CUSTOS_DEFAULT_PKCS11_MODULE);
    auto module = crypto::Pkcs11Module::load(modulePath);
    if (!module)
        return module.error();
    auto pin = PassphraseSource::secret(source.pinFile, kPinFile,
                                        QStringLiteral("PIN of custodian token '%1': ").arg(uri->token), false);
    if (!pin) {
        if (pin.error().kind == ErrorKind::Invalid) // no terminal
            return makeError(ErrorKind::Invalid, QStringLiteral("no PIN for custodian '%1': give it with "
                                                                "--custodian-pin-file F right after it")
                                                     .arg(source.location));
        return pin.error();
    }
    auto key = crypto::sd::openTokenCustodian(*module.value(), uri.value(), pin.value());
    pin->clear();
    if (!key)
        return key.error();
    return std::unique_ptr<CustodianKey>(std::make_unique<ModuleBoundKey>(module.take(), key.take()));
}

} // namespace

bool CustodianSource::isToken() const
{
    return crypto::sd::Pkcs11Uri::looksLikeUri(location);
}

QList<OptionSpec> CustodianArguments::options()
{
    return {{kCustodian, true}, {kPasswordFile, true}, {kPinFile, true}};
}

Outcome<QList<CustodianSource>> CustodianArguments::parse(const CliArguments& args)
{
    QList<CustodianSource> sources;
    bool lastWasCustodian = false; // a secret-file option may only follow its --custodian directly
    for (const auto& [name, value] : args.sequence()) {
        if (name == kCustodian) {
            if (value.isEmpty())
                return makeError(ErrorKind::Invalid, QStringLiteral("--custodian needs a key file or a pkcs11: URI"));
            sources.append({value, {}, {}});
            lastWasCustodian = true;
            continue;
        }
        if (name != kPasswordFile && name != kPinFile) {
            lastWasCustodian = false;
            continue;
        }
        if (sources.isEmpty() || !lastWasCustodian)
            return makeError(ErrorKind::Invalid,
                             QStringLiteral("--%1 must follow the --custodian it belongs to").arg(name));
        CustodianSource& source = sources.last();
        if (value.isEmpty())
            return makeError(ErrorKind::Invalid, QStringLiteral("--%1 needs a file name").arg(name));
        if (name == kPasswordFile && source.isToken())
            return makeError(
                ErrorKind::Invalid,
                QStringLiteral("--custodian-password-file is for key files; the custodian '%1' is a token: "
                               "use --custodian-pin-file")
                    .arg(source.location));
        if (name == kPinFile && !source.isToken())
            return makeError(ErrorKind::Invalid,
                             QStringLiteral("--custodian-pin-file is for pkcs11: tokens; the custodian '%1' is a key "
                                            "file: use --custodian-password-file")
                                 .arg(source.location));
        QString& file = name == kPasswordFile ? source.passwordFile : source.pinFile;
        if (!file.isEmpty())
            return makeError(ErrorKind::Invalid,
                             QStringLiteral("--%1 given twice for the custodian '%2'").arg(name, source.location));
        file = value;
        // Still "right after" the custodian: its other secret option may not follow (checked above).
    }
    return sources;
}

Outcome<std::unique_ptr<CustodianKey>> CustodianArguments::open(const CustodianSource& source)
{
    return source.isToken() ? openToken(source) : openKeyFile(source);
}

QString CustodianArguments::modulePath(const QString& uri)
{
    // RFC 7512: path attributes are ';'-separated before '?', query attributes '&'-separated after.
    QStringList attributes;
    const qsizetype query = uri.indexOf(QLatin1Char('?'));
    attributes << uri.mid(7, query < 0 ? -1 : query - 7).split(QLatin1Char(';'));
    if (query >= 0)
        attributes << uri.mid(query + 1).split(QLatin1Char('&'));
    for (const QString& attribute : attributes) {
        if (attribute.startsWith(QLatin1String("module-path=")))
            return QUrl::fromPercentEncoding(attribute.mid(12).toUtf8());
    }
    return {};
}

bool CustodianArguments::isEncryptedKeyFile(const QByteArray& bytes)
{
    return bytes.contains("-----BEGIN ENCRYPTED PRIVATE KEY-----") || bytes.contains("Proc-Type: 4,ENCRYPTED");
}

} // namespace custos::app
