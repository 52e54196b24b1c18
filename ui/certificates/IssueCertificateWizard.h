#pragma once

#include "model/domain/Vault.h"
#include "model/services/CertificateService.h"

#include <QStringList>
#include <QWizard>

namespace custos::ui {

class IssueKeyPage;
class IssueProfilePage;
class IssueReviewPage;
class IssueSubjectPage;
class IssueValidityPage;

// Asks for a new certificate in `vault`, page by page: profile and issuer → subject and SANs
// (validated as they are typed) → key → validity and lifetime actions → review. The caller runs
// the operation: CertificateService::issue, or createCsr when the issuer is an external CA.
class IssueCertificateWizard : public QWizard
{
    Q_OBJECT
public:
    // `issuers`: the Custos CAs the operator may issue from, as "VAULT/CA"; "Self" and an
    // external CA ("Unknown") are always offered.
    IssueCertificateWizard(const model::Vault& vault, const QStringList& issuers, QWidget* parent = nullptr);

    model::CertificateIssueRequest request() const;
    bool isExternalIssuer() const; // issuer "Unknown": a pending CSR is created

private:
    QString m_vault;
    IssueProfilePage* m_profilePage = nullptr;
    IssueSubjectPage* m_subjectPage = nullptr;
    IssueKeyPage* m_keyPage = nullptr;
    IssueValidityPage* m_validityPage = nullptr;
    IssueReviewPage* m_reviewPage = nullptr;
};

} // namespace custos::ui
