#include "CertificateDetailPane.h"

#include "model/itemmodels/KeyListModel.h"
#include "model/services/Services.h"
#include "model/session/ServiceHost.h"
#include "ui/security/CopyAction.h"
#include "ui/widgets/InlineMessage.h"

#include <QFormLayout>
#include <QHeaderView>
#include <QLabel>
#include <QPointer>
#include <QSplitter>
#include <QTreeWidget>
#include <QVBoxLayout>

namespace custos::ui {

using crypto::x509::CertificateInfo;

CertificateDetailPane::CertificateDetailPane(model::ServiceHost& host, QWidget* parent) : QWidget(parent), m_host(host)
{
    setObjectName(QStringLiteral("certificateDetailPane"));
    m_message = new InlineMessage(this);
    m_message->setObjectName(QStringLiteral("certificateDetailMessageLabel"));
    auto* form = new QFormLayout;
    m_subject = addValue(form, tr("Subject:"), QStringLiteral("certificateSubjectLabel"));
    m_issuer = addValue(form, tr("Issuer:"), QStringLiteral("certificateIssuerLabel"));
    m_sans = addValue(form, tr("Alternative names:"), QStringLiteral("certificateSansLabel"));
    m_validity = addValue(form, tr("Valid:"), QStringLiteral("certificateValidityLabel"));
    m_serial = addValue(form, tr("Serial:"), QStringLiteral("certificateSerialLabel"));
    m_sha256 = addValue(form, tr("SHA-256:"), QStringLiteral("certificateSha256Label"));
    m_sha1 = addValue(form, tr("SHA-1:"), QStringLiteral("certificateSha1Label"));
    // Right-click a value to copy it (public data: never cleared from the clipboard).
    addCopyAction(m_subject, tr("Copy Subject"), "copyCertificateSubjectAction");
    addCopyAction(m_serial, tr("Copy Serial"), "copyCertificateSerialAction");
    addCopyAction(m_sha256, tr("Copy SHA-256 Fingerprint"), "copyCertificateSha256Action");
    addCopyAction(m_sha1, tr("Copy SHA-1 Fingerprint"), "copyCertificateSha1Action");

    m_chain = new QTreeWidget(this);
    m_chain->setObjectName(QStringLiteral("certificateChainTreeWidget"));
    m_chain->setAccessibleName(tr("Certificate chain"));
    m_chain->setAccessibleDescription(tr("The certificate and its issuers up to the root"));
    m_chain->setHeaderLabels({tr("Chain"), tr("Expires")});
    m_chain->setRootIsDecorated(false);
    m_chain->header()->setSectionResizeMode(0, QHeaderView::Stretch);
    m_chain->header()->setStretchLastSection(false);
    m_chain->header()->setSectionResizeMode(1, QHeaderView::ResizeToContents);
    m_extensions = new QTreeWidget(this);
    m_extensions->setObjectName(QStringLiteral("certificateExtensionsTreeWidget"));
    m_extensions->setAccessibleName(tr("Certificate extensions"));
    m_extensions->setAccessibleDescription(tr("The X.509 extensions of the selected certificate with their values"));
    m_extensions->setHeaderLabels({tr("Extension"), tr("Critical")});
    m_extensions->header()->setSectionResizeMode(0, QHeaderView::Stretch);
    m_extensions->header()->setStretchLastSection(false);
    m_extensions->header()->setSectionResizeMode(1, QHeaderView::ResizeToContents);

    auto* trees = new QSplitter(Qt::Horizontal, this);
    trees->addWidget(m_chain);
    trees->addWidget(m_extensions);
    trees->setChildrenCollapsible(false);
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_message);
    layout->addLayout(form);
    layout->addWidget(trees, 1);
    clear();
}

QLabel* CertificateDetailPane::addValue(QFormLayout* form, const QString& label, const QString& objectName)
{
    auto* value = new QLabel(this);
    value->setObjectName(objectName);
    value->setTextFormat(Qt::PlainText);
    value->setTextInteractionFlags(Qt::TextSelectableByMouse | Qt::TextSelectableByKeyboard);
    value->setWordWrap(true);
    form->addRow(label, value);
    return value;
}

void CertificateDetailPane::clear()
{
    for (QLabel* label : {m_subject, m_issuer, m_sans, m_validity, m_serial, m_sha256, m_sha1})
        label->clear();
    m_chain->clear();
    m_extensions->clear();
}

void CertificateDetailPane::setCertificate(const std::optional<model::CertificateRecord>& certificate)
{
    const quint64 generation = ++m_generation;
    clear();
    m_message->clearMessage();
    setEnabled(certificate.has_value());
    if (!certificate) {
        m_loading = false;
        Q_EMIT loaded();
        return;
    }
    if (certificate->currentVersion.isPending()) {
        m_loading = false;
        m_subject->setText(certificate->policy.subject);
        m_message->showHint(tr("Waiting for the external CA: merge the signed certificate to see its details."));
        Q_EMIT loaded();
        return;
    }
    m_loading = true;
    fetch(generation, certificate->vault, certificate->name);
}

QCoro::Task<> CertificateDetailPane::fetch(quint64 generation, QString vault, QString name)
{
    QPointer<CertificateDetailPane> guard(this);
    auto task = m_host.call([vault, name](model::Services& services) -> Outcome<QList<CertificateInfo>> {
        auto chain = services.certificates().chain(vault, name);
        if (!chain)
            return chain.error();
        const QList<QByteArray> ders = chain.take();
        QList<CertificateInfo> infos;
        for (const QByteArray& der : ders) {
            auto info = crypto::x509::inspectCertificate(der);
            if (!info)
                return info.error();
            infos << info.take();
        }
        return infos;
    });
    Outcome<QList<CertificateInfo>> chain = co_await task;
    if (!guard || generation != m_generation)
        co_return;
    m_loading = false;
    if (!chain || chain->isEmpty())
        m_message->showError(chain ? tr("The certificate has no issued version.") : chain.error().message);
    else
        showChain(chain.value());
    Q_EMIT loaded();
}

void CertificateDetailPane::showChain(const QList<CertificateInfo>& chain)
{
    const CertificateInfo& leaf = chain.first();
    m_subject->setText(leaf.subject);
    m_issuer->setText(leaf.issuer);
    QStringList sans;
    for (const auto& san : leaf.subjectAltNames)
        sans << crypto::x509::subjectAltNameText(san);
    m_sans->setText(sans.isEmpty() ? tr("none") : sans.join(QStringLiteral(", ")));
    m_validity->setText(tr("%1 to %2").arg(model::keyTimeText(leaf.notBefore), model::keyTimeText(leaf.notAfter)));
    m_serial->setText(leaf.serialHex);
    m_sha256->setText(crypto::x509::colonHex(leaf.sha256Fingerprint));
    m_sha1->setText(crypto::x509::colonHex(leaf.sha1Fingerprint));

    for (const CertificateInfo& element : chain) {
        auto* item = new QTreeWidgetItem(m_chain, {element.subject, model::keyTimeText(element.notAfter)});
        item->setToolTip(0, tr("Issued by %1").arg(element.issuer));
    }
    for (const auto& extension : leaf.extensions) {
        auto* item =
            new QTreeWidgetItem(m_extensions, {extension.name, extension.critical ? tr("critical") : tr("no")});
        for (const QString& value : extension.values)
            (new QTreeWidgetItem(item, {value}))->setFirstColumnSpanned(true); // long values: both columns
    }
    m_extensions->expandAll();
}

} // namespace custos::ui
