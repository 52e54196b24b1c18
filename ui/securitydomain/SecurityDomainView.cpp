#include "SecurityDomainView.h"

#include "SecurityDomainViewModels.h"
#include "model/services/Services.h"
#include "model/session/ServiceHost.h"

#include <QApplication>
#include <QDialogButtonBox>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLocale>
#include <QPointer>
#include <QPushButton>
#include <QStyle>
#include <QTableView>
#include <QVBoxLayout>

namespace custos::ui {

namespace {
constexpr int kIconSize = 32;

QLabel* wrapped(QWidget* parent, const char* objectName)
{
    auto* label = new QLabel(parent);
    label->setObjectName(QLatin1String(objectName));
    label->setWordWrap(true);
    return label;
}

QTableView* table(QWidget* parent, const char* objectName, QAbstractItemModel* model)
{
    auto* view = new QTableView(parent);
    view->setObjectName(QLatin1String(objectName));
    view->setModel(model);
    view->setSelectionBehavior(QAbstractItemView::SelectRows);
    view->setEditTriggers(QAbstractItemView::NoEditTriggers);
    view->verticalHeader()->setVisible(false);
    view->horizontalHeader()->setStretchLastSection(true);
    view->setWordWrap(false);
    return view;
}
} // namespace

SecurityDomainView::SecurityDomainView(model::ServiceHost& host, QWidget* parent) : QDialog(parent), m_host(host)
{
    setObjectName(QStringLiteral("securityDomainView"));
    setWindowTitle(tr("Security Domain"));
    auto* layout = new QVBoxLayout(this);

    auto* activation = new QHBoxLayout;
    m_activationIcon = new QLabel(this);
    m_activationIcon->setObjectName(QStringLiteral("activationIcon"));
    activation->addWidget(m_activationIcon, 0, Qt::AlignTop);
    auto* activationText = new QVBoxLayout;
    m_activationLabel = wrapped(this, "activationLabel");
    QFont bold = m_activationLabel->font();
    bold.setBold(true);
    bold.setPointSizeF(bold.pointSizeF() * 1.2);
    m_activationLabel->setFont(bold);
    m_activationText = wrapped(this, "activationText");
    activationText->addWidget(m_activationLabel);
    activationText->addWidget(m_activationText);
    activation->addLayout(activationText, 1);
    layout->addLayout(activation);

    // The notice after a re-download with a new custodian set.
    m_supersededBox = new QWidget(this);
    m_supersededBox->setObjectName(QStringLiteral("supersededNotice"));
    auto* notice = new QHBoxLayout(m_supersededBox);
    notice->setContentsMargins(0, 0, 0, 0);
    auto* noticeIcon = new QLabel(m_supersededBox);
    noticeIcon->setPixmap(style()->standardIcon(QStyle::SP_MessageBoxWarning).pixmap(kIconSize, kIconSize));
    notice->addWidget(noticeIcon, 0, Qt::AlignTop);
    m_supersededLabel = wrapped(m_supersededBox, "supersededLabel");
    m_supersededLabel->setText(tr("Files made for earlier custodian sets still open with their old shares. Rotate the "
                                  "domain key so that new backups need the new custodians."));
    notice->addWidget(m_supersededLabel, 1);
    m_noticeRotateButton = new QPushButton(tr("R&otate…"), m_supersededBox);
    m_noticeRotateButton->setObjectName(QStringLiteral("noticeRotateButton"));
    notice->addWidget(m_noticeRotateButton, 0, Qt::AlignTop);
    m_supersededBox->setVisible(false);
    layout->addWidget(m_supersededBox);

    auto* current = new QGroupBox(tr("Current custodian set"), this);
    current->setObjectName(QStringLiteral("currentCustodianSetBox"));
    m_currentBox = current;
    auto* currentLayout = new QVBoxLayout(current);
    m_currentLabel = wrapped(current, "currentSetLabel");
    m_currentLabel->setTextFormat(Qt::RichText);
    m_currentLabel->setTextInteractionFlags(Qt::TextSelectableByMouse);
    currentLayout->addWidget(m_currentLabel);
    m_custodians = new CustodianSetModel(this);
    m_custodianView = table(current, "custodianSetView", m_custodians);
    m_custodianView->setAccessibleName(tr("Custodians in force"));
    m_custodianView->setAccessibleDescription(
        tr("The custodians of the current security-domain file, with their certificates' expiry"));
    currentLayout->addWidget(m_custodianView);
    m_expiryLabel = wrapped(current, "custodianExpiryLabel");
    m_expiryLabel->setVisible(false);
    currentLayout->addWidget(m_expiryLabel);
    layout->addWidget(current, 1);

    auto* history = new QGroupBox(tr("History"), this);
    auto* historyLayout = new QVBoxLayout(history);
    m_history = new SecurityDomainHistoryModel(this);
    m_historyView = table(history, "securityDomainHistoryView", m_history);
    m_historyView->setAccessibleName(tr("Security-domain files"));
    m_historyView->setAccessibleDescription(
        tr("Every security-domain file this workspace made or was restored from, newest first"));
    historyLayout->addWidget(m_historyView);
    layout->addWidget(history, 1);

    m_errorLabel = wrapped(this, "securityDomainErrorLabel");
    m_errorLabel->setVisible(false);
    layout->addWidget(m_errorLabel);

    auto* buttons = new QDialogButtonBox(QDialogButtonBox::Close, this);
    m_downloadButton = buttons->addButton(tr("&Download…"), QDialogButtonBox::ActionRole);
    m_downloadButton->setObjectName(QStringLiteral("statusDownloadButton"));
    m_rotateButton = buttons->addButton(tr("&Rotate…"), QDialogButtonBox::ActionRole);
    m_rotateButton->setObjectName(QStringLiteral("statusRotateButton"));
    QPushButton* refresh = buttons->addButton(tr("Re&fresh"), QDialogButtonBox::ActionRole);
    refresh->setObjectName(QStringLiteral("statusRefreshButton"));
    layout->addWidget(buttons);

    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    connect(m_downloadButton, &QPushButton::clicked, this, &SecurityDomainView::downloadRequested);
    connect(m_rotateButton, &QPushButton::clicked, this, &SecurityDomainView::rotateRequested);
    connect(m_noticeRotateButton, &QPushButton::clicked, this, &SecurityDomainView::rotateRequested);
    connect(refresh, &QPushButton::clicked, this, &SecurityDomainView::reload);

    const bool allowed = host.access().isAllowed(QStringLiteral("securitydomain/download/action"), QStringLiteral("/"));
    for (QPushButton* button : {m_downloadButton, m_rotateButton, m_noticeRotateButton}) {
        button->setEnabled(allowed);
        button->setToolTip(allowed ? QString() : tr("You lack the permission securitydomain/download/action at /"));
    }
    resize(820, 640);
    reload();
}

SecurityDomainView::~SecurityDomainView() = default;

bool SecurityDomainView::needsRotation(const model::SecurityDomainStatus& status)
{
    if (!status.current)
        return false;
    for (const model::SecurityDomainFileRecord& file : status.history) {
        if (file.state != QLatin1String("current") && file.domainKeyId == status.current->domainKeyId)
            return true;
    }
    return false;
}

void SecurityDomainView::reload()
{
    if (m_loading) {
        m_reloadAgain = true; // a change arrived while the last answer was on its way
        return;
    }
    load();
}

QCoro::Task<> SecurityDomainView::load()
{
    QPointer<SecurityDomainView> guard(this);
    m_loading = true;
    auto task = m_host.call([](model::Services& services) { return services.securityDomain().status(); });
    auto status = co_await task;
    if (!guard)
        co_return;
    m_loading = false;
    if (!status)
        showError(status.error().message);
    else
        display(status.value());
    if (m_reloadAgain) {
        m_reloadAgain = false;
        load();
        co_return;
    }
    Q_EMIT loaded();
}

void SecurityDomainView::showError(const QString& message)
{
    m_errorLabel->setText(tr("Cannot read the security-domain status: %1").arg(message));
    m_errorLabel->setVisible(true);
}

void SecurityDomainView::display(const model::SecurityDomainStatus& status)
{
    m_status = status;
    m_errorLabel->setVisible(false);
    const QStyle::StandardPixmap icon = status.activated ? QStyle::SP_DialogApplyButton : QStyle::SP_MessageBoxWarning;
    m_activationIcon->setPixmap(style()->standardIcon(icon).pixmap(kIconSize, kIconSize));
    if (status.activated) {
        m_activationLabel->setText(tr("Activated"));
        m_activationText->setText(tr("The domain key is backed up to a quorum of custodians. Keys can be created and "
                                     "imported."));
    } else {
        m_activationLabel->setText(tr("Not activated"));
        m_activationText->setText(
            tr("Key creation and import are refused until the security domain has been downloaded: without a "
               "backup of the domain key to custodians, a lost token would lose every key, as with Azure Managed "
               "HSM. Download the security domain to activate this workspace."));
    }
    m_supersededBox->setVisible(needsRotation(status));
    m_rotateButton->setVisible(status.activated);

    QStringList expiring;
    for (const model::CustodianRecord& custodian : status.expiringCustodians)
        expiring << custodian.x5t256;
    if (status.current) {
        const model::SecurityDomainFileRecord& file = *status.current;
        m_currentLabel->setText(
            tr("<b>%1 of %2</b> custodians restore the domain key.<br>File SHA-256: <tt>%3</tt><br>%4 on %5 by "
               "%6.<br>Domain key ID: <tt>%7</tt>")
                .arg(file.required)
                .arg(file.custodians.size())
                .arg(file.fileSha256, SecurityDomainHistoryModel::kindText(file.kind).toHtmlEscaped(),
                     QLocale().toString(file.time.toLocalTime(), QLocale::ShortFormat).toHtmlEscaped(),
                     file.operatorName.toHtmlEscaped(), file.domainKeyId.toHtmlEscaped()));
        m_custodians->setCustodians(file.custodians, expiring);
    } else {
        m_currentLabel->setText(tr("No security-domain file has been made yet."));
        m_custodians->setCustodians({}, {});
    }
    m_custodianView->resizeColumnsToContents();
    if (!status.expiringCustodians.isEmpty()) {
        QStringList holders;
        for (const model::CustodianRecord& custodian : status.expiringCustodians)
            holders << custodian.holder;
        m_expiryLabel->setText(tr("⚠ %n custodian certificate(s) expire within 90 days: %1. The shares still open; "
                                  "plan a new download with renewed certificates.",
                                  nullptr, int(holders.size()))
                                   .arg(holders.join(QStringLiteral(", "))));
        m_expiryLabel->setVisible(true);
    } else {
        m_expiryLabel->setVisible(false);
    }
    m_history->setFiles(status.history);
    m_historyView->resizeColumnsToContents();
}

} // namespace custos::ui
