#include "ActivationWizard.h"

#include "TranscriptPdf.h"
#include "crypto/sd/CustodianKey.h"
#include "model/services/Services.h"
#include "model/session/ServiceHost.h"
#include "ui/security/SecretLineEdit.h"
#include "ui/security/SecretText.h"
#include "ui/widgets/InlineMessage.h"

#include <QCoro/QCoroFuture>
#include <QDir>
#include <QFile>
#include <QFileDialog>
#include <QFileInfo>
#include <QGridLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPointer>
#include <QProgressBar>
#include <QPushButton>
#include <QRadioButton>
#include <QSaveFile>
#include <QStandardPaths>
#include <QTimer>
#include <QVBoxLayout>
#include <QWizardPage>
#include <QtConcurrent>

namespace custos::ui {

namespace {
QLabel* wrapped(const QString& text, QWidget* parent)
{
    auto* label = new QLabel(text, parent);
    label->setWordWrap(true);
    return label;
}

// A passphrase field: no echo, and no accessible text of its value.
QLineEdit* secretEdit(QWidget* parent, const QString& name, const QString& accessibleName)
{
    auto* edit = new SecretLineEdit(parent);
    edit->setObjectName(name);
    edit->setAccessibleName(accessibleName);
    return edit;
}
} // namespace

class ActivationIntroPage : public QWizardPage
{
public:
    explicit ActivationIntroPage(ActivationWizard* wizard) : m_wizard(wizard)
    {
        setObjectName(QStringLiteral("activationIntroPage"));
        setTitle(ActivationWizard::tr("Activate this workspace"));
        auto* layout = new QVBoxLayout(this);
        auto* first = wrapped(
            ActivationWizard::tr("Custos keeps every key under a domain key inside its token. The security domain "
                                 "is a backup of that domain key, split among custodians: any M of the N custodians "
                                 "together can restore it into a new workspace, fewer cannot. Nobody, you included, "
                                 "ever sees the domain key."),
            this);
        first->setObjectName(QStringLiteral("activationExplanation"));
        layout->addWidget(first);
        layout->addWidget(wrapped(
            ActivationWizard::tr("Until its security domain has been downloaded, this workspace is not "
                                 "activated: creating and importing keys is refused, as in Azure Managed HSM, so "
                                 "that no key exists that a lost token would take with it."),
            this));
        layout->addSpacing(12);
        wizard->m_certificatesRadio =
            new QRadioButton(ActivationWizard::tr("I have &custodian certificates (3 to 10, one per custodian)"), this);
        wizard->m_certificatesRadio->setObjectName(QStringLiteral("certificatesRadio"));
        wizard->m_soloRadio =
            new QRadioButton(ActivationWizard::tr("&Solo trial: make three custodian key files for me"), this);
        wizard->m_soloRadio->setObjectName(QStringLiteral("soloRadio"));
        layout->addWidget(wizard->m_certificatesRadio);
        layout->addWidget(wizard->m_soloRadio);
        auto* soloNote = wrapped(ActivationWizard::tr("The solo trial makes three passphrase-protected key files and "
                                                      "a security-domain file that any two of them restore. Fine to "
                                                      "try Custos; for production keys, download again for real "
                                                      "custodians and rotate."),
                                 this);
        soloNote->setContentsMargins(24, 0, 0, 0);
        layout->addWidget(soloNote);
        layout->addStretch();
        m_nextText = wizard->buttonText(QWizard::NextButton);
        auto changed = [this] {
            // With certificates, Next hands over to the download wizard.
            setButtonText(QWizard::NextButton, m_wizard->choice() == ActivationWizard::Choice::Certificates
                                                   ? ActivationWizard::tr("&Continue")
                                                   : m_nextText);
            Q_EMIT completeChanged();
        };
        QObject::connect(wizard->m_certificatesRadio, &QRadioButton::toggled, this, changed);
        QObject::connect(wizard->m_soloRadio, &QRadioButton::toggled, this, changed);
    }

    bool isComplete() const override { return m_wizard->choice() != ActivationWizard::Choice::None; }

    bool validatePage() override
    {
        if (m_wizard->choice() != ActivationWizard::Choice::Certificates)
            return true;
        // Not a page of this wizard: close it (accept() asks for the download wizard).
        QTimer::singleShot(0, m_wizard, [wizard = m_wizard] { wizard->accept(); });
        return false;
    }

private:
    ActivationWizard* m_wizard;
    QString m_nextText; // the style's own "Next"
};

class ActivationFolderPage : public QWizardPage
{
public:
    explicit ActivationFolderPage(ActivationWizard* wizard) : m_wizard(wizard)
    {
        setObjectName(QStringLiteral("activationFolderPage"));
        setTitle(ActivationWizard::tr("Folder and custodians"));
        setSubTitle(ActivationWizard::tr("Custos writes three custodian key files, their certificates and the "
                                         "security-domain file into this folder."));
        auto* layout = new QGridLayout(this);
        auto* folderLabel = new QLabel(ActivationWizard::tr("&Folder:"), this);
        wizard->m_folderEdit = new QLineEdit(this);
        wizard->m_folderEdit->setObjectName(QStringLiteral("soloFolderEdit"));
        folderLabel->setBuddy(wizard->m_folderEdit);
        auto* browse = new QPushButton(ActivationWizard::tr("&Browse…"), this);
        browse->setObjectName(QStringLiteral("soloFolderBrowseButton"));
        layout->addWidget(folderLabel, 0, 0);
        layout->addWidget(wizard->m_folderEdit, 0, 1);
        layout->addWidget(browse, 0, 2);
        for (int i = 0; i < ActivationWizard::kCustodians; ++i) {
            auto* label = new QLabel(ActivationWizard::tr("Custodian &%1:").arg(i + 1), this);
            auto* edit = new QLineEdit(ActivationWizard::tr("Custodian %1").arg(i + 1), this);
            edit->setObjectName(QStringLiteral("holderEdit%1").arg(i + 1));
            label->setBuddy(edit);
            wizard->m_holderEdits[i] = edit;
            layout->addWidget(label, i + 1, 0);
            layout->addWidget(edit, i + 1, 1, 1, 2);
            QObject::connect(edit, &QLineEdit::textChanged, this, [this] { check(); });
        }
        wizard->m_folderMessage = new InlineMessage(this);
        wizard->m_folderMessage->setObjectName(QStringLiteral("soloFolderMessage"));
        layout->addWidget(wizard->m_folderMessage, ActivationWizard::kCustodians + 1, 0, 1, 3);
        layout->setRowStretch(ActivationWizard::kCustodians + 2, 1);
        QObject::connect(wizard->m_folderEdit, &QLineEdit::textChanged, this, [this] { check(); });
        QObject::connect(browse, &QPushButton::clicked, wizard, [wizard] { wizard->chooseFolder(); });
    }

    void initializePage() override
    {
        if (m_wizard->m_folderEdit->text().isEmpty()) {
            const QString documents = QStandardPaths::writableLocation(QStandardPaths::DocumentsLocation);
            m_wizard->m_folderEdit->setText(
                QDir::toNativeSeparators(QDir(documents).filePath(QStringLiteral("Custos security domain"))));
        }
        check();
    }

    bool isComplete() const override { return problem().isEmpty(); }

    bool validatePage() override
    {
        m_wizard->m_steps.append({QDateTime::currentDateTimeUtc(),
                                  QStringLiteral("solo trial: folder %1, holders %2")
                                      .arg(m_wizard->folder(), m_wizard->holders().join(QStringLiteral(", "))),
                                  QStringLiteral("Success")});
        return true;
    }

private:
    QString problem() const
    {
        const QString path = m_wizard->folder();
        if (path.isEmpty())
            return ActivationWizard::tr("Choose a folder for the key files.");
        const QFileInfo info(path);
        if (info.exists() && !info.isDir())
            return ActivationWizard::tr("%1 is a file, not a folder.").arg(QDir::toNativeSeparators(path));
        if (!info.exists() && !QFileInfo(info.absolutePath()).isDir())
            return ActivationWizard::tr("The folder %1 does not exist.")
                .arg(QDir::toNativeSeparators(info.absolutePath()));
        QStringList names;
        for (int i = 0; i < ActivationWizard::kCustodians; ++i)
            names << ActivationWizard::keyFileName(i) << ActivationWizard::certificateFileName(i);
        names << ActivationWizard::securityDomainFileName();
        for (const QString& name : std::as_const(names)) {
            if (QFileInfo::exists(QDir(path).filePath(name)))
                return ActivationWizard::tr("%1 already holds %2: choose an empty folder so that nothing is "
                                            "overwritten.")
                    .arg(QDir::toNativeSeparators(path), name);
        }
        const QStringList holders = m_wizard->holders();
        for (int i = 0; i < holders.size(); ++i) {
            if (holders.at(i).isEmpty())
                return ActivationWizard::tr("Name custodian %1.").arg(i + 1);
            if (holders.indexOf(holders.at(i)) != i)
                return ActivationWizard::tr("Two custodians are named %1: give each a name of their own.")
                    .arg(holders.at(i));
        }
        return {};
    }

    void check()
    {
        const QString error = problem();
        if (error.isEmpty())
            m_wizard->m_folderMessage->clearMessage();
        else
            m_wizard->m_folderMessage->showError(error);
        Q_EMIT completeChanged();
    }

    ActivationWizard* m_wizard;
};

class ActivationPassphrasePage : public QWizardPage
{
public:
    explicit ActivationPassphrasePage(ActivationWizard* wizard) : m_wizard(wizard)
    {
        setObjectName(QStringLiteral("activationPassphrasePage"));
        setTitle(ActivationWizard::tr("Passphrases"));
        setSubTitle(ActivationWizard::tr("Each key file is encrypted with its own passphrase. Whoever holds a key "
                                         "file needs its passphrase to take part in a restore."));
        auto* layout = new QGridLayout(this);
        layout->addWidget(new QLabel(ActivationWizard::tr("Passphrase"), this), 0, 1);
        layout->addWidget(new QLabel(ActivationWizard::tr("Again"), this), 0, 2);
        for (int i = 0; i < ActivationWizard::kCustodians; ++i) {
            m_holderLabels[i] = new QLabel(this);
            wizard->m_passphraseEdits[i] = secretEdit(this, QStringLiteral("passphraseEdit%1").arg(i + 1),
                                                      ActivationWizard::tr("Passphrase for custodian %1").arg(i + 1));
            wizard->m_confirmEdits[i] =
                secretEdit(this, QStringLiteral("confirmEdit%1").arg(i + 1),
                           ActivationWizard::tr("Passphrase for custodian %1 again").arg(i + 1));
            layout->addWidget(m_holderLabels[i], i + 1, 0);
            layout->addWidget(wizard->m_passphraseEdits[i], i + 1, 1);
            layout->addWidget(wizard->m_confirmEdits[i], i + 1, 2);
            QObject::connect(wizard->m_passphraseEdits[i], &QLineEdit::textChanged, this, [this] { check(); });
            QObject::connect(wizard->m_confirmEdits[i], &QLineEdit::textChanged, this, [this] { check(); });
        }
        wizard->m_passphraseMessage = new InlineMessage(this);
        wizard->m_passphraseMessage->setObjectName(QStringLiteral("passphraseMessage"));
        layout->addWidget(wizard->m_passphraseMessage, ActivationWizard::kCustodians + 1, 0, 1, 3);
        layout->setRowStretch(ActivationWizard::kCustodians + 2, 1);
    }

    void initializePage() override
    {
        const QStringList holders = m_wizard->holders();
        for (int i = 0; i < ActivationWizard::kCustodians; ++i)
            m_holderLabels[i]->setText(holders.value(i));
        m_wizard->wipePassphrases(); // a second visit starts empty
        check();
    }

    // Back: the passphrases typed here go.
    void cleanupPage() override { m_wizard->wipePassphrases(); }

    bool isComplete() const override { return problem().isEmpty(); }

    bool validatePage() override
    {
        for (int i = 0; i < ActivationWizard::kCustodians; ++i) {
            m_wizard->m_passphrases[i] =
                std::make_shared<crypto::SecureBuffer>(takeSecret(m_wizard->m_passphraseEdits[i]));
            m_wizard->m_confirmEdits[i]->clear();
        }
        m_wizard->m_steps.append(
            {QDateTime::currentDateTimeUtc(),
             QStringLiteral("solo trial: passphrases entered for %1 key files").arg(ActivationWizard::kCustodians),
             QStringLiteral("Success")});
        return true;
    }

private:
    QString problem() const
    {
        for (int i = 0; i < ActivationWizard::kCustodians; ++i) {
            const QLineEdit* edit = m_wizard->m_passphraseEdits[i];
            const QLineEdit* confirm = m_wizard->m_confirmEdits[i];
            const QString holder = m_holderLabels[i]->text();
            if (edit->text().isEmpty())
                return ActivationWizard::tr("Enter a passphrase for %1.").arg(holder);
            if (edit->text().size() < ActivationWizard::kMinPassphraseLength)
                return ActivationWizard::tr("The passphrase for %1 is too short: at least %2 characters.")
                    .arg(holder)
                    .arg(ActivationWizard::kMinPassphraseLength);
            const crypto::SecureBuffer first = copySecret(edit);
            const crypto::SecureBuffer second = copySecret(confirm);
            if (!first.equals(second))
                return ActivationWizard::tr("The two passphrases for %1 differ.").arg(holder);
        }
        return {};
    }

    void check()
    {
        const QString error = problem();
        if (error.isEmpty())
            m_wizard->m_passphraseMessage->showHint(
                ActivationWizard::tr("Write each passphrase down and keep it apart from its key file."));
        else
            m_wizard->m_passphraseMessage->showError(error);
        Q_EMIT completeChanged();
    }

    ActivationWizard* m_wizard;
    std::array<QLabel*, ActivationWizard::kCustodians> m_holderLabels{};
};

class ActivationRunPage : public QWizardPage
{
public:
    explicit ActivationRunPage(ActivationWizard* wizard) : m_wizard(wizard)
    {
        setObjectName(QStringLiteral("activationRunPage"));
        setTitle(ActivationWizard::tr("Making the custodians and the security domain"));
        setCommitPage(true);
        setButtonText(QWizard::CommitButton, ActivationWizard::tr("&Continue"));
        auto* layout = new QVBoxLayout(this);
        wizard->m_runLabel = wrapped(QString(), this);
        wizard->m_runLabel->setObjectName(QStringLiteral("activationRunLabel"));
        layout->addWidget(wizard->m_runLabel);
        wizard->m_progress = new QProgressBar(this);
        wizard->m_progress->setObjectName(QStringLiteral("activationProgressBar"));
        wizard->m_progress->setRange(0, 0);
        wizard->m_progress->setTextVisible(false);
        layout->addWidget(wizard->m_progress);
        wizard->m_runMessage = new InlineMessage(this);
        wizard->m_runMessage->setObjectName(QStringLiteral("activationRunMessage"));
        layout->addWidget(wizard->m_runMessage);
        layout->addStretch();
    }

    void initializePage() override { m_wizard->runSoloTrial(); }
    // Back after a failure: the passphrases are asked again.
    void cleanupPage() override { m_wizard->wipePassphrases(); }
    bool isComplete() const override { return !m_wizard->m_running && m_wizard->m_result.has_value(); }
    void changed() { Q_EMIT completeChanged(); }

private:
    ActivationWizard* m_wizard;
};

class ActivationDonePage : public QWizardPage
{
public:
    explicit ActivationDonePage(ActivationWizard* wizard)
    {
        setObjectName(QStringLiteral("activationDonePage"));
        setTitle(ActivationWizard::tr("Activated: what to keep where"));
        auto* layout = new QVBoxLayout(this);
        wizard->m_doneLabel = wrapped(QString(), this);
        wizard->m_doneLabel->setObjectName(QStringLiteral("activationDoneLabel"));
        wizard->m_doneLabel->setTextFormat(Qt::RichText);
        wizard->m_doneLabel->setTextInteractionFlags(Qt::TextSelectableByMouse);
        layout->addWidget(wizard->m_doneLabel);
        layout->addStretch();
    }
};

ActivationWizard::ActivationWizard(model::ServiceHost& host, QWidget* parent) : QWizard(parent), m_host(host)
{
    setObjectName(QStringLiteral("activationWizard"));
    setWindowTitle(tr("Activate the Workspace"));
    setWizardStyle(QWizard::ModernStyle);
    setOption(QWizard::NoCancelButtonOnLastPage);
    setOption(QWizard::NoBackButtonOnLastPage);
    setButtonText(QWizard::CancelButton, tr("&Later"));
    setWindowModality(Qt::WindowModal);
    setPage(IntroPageId, new ActivationIntroPage(this));
    setPage(FolderPageId, new ActivationFolderPage(this));
    setPage(PassphrasePageId, new ActivationPassphrasePage(this));
    setPage(RunPageId, new ActivationRunPage(this));
    setPage(DonePageId, new ActivationDonePage(this));
    setStartId(IntroPageId);
    resize(720, 520);
}

ActivationWizard::~ActivationWizard()
{
    wipePassphrases();
}

ActivationWizard::Choice ActivationWizard::choice() const
{
    if (m_certificatesRadio->isChecked())
        return Choice::Certificates;
    if (m_soloRadio->isChecked())
        return Choice::SoloTrial;
    return Choice::None;
}

QString ActivationWizard::folder() const
{
    return QDir::fromNativeSeparators(m_folderEdit->text().trimmed());
}

void ActivationWizard::setFolder(const QString& path)
{
    m_folderEdit->setText(QDir::toNativeSeparators(path));
}

QStringList ActivationWizard::holders() const
{
    QStringList names;
    for (const QLineEdit* edit : m_holderEdits)
        names << edit->text().trimmed();
    return names;
}

bool ActivationWizard::holdsPassphrases() const
{
    for (int i = 0; i < kCustodians; ++i) {
        if ((m_passphrases[i] && !m_passphrases[i]->isEmpty()) || !m_passphraseEdits[i]->text().isEmpty() ||
            !m_confirmEdits[i]->text().isEmpty())
            return true;
    }
    return false;
}

void ActivationWizard::wipePassphrases()
{
    for (int i = 0; i < kCustodians; ++i) {
        if (m_passphrases[i])
            m_passphrases[i]->clear();
        m_passphrases[i].reset();
        m_passphraseEdits[i]->clear();
        m_confirmEdits[i]->clear();
    }
}

void ActivationWizard::chooseFolder()
{
    auto* dialog = new QFileDialog(this, tr("Folder for the Custodian Key Files"));
    dialog->setObjectName(QStringLiteral("soloFolderDialog"));
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    dialog->setFileMode(QFileDialog::Directory);
    dialog->setOption(QFileDialog::ShowDirsOnly);
    connect(dialog, &QFileDialog::fileSelected, this, [this](const QString& path) { setFolder(path); });
    dialog->open();
}

void ActivationWizard::progress(const QString& text)
{
    m_runLabel->setText(text);
}

Outcome<void> ActivationWizard::writeFile(const QString& name, const QByteArray& bytes, bool privateFile)
{
    const QString path = QDir(folder()).filePath(name);
    QSaveFile file(path);
    if (!file.open(QIODevice::WriteOnly))
        return makeError(ErrorKind::Failed,
                         tr("cannot write %1: %2").arg(QDir::toNativeSeparators(path), file.errorString()));
    // A key file is readable by its owner only, from the start.
    if (privateFile)
        file.setPermissions(QFileDevice::ReadOwner | QFileDevice::WriteOwner);
    if (file.write(bytes) != bytes.size() || !file.commit())
        return makeError(ErrorKind::Failed,
                         tr("cannot write %1: %2").arg(QDir::toNativeSeparators(path), file.errorString()));
    m_written << path;
    return {};
}

void ActivationWizard::removeWritten()
{
    for (const QString& path : std::as_const(m_written))
        QFile::remove(path);
    m_written.clear();
}

QCoro::Task<> ActivationWizard::runSoloTrial()
{
    QPointer<ActivationWizard> guard(this);
    auto* page = static_cast<ActivationRunPage*>(this->page(RunPageId));
    m_running = true;
    m_result.reset();
    m_runMessage->clearMessage();
    m_progress->setVisible(true);
    page->changed();
    button(QWizard::CancelButton)->setEnabled(false);
    button(QWizard::BackButton)->setEnabled(false);
    auto fail = [&](const QString& message) {
        removeWritten();
        wipePassphrases();
        m_running = false;
        m_progress->setVisible(false);
        progress(tr("Nothing was kept. Go back to try again, or activate later."));
        m_runMessage->showError(message);
        page->changed();
        button(QWizard::CancelButton)->setEnabled(true);
        button(QWizard::BackButton)->setEnabled(true);
    };

    const QString dir = folder();
    if (!QDir().mkpath(dir)) {
        fail(tr("cannot create the folder %1").arg(QDir::toNativeSeparators(dir)));
        co_return;
    }

    // RSA key generation and the key files' KDF take seconds: off the GUI thread.
    progress(tr("Making %n custodian key file(s)…", nullptr, kCustodians));
    const QStringList names = holders();
    const auto passphrases = m_passphrases;
    const int bits = m_rsaBits;
    QFuture<Outcome<QList<crypto::sd::CustodianFiles>>> making =
        QtConcurrent::run([names, passphrases, bits]() -> Outcome<QList<crypto::sd::CustodianFiles>> {
            QList<crypto::sd::CustodianFiles> files;
            for (int i = 0; i < names.size(); ++i) {
                auto made = crypto::sd::createCustodianKeyFile(names.at(i), *passphrases[i], bits);
                if (!made)
                    return made.error();
                files << made.value();
            }
            return files;
        });
    auto made = co_await making;
    if (!guard)
        co_return;
    wipePassphrases(); // the key files are encrypted: the passphrases are no longer needed here
    if (!made) {
        fail(tr("Making the custodian key files failed: %1").arg(made.error().message));
        co_return;
    }
    m_steps.append({QDateTime::currentDateTimeUtc(),
                    QStringLiteral("solo trial: %1 custodian key files made").arg(kCustodians),
                    QStringLiteral("Success")});
    model::SecurityDomainDownloadRequest request;
    const auto& files = made.value();
    for (int i = 0; i < files.size(); ++i) {
        auto key = writeFile(keyFileName(i), files.at(i).keyPem, true);
        if (!key) {
            fail(key.error().message);
            co_return;
        }
        auto certificate = writeFile(certificateFileName(i), files.at(i).certificatePem, false);
        if (!certificate) {
            fail(certificate.error().message);
            co_return;
        }
        request.certificates << files.at(i).certificatePem;
    }

    progress(tr("Downloading the security domain for the three custodians (any %1 restore it)…").arg(kQuorum));
    const QString sdPath = QDir(dir).filePath(securityDomainFileName());
    request.quorum = kQuorum;
    request.steps = m_steps;
    request.outPath = sdPath;
    auto downloading =
        m_host.call([request](model::Services& services) { return services.securityDomain().download(request); });
    auto downloaded = co_await downloading;
    if (!guard)
        co_return;
    if (!downloaded) {
        fail(tr("The download failed: %1").arg(downloaded.error().message));
        co_return;
    }
    m_written << sdPath;
    m_result = std::move(downloaded.value());

    // The transcript next to the files; the workspace is activated whatever happens here.
    QStringList transcriptProblems;
    const QString transcriptPath = QDir(dir).filePath(transcriptFileName());
    if (auto saved = writeFile(transcriptFileName(), m_result->transcript.json, false); !saved)
        transcriptProblems << saved.error().message;
    else if (auto signature =
                 writeFile(transcriptFileName() + QStringLiteral(".sig"), m_result->transcript.signature, false);
             !signature)
        transcriptProblems << signature.error().message;
    QString pdfError;
    if (!TranscriptPdf::write(m_result->transcript, QDir(dir).filePath(transcriptPdfName()), &pdfError))
        transcriptProblems << pdfError;

    m_running = false;
    m_progress->setVisible(false);
    button(QWizard::CancelButton)->setEnabled(true);

    QString keys;
    for (int i = 0; i < kCustodians; ++i)
        keys += tr("<li><b>%1</b> and its passphrase: %2. Its certificate %3 is public.</li>")
                    .arg(keyFileName(i), names.at(i).toHtmlEscaped(), certificateFileName(i));
    QString text =
        tr("<p>The workspace is activated. In <b>%1</b>:</p>").arg(QDir::toNativeSeparators(dir).toHtmlEscaped());
    text += tr("<ul>%1</ul>").arg(keys);
    text += tr("<p><b>Keep the three key files apart</b>, each on its own medium and away from this computer, and "
               "each passphrase apart from its file. Any %1 of the three key files, with their passphrases, restore "
               "the domain key into a new workspace; one alone cannot. Lose two and your backups cannot be "
               "restored.</p>")
                .arg(kQuorum);
    text += tr("<p><b>%1</b> (SHA-256 <tt>%2</tt>) belongs with your backups; it is useless without the "
               "custodians.</p>")
                .arg(securityDomainFileName(), m_result->fileSha256);
    text += tr("<p>The ceremony transcript is in %1 (signed: %1.sig) and %2; print the PDF for the paper file.</p>")
                .arg(transcriptFileName(), transcriptPdfName());
    if (!transcriptProblems.isEmpty())
        text += tr("<p>The transcript could not be saved: %1</p>")
                    .arg(transcriptProblems.join(QStringLiteral("; ")).toHtmlEscaped());
    text += tr("<p>For production keys, download the security domain again for real custodians (Security Domain > "
               "Download…) and rotate the domain key.</p>");
    m_doneLabel->setText(text);
    m_written.clear(); // kept now
    page->changed();
    Q_EMIT activated();
    next();
}

void ActivationWizard::accept()
{
    wipePassphrases();
    if (currentId() == IntroPageId && choice() == Choice::Certificates) {
        // QWizard::done() would validate the intro page again, which hands over once more.
        QDialog::done(QDialog::Accepted);
        Q_EMIT downloadRequested();
        return;
    }
    QWizard::accept();
}

void ActivationWizard::reject()
{
    if (m_running)
        return;
    wipePassphrases();
    QWizard::reject();
    if (!m_result)
        Q_EMIT skipped();
}

} // namespace custos::ui
