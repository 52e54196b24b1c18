#include "DownloadWizard.h"

#include "DownloadWizardCertificates.h"
#include "TranscriptPdf.h"
#include "model/services/Services.h"
#include "model/session/ServiceHost.h"
#include "ui/widgets/InlineMessage.h"

#include <QDate>
#include <QDir>
#include <QFile>
#include <QFileDialog>
#include <QFileInfo>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QItemSelectionModel>
#include <QLabel>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QPointer>
#include <QPrintDialog>
#include <QPrinter>
#include <QProgressBar>
#include <QPushButton>
#include <QSaveFile>
#include <QSpinBox>
#include <QStandardPaths>
#include <QTableView>
#include <QVBoxLayout>
#include <QWizardPage>

namespace custos::ui {

namespace {
constexpr int kMinCustodians = 3;
constexpr int kMaxCustodians = 10;

QLabel* wrappedLabel(const QString& text, QWidget* parent)
{
    auto* label = new QLabel(text, parent);
    label->setWordWrap(true);
    return label;
}

Outcome<void> writeFile(const QString& path, const QByteArray& bytes)
{
    QSaveFile file(path);
    if (!file.open(QIODevice::WriteOnly) || file.write(bytes) != bytes.size() || !file.commit())
        return makeError(
            ErrorKind::Failed,
            DownloadWizard::tr("cannot write %1: %2").arg(QDir::toNativeSeparators(path), file.errorString()));
    return {};
}
} // namespace

// Page 1: the custodians' certificates, each read and checked as it is added.
class DownloadCertificatesPage : public QWizardPage
{
public:
    explicit DownloadCertificatesPage(DownloadWizard* wizard) : m_wizard(wizard)
    {
        setObjectName(QStringLiteral("certificatesPage"));
        setTitle(DownloadWizard::tr("Custodian certificates"));
        const bool rotate = wizard->mode() == DownloadWizard::Mode::Rotate;
        setSubTitle(rotate ? DownloadWizard::tr("Rotation makes a new domain key for everything wrapped from now on, "
                                                "and a new security-domain file for these custodians. The old domain "
                                                "key stays in the token, so older backups still restore here.")
                           : DownloadWizard::tr("Add one certificate per custodian, 3 to 10. Each share of the domain "
                                                "key is encrypted to one of them (RSA-OAEP-256)."));
        auto* layout = new QVBoxLayout(this);
        wizard->m_certificateView = new QTableView(this);
        wizard->m_certificateView->setObjectName(QStringLiteral("custodianCertificateView"));
        wizard->m_certificateView->setAccessibleName(DownloadWizard::tr("Custodian certificates"));
        wizard->m_certificateView->setAccessibleDescription(
            DownloadWizard::tr("One certificate per custodian, in share order, with holder and expiry"));
        wizard->m_certificateView->setModel(wizard->m_certificates);
        wizard->m_certificateView->setSelectionBehavior(QAbstractItemView::SelectRows);
        wizard->m_certificateView->setSelectionMode(QAbstractItemView::SingleSelection);
        wizard->m_certificateView->horizontalHeader()->setStretchLastSection(true);
        wizard->m_certificateView->setWordWrap(false);
        layout->addWidget(wizard->m_certificateView);
        auto* buttons = new QHBoxLayout;
        wizard->m_addButton = new QPushButton(DownloadWizard::tr("&Add Certificates…"), this);
        wizard->m_addButton->setObjectName(QStringLiteral("addCertificatesButton"));
        wizard->m_removeButton = new QPushButton(DownloadWizard::tr("&Remove"), this);
        wizard->m_removeButton->setObjectName(QStringLiteral("removeCertificateButton"));
        wizard->m_removeButton->setEnabled(false);
        buttons->addWidget(wizard->m_addButton);
        buttons->addWidget(wizard->m_removeButton);
        buttons->addStretch();
        layout->addLayout(buttons);
        wizard->m_certificateMessage = new InlineMessage(this);
        wizard->m_certificateMessage->setObjectName(QStringLiteral("certificateMessage"));
        layout->addWidget(wizard->m_certificateMessage);

        QObject::connect(wizard->m_addButton, &QPushButton::clicked, wizard,
                         [wizard] { wizard->chooseCertificateFiles(); });
        QObject::connect(wizard->m_removeButton, &QPushButton::clicked, wizard, [wizard] {
            const QModelIndexList rows = wizard->m_certificateView->selectionModel()->selectedRows();
            if (!rows.isEmpty())
                wizard->removeCertificate(rows.first().row());
        });
        QObject::connect(
            wizard->m_certificateView->selectionModel(), &QItemSelectionModel::selectionChanged, wizard, [wizard] {
                wizard->m_removeButton->setEnabled(wizard->m_certificateView->selectionModel()->hasSelection());
            });
        auto changed = [this] { Q_EMIT completeChanged(); };
        QObject::connect(wizard->m_certificates, &QAbstractItemModel::rowsInserted, this, changed);
        QObject::connect(wizard->m_certificates, &QAbstractItemModel::rowsRemoved, this, changed);
    }

    bool isComplete() const override
    {
        const int count = m_wizard->m_certificates->rowCount();
        return count >= kMinCustodians && count <= kMaxCustodians;
    }

    bool validatePage() override
    {
        QStringList holders;
        for (const auto& entry : m_wizard->m_certificates->entries())
            holders << entry.certificate.holder;
        m_wizard->recordStep(DownloadWizard::CertificatesPageId,
                             QStringLiteral("custodian certificates checked: %1 (%2)")
                                 .arg(holders.size())
                                 .arg(holders.join(QStringLiteral(", "))));
        return true;
    }

private:
    DownloadWizard* m_wizard;
};

// Page 2: M of N, and the witnesses the transcript names.
class DownloadQuorumPage : public QWizardPage
{
public:
    explicit DownloadQuorumPage(DownloadWizard* wizard) : m_wizard(wizard)
    {
        setObjectName(QStringLiteral("quorumPage"));
        setTitle(DownloadWizard::tr("Quorum and witnesses"));
        setSubTitle(DownloadWizard::tr("How many custodians must come together to restore the domain key, and who "
                                       "watches the ceremony."));
        auto* layout = new QFormLayout(this);
        wizard->m_quorumSpin = new QSpinBox(this);
        wizard->m_quorumSpin->setObjectName(QStringLiteral("quorumSpinBox"));
        layout->addRow(DownloadWizard::tr("&Quorum (M):"), wizard->m_quorumSpin);
        wizard->m_quorumExplanation = wrappedLabel(QString(), this);
        wizard->m_quorumExplanation->setObjectName(QStringLiteral("quorumExplanationLabel"));
        layout->addRow(QString(), wizard->m_quorumExplanation);
        wizard->m_witnessesEdit = new QPlainTextEdit(this);
        wizard->m_witnessesEdit->setObjectName(QStringLiteral("witnessesEdit"));
        wizard->m_witnessesEdit->setPlaceholderText(DownloadWizard::tr("One name per line"));
        wizard->m_witnessesEdit->setTabChangesFocus(true);
        layout->addRow(DownloadWizard::tr("&Witnesses:"), wizard->m_witnessesEdit);
        QObject::connect(wizard->m_quorumSpin, &QSpinBox::valueChanged, this, [this] { explain(); });
    }

    void initializePage() override
    {
        const int count = m_wizard->m_certificates->rowCount();
        m_wizard->m_quorumSpin->setRange(2, count);
        if (m_wizard->m_quorumDefaultFor != count) {
            m_wizard->m_quorumSpin->setValue(DownloadWizard::defaultQuorum(count));
            m_wizard->m_quorumDefaultFor = count;
        }
        explain();
    }

    bool validatePage() override
    {
        const QStringList witnesses = m_wizard->witnesses();
        m_wizard->recordStep(
            DownloadWizard::QuorumPageId,
            QStringLiteral("quorum chosen: %1 of %2; witnesses: %3")
                .arg(m_wizard->quorum())
                .arg(m_wizard->m_certificates->rowCount())
                .arg(witnesses.isEmpty() ? QStringLiteral("none") : witnesses.join(QStringLiteral(", "))));
        return true;
    }

private:
    void explain()
    {
        const int m = m_wizard->m_quorumSpin->value();
        const int n = m_wizard->m_certificates->rowCount();
        m_wizard->m_quorumExplanation->setText(
            DownloadWizard::tr("Any %1 of the %2 custodians together can restore the domain key; %3 cannot. Up to %4 "
                               "custodians may be lost or unavailable.")
                .arg(m)
                .arg(n)
                .arg(m - 1)
                .arg(n - m));
    }

    DownloadWizard* m_wizard;
};

// Page 3: what will happen, and where the file goes.
class DownloadReviewPage : public QWizardPage
{
public:
    explicit DownloadReviewPage(DownloadWizard* wizard) : m_wizard(wizard)
    {
        setObjectName(QStringLiteral("reviewPage"));
        setTitle(DownloadWizard::tr("Review"));
        auto* layout = new QVBoxLayout(this);
        wizard->m_reviewLabel = wrappedLabel(QString(), this);
        wizard->m_reviewLabel->setObjectName(QStringLiteral("reviewLabel"));
        wizard->m_reviewLabel->setTextFormat(Qt::RichText);
        layout->addWidget(wizard->m_reviewLabel);
        auto* row = new QHBoxLayout;
        auto* label = new QLabel(DownloadWizard::tr("Security-domain &file:"), this);
        wizard->m_destinationEdit = new QLineEdit(this);
        wizard->m_destinationEdit->setObjectName(QStringLiteral("destinationEdit"));
        label->setBuddy(wizard->m_destinationEdit);
        auto* browse = new QPushButton(DownloadWizard::tr("&Browse…"), this);
        browse->setObjectName(QStringLiteral("browseDestinationButton"));
        row->addWidget(label);
        row->addWidget(wizard->m_destinationEdit, 1);
        row->addWidget(browse);
        layout->addLayout(row);
        wizard->m_destinationMessage = new InlineMessage(this);
        wizard->m_destinationMessage->setObjectName(QStringLiteral("destinationMessage"));
        layout->addWidget(wizard->m_destinationMessage);
        layout->addStretch();
        QObject::connect(browse, &QPushButton::clicked, wizard, [wizard] { wizard->chooseDestination(); });
        QObject::connect(wizard->m_destinationEdit, &QLineEdit::textChanged, this, [this] {
            checkDestination();
            Q_EMIT completeChanged();
        });
        setButtonText(QWizard::NextButton, wizard->mode() == DownloadWizard::Mode::Rotate
                                               ? DownloadWizard::tr("&Rotate")
                                               : DownloadWizard::tr("&Download"));
    }

    void initializePage() override
    {
        const int n = m_wizard->m_certificates->rowCount();
        QStringList holders;
        for (const auto& entry : m_wizard->m_certificates->entries())
            holders << entry.certificate.holder.toHtmlEscaped();
        const QStringList witnesses = m_wizard->witnesses();
        QString text;
        if (m_wizard->mode() == DownloadWizard::Mode::Rotate)
            text += DownloadWizard::tr("<p>Custos makes a <b>new domain key</b>. Keys, backups and files made from now "
                                       "on are wrapped under it; the current one is retired and kept in the token "
                                       "so that older backups still restore.</p>");
        text += DownloadWizard::tr("<p>Custos makes a fresh master secret, wraps the domain key under a key derived "
                                   "from it, and splits the secret into %1 shares, each encrypted to one custodian: "
                                   "%2. <b>Any %3 of them</b> can restore the domain key.</p>")
                    .arg(n)
                    .arg(holders.join(QStringLiteral(", ")))
                    .arg(m_wizard->quorum());
        text += DownloadWizard::tr("<p>Witnesses: %1.</p>")
                    .arg(witnesses.isEmpty() ? DownloadWizard::tr("none")
                                             : witnesses.join(QStringLiteral(", ")).toHtmlEscaped());
        text += DownloadWizard::tr("<p>The master secret and the domain key exist only in secure memory during this "
                                   "step and are never shown or written in the clear. The file, its SHA-256 and the "
                                   "custodians' thumbprints are recorded in the audit trail.</p>");
        m_wizard->m_reviewLabel->setText(text);
        if (m_wizard->m_destinationEdit->text().isEmpty()) {
            const QString folder = QStandardPaths::writableLocation(QStandardPaths::DocumentsLocation);
            m_wizard->m_destinationEdit->setText(QDir::toNativeSeparators(
                QDir(folder).filePath(QStringLiteral("security-domain-%1.json")
                                          .arg(QDate::currentDate().toString(QStringLiteral("yyyyMMdd"))))));
        }
        checkDestination();
    }

    bool isComplete() const override { return problem().isEmpty(); }

    bool validatePage() override
    {
        m_wizard->recordStep(
            DownloadWizard::ReviewPageId,
            QStringLiteral("ceremony reviewed; file to be written to %1").arg(m_wizard->destination()));
        return true;
    }

private:
    QString problem() const
    {
        const QString path = m_wizard->destination();
        if (path.isEmpty())
            return DownloadWizard::tr("Choose where to save the security-domain file.");
        const QFileInfo info(path);
        if (info.isDir())
            return DownloadWizard::tr("%1 is a folder: name a file in it.").arg(QDir::toNativeSeparators(path));
        if (!info.absoluteDir().exists())
            return DownloadWizard::tr("The folder %1 does not exist.")
                .arg(QDir::toNativeSeparators(info.absolutePath()));
        return {};
    }

    void checkDestination()
    {
        const QString error = problem();
        if (!error.isEmpty())
            m_wizard->m_destinationMessage->showError(error);
        else if (QFileInfo::exists(m_wizard->destination()))
            m_wizard->m_destinationMessage->showHint(DownloadWizard::tr("The file exists and will be replaced."));
        else
            m_wizard->m_destinationMessage->clearMessage();
    }

    DownloadWizard* m_wizard;
};

// Page 4: the ceremony itself, on the service thread. Cancel and Back are off while it runs.
class DownloadRunPage : public QWizardPage
{
public:
    explicit DownloadRunPage(DownloadWizard* wizard) : m_wizard(wizard)
    {
        setObjectName(QStringLiteral("runPage"));
        setTitle(wizard->mode() == DownloadWizard::Mode::Rotate
                     ? DownloadWizard::tr("Rotating the domain key")
                     : DownloadWizard::tr("Downloading the security domain"));
        setCommitPage(true);
        setButtonText(QWizard::CommitButton, DownloadWizard::tr("&Continue"));
        auto* layout = new QVBoxLayout(this);
        wizard->m_runLabel = wrappedLabel(QString(), this);
        wizard->m_runLabel->setObjectName(QStringLiteral("runLabel"));
        layout->addWidget(wizard->m_runLabel);
        wizard->m_progress = new QProgressBar(this);
        wizard->m_progress->setObjectName(QStringLiteral("runProgressBar"));
        wizard->m_progress->setRange(0, 0);
        wizard->m_progress->setTextVisible(false);
        layout->addWidget(wizard->m_progress);
        wizard->m_runMessage = new InlineMessage(this);
        wizard->m_runMessage->setObjectName(QStringLiteral("runMessage"));
        layout->addWidget(wizard->m_runMessage);
        layout->addStretch();
    }

    void initializePage() override { m_wizard->run(); }
    bool isComplete() const override { return !m_wizard->m_running && m_wizard->m_result.has_value(); }
    void changed() { Q_EMIT completeChanged(); }

private:
    DownloadWizard* m_wizard;
};

// Page 5: what was made, and the transcript.
class DownloadResultPage : public QWizardPage
{
public:
    explicit DownloadResultPage(DownloadWizard* wizard)
    {
        setObjectName(QStringLiteral("resultPage"));
        setTitle(DownloadWizard::tr("Done"));
        auto* layout = new QVBoxLayout(this);
        wizard->m_resultLabel = wrappedLabel(QString(), this);
        wizard->m_resultLabel->setObjectName(QStringLiteral("resultLabel"));
        wizard->m_resultLabel->setTextFormat(Qt::RichText);
        wizard->m_resultLabel->setTextInteractionFlags(Qt::TextSelectableByMouse);
        layout->addWidget(wizard->m_resultLabel);
        wizard->m_supersededLabel = wrappedLabel(QString(), this);
        wizard->m_supersededLabel->setObjectName(QStringLiteral("resultSupersededLabel"));
        wizard->m_supersededLabel->setVisible(false);
        layout->addWidget(wizard->m_supersededLabel);
        auto* buttons = new QHBoxLayout;
        auto* save = new QPushButton(DownloadWizard::tr("Save &Transcript…"), this);
        save->setObjectName(QStringLiteral("saveTranscriptButton"));
        auto* pdf = new QPushButton(DownloadWizard::tr("Save Transcript as &PDF…"), this);
        pdf->setObjectName(QStringLiteral("saveTranscriptPdfButton"));
        auto* print = new QPushButton(DownloadWizard::tr("Pri&nt Transcript…"), this);
        print->setObjectName(QStringLiteral("printTranscriptButton"));
        buttons->addWidget(save);
        buttons->addWidget(pdf);
        buttons->addWidget(print);
        buttons->addStretch();
        layout->addLayout(buttons);
        wizard->m_transcriptMessage = new InlineMessage(this);
        wizard->m_transcriptMessage->setObjectName(QStringLiteral("transcriptMessage"));
        layout->addWidget(wizard->m_transcriptMessage);
        layout->addStretch();
        QObject::connect(save, &QPushButton::clicked, wizard, [wizard] { wizard->chooseTranscriptPath(false); });
        QObject::connect(pdf, &QPushButton::clicked, wizard, [wizard] { wizard->chooseTranscriptPath(true); });
        QObject::connect(print, &QPushButton::clicked, wizard, [wizard] { wizard->printTranscript(); });
    }
};

DownloadWizard::DownloadWizard(model::ServiceHost& host, Mode mode, QWidget* parent)
    : QWizard(parent), m_host(host), m_mode(mode)
{
    setObjectName(mode == Mode::Rotate ? QStringLiteral("rotateWizard") : QStringLiteral("downloadWizard"));
    setWindowTitle(mode == Mode::Rotate ? tr("Rotate the Domain Key") : tr("Download the Security Domain"));
    setWizardStyle(QWizard::ModernStyle);
    setOption(QWizard::NoCancelButtonOnLastPage);
    setOption(QWizard::NoBackButtonOnLastPage);
    setWindowModality(Qt::WindowModal);
    m_certificates = new CustodianCertificateModel(this);
    setPage(CertificatesPageId, new DownloadCertificatesPage(this));
    setPage(QuorumPageId, new DownloadQuorumPage(this));
    setPage(ReviewPageId, new DownloadReviewPage(this));
    setPage(RunPageId, new DownloadRunPage(this));
    setPage(ResultPageId, new DownloadResultPage(this));
    setStartId(CertificatesPageId);
    resize(760, 520);
}

DownloadWizard::~DownloadWizard() = default;

Outcome<void> DownloadWizard::addCertificateFile(const QString& path)
{
    const QString shown = QDir::toNativeSeparators(path);
    auto fail = [this](Error error) -> Outcome<void> {
        m_certificateMessage->showError(error.message);
        return error;
    };
    if (m_certificates->rowCount() >= kMaxCustodians)
        return fail(makeError(ErrorKind::Invalid,
                              tr("%1: a security domain has at most %2 custodians").arg(shown).arg(kMaxCustodians)));
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return fail(makeError(ErrorKind::Invalid, tr("cannot read %1: %2").arg(shown, file.errorString())));
    auto certificate = crypto::sd::readCustodianCertificate(file.readAll());
    if (!certificate)
        return fail(makeError(ErrorKind::Invalid, tr("%1: %2").arg(shown, certificate.error().message)));
    const QString duplicate = m_certificates->duplicateOf(certificate->x5t256);
    if (!duplicate.isEmpty())
        return fail(makeError(ErrorKind::Conflict,
                              tr("%1 is the certificate of %2, which is in the list already").arg(shown, duplicate)));
    const QString note = CustodianCertificateModel::expiryNote(certificate->notAfter);
    m_certificates->append({certificate.value(), path});
    if (!note.isEmpty())
        m_certificateMessage->showHint(tr("The certificate of %1 %2.").arg(certificate->holder, note));
    else
        m_certificateMessage->clearMessage();
    return {};
}

void DownloadWizard::removeCertificate(int row)
{
    m_certificates->removeAt(row);
    m_certificateMessage->clearMessage();
}

int DownloadWizard::quorum() const
{
    return m_quorumSpin->value();
}

QStringList DownloadWizard::witnesses() const
{
    QStringList names;
    const QStringList lines = m_witnessesEdit->toPlainText().split(QLatin1Char('\n'));
    for (const QString& line : lines) {
        if (!line.trimmed().isEmpty())
            names << line.trimmed();
    }
    return names;
}

QString DownloadWizard::destination() const
{
    return QDir::fromNativeSeparators(m_destinationEdit->text().trimmed());
}

void DownloadWizard::setDestination(const QString& path)
{
    m_destinationEdit->setText(QDir::toNativeSeparators(path));
}

void DownloadWizard::recordStep(PageId page, const QString& step, const QString& result)
{
    m_steps.insert(page, model::CeremonyStep{QDateTime::currentDateTimeUtc(), step, result});
}

model::SecurityDomainDownloadRequest DownloadWizard::request() const
{
    model::SecurityDomainDownloadRequest request;
    for (const auto& entry : m_certificates->entries())
        request.certificates << entry.certificate.der;
    request.quorum = quorum();
    request.witnesses = witnesses();
    request.steps = m_steps.values();
    request.outPath = destination();
    return request;
}

void DownloadWizard::chooseCertificateFiles()
{
    auto* dialog = new QFileDialog(this, tr("Add Custodian Certificates"));
    dialog->setObjectName(QStringLiteral("certificateFileDialog"));
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    dialog->setFileMode(QFileDialog::ExistingFiles);
    dialog->setNameFilters({tr("Certificates (*.cer *.crt *.pem *.der)"), tr("All files (*)")});
    connect(dialog, &QFileDialog::filesSelected, this, [this](const QStringList& files) {
        for (const QString& file : files) {
            if (!addCertificateFile(file))
                break; // the first problem stays on screen
        }
    });
    dialog->open();
}

void DownloadWizard::chooseDestination()
{
    auto* dialog = new QFileDialog(this, tr("Save the Security-Domain File"));
    dialog->setObjectName(QStringLiteral("destinationFileDialog"));
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    dialog->setAcceptMode(QFileDialog::AcceptSave);
    dialog->setDefaultSuffix(QStringLiteral("json"));
    dialog->setNameFilters({tr("Security-domain files (*.json)"), tr("All files (*)")});
    if (!destination().isEmpty())
        dialog->selectFile(destination());
    connect(dialog, &QFileDialog::fileSelected, this, [this](const QString& file) { setDestination(file); });
    dialog->open();
}

QCoro::Task<> DownloadWizard::run()
{
    QPointer<DownloadWizard> guard(this);
    auto* page = static_cast<DownloadRunPage*>(this->page(RunPageId));
    m_running = true;
    m_result.reset();
    m_runMessage->clearMessage();
    m_progress->setVisible(true);
    m_runLabel->setText(
        m_mode == Mode::Rotate
            ? tr("Making a new domain key and the file for %n custodian(s)…", nullptr, m_certificates->rowCount())
            : tr("Making the security-domain file for %n custodian(s)…", nullptr, m_certificates->rowCount()));
    page->changed();
    button(QWizard::CancelButton)->setEnabled(false);
    button(QWizard::BackButton)->setEnabled(false);

    const model::SecurityDomainDownloadRequest request = this->request();
    const bool rotate = m_mode == Mode::Rotate;
    auto task = m_host.call([request, rotate](model::Services& services) {
        return rotate ? services.securityDomain().rotate(request) : services.securityDomain().download(request);
    });
    auto outcome = co_await task;
    if (!guard)
        co_return;
    m_running = false;
    m_progress->setVisible(false);
    button(QWizard::CancelButton)->setEnabled(true);
    if (!outcome) {
        m_runLabel->setText(tr("Nothing was written or recorded. Go back to change the ceremony, or cancel."));
        m_runMessage->showError(tr("The ceremony failed: %1").arg(outcome.error().message));
        page->changed();
        button(QWizard::BackButton)->setEnabled(true);
        co_return;
    }
    m_result = std::move(outcome.value());
    const auto& result = *m_result;
    QString custodians;
    for (const auto& custodian : result.custodians)
        custodians +=
            QStringLiteral("<li>%1 — <tt>%2</tt></li>").arg(custodian.holder.toHtmlEscaped(), custodian.x5t256);
    QString text;
    if (result.rotated)
        text += tr("<p>A new domain key is active; the previous one is retired and still opens older backups.</p>");
    text += tr("<p>The security-domain file was written to <b>%1</b>.</p>")
                .arg(QDir::toNativeSeparators(destination()).toHtmlEscaped());
    text += tr("<p>SHA-256 of the file:<br><tt>%1</tt></p>").arg(result.fileSha256);
    text += tr("<p>Quorum: <b>%1 of %2</b> custodians.</p><ul>%3</ul>")
                .arg(result.required)
                .arg(result.custodians.size())
                .arg(custodians);
    text += tr("<p>Domain key ID: <tt>%1</tt> (the key itself never leaves secure memory unwrapped).</p>")
                .arg(result.domainKeyId.toHtmlEscaped());
    text += tr("<p>Save the transcript (signed JSON) and print it for the paper file: its SHA-256 is "
               "<tt>%1</tt>.</p>")
                .arg(result.transcript.sha256);
    m_resultLabel->setText(text);
    m_supersededLabel->setText(tr("The previous custodian set is superseded. Files made for earlier custodian sets "
                                  "still open with their old shares. Rotate the domain key so that new backups need "
                                  "the new custodians."));
    m_supersededLabel->setVisible(result.supersededPrevious && !result.rotated);
    page->changed();
    Q_EMIT completed();
    next();
}

Outcome<void> DownloadWizard::saveTranscript(const QString& path)
{
    if (!m_result)
        return makeError(ErrorKind::Conflict, tr("no ceremony has run yet"));
    if (auto written = writeFile(path, m_result->transcript.json); !written)
        return written;
    return writeFile(path + QStringLiteral(".sig"), m_result->transcript.signature);
}

Outcome<void> DownloadWizard::saveTranscriptPdf(const QString& path)
{
    if (!m_result)
        return makeError(ErrorKind::Conflict, tr("no ceremony has run yet"));
    QString error;
    if (!TranscriptPdf::write(m_result->transcript, path, &error))
        return makeError(ErrorKind::Failed, error);
    return {};
}

void DownloadWizard::reportTranscriptSave(const Outcome<void>& saved, const QString& path)
{
    if (saved)
        m_transcriptMessage->showHint(tr("Saved %1.").arg(QDir::toNativeSeparators(path)));
    else
        m_transcriptMessage->showError(saved.error().message);
}

void DownloadWizard::chooseTranscriptPath(bool pdf)
{
    auto* dialog = new QFileDialog(this, pdf ? tr("Save the Transcript as PDF") : tr("Save the Transcript"));
    dialog->setObjectName(QStringLiteral("transcriptFileDialog"));
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    dialog->setAcceptMode(QFileDialog::AcceptSave);
    dialog->setDefaultSuffix(pdf ? QStringLiteral("pdf") : QStringLiteral("json"));
    dialog->setNameFilters({pdf ? tr("PDF files (*.pdf)") : tr("Transcripts (*.json)"), tr("All files (*)")});
    const QFileInfo file(destination());
    dialog->selectFile(file.absoluteDir().filePath(
        file.completeBaseName() + (pdf ? QStringLiteral("-transcript.pdf") : QStringLiteral("-transcript.json"))));
    connect(dialog, &QFileDialog::fileSelected, this, [this, pdf](const QString& path) {
        reportTranscriptSave(pdf ? saveTranscriptPdf(path) : saveTranscript(path), path);
    });
    dialog->open();
}

void DownloadWizard::printTranscript()
{
    if (!m_result)
        return;
    auto printer = std::make_shared<QPrinter>(QPrinter::HighResolution);
    auto* dialog = new QPrintDialog(printer.get(), this);
    dialog->setObjectName(QStringLiteral("transcriptPrintDialog"));
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    connect(dialog, &QDialog::accepted, this,
            [this, printer] { TranscriptPdf::render(m_result->transcript, printer.get()); });
    dialog->open();
}

void DownloadWizard::reject()
{
    if (m_running)
        return;
    QWizard::reject();
}

} // namespace custos::ui
