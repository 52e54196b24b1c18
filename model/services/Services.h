#pragma once

#include "AccessGroupService.h"
#include "AccessService.h"
#include "AuditService.h"
#include "CertificateService.h"
#include "KeyCryptoService.h"
#include "KeyImportService.h"
#include "KeyService.h"
#include "OperatorService.h"
#include "QuorumService.h"
#include "RoleService.h"
#include "SecurityDomainService.h"
#include "TokenService.h"
#include "VaultService.h"
#include "WorkspaceBackupService.h"
#include "model/session/Workspace.h"

#include <memory>

namespace custos::model {

class Workspace;
class Session;
class ServicePath;

// Everything the GUI and the CLI call, over one open workspace and its session. Construct after
// Workspace::open; log in through session().
class Services
{
public:
    explicit Services(Workspace& workspace);
    ~Services();

    Workspace& workspace() { return m_workspace; }
    Session& session() { return *m_session; }
    ServicePath& path() { return *m_path; }
    VaultService& vaults() { return *m_vaults; }
    KeyService& keys() { return *m_keys; }
    KeyCryptoService& keyCrypto() { return *m_keyCrypto; }
    KeyImportService& keyImports() { return *m_keyImports; }
    TokenService& tokens() { return *m_tokens; }
    CertificateService& certificates() { return *m_certificates; }
    OperatorService& operators() { return *m_operators; }
    RoleService& roles() { return *m_roles; }
    AuditService& audit() { return *m_audit; }
    AccessGroupService& groups() { return *m_groups; }
    AccessService& access() { return *m_access; }
    QuorumService& quorum() { return *m_quorum; }
    WorkspaceBackupService& backups() { return *m_backups; }
    SecurityDomainService& securityDomain() { return *m_securityDomain; }
    // `status` (workspace/read): authorised, not audited.
    Outcome<WorkspaceStatus> status();

private:
    Workspace& m_workspace;
    std::unique_ptr<Session> m_session;
    std::unique_ptr<ServicePath> m_path;
    std::unique_ptr<VaultService> m_vaults;
    std::unique_ptr<KeyService> m_keys;
    std::unique_ptr<KeyCryptoService> m_keyCrypto;
    std::unique_ptr<TokenService> m_tokens;
    std::unique_ptr<CertificateService> m_certificates;
    std::unique_ptr<OperatorService> m_operators;
    std::unique_ptr<RoleService> m_roles;
    std::unique_ptr<AuditService> m_audit;
    std::unique_ptr<AccessGroupService> m_groups;
    std::unique_ptr<AccessService> m_access;
    std::unique_ptr<QuorumService> m_quorum;
    std::unique_ptr<SecurityDomainService> m_securityDomain;
    std::unique_ptr<WorkspaceBackupService> m_backups;
    std::unique_ptr<KeyImportService> m_keyImports;
};

} // namespace custos::model
