#include "KeyCryptoService.h"

#include "KeyUse_p.h"
#include "ServicePath.h"
#include "model/session/Session.h"
#include "model/session/UnsealedKeys.h"
#include "model/session/Workspace.h"

namespace custos::model {

namespace {

using crypto::JoseAlgorithm;
using crypto::KeyOperation;
using keyuse::EngineKey;
using keyuse::ResolvedKey;

// The shared state of one key use: filled by the precheck, used by the engine step, read by persist.
template <typename T>
struct UseState
{
    EngineKey key;
    JoseAlgorithm algorithm = JoseAlgorithm::Rs256;
    Outcome<T> result;
};

using ExtraCheck = std::function<Outcome<void>(const ResolvedKey&, JoseAlgorithm)>;

// One key use through the service path: the precheck resolves the target and runs every check
// (audited Failed when one refuses), the engine step does the work on the token thread, and the
// result is handed back only after its event is durable.
template <typename T>
QCoro::Task<Outcome<T>> runUse(ServicePath& path, std::shared_ptr<keyuse::HsmOperationsCache> hsm, Operation op,
                               KeyTarget target, QString algorithm, KeyOperation operation, ExtraCheck extraCheck,
                               std::function<Outcome<T>(const EngineKey&, JoseAlgorithm)> work)
{
    auto state = std::make_shared<UseState<T>>();
    state->key.token = path.workspace().token();
    state->key.unsealed = path.session().sharedUnsealedKeys();
    state->key.hsm = std::move(hsm);
    const QDateTime now = path.now();

    Steps<T> steps;
    steps.precheck = [state, target, algorithm, operation, extraCheck, now](Database& db) -> Outcome<void> {
        auto resolved = keyuse::resolve(db, target);
        if (!resolved)
            return resolved.error();
        auto checked = keyuse::checkUse(resolved.value(), algorithm, operation, now);
        if (!checked)
            return checked.error();
        if (extraCheck) {
            if (auto extra = extraCheck(resolved.value(), checked.value()); !extra)
                return extra.error();
        }
        state->key.resolved = resolved.take();
        state->algorithm = checked.value();
        return keyuse::loadSealed(db, state->key);
    };
    steps.engine = [state, work]() -> Outcome<void> {
        state->result = work(state->key, state->algorithm);
        state->key.sealed.clear();
        if (!state->result)
            return state->result.error();
        return {};
    };
    steps.persist = [state](Database&, QJsonObject& details) -> Outcome<T> {
        details.insert(QStringLiteral("version"), state->key.resolved.version.id);
        return std::move(state->result);
    };
    auto task = path.run(std::move(op), std::move(steps));
    auto outcome = co_await task;
    co_return outcome;
}

Operation useOperation(const QString& name, KeyOperation operation, const KeyTarget& target, const QString& algorithm,
                       qsizetype inputBytes, const OperationContext& context)
{
    Operation op = keyuse::makeOperation(name, keyuse::permissionFor(operation), target, context);
    op.details.insert(QStringLiteral("alg"), algorithm);
    op.details.insert(QStringLiteral("inputBytes"), static_cast<qint64>(inputBytes));
    return op;
}

QString formatName(SignatureFormat format)
{
    return format == SignatureFormat::Der ? QStringLiteral("der") : QStringLiteral("raw");
}

std::shared_ptr<crypto::SecureBuffer> shared(crypto::SecureBuffer buffer)
{
    return std::make_shared<crypto::SecureBuffer>(std::move(buffer));
}

} // namespace

KeyCryptoService::KeyCryptoService(ServicePath& path, QObject* parent)
    : QObject(parent), m_path(path), m_hsm(std::make_shared<keyuse::HsmOperationsCache>())
{
    // Engine objects hold token handles of this login: drop them with it.
    auto hsm = m_hsm;
    connect(&m_path.session(), &Session::loggedOut, this, [hsm]() { hsm->clear(); });
}

KeyCryptoService::~KeyCryptoService() = default;

QCoro::Task<Outcome<QByteArray>> KeyCryptoService::sign(KeyTarget target, QString algorithm, QByteArray input,
                                                        bool isDigest, SignatureFormat format, OperationContext context)
{
    Operation op =
        useOperation(QStringLiteral("KeySign"), KeyOperation::Sign, target, algorithm, input.size(), context);
    op.details.insert(QStringLiteral("isDigest"), isDigest);
    op.details.insert(QStringLiteral("signatureFormat"), formatName(format));
    ExtraCheck extra = [input, isDigest](const ResolvedKey& resolved, JoseAlgorithm alg) -> Outcome<void> {
        if (auto ca = keyuse::checkNotCaKey(resolved.key, QStringLiteral("sign")); !ca)
            return ca;
        return keyuse::checkDigestLength(alg, input, isDigest);
    };
    auto work = [input, isDigest, format](const EngineKey& key, JoseAlgorithm alg) {
        return keyuse::sign(key, alg, input, isDigest, format);
    };
    auto task = runUse<QByteArray>(m_path, m_hsm, std::move(op), target, algorithm, KeyOperation::Sign, extra, work);
    auto outcome = co_await task;
    co_return outcome;
}

QCoro::Task<Outcome<bool>> KeyCryptoService::verify(KeyTarget target, QString algorithm, QByteArray input,
                                                    bool isDigest, QByteArray signature, SignatureFormat format,
                                                    OperationContext context)
{
    Operation op =
        useOperation(QStringLiteral("KeyVerify"), KeyOperation::Verify, target, algorithm, input.size(), context);
    op.details.insert(QStringLiteral("isDigest"), isDigest);
    op.details.insert(QStringLiteral("signatureFormat"), formatName(format));
    ExtraCheck extra = [input, isDigest](const ResolvedKey&, JoseAlgorithm alg) {
        return keyuse::checkDigestLength(alg, input, isDigest);
    };
    auto work = [input, isDigest, signature, format](const EngineKey& key, JoseAlgorithm alg) {
        return keyuse::verify(key, alg, input, isDigest, signature, format);
    };
    auto task = runUse<bool>(m_path, m_hsm, std::move(op), target, algorithm, KeyOperation::Verify, extra, work);
    auto outcome = co_await task;
    co_return outcome;
}

QCoro::Task<Outcome<KeyCiphertext>> KeyCryptoService::encrypt(KeyTarget target, QString algorithm,
                                                              std::shared_ptr<const crypto::SecureBuffer> plaintext,
                                                              QByteArray aad, OperationContext context)
{
    const qsizetype size = plaintext ? static_cast<qsizetype>(plaintext->size()) : 0;
    Operation op = useOperation(QStringLiteral("KeyEncrypt"), KeyOperation::Encrypt, target, algorithm, size, context);
    op.details.insert(QStringLiteral("aadBytes"), static_cast<qint64>(aad.size()));
    auto work = [plaintext, aad](const EngineKey& key, JoseAlgorithm alg) -> Outcome<KeyCiphertext> {
        if (!plaintext)
            return makeError(ErrorKind::Invalid, QStringLiteral("nothing to encrypt"));
        return keyuse::encrypt(key, alg, *plaintext, aad);
    };
    auto task = runUse<KeyCiphertext>(m_path, m_hsm, std::move(op), target, algorithm, KeyOperation::Encrypt, {}, work);
    auto outcome = co_await task;
    co_return outcome;
}

QCoro::Task<Outcome<std::shared_ptr<crypto::SecureBuffer>>>
KeyCryptoService::decrypt(KeyTarget target, QString algorithm, KeyCiphertext input, QByteArray aad,
                          OperationContext context)
{
    Operation op = useOperation(QStringLiteral("KeyDecrypt"), KeyOperation::Decrypt, target, algorithm,
                                input.ciphertext.size(), context);
    op.details.insert(QStringLiteral("aadBytes"), static_cast<qint64>(aad.size()));
    auto work = [input, aad](const EngineKey& key,
                             JoseAlgorithm alg) -> Outcome<std::shared_ptr<crypto::SecureBuffer>> {
        auto plaintext = keyuse::decrypt(key, alg, input, aad);
        if (!plaintext)
            return plaintext.error();
        return shared(plaintext.take());
    };
    auto task = runUse<std::shared_ptr<crypto::SecureBuffer>>(m_path, m_hsm, std::move(op), target, algorithm,
                                                              KeyOperation::Decrypt, {}, work);
    auto outcome = co_await task;
    co_return outcome;
}

QCoro::Task<Outcome<QByteArray>> KeyCryptoService::wrapKey(KeyTarget target, QString algorithm,
                                                           std::shared_ptr<const crypto::SecureBuffer> keyBytes,
                                                           OperationContext context)
{
    const qsizetype size = keyBytes ? static_cast<qsizetype>(keyBytes->size()) : 0;
    Operation op = useOperation(QStringLiteral("KeyWrap"), KeyOperation::WrapKey, target, algorithm, size, context);
    auto work = [keyBytes](const EngineKey& key, JoseAlgorithm alg) -> Outcome<QByteArray> {
        if (!keyBytes || keyBytes->isEmpty())
            return makeError(ErrorKind::Invalid, QStringLiteral("no key bytes to wrap"));
        return keyuse::wrapKey(key, alg, *keyBytes);
    };
    auto task = runUse<QByteArray>(m_path, m_hsm, std::move(op), target, algorithm, KeyOperation::WrapKey, {}, work);
    auto outcome = co_await task;
    co_return outcome;
}

QCoro::Task<Outcome<std::shared_ptr<crypto::SecureBuffer>>>
KeyCryptoService::unwrapKey(KeyTarget target, QString algorithm, QByteArray wrapped, OperationContext context)
{
    Operation op =
        useOperation(QStringLiteral("KeyUnwrap"), KeyOperation::UnwrapKey, target, algorithm, wrapped.size(), context);
    auto work = [wrapped](const EngineKey& key, JoseAlgorithm alg) -> Outcome<std::shared_ptr<crypto::SecureBuffer>> {
        auto bytes = keyuse::unwrapKey(key, alg, wrapped);
        if (!bytes)
            return bytes.error();
        return shared(bytes.take());
    };
    auto task = runUse<std::shared_ptr<crypto::SecureBuffer>>(m_path, m_hsm, std::move(op), target, algorithm,
                                                              KeyOperation::UnwrapKey, {}, work);
    auto outcome = co_await task;
    co_return outcome;
}

} // namespace custos::model
