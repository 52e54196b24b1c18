#include "IssueCertificateWizard.h"

#include "IssueCertificatePages.h"

#include <QAbstractButton>

namespace custos::ui {

namespace {
enum PageId { ProfilePage, SubjectPage, KeyPage, ValidityPage, ReviewPage };
} // namespace

IssueCertificateWizard::IssueCertificateWizard(const model::Vault& vault, const QStringList& issuers, QWidget* parent)
    : QWizard(parent), m_vault(vault.name)
{
    setObjectName(QStringLiteral("issueCertificateWizard"));
    setWindowTitle(tr("Issue Certificate in '%1'").arg(vault.name));
    setOption(QWizard::NoBackButtonOnStartPage);

    m_profilePage = new IssueProfilePage(issuers, this);
    m_subjectPage = new IssueSubjectPage(m_profilePage, this);
    m_keyPage = new IssueKeyPage(vault, m_profilePage, this);
    m_validityPage = new IssueValidityPage(m_profilePage, this);
    m_reviewPage = new IssueReviewPage(this, this);
    setPage(ProfilePage, m_profilePage);
    setPage(SubjectPage, m_subjectPage);
    setPage(KeyPage, m_keyPage);
    setPage(ValidityPage, m_validityPage);
    setPage(ReviewPage, m_reviewPage);
    setStartId(ProfilePage);

    // Tests and the accessibility tree find the buttons by name.
    button(QWizard::BackButton)->setObjectName(QStringLiteral("backPushButton"));
    button(QWizard::NextButton)->setObjectName(QStringLiteral("nextPushButton"));
    button(QWizard::FinishButton)->setObjectName(QStringLiteral("finishPushButton"));
    button(QWizard::CancelButton)->setObjectName(QStringLiteral("cancelPushButton"));
}

model::CertificateIssueRequest IssueCertificateWizard::request() const
{
    model::CertificateIssueRequest r;
    r.vault = m_vault;
    r.name = m_profilePage->certificateName();
    r.issuer = m_profilePage->issuer();
    r.profile = m_profilePage->profile();
    r.keyUsages = m_profilePage->customKeyUsages();
    r.extendedKeyUsages = m_profilePage->customExtendedKeyUsages();
    r.subject = m_subjectPage->subject();
    r.subjectAltNames = m_subjectPage->subjectAltNames();
    r.kty = m_keyPage->keyKind();
    r.size = m_keyPage->size();
    r.curve = m_keyPage->curve();
    r.protection = m_keyPage->protection();
    r.exportable = m_keyPage->isExportable();
    r.reuseKey = m_keyPage->reusesKey();
    r.months = m_validityPage->months();
    r.actions = m_validityPage->actions();
    r.contacts = m_validityPage->contacts();
    return r;
}

bool IssueCertificateWizard::isExternalIssuer() const
{
    return m_profilePage->isExternalIssuer();
}

} // namespace custos::ui
