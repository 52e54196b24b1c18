#include "VerifyShareDialog.h"

#include "CustodianInputSupport.h"
#include "ui/widgets/InlineMessage.h"

#include <QDialogButtonBox>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPointer>
#include <QPushButton>
#include <QTimer>
#include <QVBoxLayout>

namespace custos::ui {

VerifyShareDialog::VerifyShareDialog(model::ServiceHost& host, QWidget* parent) : QDialog(parent), m_host(host)
{
    setObjectName(QStringLiteral("verifyShareDialog"));
    setWindowTitle(tr("Verify a Custodian's Share"));

    auto* intro = new QLabel(tr("A custodian proves that their key still opens their share of a security-domain "
                                "file. Nothing is reconstructed; the check is recorded in the audit trail."),
                             this);
    intro->setWordWrap(true);

    m_pathEdit = new QLineEdit(this);
    m_pathEdit->setObjectName(QStringLiteral("sdFileLineEdit"));
    auto* browse = new QPushButton(tr("&Browse…"), this);
    browse->setObjectName(QStringLiteral("browseSdFilePushButton"));
    attachBrowse(browse, m_pathEdit, tr("Security-Domain File"), BrowseMode::Open,
                 tr("Security-domain files (*.json);;All files (*)"));
    auto* row = new QHBoxLayout;
    row->addWidget(m_pathEdit, 1);
    row->addWidget(browse);
    auto* form = new QFormLayout;
    auto* label = new QLabel(tr("Security-domain f&ile:"), this);
    label->setBuddy(m_pathEdit);
    form->addRow(label, row);

    m_summaryLabel = new QLabel(this);
    m_summaryLabel->setObjectName(QStringLiteral("sdSummaryLabel"));
    m_summaryLabel->setTextFormat(Qt::PlainText);
    m_summaryLabel->setWordWrap(true);
    m_summaryLabel->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_fileMessage = new InlineMessage(this);
    m_fileMessage->setObjectName(QStringLiteral("sdFileMessage"));

    m_input = new CustodianInputWidget(this);
    m_input->setCardsAvailable(true);
    m_input->setPresentText(tr("&Verify key"));
    m_input->setPresenter([this](CustodianCredentials credentials) { return verify(std::move(credentials)); });

    m_resultLabel = new QLabel(this);
    m_resultLabel->setObjectName(QStringLiteral("verifyResultLabel"));
    m_resultLabel->setTextFormat(Qt::PlainText);
    m_resultLabel->setWordWrap(true);
    QFont bold = m_resultLabel->font();
    bold.setBold(true);
    m_resultLabel->setFont(bold);

    m_buttons = new QDialogButtonBox(QDialogButtonBox::Close, this);
    m_buttons->setObjectName(QStringLiteral("buttonBox"));
    m_buttons->button(QDialogButtonBox::Close)->setObjectName(QStringLiteral("closePushButton"));
    connect(m_buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);

    auto* layout = new QVBoxLayout(this);
    layout->addWidget(intro);
    layout->addLayout(form);
    layout->addWidget(m_summaryLabel);
    layout->addWidget(m_fileMessage);
    layout->addWidget(m_input);
    layout->addWidget(m_resultLabel);
    layout->addStretch();
    layout->addWidget(m_buttons);

    m_summaryTimer = new QTimer(this);
    m_summaryTimer->setSingleShot(true);
    m_summaryTimer->setInterval(250);
    connect(m_summaryTimer, &QTimer::timeout, this, [this] { showSummary(); });
    connect(m_pathEdit, &QLineEdit::textChanged, this, [this] {
        m_summaryLabel->clear();
        m_fileMessage->clearMessage();
        m_resultLabel->clear();
        m_summaryTimer->start();
    });
    connect(m_input, &CustodianInputWidget::busyChanged, this, [this](bool busy) {
        m_buttons->setEnabled(!busy);
        m_pathEdit->setEnabled(!busy);
        if (busy)
            m_resultLabel->clear();
    });
    connect(m_input, &CustodianInputWidget::presented, this, [this](const CustodianPresentation& p) {
        m_resultLabel->setText(
            p.sharesOpened > 0
                ? tr("%1: your key opens %n share(s) of this file.", nullptr, p.sharesOpened).arg(p.holder)
                : tr("%1: your key opens no share of this file.").arg(p.holder));
    });
    connect(m_input, &CustodianInputWidget::presentationFailed, this,
            [this](const QString& message) { m_resultLabel->setText(tr("Not verified: %1").arg(message)); });
}

VerifyShareDialog::~VerifyShareDialog() = default;

void VerifyShareDialog::reject()
{
    if (m_input->isBusy())
        return;
    m_input->reset();
    QDialog::reject();
}

QCoro::Task<> VerifyShareDialog::showSummary()
{
    const int run = ++m_summaryRun;
    const QString path = m_pathEdit->text().trimmed();
    if (path.isEmpty())
        co_return;
    QPointer<VerifyShareDialog> guard(this);
    auto loading = loadSecurityDomainFile(path);
    Outcome<LoadedSecurityDomain> loaded = co_await loading;
    if (!guard || run != m_summaryRun)
        co_return;
    if (!loaded) {
        m_fileMessage->showError(loaded.error().message);
        co_return;
    }
    m_summaryLabel->setText(describeSecurityDomain(*loaded->file));
}

QCoro::Task<Outcome<CustodianPresentation>> VerifyShareDialog::verify(CustodianCredentials credentials)
{
    model::ServiceHost& host = m_host;
    auto reading = readSmallFile(m_pathEdit->text().trimmed());
    Outcome<QByteArray> bytes = co_await reading;
    if (!bytes) {
        if (credentials.secret)
            credentials.secret->clear();
        co_return bytes.error();
    }
    const QByteArray file = bytes.value();
    Outcome<model::ShareCheck> check;
    if (credentials.kind == CustodianCredentials::Kind::Card) {
        auto checking = useCardCustodian<model::ShareCheck>(
            host, credentials.cardUri, credentials.secret,
            [file](model::Services& s, std::shared_ptr<crypto::sd::CustodianKey> key) {
                return s.securityDomain().verifyShare(file, key);
            });
        check = co_await checking;
    } else {
        auto opening = openKeyFileOffThread(credentials.keyPath, credentials.secret);
        Outcome<std::shared_ptr<crypto::sd::CustodianKey>> key = co_await opening;
        if (!key)
            co_return key.error();
        std::shared_ptr<crypto::sd::CustodianKey> custodian = key.take();
        auto checking = host.call(
            [file, custodian](model::Services& s) { return s.securityDomain().verifyShare(file, custodian); });
        check = co_await checking;
        custodian->wipe(); // a key file: memory only, wiped here as well as by the service
    }
    if (!check)
        co_return check.error();
    CustodianPresentation presentation;
    presentation.holder = check->holder;
    presentation.sharesOpened = check->shares;
    co_return presentation;
}

} // namespace custos::ui
