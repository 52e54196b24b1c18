// The restore ceremony (issue 7): upload the file, custodians present their keys one at a time,
// then, with quorum approval, the domain keys go into the token and the workspace is activated.
// And the custodians' share drill.
#include "SecurityDomainService.h"

#include "SecurityDomainSupport_p.h"
#include "ServicePath.h"
#include "crypto/pkcs11/Token.h"
#include "crypto/sd/ShareCollector.h"
#include "model/domain/SecurityDomainContent.h"
#include "model/session/Session.h"
#include "model/session/Workspace.h"

#include <QJsonArray>

namespace custos::model {

namespace {

Operation restoreOperation(const QString& name, const OperationContext& context)
{
    Operation op;
    op.name = name;
    op.permission = QStringLiteral("securitydomain/upload/action");
    op.resource = QStringLiteral("/securitydomain");
    op.context = context;
    return op;
}

Outcome<crypto::sd::SecurityDomainFile> parseFile(const QByteArray& bytes)
{
    auto file = crypto::sd::SecurityDomainFile::parse(bytes);
    if (!file)
        return makeError(ErrorKind::Invalid,
                         QStringLiteral("not a usable security-domain file: %1").arg(file.error().message));
    return file;
}

// A restore brings a domain into a new workspace only: one that made or restored its own has a
// domain already, and its keys depend on it.
Outcome<void> requireNotActivated(Database& db)
{
    auto activated = SecurityDomainStore(db).activated();
    if (!activated)
        return activated.error();
    if (activated.value())
        return makeError(ErrorKind::Conflict,
                         QStringLiteral("this workspace already has a security domain: restore into a new workspace "
                                        "(custosctl --workspace NEW init ...)"));
    return {};
}

struct RestoreState
{
    std::shared_ptr<SecurityDomainRestore> ceremony;
    std::shared_ptr<crypto::SecureBuffer> userPin;
    QString operatorName;
    SecurityDomainIdentity identity;
    QList<DomainKeyRecord> imported;
    SecurityDomainRestoreResult result;
};

// On the token thread: the master secret, the items, the domain keys into the token. Whatever
// happens, the shares are wiped; on failure no imported key stays.
Outcome<void> importDomain(RestoreState& state, crypto::Token& token)
{
    auto& collector = state.ceremony->collector();
    auto master = collector.masterSecret();
    state.ceremony->wipe();
    if (!master)
        return master.error();
    auto items = crypto::sd::openItems(collector.file(), master.value());
    master.value().clear();
    if (!items)
        return items.error();
    const crypto::sd::Payload* identityItem = nullptr;
    for (const auto& item : items.value())
        if (item.tag == QLatin1String(kIdentityTag))
            identityItem = &item;
    if (!identityItem)
        return makeError(ErrorKind::Invalid, QStringLiteral("the security-domain file has no \"%1\" item: it was not "
                                                            "made by Custos (an Azure file restores through "
                                                            "sd restore-blob)")
                                                 .arg(QLatin1String(kIdentityTag)));
    auto identity = SecurityDomainIdentity::fromJson(
        QByteArray(identityItem->data.chars(), static_cast<qsizetype>(identityItem->data.size())));
    if (!identity)
        return identity.error();
    state.identity = identity.value();

    auto soPin = token.readDataObject(QLatin1String(kSoPinObjectLabel));
    if (!soPin)
        return soPin.error();
    for (const QString& id : state.identity.domainKeyIds) {
        const crypto::sd::Payload* value = nullptr;
        for (const auto& item : items.value())
            if (item.tag == domainKeyTag(id))
                value = &item;
        if (!value)
            return makeError(
                ErrorKind::Invalid,
                QStringLiteral("the security-domain file names domain key %1 but does not carry it").arg(id));
        DomainKeyRecord key;
        key.id = id;
        key.label = domainKeyLabelFor(id);
        key.created = QDateTime::currentDateTimeUtc();
        key.state = QStringLiteral("retired");
        key.origin = QStringLiteral("restored");
        key.sourceWorkspaceId = state.identity.workspaceId;
        auto made = token.importDomainKey(soPin.value(), *state.userPin, key.label, value->data);
        if (!made)
            return made.error();
        state.imported << key;
    }
    return {};
}

void undoImport(RestoreState& state, crypto::Token* token)
{
    if (token)
        for (const DomainKeyRecord& k : state.imported)
            (void)token->destroyDomainKey(k.label);
    state.imported.clear();
}

} // namespace

QCoro::Task<Outcome<std::shared_ptr<SecurityDomainRestore>>>
SecurityDomainService::beginRestore(QByteArray fileBytes, OperationContext context)
{
    Operation op = restoreOperation(QStringLiteral("SecurityDomainRestoreStart"), context);
    op.details = {{QStringLiteral("fileSha256"), hexSha256(fileBytes)}};
    auto ceremony = std::make_shared<std::shared_ptr<SecurityDomainRestore>>();
    Steps<std::shared_ptr<SecurityDomainRestore>> steps;
    steps.precheck = [fileBytes, ceremony](Database& db) -> Outcome<void> {
        if (auto fresh = requireNotActivated(db); !fresh)
            return fresh;
        auto file = parseFile(fileBytes);
        if (!file)
            return file.error();
        *ceremony = std::make_shared<SecurityDomainRestore>(fileBytes,
                                                            std::make_unique<crypto::sd::ShareCollector>(file.take()));
        return {};
    };
    steps.persist = [ceremony](Database&, QJsonObject& details) -> Outcome<std::shared_ptr<SecurityDomainRestore>> {
        details.insert(QStringLiteral("required"), (*ceremony)->required());
        details.insert(QStringLiteral("custodians"), (*ceremony)->custodians());
        return *ceremony;
    };
    auto task = m_path.run(std::move(op), std::move(steps));
    auto result = co_await task;
    co_return result;
}

QCoro::Task<Outcome<ShareProgress>>
SecurityDomainService::presentCustodian(std::shared_ptr<SecurityDomainRestore> ceremony,
                                        std::shared_ptr<crypto::sd::CustodianKey> key, OperationContext context)
{
    Operation op = restoreOperation(QStringLiteral("SecurityDomainRestoreShare"), context);
    if (!ceremony || !key) {
        if (key)
            key->wipe();
        co_return makeError(ErrorKind::Invalid, QStringLiteral("no restore ceremony or no custodian key"));
    }
    op.details = {{QStringLiteral("fileSha256"), ceremony->fileSha256()},
                  {QStringLiteral("custodianKey"), key->source()}};
    auto progress = std::make_shared<ShareProgress>();
    Steps<ShareProgress> steps;
    steps.engine = [ceremony, key, progress]() -> Outcome<void> {
        auto presented = ceremony->collector().present(*key);
        key->wipe(); // only the shares stay
        if (!presented)
            return presented.error();
        progress->holder = presented->holder;
        progress->sharesAdded = static_cast<int>(presented->shareIndexes.size());
        progress->failedShares = presented->failedShares;
        progress->collected = ceremony->collected();
        progress->required = ceremony->required();
        ceremony->addHolder(presented->holder);
        return {};
    };
    steps.persist = [progress, ceremony](Database&, QJsonObject& details) -> Outcome<ShareProgress> {
        details.insert(QStringLiteral("holder"), progress->holder);
        details.insert(QStringLiteral("collected"), progress->collected);
        details.insert(QStringLiteral("required"), progress->required);
        if (!progress->failedShares.isEmpty())
            details.insert(QStringLiteral("failedShares"), QJsonArray::fromStringList(progress->failedShares));
        return *progress;
    };
    auto task = m_path.run(std::move(op), std::move(steps));
    auto result = co_await task;
    key->wipe();
    co_return result;
}

QCoro::Task<Outcome<SecurityDomainRestoreResult>>
SecurityDomainService::completeRestore(std::shared_ptr<SecurityDomainRestore> ceremony, OperationContext context)
{
    Operation op = restoreOperation(QStringLiteral("SecurityDomainRestore"), context);
    op.protectedAs = QStringLiteral("securitydomain-restore");
    if (!ceremony)
        co_return makeError(ErrorKind::Invalid, QStringLiteral("no restore ceremony"));
    op.details = {{QStringLiteral("fileSha256"), ceremony->fileSha256()},
                  {QStringLiteral("required"), ceremony->required()},
                  {QStringLiteral("custodians"), ceremony->custodians()},
                  {QStringLiteral("presentedBy"), QJsonArray::fromStringList(ceremony->presentedHolders())}};
    auto state = std::make_shared<RestoreState>();
    state->ceremony = ceremony;
    state->userPin = std::make_shared<crypto::SecureBuffer>(m_path.session().userPin().clone());
    state->operatorName = sessionOperatorName(m_path.session());
    Workspace* workspace = &m_path.workspace();
    Steps<SecurityDomainRestoreResult> steps;
    steps.precheck = [ceremony](Database& db) -> Outcome<void> {
        if (auto fresh = requireNotActivated(db); !fresh)
            return fresh;
        if (!ceremony->collector().complete())
            return makeError(ErrorKind::Invalid,
                             QStringLiteral("only %1 of %2 shares collected: %2 custodians must present their keys")
                                 .arg(ceremony->collected())
                                 .arg(ceremony->required()));
        return {};
    };
    steps.engine = [state, workspace]() -> Outcome<void> {
        crypto::Token* token = workspace->token();
        if (!token)
            return makeError(ErrorKind::Failed, QStringLiteral("the token is not open: log in first"));
        auto done = importDomain(*state, *token);
        state->ceremony->wipe();
        if (!done)
            undoImport(*state, token);
        return done;
    };
    steps.undoEngine = [state, workspace]() { undoImport(*state, workspace->token()); };
    steps.persist = [state](Database& db, QJsonObject& details) -> Outcome<SecurityDomainRestoreResult> {
        SecurityDomainStore store(db);
        for (const DomainKeyRecord& k : state->imported) {
            auto existing = store.findDomainKey(k.id);
            if (!existing)
                return existing.error();
            if (existing->has_value())
                return makeError(ErrorKind::Conflict,
                                 QStringLiteral("this workspace already holds domain key %1").arg(k.id));
            if (auto inserted = store.insertDomainKey(k); !inserted)
                return inserted.error();
        }
        if (auto activated = store.activateDomainKey(state->identity.activeDomainKeyId); !activated)
            return activated.error();
        const auto& file = state->ceremony->collector().file();
        SecurityDomainFileRecord record;
        record.time = QDateTime::currentDateTimeUtc();
        record.operatorName = state->operatorName;
        record.kind = QStringLiteral("restore");
        record.required = file.required;
        for (const auto& share : file.shares)
            record.custodians.append({QString(), share.x5t256, QString()});
        record.fileSha256 = state->ceremony->fileSha256();
        record.domainKeyId = state->identity.activeDomainKeyId;
        record.sourceWorkspaceId = state->identity.workspaceId;
        record.sourceWorkspaceName = state->identity.workspaceName;
        if (auto recorded = store.recordFile(record); !recorded)
            return recorded.error();
        SecurityDomainRestoreResult& r = state->result;
        r.domainKeyId = state->identity.activeDomainKeyId;
        r.domainKeys = static_cast<int>(state->imported.size());
        r.sourceWorkspaceId = state->identity.workspaceId;
        r.sourceWorkspaceName = state->identity.workspaceName;
        r.sourceCreated = state->identity.workspaceCreated;
        details.insert(QStringLiteral("domainKeyId"), r.domainKeyId);
        details.insert(QStringLiteral("domainKeys"), r.domainKeys);
        details.insert(QStringLiteral("sourceWorkspaceId"), r.sourceWorkspaceId);
        details.insert(QStringLiteral("sourceWorkspaceName"), r.sourceWorkspaceName);
        return r;
    };
    // A refusal before the engine step (too few shares, no approvals yet) keeps the shares, so the
    // ceremony can go on; once the engine ran they are gone, whatever its outcome.
    auto task = m_path.run(std::move(op), std::move(steps));
    auto result = co_await task;
    co_return result;
}

QCoro::Task<Outcome<ShareCheck>> SecurityDomainService::verifyShare(QByteArray fileBytes,
                                                                    std::shared_ptr<crypto::sd::CustodianKey> key,
                                                                    OperationContext context)
{
    Operation op;
    op.name = QStringLiteral("SecurityDomainShareVerify");
    op.permission = QStringLiteral("securitydomain/upload/read");
    op.resource = QStringLiteral("/securitydomain");
    op.context = context;
    op.details = {{QStringLiteral("fileSha256"), hexSha256(fileBytes)}};
    if (!key)
        co_return makeError(ErrorKind::Invalid, QStringLiteral("no custodian key"));
    op.details.insert(QStringLiteral("custodianKey"), key->source());
    auto file = std::make_shared<crypto::sd::SecurityDomainFile>();
    auto check = std::make_shared<ShareCheck>();
    Steps<ShareCheck> steps;
    steps.precheck = [fileBytes, file](Database&) -> Outcome<void> {
        auto parsed = parseFile(fileBytes);
        if (!parsed)
            return parsed.error();
        *file = parsed.take();
        return {};
    };
    steps.engine = [file, key, check]() -> Outcome<void> {
        auto presented = crypto::sd::ShareCollector::verifyShare(*file, *key);
        key->wipe();
        if (!presented)
            return presented.error();
        check->holder = presented->holder;
        check->x5t256 = presented->x5t256;
        check->shares = static_cast<int>(presented->shareIndexes.size());
        return {};
    };
    steps.persist = [check](Database&, QJsonObject& details) -> Outcome<ShareCheck> {
        details.insert(QStringLiteral("holder"), check->holder);
        details.insert(QStringLiteral("x5t_256"), check->x5t256);
        details.insert(QStringLiteral("shares"), check->shares);
        return *check;
    };
    auto task = m_path.run(std::move(op), std::move(steps));
    auto result = co_await task;
    key->wipe();
    co_return result;
}

} // namespace custos::model
