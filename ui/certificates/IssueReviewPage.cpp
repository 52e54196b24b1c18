#include "IssueCertificatePages.h"

#include "IssueCertificatePageSupport_p.h"
#include "IssueCertificateWizard.h"
#include "crypto/x509/CertificateProfile.h"

#include <QLabel>
#include <QPlainTextEdit>
#include <QVBoxLayout>

namespace custos::ui {

using namespace issuepage;

// ---- 5. Review ----------------------------------------------------------------------------

IssueReviewPage::IssueReviewPage(const IssueCertificateWizard* wizard, QWidget* parent)
    : QWizardPage(parent), m_wizard(wizard)
{
    setObjectName(QStringLiteral("reviewWizardPage"));
    setTitle(tr("Review"));
    setSubTitle(tr("Check what will be asked for. Nothing is created before you confirm."));

    m_summary = new QPlainTextEdit(this);
    m_summary->setObjectName(QStringLiteral("summaryPlainTextEdit"));
    m_summary->setReadOnly(true);
    m_summary->setLineWrapMode(QPlainTextEdit::WidgetWidth);
    // Read-only, but reachable with Tab so a screen reader can read it line by line.
    m_summary->setTextInteractionFlags(Qt::TextSelectableByKeyboard | Qt::TextSelectableByMouse);

    auto* label = new QLabel(tr("&Summary:"), this);
    label->setBuddy(m_summary);
    auto* layout = new QVBoxLayout(this);
    layout->addWidget(label);
    layout->addWidget(m_summary, 1);
}

void IssueReviewPage::initializePage()
{
    const model::CertificateIssueRequest r = m_wizard->request();
    const bool external = m_wizard->isExternalIssuer();
    setButtonText(QWizard::FinishButton, external ? tr("&Create CSR") : tr("&Issue"));

    QStringList lines;
    auto line = [&lines](const QString& label, const QString& value) { lines << label + QStringLiteral(": ") + value; };
    line(tr("Certificate"), QStringLiteral("%1/%2").arg(r.vault, r.name));
    if (external)
        line(tr("Issuer"), tr("an external CA: a certificate signing request (CSR) is created to be signed there"));
    else if (r.issuer == kSelfIssuer)
        line(tr("Issuer"), tr("self-signed"));
    else
        line(tr("Issuer"), tr("%1 (a Custos CA)").arg(r.issuer));
    line(tr("Subject"), r.subject);
    line(tr("Alternative names"),
         r.subjectAltNames.isEmpty() ? tr("none") : r.subjectAltNames.join(QStringLiteral(", ")));

    line(tr("Profile"), r.profile);
    auto usages = crypto::x509::certificateProfile(r.profile, r.kty, r.keyUsages, r.extendedKeyUsages);
    if (usages) {
        line(tr("Key usages"), usages->keyUsages.isEmpty() ? tr("none") : usages->keyUsages.join(QStringLiteral(", ")));
        line(tr("Extended key usages"),
             usages->extendedKeyUsages.isEmpty() ? tr("none") : usages->extendedKeyUsages.join(QStringLiteral(", ")));
    } else {
        line(tr("Key usages"), usages.error().message);
    }

    const QString shape = r.kty == crypto::KeyKind::Ec ? tr("EC %1").arg(r.curve) : tr("RSA %1 bits").arg(r.size);
    const bool hsm = r.protection.value_or(model::Protection::Hsm) == model::Protection::Hsm;
    line(tr("Key"), QStringLiteral("%1, %2, %3, %4")
                        .arg(shape, hsm ? tr("HSM-protected") : tr("software-protected"),
                             r.exportable ? tr("exportable") : tr("not exportable"),
                             r.reuseKey ? tr("reused on renewal") : tr("a new key on each renewal")));
    line(tr("Validity"), tr("%n month(s)", nullptr, r.months));

    QStringList actions;
    for (const model::CertificateLifetimeAction& action : r.actions) {
        if (action.kind == model::CertificateLifetimeAction::Kind::AutoRenew)
            actions << (action.lifetimePercentage != 0
                            ? tr("renew at %1% of the lifetime").arg(action.lifetimePercentage)
                            : tr("renew %n day(s) before expiry", nullptr, action.daysBeforeExpiry));
        else
            actions << tr("notify %1 %n day(s) before expiry", nullptr, action.daysBeforeExpiry)
                           .arg(r.contacts.join(QStringLiteral(", ")));
    }
    line(tr("Lifetime actions"), actions.isEmpty() ? tr("none") : actions.join(QStringLiteral("; ")));
    m_summary->setPlainText(lines.join(QLatin1Char('\n')));
}

} // namespace custos::ui
