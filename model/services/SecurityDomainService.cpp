// The security-domain service: status, and the restore ceremony's state. The ceremonies' steps are
// in SecurityDomainDownload.cpp and SecurityDomainRestoreSteps.cpp; cards in SecurityDomainCustodians.cpp.
#include "SecurityDomainService.h"

#include "SecurityDomainSupport_p.h"
#include "ServicePath.h"
#include "crypto/Digest.h"
#include "crypto/sd/ShareCollector.h"
#include "model/session/Workspace.h"
#include "model/store/Stores.h"

#include <QFileInfo>

namespace custos::model {

QString notActivatedMessage()
{
    return QStringLiteral(
        "this workspace is not activated: download its security domain first (custosctl sd download "
        "--cert C1.cer --cert C2.cer --cert C3.cer --quorum 2 --out sd.json, or Security Domain > Download in "
        "the GUI). Until M of N custodians hold the domain key in shares, losing the token would lose every key, "
        "so keys cannot be created or imported yet (as in Azure Managed HSM)");
}

Outcome<WorkspaceIdentityRecord> readWorkspaceIdentity(Workspace& workspace, Database& db)
{
    SettingsStore settings(db);
    auto id = settings.get(QStringLiteral("workspace.id"));
    if (!id)
        return id.error();
    auto created = settings.get(QStringLiteral("workspace.created"));
    if (!created)
        return created.error();
    WorkspaceIdentityRecord r;
    r.id = id.value().value_or(QString());
    r.name = QFileInfo(workspace.directory()).fileName();
    r.created = QDateTime::fromString(created.value().value_or(QString()), Qt::ISODateWithMs);
    if (!r.created.isValid())
        r.created = QDateTime::fromString(created.value().value_or(QString()), Qt::ISODate);
    return r;
}

QString hexSha256(const QByteArray& bytes)
{
    return QString::fromLatin1(crypto::sha256(bytes).toHex());
}

QStringList thumbprints(const QList<CustodianRecord>& custodians)
{
    QStringList out;
    for (const CustodianRecord& c : custodians)
        out << c.x5t256;
    return out;
}

SecurityDomainRestore::SecurityDomainRestore(QByteArray fileBytes,
                                             std::unique_ptr<crypto::sd::ShareCollector> collector)
    : m_fileBytes(std::move(fileBytes)), m_collector(std::move(collector))
{
}

SecurityDomainRestore::~SecurityDomainRestore()
{
    wipe();
}

QString SecurityDomainRestore::fileSha256() const
{
    return hexSha256(m_fileBytes);
}

int SecurityDomainRestore::required() const
{
    return m_collector->required();
}

int SecurityDomainRestore::collected() const
{
    return m_collector->collected();
}

int SecurityDomainRestore::custodians() const
{
    return m_collector->file().custodianCount();
}

void SecurityDomainRestore::wipe()
{
    if (m_collector)
        m_collector->wipe();
}

SecurityDomainService::SecurityDomainService(ServicePath& path, QObject* parent) : QObject(parent), m_path(path) {}

Outcome<SecurityDomainStatus> SecurityDomainService::status()
{
    Operation op;
    op.name = QStringLiteral("SecurityDomainStatus");
    op.permission = QStringLiteral("workspace/read");
    if (auto allowed = m_path.authorise(op); !allowed)
        return allowed.error();
    SecurityDomainStore store(m_path.database());
    SecurityDomainStatus s;
    auto activated = store.activated();
    if (!activated)
        return activated.error();
    s.activated = activated.value();
    auto keys = store.domainKeys();
    if (!keys)
        return keys.error();
    for (const DomainKeyRecord& k : keys.value()) {
        if (k.state == QLatin1String("active"))
            s.activeDomainKey = k;
        else
            ++s.retiredDomainKeys;
    }
    auto files = store.files();
    if (!files)
        return files.error();
    s.history = files.value();
    for (const SecurityDomainFileRecord& f : s.history)
        if (f.state == QLatin1String("current")) {
            s.current = f;
            break;
        }
    if (s.current) {
        const QDateTime soon = QDateTime::currentDateTimeUtc().addDays(90);
        for (const CustodianRecord& c : s.current->custodians) {
            const QDateTime notAfter = QDateTime::fromString(c.notAfter, Qt::ISODate);
            if (notAfter.isValid() && notAfter < soon)
                s.expiringCustodians << c;
        }
    }
    return s;
}

QCoro::Task<Outcome<SecurityDomainDownloadResult>>
SecurityDomainService::download(SecurityDomainDownloadRequest request, OperationContext context)
{
    auto task = produce(std::move(request), std::move(context), false);
    auto result = co_await task;
    co_return result;
}

QCoro::Task<Outcome<SecurityDomainDownloadResult>> SecurityDomainService::rotate(SecurityDomainDownloadRequest request,
                                                                                 OperationContext context)
{
    auto task = produce(std::move(request), std::move(context), true);
    auto result = co_await task;
    co_return result;
}

} // namespace custos::model
