#include "Services.h"

#include "ServicePath.h"
#include "model/session/Session.h"
#include "model/session/Workspace.h"

namespace custos::model {

Services::Services(Workspace& workspace)
    : m_workspace(workspace), m_session(std::make_unique<Session>(workspace)),
      m_path(std::make_unique<ServicePath>(workspace, *m_session)), m_vaults(std::make_unique<VaultService>(*m_path)),
      m_keys(std::make_unique<KeyService>(*m_path)), m_keyCrypto(std::make_unique<KeyCryptoService>(*m_path)),
      m_tokens(std::make_unique<TokenService>(*m_path)), m_certificates(std::make_unique<CertificateService>(*m_path)),
      m_operators(std::make_unique<OperatorService>(*m_path)), m_roles(std::make_unique<RoleService>(*m_path)),
      m_audit(std::make_unique<AuditService>(*m_path)), m_groups(std::make_unique<AccessGroupService>(*m_path)),
      m_access(std::make_unique<AccessService>(*m_path)), m_quorum(std::make_unique<QuorumService>(*m_path)),
      m_securityDomain(std::make_unique<SecurityDomainService>(*m_path)),
      m_backups(std::make_unique<WorkspaceBackupService>(*m_path)),
      m_keyImports(std::make_unique<KeyImportService>(*m_path))
{
    // Views of keys refresh on KeyService::keysChanged alone.
    QObject::connect(m_keyImports.get(), &KeyImportService::keysChanged, m_keys.get(), &KeyService::keysChanged);
}

Services::~Services()
{
    m_session->logout();
}

Outcome<WorkspaceStatus> Services::status()
{
    Operation op;
    op.name = QStringLiteral("WorkspaceStatus");
    op.permission = QStringLiteral("workspace/read");
    if (auto allowed = m_path->authorise(op); !allowed)
        return allowed.error();
    return m_workspace.status();
}

} // namespace custos::model
