#include "JoseAlgorithm.h"

#include <QStringList>

namespace custos::crypto {

namespace {
struct AlgorithmInfo
{
    JoseAlgorithm algorithm;
    const char* name;
    KeyKind kind;
    DigestKind digest;
    const char* curve; // EC only
    int aesBits;       // AES only
};

constexpr AlgorithmInfo kAlgorithms[] = {
    {JoseAlgorithm::Rs256, "RS256", KeyKind::Rsa, DigestKind::Sha256, "", 0},
    {JoseAlgorithm::Rs384, "RS384", KeyKind::Rsa, DigestKind::Sha384, "", 0},
    {JoseAlgorithm::Rs512, "RS512", KeyKind::Rsa, DigestKind::Sha512, "", 0},
    {JoseAlgorithm::Ps256, "PS256", KeyKind::Rsa, DigestKind::Sha256, "", 0},
    {JoseAlgorithm::Ps384, "PS384", KeyKind::Rsa, DigestKind::Sha384, "", 0},
    {JoseAlgorithm::Ps512, "PS512", KeyKind::Rsa, DigestKind::Sha512, "", 0},
    {JoseAlgorithm::Es256, "ES256", KeyKind::Ec, DigestKind::Sha256, "P-256", 0},
    {JoseAlgorithm::Es384, "ES384", KeyKind::Ec, DigestKind::Sha384, "P-384", 0},
    {JoseAlgorithm::Es512, "ES512", KeyKind::Ec, DigestKind::Sha512, "P-521", 0},
    {JoseAlgorithm::RsaOaep, "RSA-OAEP", KeyKind::Rsa, DigestKind::Sha1, "", 0},
    {JoseAlgorithm::RsaOaep256, "RSA-OAEP-256", KeyKind::Rsa, DigestKind::Sha256, "", 0},
    {JoseAlgorithm::Rsa1_5, "RSA1_5", KeyKind::Rsa, DigestKind::None, "", 0},
    {JoseAlgorithm::A128Gcm, "A128GCM", KeyKind::Aes, DigestKind::None, "", 128},
    {JoseAlgorithm::A256Gcm, "A256GCM", KeyKind::Aes, DigestKind::None, "", 256},
    {JoseAlgorithm::A128Kw, "A128KW", KeyKind::Aes, DigestKind::None, "", 128},
    {JoseAlgorithm::A192Kw, "A192KW", KeyKind::Aes, DigestKind::None, "", 192},
    {JoseAlgorithm::A256Kw, "A256KW", KeyKind::Aes, DigestKind::None, "", 256},
};

const AlgorithmInfo& info(JoseAlgorithm algorithm)
{
    for (const AlgorithmInfo& entry : kAlgorithms) {
        if (entry.algorithm == algorithm)
            return entry;
    }
    return kAlgorithms[0]; // unreachable: every enumerator has a row
}

struct OperationInfo
{
    KeyOperation operation;
    const char* name;
};

constexpr OperationInfo kOperations[] = {
    {KeyOperation::Sign, "sign"},       {KeyOperation::Verify, "verify"},   {KeyOperation::Encrypt, "encrypt"},
    {KeyOperation::Decrypt, "decrypt"}, {KeyOperation::WrapKey, "wrapKey"}, {KeyOperation::UnwrapKey, "unwrapKey"},
    {KeyOperation::Import, "import"},   {KeyOperation::Export, "export"},
};

QString algorithmNames()
{
    QStringList names;
    for (const AlgorithmInfo& entry : kAlgorithms)
        names << QLatin1String(entry.name);
    return names.join(QStringLiteral(", "));
}
} // namespace

QList<JoseAlgorithm> allJoseAlgorithms()
{
    QList<JoseAlgorithm> list;
    for (const AlgorithmInfo& entry : kAlgorithms)
        list << entry.algorithm;
    return list;
}

QString joseAlgorithmName(JoseAlgorithm algorithm)
{
    return QLatin1String(info(algorithm).name);
}

std::optional<JoseAlgorithm> parseJoseAlgorithm(QStringView name)
{
    for (const AlgorithmInfo& entry : kAlgorithms) {
        if (name == QLatin1String(entry.name))
            return entry.algorithm;
    }
    return std::nullopt;
}

QString keyOperationName(KeyOperation operation)
{
    for (const OperationInfo& entry : kOperations) {
        if (entry.operation == operation)
            return QLatin1String(entry.name);
    }
    return {};
}

std::optional<KeyOperation> parseKeyOperation(QStringView name)
{
    for (const OperationInfo& entry : kOperations) {
        if (name == QLatin1String(entry.name))
            return entry.operation;
    }
    return std::nullopt;
}

QString keyKindName(KeyKind kind)
{
    switch (kind) {
    case KeyKind::Rsa:
        return QStringLiteral("RSA");
    case KeyKind::Ec:
        return QStringLiteral("EC");
    case KeyKind::Aes:
        return QStringLiteral("oct");
    }
    return {};
}

KeyKind requiredKeyKind(JoseAlgorithm algorithm)
{
    return info(algorithm).kind;
}

bool isSignatureAlgorithm(JoseAlgorithm algorithm)
{
    return algorithm <= JoseAlgorithm::Es512;
}

bool isKeyWrapAlgorithm(JoseAlgorithm algorithm)
{
    return algorithm == JoseAlgorithm::A128Kw || algorithm == JoseAlgorithm::A192Kw ||
           algorithm == JoseAlgorithm::A256Kw;
}

DigestKind digestOf(JoseAlgorithm algorithm)
{
    return info(algorithm).digest;
}

int digestLength(DigestKind digest)
{
    switch (digest) {
    case DigestKind::None:
        return 0;
    case DigestKind::Sha1:
        return 20;
    case DigestKind::Sha256:
        return 32;
    case DigestKind::Sha384:
        return 48;
    case DigestKind::Sha512:
        return 64;
    }
    return 0;
}

const char* digestName(DigestKind digest)
{
    switch (digest) {
    case DigestKind::None:
        return nullptr;
    case DigestKind::Sha1:
        return "SHA1";
    case DigestKind::Sha256:
        return "SHA256";
    case DigestKind::Sha384:
        return "SHA384";
    case DigestKind::Sha512:
        return "SHA512";
    }
    return nullptr;
}

QString requiredCurve(JoseAlgorithm algorithm)
{
    return QLatin1String(info(algorithm).curve);
}

int requiredAesBits(JoseAlgorithm algorithm)
{
    return info(algorithm).aesBits;
}

QList<KeyOperation> operationsOf(JoseAlgorithm algorithm)
{
    QList<KeyOperation> operations;
    for (KeyOperation op : {KeyOperation::Sign, KeyOperation::Verify, KeyOperation::Encrypt, KeyOperation::Decrypt,
                            KeyOperation::WrapKey, KeyOperation::UnwrapKey}) {
        if (algorithmDoes(algorithm, op))
            operations << op;
    }
    return operations;
}

QList<KeyOperation> supportedOperations(KeyKind kind)
{
    switch (kind) {
    case KeyKind::Rsa:
        return {KeyOperation::Sign,    KeyOperation::Verify,    KeyOperation::Encrypt, KeyOperation::Decrypt,
                KeyOperation::WrapKey, KeyOperation::UnwrapKey, KeyOperation::Import,  KeyOperation::Export};
    case KeyKind::Ec:
        return {KeyOperation::Sign, KeyOperation::Verify, KeyOperation::Import, KeyOperation::Export};
    case KeyKind::Aes:
        return {KeyOperation::Encrypt,   KeyOperation::Decrypt, KeyOperation::WrapKey,
                KeyOperation::UnwrapKey, KeyOperation::Import,  KeyOperation::Export};
    }
    return {};
}

bool algorithmDoes(JoseAlgorithm algorithm, KeyOperation operation)
{
    if (isSignatureAlgorithm(algorithm))
        return operation == KeyOperation::Sign || operation == KeyOperation::Verify;
    if (isKeyWrapAlgorithm(algorithm))
        return operation == KeyOperation::WrapKey || operation == KeyOperation::UnwrapKey;
    if (algorithm == JoseAlgorithm::A128Gcm || algorithm == JoseAlgorithm::A256Gcm)
        return operation == KeyOperation::Encrypt || operation == KeyOperation::Decrypt;
    return operation == KeyOperation::Encrypt || operation == KeyOperation::Decrypt ||
           operation == KeyOperation::WrapKey || operation == KeyOperation::UnwrapKey;
}

bool isOnRequiredCurve(JoseAlgorithm algorithm, const QString& curve)
{
    return curve == QLatin1String(info(algorithm).curve);
}

// On every key operation: no allocation unless there is an error to describe.
Outcome<void> checkAlgorithmForKey(JoseAlgorithm algorithm, KeyKind kind, KeyOperation operation)
{
    if (requiredKeyKind(algorithm) != kind)
        return makeError(ErrorKind::Invalid, QStringLiteral("algorithm %1 needs an %2 key, not %3")
                                                 .arg(joseAlgorithmName(algorithm),
                                                      keyKindName(requiredKeyKind(algorithm)), keyKindName(kind)));
    if (!algorithmDoes(algorithm, operation))
        return makeError(
            ErrorKind::Invalid,
            QStringLiteral("algorithm %1 cannot %2").arg(joseAlgorithmName(algorithm), keyOperationName(operation)));
    return {};
}

Outcome<JoseAlgorithm> algorithmForKey(QStringView name, KeyKind kind, KeyOperation operation)
{
    const auto algorithm = parseJoseAlgorithm(name);
    if (!algorithm)
        return makeError(
            ErrorKind::Invalid,
            QStringLiteral("unknown algorithm \"%1\": expected one of %2").arg(name.toString(), algorithmNames()));
    if (auto checked = checkAlgorithmForKey(*algorithm, kind, operation); !checked)
        return checked.error();
    return *algorithm;
}

} // namespace custos::crypto
