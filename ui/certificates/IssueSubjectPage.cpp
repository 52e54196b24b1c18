#include "IssueCertificatePages.h"

#include "IssueCertificatePageSupport_p.h"
#include "SubjectAltNameEditor.h"
#include "crypto/x509/CertificateProfile.h"
#include "crypto/x509/DistinguishedName.h"
#include "crypto/x509/SubjectAltName.h"
#include "ui/widgets/InlineMessage.h"

#include <QFormLayout>
#include <QListWidget>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QVBoxLayout>

namespace custos::ui {

using namespace issuepage;

namespace {

// The attribute values of a distinguished name's text form, split at unescaped ',' and '+', with
// the escapes undone: what a CN actually says.
QList<QPair<QString, QString>> attributesOf(const QString& text)
{
    QList<QPair<QString, QString>> attributes;
    QString current;
    bool escaped = false;
    auto flush = [&] {
        const qsizetype equals = current.indexOf(QLatin1Char('='));
        if (equals > 0)
            attributes.append({current.left(equals).trimmed(), current.mid(equals + 1).trimmed()});
        current.clear();
    };
    for (const QChar c : text) {
        if (escaped) {
            current.append(c);
            escaped = false;
        } else if (c == QLatin1Char('\\')) {
            escaped = true;
        } else if (c == QLatin1Char(',') || c == QLatin1Char('+')) {
            flush();
        } else {
            current.append(c);
        }
    }
    flush();
    return attributes;
}

} // namespace

// ---- 2. Subject and SANs ------------------------------------------------------------------

IssueSubjectPage::IssueSubjectPage(const IssueProfilePage* profilePage, QWidget* parent)
    : QWizardPage(parent), m_profilePage(profilePage)
{
    setObjectName(QStringLiteral("subjectWizardPage"));
    setTitle(tr("Subject and alternative names"));
    setSubTitle(tr("Who the certificate names. TLS clients check host names against the alternative names."));

    m_subjectEdit = new QLineEdit(this);
    m_subjectEdit->setObjectName(QStringLiteral("subjectLineEdit"));
    m_subjectEdit->setPlaceholderText(QStringLiteral("CN=web01.example.test, O=Example Ltd, C=DE"));
    m_subjectMessage = new InlineMessage(this);
    m_subjectMessage->setObjectName(QStringLiteral("subjectMessageLabel"));

    m_sanEditor = new SubjectAltNameEditor(this);
    m_sanEditor->setObjectName(QStringLiteral("sanEditor"));
    m_useCnButton = new QPushButton(tr("&Use the CN as a DNS name"), this);
    m_useCnButton->setObjectName(QStringLiteral("useCnPushButton"));
    m_useCnButton->setAutoDefault(false);
    m_sanMessage = new InlineMessage(this);
    m_sanMessage->setObjectName(QStringLiteral("sanMessageLabel"));

    auto* form = new QFormLayout;
    addBuddyRow(form, this, tr("&Subject:"), m_subjectEdit);
    form->addRow(QString(), m_subjectMessage);
    // The label sits beside the whole editor (list and buttons) and leads to the list.
    auto* label = new QLabel(tr("&Alternative names:"), this);
    label->setBuddy(m_sanEditor->listWidget());
    form->addRow(label, m_sanEditor);
    form->addRow(QString(), m_useCnButton);
    form->addRow(QString(), m_sanMessage);
    auto* layout = new QVBoxLayout(this);
    layout->addLayout(form);
    layout->addStretch();

    connect(m_subjectEdit, &QLineEdit::textChanged, this, &IssueSubjectPage::updateState);
    connect(m_sanEditor, &SubjectAltNameEditor::entriesChanged, this, &IssueSubjectPage::updateState);
    connect(m_useCnButton, &QPushButton::clicked, this, [this] {
        m_sanEditor->addEntry(QStringLiteral("dns:") + offerableCommonName());
        m_sanEditor->setFocus();
    });
    updateState();
}

QString IssueSubjectPage::subject() const
{
    return m_subjectEdit->text().trimmed();
}

QStringList IssueSubjectPage::subjectAltNames() const
{
    return m_sanEditor->entries();
}

void IssueSubjectPage::initializePage()
{
    updateState(); // the profile may have changed since the page was last shown
}

QString IssueSubjectPage::subjectProblem() const
{
    if (subject().isEmpty())
        return {};
    auto parsed = crypto::x509::parseDistinguishedName(subject());
    return parsed ? QString() : parsed.error().message;
}

QString IssueSubjectPage::offerableCommonName() const
{
    auto der = crypto::x509::parseDistinguishedName(subject());
    if (subject().isEmpty() || !der)
        return {};
    auto text = crypto::x509::distinguishedNameText(der.value());
    if (!text)
        return {};
    for (const auto& [type, value] : attributesOf(text.value())) {
        if (type.compare(QLatin1String("CN"), Qt::CaseInsensitive) != 0)
            continue;
        auto san = crypto::x509::parseSubjectAltName(QStringLiteral("dns:") + value);
        if (!san)
            return {};
        return san->value;
    }
    return {};
}

bool IssueSubjectPage::needsHostName() const
{
    return m_profilePage->extendedKeyUsages().contains(QLatin1String("serverAuth")) &&
           !m_sanEditor->hasKind(QStringLiteral("dns")) && !m_sanEditor->hasKind(QStringLiteral("ip"));
}

bool IssueSubjectPage::isComplete() const
{
    return !subject().isEmpty() && subjectProblem().isEmpty() && m_sanEditor->problem().isEmpty() && !needsHostName();
}

void IssueSubjectPage::updateState()
{
    if (subject().isEmpty())
        m_subjectMessage->showHint(tr("Type the subject as attribute=value pairs, e.g. CN=web01.example.test, "
                                      "O=Example Ltd, C=DE."));
    else if (const QString problem = subjectProblem(); !problem.isEmpty())
        m_subjectMessage->showError(problem);
    else
        m_subjectMessage->clearMessage();

    // Offer the CN as a dns: name for TLS profiles that have none yet.
    const QString cn = offerableCommonName();
    const bool tls = m_profilePage->profile().startsWith(QLatin1String("tls-"));
    const bool offer = tls && !cn.isEmpty() && !m_sanEditor->hasKind(QStringLiteral("dns"));
    m_useCnButton->setVisible(offer);
    if (offer)
        m_useCnButton->setText(tr("&Use the CN as DNS name '%1'").arg(cn));

    if (const QString problem = m_sanEditor->problem(); !problem.isEmpty())
        m_sanMessage->showError(problem);
    else if (needsHostName())
        m_sanMessage->showError(tr("A TLS server certificate needs a dns: or ip: alternative name: clients match "
                                   "the host name against these names only."));
    else if (m_sanEditor->entries().isEmpty())
        m_sanMessage->showHint(tr("Add rows such as dns:web01.example.test, ip:192.0.2.1, email:ops@example.test "
                                  "or uri:https://example.test/."));
    else
        m_sanMessage->clearMessage();
    Q_EMIT completeChanged();
}

} // namespace custos::ui
