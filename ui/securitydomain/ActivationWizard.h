#pragma once

#include "crypto/SecureBuffer.h"
#include "model/services/SecurityDomainService.h"

#include <QCoro/QCoroTask>
#include <QWizard>

#include <array>
#include <memory>
#include <optional>

class QLabel;
class QLineEdit;
class QProgressBar;
class QRadioButton;

namespace custos::model {
class ServiceHost;
}

namespace custos::ui {

class InlineMessage;

// The GUI's first run in a workspace that is not activated: what the security domain is, then
// either "I have custodian certificates" (the caller opens the DownloadWizard: downloadRequested)
// or a solo trial that makes three passphrase-protected custodian key files in a folder, downloads
// the security domain for them with a quorum of 2 into the same folder, and says what to keep where.
// "Later" (Cancel) skips it; the main window keeps saying "not activated".
class ActivationWizard : public QWizard
{
    Q_OBJECT
public:
    enum PageId { IntroPageId, FolderPageId, PassphrasePageId, RunPageId, DonePageId };
    enum class Choice { None, Certificates, SoloTrial };
    static constexpr int kCustodians = 3;
    static constexpr int kQuorum = 2;
    static constexpr int kMinPassphraseLength = 8;

    explicit ActivationWizard(model::ServiceHost& host, QWidget* parent = nullptr);
    ~ActivationWizard() override;

    Choice choice() const;
    QString folder() const;
    void setFolder(const QString& path);
    QStringList holders() const;
    void setRsaBits(int bits) { m_rsaBits = bits; } // tests: RSA-2048 is quicker to make
    bool isRunning() const { return m_running; }
    bool holdsPassphrases() const; // any passphrase in memory or in a line edit
    const std::optional<model::SecurityDomainDownloadResult>& downloadResult() const { return m_result; }
    QStringList writtenFiles() const { return m_written; }

    // The files the solo trial writes into the folder.
    static QString keyFileName(int index) { return QStringLiteral("custodian_%1.key").arg(index + 1); }
    static QString certificateFileName(int index) { return QStringLiteral("custodian_%1.cer").arg(index + 1); }
    static QString securityDomainFileName() { return QStringLiteral("security-domain.json"); }
    static QString transcriptFileName() { return QStringLiteral("security-domain-transcript.json"); }
    static QString transcriptPdfName() { return QStringLiteral("security-domain-transcript.pdf"); }

    void accept() override; // with "I have custodian certificates": downloadRequested
    void reject() override; // "Later": refused while running; wipes the passphrases

Q_SIGNALS:
    void downloadRequested();
    void activated(); // the solo trial activated the workspace
    void skipped();

private:
    friend class ActivationIntroPage;
    friend class ActivationFolderPage;
    friend class ActivationPassphrasePage;
    friend class ActivationRunPage;
    friend class ActivationDonePage;

    void wipePassphrases();
    void chooseFolder();
    void progress(const QString& text);
    QCoro::Task<> runSoloTrial();
    Outcome<void> writeFile(const QString& name, const QByteArray& bytes, bool privateFile);
    void removeWritten();

    model::ServiceHost& m_host;
    int m_rsaBits = 3072;
    bool m_running = false;
    std::optional<model::SecurityDomainDownloadResult> m_result;
    std::array<std::shared_ptr<crypto::SecureBuffer>, kCustodians> m_passphrases;
    QStringList m_written; // files this run made (removed again when it fails)
    QList<model::CeremonyStep> m_steps;

    QRadioButton* m_certificatesRadio = nullptr;
    QRadioButton* m_soloRadio = nullptr;
    QLineEdit* m_folderEdit = nullptr;
    InlineMessage* m_folderMessage = nullptr;
    std::array<QLineEdit*, kCustodians> m_holderEdits{};
    std::array<QLineEdit*, kCustodians> m_passphraseEdits{};
    std::array<QLineEdit*, kCustodians> m_confirmEdits{};
    InlineMessage* m_passphraseMessage = nullptr;
    QLabel* m_runLabel = nullptr;
    QProgressBar* m_progress = nullptr;
    InlineMessage* m_runMessage = nullptr;
    QLabel* m_doneLabel = nullptr;
};

} // namespace custos::ui
