// `sd download` and `sd rotate`: the active domain key (and the retired ones) and the workspace's
// identity into a security-domain file for M-of-N custodians (DESIGN.md "Security domain").
#include "SecurityDomainService.h"

#include "CeremonyTranscript_p.h"
#include "SecurityDomainSupport_p.h"
#include "ServicePath.h"
#include "crypto/Random.h"
#include "crypto/pkcs11/Token.h"
#include "crypto/sd/SecurityDomainFile.h"
#include "model/domain/SecurityDomainContent.h"
#include "model/session/Session.h"
#include "model/session/Workspace.h"

#include <QFile>
#include <QJsonArray>
#include <QSaveFile>

#include <set>

namespace custos::model {

namespace {

struct DownloadState
{
    SecurityDomainDownloadRequest request;
    bool rotate = false;
    std::shared_ptr<crypto::SecureBuffer> userPin; // rotation: the SO login logs the user out
    QList<crypto::sd::CustodianCertificate> certificates;
    QList<DomainKeyRecord> domainKeys; // what the file carries; the active one first
    DomainKeyRecord newKey;            // rotation
    WorkspaceIdentityRecord identity;
    QString operatorName;
    QList<CeremonyStep> steps;
    SecurityDomainDownloadResult result;
    bool wroteFile = false;
    bool madeKey = false;
};

Outcome<void> readCertificates(DownloadState& state)
{
    const auto& request = state.request;
    const int n = static_cast<int>(request.certificates.size());
    if (n < crypto::sd::kMinCustodians || n > crypto::sd::kMaxCustodians)
        return makeError(ErrorKind::Invalid,
                         QStringLiteral("%1 custodian certificates: a security domain needs 3 to 10").arg(n));
    if (request.quorum < crypto::sd::kMinQuorum || request.quorum > n)
        return makeError(ErrorKind::Invalid,
                         QStringLiteral("quorum %1 for %2 custodians: expected 2 to %2").arg(request.quorum).arg(n));
    std::set<QString> seen;
    for (int i = 0; i < n; ++i) {
        auto cert = crypto::sd::readCustodianCertificate(request.certificates[i]);
        if (!cert)
            return makeError(ErrorKind::Invalid,
                             QStringLiteral("custodian certificate %1: %2").arg(i + 1).arg(cert.error().message));
        if (!seen.insert(cert->x5t256).second)
            return makeError(ErrorKind::Invalid, QStringLiteral("custodian certificate %1 (%2) is given twice: every "
                                                                "custodian holds their own key")
                                                     .arg(i + 1)
                                                     .arg(cert->holder));
        state.certificates << cert.value();
    }
    return {};
}

QList<CustodianRecord> custodianRecords(const QList<crypto::sd::CustodianCertificate>& certificates)
{
    QList<CustodianRecord> out;
    for (const auto& c : certificates)
        out.append({c.holder, c.x5t256, c.notAfter});
    return out;
}

// On the token thread: the payloads, the file, the transcript. Leaves no new token object behind
// when it fails.
Outcome<void> produceFile(DownloadState& state, crypto::Token& token)
{
    if (state.rotate) {
        auto soPin = token.readDataObject(QLatin1String(kSoPinObjectLabel));
        if (!soPin)
            return soPin.error();
        if (auto made = token.createDomainKey(soPin.value(), *state.userPin, state.newKey.label); !made)
            return made.error();
        state.madeKey = true;
        state.steps << ceremonyStep(QStringLiteral("new domain key %1 generated in the token").arg(state.newKey.id));
    }
    SecurityDomainIdentity identity;
    identity.workspaceId = state.identity.id;
    identity.workspaceName = state.identity.name;
    identity.workspaceCreated = state.identity.created;
    identity.activeDomainKeyId = state.domainKeys.first().id;
    for (const DomainKeyRecord& k : state.domainKeys)
        identity.domainKeyIds << k.id;

    std::vector<crypto::sd::Payload> payloads;
    const QByteArray identityJson = identity.toJson();
    payloads.push_back(
        {QLatin1String(kIdentityTag), crypto::SecureBuffer(identityJson.constData(), identityJson.size())});
    for (const DomainKeyRecord& k : state.domainKeys) {
        auto value = token.exportDomainKey(k.label);
        if (!value)
            return value.error();
        payloads.push_back({domainKeyTag(k.id), value.take()});
    }
    state.steps << ceremonyStep(
        QStringLiteral("%1 domain key(s) read into secure memory").arg(state.domainKeys.size()));

    QList<QByteArray> certificates;
    for (const auto& c : state.certificates)
        certificates << c.der;
    auto file = crypto::sd::createSecurityDomain(certificates, state.request.quorum, payloads);
    payloads.clear(); // wipes the domain keys
    if (!file)
        return file.error();
    SecurityDomainDownloadResult& result = state.result;
    result.file = file->toJson();
    result.fileSha256 = hexSha256(result.file);
    result.required = state.request.quorum;
    result.custodians = state.certificates;
    result.domainKeyId = identity.activeDomainKeyId;
    result.rotated = state.rotate;
    state.steps << ceremonyStep(QStringLiteral("master secret split %1 of %2 and wiped; security-domain file made")
                                    .arg(state.request.quorum)
                                    .arg(state.certificates.size()));

    if (!state.request.outPath.isEmpty()) {
        QSaveFile out(state.request.outPath);
        if (!out.open(QIODevice::WriteOnly) || out.write(result.file) != result.file.size() || !out.commit())
            return makeError(ErrorKind::Failed,
                             QStringLiteral("cannot write %1: %2").arg(state.request.outPath, out.errorString()));
        state.wroteFile = true;
        state.steps << ceremonyStep(QStringLiteral("security-domain file written to %1").arg(state.request.outPath));
    }

    TranscriptContent content;
    content.ceremony = state.rotate ? QStringLiteral("rotate") : QStringLiteral("download");
    content.workspaceId = state.identity.id;
    content.workspaceName = state.identity.name;
    content.date = QDateTime::currentDateTimeUtc();
    content.operatorName = state.operatorName;
    content.witnesses = state.request.witnesses;
    content.custodians = custodianRecords(state.certificates);
    content.required = state.request.quorum;
    content.custodianCount = static_cast<int>(state.certificates.size());
    content.fileSha256 = result.fileSha256;
    content.domainKeyId = result.domainKeyId;
    content.steps = state.request.steps + state.steps;
    auto transcript = signTranscript(token, content);
    if (!transcript)
        return transcript.error();
    result.transcript = transcript.value();
    return {};
}

void undoProduce(DownloadState& state, crypto::Token* token)
{
    if (state.wroteFile)
        QFile::remove(state.request.outPath);
    state.wroteFile = false;
    if (state.madeKey && token)
        (void)token->destroyDomainKey(state.newKey.label);
    state.madeKey = false;
}

} // namespace

QCoro::Task<Outcome<SecurityDomainDownloadResult>> SecurityDomainService::produce(SecurityDomainDownloadRequest request,
                                                                                  OperationContext context, bool rotate)
{
    Operation op;
    op.name = rotate ? QStringLiteral("SecurityDomainRotate") : QStringLiteral("SecurityDomainDownload");
    op.permission = QStringLiteral("securitydomain/download/action");
    op.resource = QStringLiteral("/securitydomain");
    op.context = context;
    op.details = {{QStringLiteral("required"), request.quorum},
                  {QStringLiteral("custodians"), static_cast<int>(request.certificates.size())}};
    if (!request.outPath.isEmpty())
        op.details.insert(QStringLiteral("file"), request.outPath);
    auto state = std::make_shared<DownloadState>();
    state->request = std::move(request);
    state->rotate = rotate;
    state->operatorName = sessionOperatorName(m_path.session());
    if (rotate)
        state->userPin = std::make_shared<crypto::SecureBuffer>(m_path.session().userPin().clone());
    Workspace* workspace = &m_path.workspace();

    Steps<SecurityDomainDownloadResult> steps;
    steps.precheck = [state, workspace](Database& db) -> Outcome<void> {
        if (auto read = readCertificates(*state); !read)
            return read;
        state->steps << ceremonyStep(QStringLiteral("%1 custodian certificates checked (RSA >= 2048, distinct)")
                                         .arg(state->certificates.size()));
        auto identity = readWorkspaceIdentity(*workspace, db);
        if (!identity)
            return identity.error();
        state->identity = identity.value();
        auto keys = SecurityDomainStore(db).domainKeys();
        if (!keys)
            return keys.error();
        if (state->rotate) {
            state->newKey.id = crypto::randomId().left(16);
            state->newKey.label = domainKeyLabelFor(state->newKey.id);
            state->newKey.created = QDateTime::currentDateTimeUtc();
            state->newKey.state = QStringLiteral("retired"); // activated in persist
            state->newKey.origin = QStringLiteral("rotation");
            state->domainKeys << state->newKey;
        }
        for (const DomainKeyRecord& k : keys.value())
            if (k.state == QLatin1String("active") && !state->rotate)
                state->domainKeys.prepend(k);
            else
                state->domainKeys << k;
        if (state->domainKeys.isEmpty() ||
            (!state->rotate && state->domainKeys.first().state != QLatin1String("active")))
            return makeError(ErrorKind::Failed, QStringLiteral("this workspace has no active domain key"));
        return {};
    };
    steps.engine = [state, workspace]() -> Outcome<void> {
        crypto::Token* token = workspace->token();
        if (!token)
            return makeError(ErrorKind::Failed, QStringLiteral("the token is not open: log in first"));
        auto made = produceFile(*state, *token);
        if (!made)
            undoProduce(*state, token);
        return made;
    };
    steps.undoEngine = [state, workspace]() { undoProduce(*state, workspace->token()); };
    steps.persist = [state](Database& db, QJsonObject& details) -> Outcome<SecurityDomainDownloadResult> {
        SecurityDomainStore store(db);
        SecurityDomainDownloadResult& result = state->result;
        if (state->rotate) {
            if (auto inserted = store.insertDomainKey(state->newKey); !inserted)
                return inserted.error();
            if (auto activated = store.activateDomainKey(state->newKey.id); !activated)
                return activated.error();
        }
        auto previous = store.currentFile();
        if (!previous)
            return previous.error();
        result.supersededPrevious = previous->has_value();
        SecurityDomainFileRecord record;
        record.time = QDateTime::currentDateTimeUtc();
        record.operatorName = state->operatorName;
        record.kind = state->rotate ? QStringLiteral("rotate") : QStringLiteral("download");
        record.required = result.required;
        record.custodians = custodianRecords(state->certificates);
        record.fileSha256 = result.fileSha256;
        record.domainKeyId = result.domainKeyId;
        record.transcriptSha256 = result.transcript.sha256;
        if (auto recorded = store.recordFile(record); !recorded)
            return recorded.error();
        details.insert(QStringLiteral("fileSha256"), result.fileSha256);
        details.insert(QStringLiteral("thumbprints"), QJsonArray::fromStringList(thumbprints(record.custodians)));
        details.insert(QStringLiteral("domainKeyId"), result.domainKeyId);
        details.insert(QStringLiteral("domainKeys"), static_cast<int>(state->domainKeys.size()));
        details.insert(QStringLiteral("transcriptSha256"), result.transcript.sha256);
        if (result.supersededPrevious)
            details.insert(QStringLiteral("superseded"), previous->value().fileSha256);
        return result;
    };
    auto task = m_path.run(std::move(op), std::move(steps));
    auto result = co_await task;
    co_return result;
}

} // namespace custos::model
