#include "RestoreBlobWizardPages.h"

#include "CustodianInputSupport.h"
#include "RestoreBlobWizard.h"
#include "crypto/sd/RestoreBlob.h"
#include "crypto/sd/ShareCollector.h"
#include "ui/widgets/InlineMessage.h"

#include <QCoro/QCoroFuture>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPointer>
#include <QPushButton>
#include <QSaveFile>
#include <QTimer>
#include <QVBoxLayout>
#include <QtConcurrent>

#include <exception>

namespace custos::ui {

namespace {

QLabel* makeValueLabel(QWidget* parent, const QString& name)
{
    auto* label = new QLabel(parent);
    label->setObjectName(name);
    label->setTextFormat(Qt::PlainText);
    label->setWordWrap(true);
    label->setTextInteractionFlags(Qt::TextSelectableByMouse | Qt::TextSelectableByKeyboard);
    return label;
}

QHBoxLayout* pathRow(QLineEdit* edit, QPushButton* browse)
{
    auto* row = new QHBoxLayout;
    row->addWidget(edit, 1);
    row->addWidget(browse);
    return row;
}

Error internalError(const std::exception& e)
{
    return makeError(ErrorKind::Failed, QStringLiteral("internal error: ") + QString::fromUtf8(e.what()));
}

// One custodian's key against the collector (on a worker or the service thread), then the key wiped.
Outcome<CustodianPresentation> presentTo(crypto::sd::ShareCollector& collector, crypto::sd::CustodianKey& key)
{
    auto presented = collector.present(key);
    key.wipe();
    if (!presented)
        return presented.error();
    CustodianPresentation presentation;
    presentation.holder = presented->holder;
    presentation.sharesOpened = int(presented->shareIndexes.size());
    presentation.failedShares = presented->failedShares;
    presentation.collected = collector.collected();
    presentation.required = collector.required();
    return presentation;
}

Outcome<CustodianPresentation> presentKeyFile(const std::shared_ptr<crypto::sd::ShareCollector>& collector,
                                              const QString& path,
                                              const std::shared_ptr<crypto::SecureBuffer>& password)
{
    try {
        auto key = crypto::sd::openCustodianKeyFile(path, password->isEmpty() ? nullptr : password.get());
        password->clear();
        if (!key)
            return key.error();
        return presentTo(*collector, *key.value());
    } catch (const std::exception& e) {
        password->clear();
        return internalError(e);
    }
}

Outcome<void> writeBlob(const std::shared_ptr<crypto::sd::ShareCollector>& collector,
                        const std::shared_ptr<crypto::sd::SecurityDomainFile>& file, const QByteArray& exchangeDer,
                        const QString& path)
{
    try {
        auto master = collector->masterSecret();
        if (!master)
            return master.error();
        auto blob = crypto::sd::createRestoreBlob(*file, master.value(), exchangeDer);
        master.value().clear();
        if (!blob)
            return blob.error();
        // Written atomically: the blob appears whole under its name or not at all.
        QSaveFile out(path);
        if (!out.open(QIODevice::WriteOnly))
            return makeError(ErrorKind::Failed, QStringLiteral("cannot write %1: %2").arg(path, out.errorString()));
        const QByteArray json = blob->toJson();
        if (out.write(json) != json.size() || !out.commit())
            return makeError(ErrorKind::Failed, QStringLiteral("cannot write %1: %2").arg(path, out.errorString()));
        collector->wipe(); // the blob is out: nothing secret stays
        return {};
    } catch (const std::exception& e) {
        return internalError(e);
    }
}

} // namespace

// ---- the security-domain file ----------------------------------------------------------------

RestoreBlobFilePage::RestoreBlobFilePage(RestoreBlobWizard* wizard) : QWizardPage(wizard), m_wizard(wizard)
{
    setObjectName(QStringLiteral("restoreBlobFilePage"));
    setTitle(tr("Security-Domain File"));
    setSubTitle(tr("The security-domain file of the Managed HSM to restore. Nothing leaves this computer: the "
                   "restore blob is made here and uploaded with az afterwards."));
    m_pathEdit = new QLineEdit(this);
    m_pathEdit->setObjectName(QStringLiteral("sdFileLineEdit"));
    auto* browse = new QPushButton(tr("&Browse…"), this);
    browse->setObjectName(QStringLiteral("browseSdFilePushButton"));
    attachBrowse(browse, m_pathEdit, tr("Security-Domain File"), BrowseMode::Open,
                 tr("Security-domain files (*.json);;All files (*)"));
    auto* form = new QFormLayout;
    auto* label = new QLabel(tr("&File:"), this);
    label->setBuddy(m_pathEdit);
    form->addRow(label, pathRow(m_pathEdit, browse));
    m_summaryLabel = makeValueLabel(this, QStringLiteral("sdSummaryLabel"));
    m_message = new InlineMessage(this);
    m_message->setObjectName(QStringLiteral("sdFileMessage"));
    auto* layout = new QVBoxLayout(this);
    layout->addLayout(form);
    layout->addWidget(m_summaryLabel);
    layout->addWidget(m_message);
    layout->addStretch();

    m_summaryTimer = new QTimer(this);
    m_summaryTimer->setSingleShot(true);
    m_summaryTimer->setInterval(250);
    connect(m_summaryTimer, &QTimer::timeout, this, [this] { load(false); });
    connect(m_pathEdit, &QLineEdit::textChanged, this, [this] {
        m_summaryLabel->clear();
        m_message->clearMessage();
        m_summaryTimer->start();
        Q_EMIT completeChanged();
    });
}

QString RestoreBlobFilePage::path() const
{
    return m_pathEdit->text().trimmed();
}

bool RestoreBlobFilePage::isComplete() const
{
    return !path().isEmpty() && !m_loading;
}

bool RestoreBlobFilePage::validatePage()
{
    if (m_wizard->file() && m_wizard->filePath() == path())
        return true;
    if (!m_loading)
        load(true);
    return false;
}

QCoro::Task<> RestoreBlobFilePage::load(bool advance)
{
    const int run = ++m_run;
    const QString file = path();
    if (file.isEmpty())
        co_return;
    QPointer<RestoreBlobFilePage> guard(this);
    if (advance) {
        m_loading = true;
        m_wizard->setBusy(true);
        Q_EMIT completeChanged();
    }
    auto loading = loadSecurityDomainFile(file);
    Outcome<LoadedSecurityDomain> loaded = co_await loading;
    if (!guard)
        co_return;
    if (advance) {
        m_loading = false;
        m_wizard->setBusy(false);
        Q_EMIT completeChanged();
    } else if (run != m_run || m_loading) {
        co_return; // a newer path, or Next, is reading it
    }
    if (!loaded) {
        m_summaryLabel->clear();
        m_message->showError(loaded.error().message);
        co_return;
    }
    m_message->clearMessage();
    m_summaryLabel->setText(describeSecurityDomain(*loaded->file));
    if (advance) {
        m_wizard->setFile(loaded->file, file);
        m_wizard->next();
    }
}

// ---- the exchange certificate ----------------------------------------------------------------

RestoreBlobExchangePage::RestoreBlobExchangePage(RestoreBlobWizard* wizard) : QWizardPage(wizard), m_wizard(wizard)
{
    setObjectName(QStringLiteral("restoreBlobExchangePage"));
    setTitle(tr("Exchange Key"));
    setSubTitle(tr("The new HSM's exchange certificate, as `az keyvault security-domain init-recovery` saved it: "
                   "PEM or DER, or the service's transfer_key JSON."));
    m_pathEdit = new QLineEdit(this);
    m_pathEdit->setObjectName(QStringLiteral("exchangeLineEdit"));
    auto* browse = new QPushButton(tr("B&rowse…"), this);
    browse->setObjectName(QStringLiteral("browseExchangePushButton"));
    attachBrowse(browse, m_pathEdit, tr("Exchange Certificate"), BrowseMode::Open,
                 tr("Certificates (*.cer *.crt *.pem *.der *.json);;All files (*)"));
    auto* form = new QFormLayout;
    auto* label = new QLabel(tr("E&xchange certificate:"), this);
    label->setBuddy(m_pathEdit);
    form->addRow(label, pathRow(m_pathEdit, browse));
    m_thumbprintLabel = makeValueLabel(this, QStringLiteral("exchangeThumbprintLabel"));
    m_message = new InlineMessage(this);
    m_message->setObjectName(QStringLiteral("exchangeMessage"));
    auto* layout = new QVBoxLayout(this);
    layout->addLayout(form);
    layout->addWidget(m_thumbprintLabel);
    layout->addWidget(m_message);
    layout->addStretch();
    connect(m_pathEdit, &QLineEdit::textChanged, this, [this] {
        m_thumbprintLabel->clear();
        m_message->clearMessage();
        Q_EMIT completeChanged();
    });
}

QString RestoreBlobExchangePage::path() const
{
    return m_pathEdit->text().trimmed();
}

bool RestoreBlobExchangePage::isComplete() const
{
    return !path().isEmpty() && !m_loading;
}

bool RestoreBlobExchangePage::validatePage()
{
    if (!m_wizard->exchangeCertificate().isEmpty() && m_wizard->exchangePath() == path())
        return true;
    if (!m_loading)
        load();
    return false;
}

QCoro::Task<> RestoreBlobExchangePage::load()
{
    const QString file = path();
    QPointer<RestoreBlobExchangePage> guard(this);
    m_loading = true;
    m_wizard->setBusy(true);
    Q_EMIT completeChanged();
    QFuture<Outcome<QByteArray>> reading = QtConcurrent::run([file]() -> Outcome<QByteArray> {
        QFile in(file);
        if (!in.open(QIODevice::ReadOnly))
            return makeError(ErrorKind::Invalid, QStringLiteral("cannot read %1: %2").arg(file, in.errorString()));
        auto der = crypto::sd::readExchangeCertificate(in.read(1024 * 1024));
        if (!der)
            return makeError(der.error().kind, QStringLiteral("%1: %2").arg(file, der.error().message));
        return der;
    });
    Outcome<QByteArray> der = co_await reading;
    if (!guard)
        co_return;
    m_loading = false;
    m_wizard->setBusy(false);
    Q_EMIT completeChanged();
    if (!der) {
        m_message->showError(der.error().message);
        co_return;
    }
    m_thumbprintLabel->setText(tr("Thumbprint (x5t_256): %1").arg(crypto::sd::certificateThumbprint(der.value())));
    m_wizard->setExchangeCertificate(der.value(), file);
    m_wizard->next();
}

// ---- the custodians --------------------------------------------------------------------------

RestoreBlobCustodiansPage::RestoreBlobCustodiansPage(RestoreBlobWizard* wizard) : QWizardPage(wizard), m_wizard(wizard)
{
    setObjectName(QStringLiteral("restoreBlobCustodiansPage"));
    setTitle(tr("Custodians"));
    setSubTitle(tr("One custodian at a time presents their key. Each key is wiped as soon as its share is "
                   "decrypted; only the shares stay, in secure memory, until the blob is written."));
    m_input = new CustodianInputWidget(this);
    m_input->setCardsAvailable(wizard->host() != nullptr);
    m_input->setPresenter([this](CustodianCredentials credentials) { return presentKey(std::move(credentials)); });
    connect(m_input, &CustodianInputWidget::busyChanged, this, [this](bool busy) {
        m_wizard->setBusy(busy);
        Q_EMIT completeChanged();
    });
    connect(m_input, &CustodianInputWidget::presented, this, &RestoreBlobCustodiansPage::onPresented);
    auto* layout = new QVBoxLayout(this);
    layout->addWidget(m_input);
    layout->addStretch();
}

void RestoreBlobCustodiansPage::initializePage()
{
    m_wizard->startCollecting();
    m_input->reset();
    m_collected = 0;
    m_required = m_wizard->file() ? m_wizard->file()->required : 0;
    m_input->setProgress(0, m_required);
}

void RestoreBlobCustodiansPage::cleanupPage()
{
    m_input->reset();
    m_wizard->wipeShares();
    m_collected = 0;
}

bool RestoreBlobCustodiansPage::isComplete() const
{
    return m_required > 0 && m_collected >= m_required && !m_input->isBusy();
}

QCoro::Task<Outcome<CustodianPresentation>> RestoreBlobCustodiansPage::presentKey(CustodianCredentials credentials)
{
    const std::shared_ptr<crypto::sd::ShareCollector> collector = m_wizard->collector();
    if (!collector)
        co_return makeError(ErrorKind::Conflict, tr("Choose the security-domain file first."));
    if (credentials.kind == CustodianCredentials::Kind::Card) {
        if (!m_wizard->host())
            co_return makeError(ErrorKind::Invalid, tr("A custodian card needs an open workspace."));
        auto presenting = useCardCustodian<CustodianPresentation>(
            *m_wizard->host(), credentials.cardUri, credentials.secret,
            [collector](model::Services&, std::shared_ptr<crypto::sd::CustodianKey> key) {
                return detail::ready(presentTo(*collector, *key));
            });
        Outcome<CustodianPresentation> presentation = co_await presenting;
        co_return presentation;
    }
    const QString path = credentials.keyPath;
    std::shared_ptr<crypto::SecureBuffer> password =
        credentials.secret ? credentials.secret : std::make_shared<crypto::SecureBuffer>();
    QFuture<Outcome<CustodianPresentation>> presenting =
        QtConcurrent::run([collector, path, password]() { return presentKeyFile(collector, path, password); });
    Outcome<CustodianPresentation> presentation = co_await presenting;
    co_return presentation;
}

void RestoreBlobCustodiansPage::onPresented(const CustodianPresentation& presentation)
{
    m_collected = presentation.collected;
    m_required = presentation.required;
    if (m_collected >= m_required)
        m_input->setAcceptingKeys(false);
    Q_EMIT completeChanged();
}

// ---- save ------------------------------------------------------------------------------------

RestoreBlobSavePage::RestoreBlobSavePage(RestoreBlobWizard* wizard) : QWizardPage(wizard), m_wizard(wizard)
{
    setObjectName(QStringLiteral("restoreBlobSavePage"));
    setTitle(tr("Save the Restore Blob"));
    setSubTitle(tr("The quorum is complete. The blob carries the security domain re-encrypted to the exchange "
                   "key; the shares are wiped once it is written."));
    setCommitPage(true);
    setButtonText(QWizard::CommitButton, tr("&Save"));
    m_pathEdit = new QLineEdit(this);
    m_pathEdit->setObjectName(QStringLiteral("blobPathLineEdit"));
    auto* browse = new QPushButton(tr("B&rowse…"), this);
    browse->setObjectName(QStringLiteral("browseBlobPushButton"));
    attachBrowse(browse, m_pathEdit, tr("Save Restore Blob"), BrowseMode::Save,
                 tr("JSON files (*.json);;All files (*)"));
    auto* form = new QFormLayout;
    auto* label = new QLabel(tr("Blob &file:"), this);
    label->setBuddy(m_pathEdit);
    form->addRow(label, pathRow(m_pathEdit, browse));
    m_message = new InlineMessage(this);
    m_message->setObjectName(QStringLiteral("blobMessage"));
    auto* layout = new QVBoxLayout(this);
    layout->addLayout(form);
    layout->addWidget(m_message);
    layout->addStretch();
    connect(m_pathEdit, &QLineEdit::textChanged, this, &QWizardPage::completeChanged);
}

QString RestoreBlobSavePage::path() const
{
    return m_pathEdit->text().trimmed();
}

void RestoreBlobSavePage::initializePage()
{
    m_saved = false;
    m_message->clearMessage();
    if (m_pathEdit->text().isEmpty() && !m_wizard->filePath().isEmpty())
        m_pathEdit->setText(QFileInfo(m_wizard->filePath()).dir().filePath(QStringLiteral("restore_blob.json")));
}

bool RestoreBlobSavePage::isComplete() const
{
    return !path().isEmpty() && !m_saving;
}

bool RestoreBlobSavePage::validatePage()
{
    if (m_saved)
        return true;
    if (!m_saving)
        save();
    return false;
}

QCoro::Task<> RestoreBlobSavePage::save()
{
    const QString file = path();
    const auto collector = m_wizard->collector();
    const auto domain = m_wizard->file();
    const QByteArray exchange = m_wizard->exchangeCertificate();
    if (!collector || !domain)
        co_return;
    QPointer<RestoreBlobSavePage> guard(this);
    m_saving = true;
    m_wizard->setBusy(true);
    Q_EMIT completeChanged();
    m_message->showHint(tr("Making the restore blob…"));
    QFuture<Outcome<void>> writing = QtConcurrent::run(
        [collector, domain, exchange, file]() { return writeBlob(collector, domain, exchange, file); });
    Outcome<void> written = co_await writing;
    if (!guard)
        co_return;
    m_saving = false;
    m_wizard->setBusy(false);
    Q_EMIT completeChanged();
    if (!written) {
        m_message->showError(written.error().message);
        co_return;
    }
    m_message->clearMessage();
    m_saved = true;
    m_wizard->setBlobPath(file);
    m_wizard->wipeShares();
    m_wizard->next();
}

// ---- done ------------------------------------------------------------------------------------

RestoreBlobDonePage::RestoreBlobDonePage(RestoreBlobWizard* wizard) : QWizardPage(wizard), m_wizard(wizard)
{
    setObjectName(QStringLiteral("restoreBlobDonePage"));
    setTitle(tr("Restore Blob Written"));
    setFinalPage(true);
    m_commandLabel = makeValueLabel(this, QStringLiteral("nextCommandLabel"));
    auto* layout = new QVBoxLayout(this);
    layout->addWidget(m_commandLabel);
    layout->addStretch();
}

void RestoreBlobDonePage::initializePage()
{
    m_commandLabel->setText(
        tr("The restore blob is in %1 and the shares are wiped. Upload it to the new Managed HSM (replace HSM "
           "with its name):\n\n    az keyvault security-domain upload --hsm-name HSM --sd-file \"%1\" --restore-blob")
            .arg(QDir::toNativeSeparators(m_wizard->blobPath())));
}

} // namespace custos::ui
