#pragma once

#include "crypto/Outcome.h"
#include "model/services/SecurityDomainService.h"

#include <QCoro/QCoroTask>
#include <QMap>
#include <QWizard>

#include <optional>

class QLabel;
class QLineEdit;
class QPlainTextEdit;
class QProgressBar;
class QPushButton;
class QSpinBox;
class QTableView;

namespace custos::model {
class ServiceHost;
}

namespace custos::ui {

class CustodianCertificateModel;
class InlineMessage;

// The download ceremony (and, with Mode::Rotate, the rotation): custodian certificates → quorum
// and witnesses → review and destination → run on the service thread → the result, with the
// transcript saved as signed JSON or PDF. Nothing is written before the run page: cancelling
// earlier leaves nothing behind. The domain key never appears; only its ID does.
class DownloadWizard : public QWizard
{
    Q_OBJECT
public:
    enum class Mode { Download, Rotate };
    enum PageId { CertificatesPageId, QuorumPageId, ReviewPageId, RunPageId, ResultPageId };

    DownloadWizard(model::ServiceHost& host, Mode mode, QWidget* parent = nullptr);
    ~DownloadWizard() override;

    Mode mode() const { return m_mode; }
    CustodianCertificateModel* certificateModel() const { return m_certificates; }

    // Reads one certificate file; a problem shows inline (and is returned) and adds nothing.
    Outcome<void> addCertificateFile(const QString& path);
    void removeCertificate(int row);
    int quorum() const;
    QStringList witnesses() const;
    QString destination() const;
    void setDestination(const QString& path);
    // The majority of n: the default quorum.
    static int defaultQuorum(int custodians) { return custodians / 2 + 1; }

    bool isRunning() const { return m_running; }
    const std::optional<model::SecurityDomainDownloadResult>& downloadResult() const { return m_result; }
    // The request the run page sends (the wizard's steps included).
    model::SecurityDomainDownloadRequest request() const;

    // The transcript as JSON plus its detached signature in path + ".sig".
    Outcome<void> saveTranscript(const QString& path);
    Outcome<void> saveTranscriptPdf(const QString& path);

    void reject() override; // refused while the ceremony runs

Q_SIGNALS:
    void completed(); // the file is written and recorded: result() holds it

private:
    friend class DownloadCertificatesPage;
    friend class DownloadQuorumPage;
    friend class DownloadReviewPage;
    friend class DownloadRunPage;
    friend class DownloadResultPage;

    // The wizard's own steps for the transcript, one per page (the latest visit counts).
    void recordStep(PageId page, const QString& step, const QString& result = QStringLiteral("Success"));
    void chooseCertificateFiles();
    void chooseDestination();
    void chooseTranscriptPath(bool pdf);
    void printTranscript();
    void reportTranscriptSave(const Outcome<void>& saved, const QString& path);
    QCoro::Task<> run();

    model::ServiceHost& m_host;
    Mode m_mode;
    bool m_running = false;
    std::optional<model::SecurityDomainDownloadResult> m_result;
    QMap<int, model::CeremonyStep> m_steps;

    CustodianCertificateModel* m_certificates = nullptr;
    QTableView* m_certificateView = nullptr;
    QPushButton* m_addButton = nullptr;
    QPushButton* m_removeButton = nullptr;
    InlineMessage* m_certificateMessage = nullptr;
    QSpinBox* m_quorumSpin = nullptr;
    QLabel* m_quorumExplanation = nullptr;
    int m_quorumDefaultFor = 0; // the N the spin box's default was computed for
    QPlainTextEdit* m_witnessesEdit = nullptr;
    QLabel* m_reviewLabel = nullptr;
    QLineEdit* m_destinationEdit = nullptr;
    InlineMessage* m_destinationMessage = nullptr;
    QProgressBar* m_progress = nullptr;
    QLabel* m_runLabel = nullptr;
    InlineMessage* m_runMessage = nullptr;
    QLabel* m_resultLabel = nullptr;
    QLabel* m_supersededLabel = nullptr;
    InlineMessage* m_transcriptMessage = nullptr;
};

} // namespace custos::ui
