#include "HostedWorkspace.h"
#include "TestRegistry.h"

#include "model/services/AuditService.h"
#include "model/services/SecurityDomainService.h"
#include "model/services/Services.h"
#include "ui/mainwindow/MainWindow.h"
#include "ui/securitydomain/ActivationWizard.h"
#include "ui/securitydomain/DownloadWizard.h"
#include "ui/securitydomain/DownloadWizardCertificates.h"
#include "ui/securitydomain/SecurityDomainView.h"
#include "ui/securitydomain/SecurityDomainViewModels.h"
#include "ui/securitydomain/TranscriptPdf.h"

#include <QAbstractButton>
#include <QAbstractItemModelTester>
#include <QAction>
#include <QCryptographicHash>
#include <QDir>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLabel>
#include <QLineEdit>
#include <QMenu>
#include <QPlainTextEdit>
#include <QProcess>
#include <QPushButton>
#include <QRadioButton>
#include <QSignalSpy>
#include <QSpinBox>
#include <QStandardPaths>
#include <QTableView>
#include <QTemporaryDir>
#include <QTest>
#include <QTextDocument>
#include <QToolButton>

using custos::ui::ActivationWizard;
using custos::ui::DownloadWizard;
using custos::ui::SecurityDomainView;

namespace model = custos::model;
namespace test = custos::test;

namespace {

QString custodianCer(int index)
{
    return QStringLiteral(CUSTOS_TEST_DATA_DIR "/custodians/custodian_%1.cer").arg(index);
}

template <typename T>
T* child(QWidget& parent, const QString& name)
{
    T* found = parent.findChild<T*>(name);
    if (!found)
        qFatal("no widget '%s'", qPrintable(name));
    return found;
}

QByteArray sha256Hex(const QByteArray& bytes)
{
    return QCryptographicHash::hash(bytes, QCryptographicHash::Sha256).toHex();
}

// A radio button toggles on its indicator and label only, not anywhere in its (wide) geometry.
void clickRadio(QRadioButton* radio)
{
    QTest::mouseClick(radio, Qt::LeftButton, {}, QPoint(8, radio->height() / 2));
    QVERIFY(radio->isChecked());
}

// Replaces a line edit's text the way a user does: select all, type.
void retype(QLineEdit* edit, const QString& text)
{
    edit->setFocus();
    edit->selectAll();
    QTest::keyClick(edit, Qt::Key_Backspace);
    QTest::keyClicks(edit, text);
}

} // namespace

class TestSecurityDomainWizards : public QObject
{
    Q_OBJECT

private:
    QTemporaryDir m_dir;
    int m_hosts = 0;

    std::unique_ptr<model::ServiceHost> makeHost(bool activate)
    {
        const QString directory = m_dir.filePath(QStringLiteral("ws%1").arg(++m_hosts));
        return test::makeHostedWorkspace(directory, QStringLiteral("admin"), {}, activate);
    }

    static custos::Outcome<model::SecurityDomainStatus> status(model::ServiceHost& host)
    {
        return test::onServices(host, [](model::Services& s) { return s.securityDomain().status(); });
    }

    static int auditEvents(model::ServiceHost& host, const QString& operation = {})
    {
        auto events = test::onServices(host, [operation](model::Services& s) {
            model::AuditFilter filter;
            if (!operation.isEmpty())
                filter.operation = operation;
            return s.audit().list(filter);
        });
        return events ? int(events->size()) : -1;
    }

    static void showWizard(QWizard& wizard)
    {
        wizard.show();
        QVERIFY(QTest::qWaitForWindowActive(&wizard));
    }

    static void clickNext(QWizard& wizard, int expected)
    {
        QAbstractButton* next =
            wizard.button(wizard.currentPage()->isCommitPage() ? QWizard::CommitButton : QWizard::NextButton);
        QVERIFY2(next->isEnabled(), qPrintable(QStringLiteral("Next is disabled on page %1").arg(wizard.currentId())));
        QTest::mouseClick(next, Qt::LeftButton);
        QCOMPARE(wizard.currentId(), expected);
    }

    // Certificates page → quorum → review, with custodians `indexes`; stops on the review page.
    static void fillDownloadWizard(DownloadWizard& wizard, const QList<int>& indexes, const QString& destination,
                                   const QStringList& witnesses = {})
    {
        QCOMPARE(wizard.currentId(), int(DownloadWizard::CertificatesPageId));
        for (int index : indexes) {
            auto added = wizard.addCertificateFile(custodianCer(index));
            QVERIFY2(added, errorText(added).constData());
        }
        clickNext(wizard, DownloadWizard::QuorumPageId);
        auto* witnessEdit = child<QPlainTextEdit>(wizard, QStringLiteral("witnessesEdit"));
        witnessEdit->setFocus();
        for (const QString& witness : witnesses) {
            QTest::keyClicks(witnessEdit, witness);
            QTest::keyClick(witnessEdit, Qt::Key_Return);
        }
        clickNext(wizard, DownloadWizard::ReviewPageId);
        retype(child<QLineEdit>(wizard, QStringLiteral("destinationEdit")), destination);
    }

    static void runToResult(DownloadWizard& wizard)
    {
        QSignalSpy completed(&wizard, &DownloadWizard::completed);
        clickNext(wizard, DownloadWizard::RunPageId);
        // Nothing can be cancelled once the ceremony runs.
        QVERIFY(!wizard.button(QWizard::CancelButton)->isEnabled());
        QTRY_COMPARE_WITH_TIMEOUT(wizard.currentId(), int(DownloadWizard::ResultPageId), 60000);
        QCOMPARE(completed.count(), 1);
        QVERIFY(wizard.downloadResult().has_value());
    }

private Q_SLOTS:
    void initTestCase() { QVERIFY(m_dir.isValid()); }

    void transcriptPdfCarriesTheHash()
    {
        QJsonObject json{{QStringLiteral("format"), QStringLiteral("custos-ceremony-transcript-1")},
                         {QStringLiteral("ceremony"), QStringLiteral("download")},
                         {QStringLiteral("workspaceName"), QStringLiteral("test")},
                         {QStringLiteral("date"), QStringLiteral("2026-11-22T10:00:00Z")},
                         {QStringLiteral("operator"), QStringLiteral("admin")},
                         {QStringLiteral("witnesses"), QJsonArray{QStringLiteral("Wanda Witness")}},
                         {QStringLiteral("custodians"),
                          QJsonArray{QJsonObject{{QStringLiteral("holder"), QStringLiteral("Test Custodian 0")},
                                                 {QStringLiteral("x5t_256"), QStringLiteral("abcDEF123")}}}},
                         {QStringLiteral("required"), 2},
                         {QStringLiteral("custodianCount"), 3},
                         {QStringLiteral("fileSha256"), QStringLiteral("00ff")},
                         {QStringLiteral("futureMember"), QStringLiteral("shown too")},
                         {QStringLiteral("steps"),
                          QJsonArray{QJsonObject{{QStringLiteral("time"), QStringLiteral("2026-11-22T10:00:01Z")},
                                                 {QStringLiteral("step"), QStringLiteral("file written")},
                                                 {QStringLiteral("result"), QStringLiteral("Success")}}}}};
        model::CeremonyTranscript transcript;
        transcript.json = QJsonDocument(json).toJson(QJsonDocument::Compact);
        transcript.sha256 = QString::fromLatin1(sha256Hex(transcript.json));

        std::unique_ptr<QTextDocument> document(custos::ui::TranscriptPdf::document(transcript));
        const QString text = document->toPlainText();
        for (const QString& expected :
             {transcript.sha256, QStringLiteral("Wanda Witness"), QStringLiteral("Test Custodian 0"),
              QStringLiteral("abcDEF123"), QStringLiteral("2 of 3"), QStringLiteral("file written"),
              QStringLiteral("futureMember"), QStringLiteral("shown too")})
            QVERIFY2(text.contains(expected), qPrintable(expected));

        const QString path = m_dir.filePath(QStringLiteral("transcript.pdf"));
        QString error;
        QVERIFY2(custos::ui::TranscriptPdf::write(transcript, path, &error), qPrintable(error));
        QFile pdf(path);
        QVERIFY(pdf.open(QIODevice::ReadOnly));
        QVERIFY(pdf.read(5).startsWith("%PDF-"));
        const QString pdftotext = QStandardPaths::findExecutable(QStringLiteral("pdftotext"));
        if (!pdftotext.isEmpty()) {
            QProcess process;
            process.start(pdftotext, {path, QStringLiteral("-")});
            QVERIFY(process.waitForFinished(30000));
            QVERIFY(QString::fromUtf8(process.readAllStandardOutput()).contains(transcript.sha256));
        }
        QVERIFY(
            !custos::ui::TranscriptPdf::write(transcript, m_dir.filePath(QStringLiteral("no/such/dir/t.pdf")), &error));
    }

    void downloadWizardThroughEveryPage()
    {
        auto host = makeHost(false);
        QVERIFY(host);
        SecurityDomainView view(*host);
        QAbstractItemModelTester custodianTester(view.custodianModel(),
                                                 QAbstractItemModelTester::FailureReportingMode::QtTest);
        QAbstractItemModelTester historyTester(view.historyModel(),
                                               QAbstractItemModelTester::FailureReportingMode::QtTest);
        QTRY_VERIFY(view.status().has_value());
        QVERIFY(!view.status()->activated);
        QCOMPARE(view.activationLabel()->text(), QStringLiteral("Not activated"));

        DownloadWizard wizard(*host, DownloadWizard::Mode::Download);
        QAbstractItemModelTester tester(wizard.certificateModel(),
                                        QAbstractItemModelTester::FailureReportingMode::QtTest);
        showWizard(wizard);
        QAbstractButton* next = wizard.button(QWizard::NextButton);
        auto* message = child<QLabel>(wizard, QStringLiteral("certificateMessage"));

        // Errors show inline and add nothing: a key file is no certificate, a duplicate is refused.
        QVERIFY(!wizard.addCertificateFile(QStringLiteral(CUSTOS_TEST_DATA_DIR "/custodians/custodian_1.key")));
        QVERIFY(message->isVisible());
        QVERIFY2(message->text().contains(QStringLiteral("custodian_1.key")), qPrintable(message->text()));
        QCOMPARE(wizard.certificateModel()->rowCount(), 0);
        QVERIFY(wizard.addCertificateFile(custodianCer(0)));
        QVERIFY(!wizard.addCertificateFile(custodianCer(0)));
        QVERIFY2(message->text().contains(QStringLiteral("Test Custodian 0")), qPrintable(message->text()));
        QVERIFY(wizard.addCertificateFile(custodianCer(1)));
        QVERIFY(!next->isEnabled()); // two are not enough
        QVERIFY(wizard.addCertificateFile(custodianCer(3)));
        QVERIFY(next->isEnabled());
        const QModelIndex first = wizard.certificateModel()->index(0, 0);
        QCOMPARE(first.data().toString(), QStringLiteral("Test Custodian 0"));
        QCOMPARE(
            wizard.certificateModel()->index(0, custos::ui::CustodianCertificateModel::RsaColumn).data().toString(),
            QStringLiteral("RSA-2048"));
        QVERIFY(!wizard.certificateModel()
                     ->index(0, custos::ui::CustodianCertificateModel::ThumbprintColumn)
                     .data()
                     .toString()
                     .isEmpty());
        // Remove custodian 3 with the button, add 2 in its place.
        auto* table = child<QTableView>(wizard, QStringLiteral("custodianCertificateView"));
        table->selectRow(2);
        QTest::mouseClick(child<QPushButton>(wizard, QStringLiteral("removeCertificateButton")), Qt::LeftButton);
        QCOMPARE(wizard.certificateModel()->rowCount(), 2);
        QVERIFY(!next->isEnabled());
        QVERIFY(wizard.addCertificateFile(custodianCer(2)));
        clickNext(wizard, DownloadWizard::QuorumPageId);

        auto* quorum = child<QSpinBox>(wizard, QStringLiteral("quorumSpinBox"));
        QCOMPARE(quorum->value(), 2); // the majority of 3
        QCOMPARE(quorum->minimum(), 2);
        QCOMPARE(quorum->maximum(), 3);
        quorum->setFocus();
        QTest::keyClick(quorum, Qt::Key_Up);
        QCOMPARE(wizard.quorum(), 3);
        QTest::keyClick(quorum, Qt::Key_Down);
        QCOMPARE(wizard.quorum(), 2);
        auto* witnesses = child<QPlainTextEdit>(wizard, QStringLiteral("witnessesEdit"));
        witnesses->setFocus();
        QTest::keyClicks(witnesses, QStringLiteral("Wanda Witness"));
        QTest::keyClick(witnesses, Qt::Key_Return);
        QTest::keyClicks(witnesses, QStringLiteral("Walter Watcher"));
        QCOMPARE(wizard.witnesses(), (QStringList{QStringLiteral("Wanda Witness"), QStringLiteral("Walter Watcher")}));
        clickNext(wizard, DownloadWizard::ReviewPageId);

        auto* review = child<QLabel>(wizard, QStringLiteral("reviewLabel"));
        QVERIFY2(review->text().contains(QStringLiteral("Any 2 of them")), qPrintable(review->text()));
        auto* destination = child<QLineEdit>(wizard, QStringLiteral("destinationEdit"));
        retype(destination, m_dir.filePath(QStringLiteral("missing-folder/sd.json")));
        QVERIFY(!next->isEnabled());
        const QString path = m_dir.filePath(QStringLiteral("download-sd.json"));
        retype(destination, path);
        QVERIFY(next->isEnabled());
        QCOMPARE(next->text().remove(QLatin1Char('&')), QStringLiteral("Download"));
        runToResult(wizard);

        const auto& result = *wizard.downloadResult();
        QFile file(path);
        QVERIFY(file.open(QIODevice::ReadOnly));
        const QByteArray bytes = file.readAll();
        QCOMPARE(QString::fromLatin1(sha256Hex(bytes)), result.fileSha256);
        QCOMPARE(result.required, 2);
        QCOMPARE(result.custodians.size(), qsizetype(3));
        auto* resultLabel = child<QLabel>(wizard, QStringLiteral("resultLabel"));
        QVERIFY(resultLabel->text().contains(result.fileSha256));
        QVERIFY(resultLabel->text().contains(result.custodians.at(0).x5t256));
        QVERIFY(resultLabel->text().contains(QStringLiteral("2 of 3")));
        QVERIFY(!child<QLabel>(wizard, QStringLiteral("resultSupersededLabel"))->isVisibleTo(&wizard));

        // The transcript: JSON + .sig, and the PDF with the JSON's hash; the wizard's steps are in it.
        const QString transcriptPath = m_dir.filePath(QStringLiteral("download-transcript.json"));
        auto saved = wizard.saveTranscript(transcriptPath);
        QVERIFY2(saved, errorText(saved).constData());
        QFile transcript(transcriptPath);
        QVERIFY(transcript.open(QIODevice::ReadOnly));
        const QByteArray transcriptBytes = transcript.readAll();
        QCOMPARE(QString::fromLatin1(sha256Hex(transcriptBytes)), result.transcript.sha256);
        QVERIFY(QFileInfo(transcriptPath + QStringLiteral(".sig")).size() > 0);
        const QJsonObject json = QJsonDocument::fromJson(transcriptBytes).object();
        QCOMPARE(json.value(QStringLiteral("witnesses")).toArray().size(), 2);
        QStringList steps;
        for (const QJsonValue& step : json.value(QStringLiteral("steps")).toArray())
            steps << step.toObject().value(QStringLiteral("step")).toString();
        const QString allSteps = steps.join(QLatin1Char('\n'));
        QVERIFY2(allSteps.contains(QStringLiteral("custodian certificates checked")), qPrintable(allSteps));
        QVERIFY2(allSteps.contains(QStringLiteral("quorum chosen: 2 of 3")), qPrintable(allSteps));
        const QString pdfPath = m_dir.filePath(QStringLiteral("download-transcript.pdf"));
        auto pdf = wizard.saveTranscriptPdf(pdfPath);
        QVERIFY2(pdf, errorText(pdf).constData());
        QVERIFY(QFileInfo(pdfPath).size() > 0);

        QVERIFY(wizard.button(QWizard::FinishButton)->isVisible());
        QTest::mouseClick(wizard.button(QWizard::FinishButton), Qt::LeftButton);
        QCOMPARE(wizard.downloadResult()->fileSha256, result.fileSha256);

        QSignalSpy loaded(&view, &SecurityDomainView::loaded);
        view.reload();
        QVERIFY(loaded.wait(10000));
        QVERIFY(view.status()->activated);
        QCOMPARE(view.activationLabel()->text(), QStringLiteral("Activated"));
        QCOMPARE(view.custodianModel()->rowCount(), 3);
        QCOMPARE(view.historyModel()->rowCount(), 1);
        QVERIFY(view.supersededNotice()->isHidden());
        QCOMPARE(auditEvents(*host, QStringLiteral("SecurityDomainDownload")), 1);
    }

    void cancelAtEachPageLeavesNothing()
    {
        auto host = makeHost(false);
        QVERIFY(host);
        // Listing the trail may itself be recorded: measure what one listing adds.
        const int first = auditEvents(*host);
        const int perListing = auditEvents(*host) - first;
        int expected = first + 2 * perListing;
        const QString path = m_dir.filePath(QStringLiteral("cancelled-sd.json"));
        for (int page = DownloadWizard::CertificatesPageId; page <= DownloadWizard::RunPageId; ++page) {
            DownloadWizard wizard(*host, DownloadWizard::Mode::Download);
            showWizard(wizard);
            if (page == DownloadWizard::CertificatesPageId) {
                QVERIFY(wizard.addCertificateFile(custodianCer(0)));
            } else if (page == DownloadWizard::QuorumPageId) {
                for (int index : {0, 1, 2})
                    QVERIFY(wizard.addCertificateFile(custodianCer(index)));
                clickNext(wizard, DownloadWizard::QuorumPageId);
            } else {
                fillDownloadWizard(wizard, {0, 1, 2}, path);
            }
            QCOMPARE(wizard.currentId(), page == DownloadWizard::RunPageId ? int(DownloadWizard::ReviewPageId) : page);
            if (page == DownloadWizard::RunPageId) {
                // The ceremony cannot be cancelled once it runs: Cancel is off and Escape is refused.
                clickNext(wizard, DownloadWizard::RunPageId);
                QVERIFY(!wizard.button(QWizard::CancelButton)->isEnabled());
                QTest::keyClick(&wizard, Qt::Key_Escape);
                QVERIFY(wizard.isVisible());
                QTRY_COMPARE_WITH_TIMEOUT(wizard.currentId(), int(DownloadWizard::ResultPageId), 60000);
                break;
            }
            QSignalSpy rejected(&wizard, &QDialog::rejected);
            QTest::mouseClick(wizard.button(QWizard::CancelButton), Qt::LeftButton);
            QCOMPARE(rejected.count(), 1);
            QVERIFY(!QFileInfo::exists(path));
            auto after = status(*host);
            QVERIFY2(after, errorText(after).constData());
            QVERIFY(!after->activated);
            QVERIFY(after->history.isEmpty());
            QCOMPARE(auditEvents(*host), expected);
            expected += perListing;
        }
    }

    void supersededNoticeAndRotation()
    {
        auto host = makeHost(true); // activated with custodians 0, 1, 2
        QVERIFY(host);
        auto before = status(*host);
        QVERIFY2(before, errorText(before).constData());
        QVERIFY(before->activated);
        const QString oldKeyId = before->activeDomainKey.id;

        SecurityDomainView view(*host);
        QAbstractItemModelTester historyTester(view.historyModel(),
                                               QAbstractItemModelTester::FailureReportingMode::QtTest);
        QTRY_VERIFY(view.status().has_value());
        QVERIFY(view.supersededNotice()->isHidden());

        // A custodian leaves: a new set (2, 3, 4) for the same domain key.
        {
            DownloadWizard wizard(*host, DownloadWizard::Mode::Download);
            showWizard(wizard);
            fillDownloadWizard(wizard, {2, 3, 4}, m_dir.filePath(QStringLiteral("second-sd.json")));
            runToResult(wizard);
            QVERIFY(wizard.downloadResult()->supersededPrevious);
            QVERIFY(child<QLabel>(wizard, QStringLiteral("resultSupersededLabel"))->isVisibleTo(&wizard));
        }
        QSignalSpy loaded(&view, &SecurityDomainView::loaded);
        view.reload();
        QVERIFY(loaded.wait(10000));
        view.show();
        QVERIFY(QTest::qWaitForWindowExposed(&view));
        QVERIFY(view.supersededNotice()->isVisible());
        QVERIFY(view.supersededLabel()->text().contains(
            QStringLiteral("Files made for earlier custodian sets still open with their old shares.")));
        QCOMPARE(view.historyModel()->rowCount(), 2);
        QCOMPARE(view.historyModel()->index(1, custos::ui::SecurityDomainHistoryModel::StateColumn).data().toString(),
                 QStringLiteral("Superseded"));
        QSignalSpy rotateRequested(&view, &SecurityDomainView::rotateRequested);
        QTest::mouseClick(child<QPushButton>(view, QStringLiteral("noticeRotateButton")), Qt::LeftButton);
        QCOMPARE(rotateRequested.count(), 1);

        // Documentation: CUSTOS_SCREENSHOT_SECURITY_DOMAIN=docs/screenshots/security-domain.png
        const QString screenshot = qEnvironmentVariable("CUSTOS_SCREENSHOT_SECURITY_DOMAIN");
        if (!screenshot.isEmpty()) {
            view.resize(900, 680);
            QTest::qWait(200);
            QVERIFY(view.grab().save(screenshot));
        }

        // Rotation: a new domain key, and the notice goes (old files carry the retired key).
        DownloadWizard rotation(*host, DownloadWizard::Mode::Rotate);
        showWizard(rotation);
        fillDownloadWizard(rotation, {2, 3, 4}, m_dir.filePath(QStringLiteral("rotated-sd.json")));
        QCOMPARE(rotation.button(QWizard::NextButton)->text().remove(QLatin1Char('&')), QStringLiteral("Rotate"));
        runToResult(rotation);
        QVERIFY(rotation.downloadResult()->rotated);
        QVERIFY(QFileInfo::exists(m_dir.filePath(QStringLiteral("rotated-sd.json"))));
        auto after = status(*host);
        QVERIFY2(after, errorText(after).constData());
        QVERIFY(after->activeDomainKey.id != oldKeyId);
        QCOMPARE(after->current->kind, QStringLiteral("rotate"));
        QCOMPARE(auditEvents(*host, QStringLiteral("SecurityDomainRotate")), 1);
        view.reload();
        QVERIFY(loaded.wait(10000));
        QVERIFY(view.supersededNotice()->isHidden());
        QCOMPARE(view.historyModel()->rowCount(), 3);
    }

    void activationSoloTrial()
    {
        auto host = makeHost(false);
        QVERIFY(host);
        ActivationWizard wizard(*host);
        wizard.setRsaBits(2048);
        QSignalSpy activated(&wizard, &ActivationWizard::activated);
        showWizard(wizard);
        QCOMPARE(wizard.button(QWizard::CancelButton)->text().remove(QLatin1Char('&')), QStringLiteral("Later"));
        QVERIFY(!wizard.button(QWizard::NextButton)->isEnabled());
        clickRadio(child<QRadioButton>(wizard, QStringLiteral("soloRadio")));
        clickNext(wizard, ActivationWizard::FolderPageId);

        const QString folder = m_dir.filePath(QStringLiteral("solo"));
        retype(child<QLineEdit>(wizard, QStringLiteral("soloFolderEdit")), folder);
        QCOMPARE(wizard.holders(), (QStringList{QStringLiteral("Custodian 1"), QStringLiteral("Custodian 2"),
                                                QStringLiteral("Custodian 3")}));
        retype(child<QLineEdit>(wizard, QStringLiteral("holderEdit2")), QStringLiteral("Custodian 1"));
        QVERIFY(!wizard.button(QWizard::NextButton)->isEnabled()); // two with the same name
        retype(child<QLineEdit>(wizard, QStringLiteral("holderEdit2")), QStringLiteral("Bea Backup"));
        clickNext(wizard, ActivationWizard::PassphrasePageId);

        const QStringList passphrases{QStringLiteral("first custodian pass"), QStringLiteral("second custodian pass"),
                                      QStringLiteral("third custodian pass")};
        for (int i = 0; i < 3; ++i) {
            QTest::keyClicks(child<QLineEdit>(wizard, QStringLiteral("passphraseEdit%1").arg(i + 1)), passphrases[i]);
            QTest::keyClicks(child<QLineEdit>(wizard, QStringLiteral("confirmEdit%1").arg(i + 1)),
                             i == 2 ? QStringLiteral("typo") : passphrases[i]);
        }
        QVERIFY(!wizard.button(QWizard::NextButton)->isEnabled());
        retype(child<QLineEdit>(wizard, QStringLiteral("confirmEdit3")), passphrases[2]);
        QVERIFY(child<QLineEdit>(wizard, QStringLiteral("passphraseEdit1"))->echoMode() == QLineEdit::Password);
        clickNext(wizard, ActivationWizard::RunPageId);
        QVERIFY(!wizard.button(QWizard::CancelButton)->isEnabled());
        QTRY_COMPARE_WITH_TIMEOUT(wizard.currentId(), int(ActivationWizard::DonePageId), 120000);
        QCOMPARE(activated.count(), 1);
        QVERIFY(!wizard.holdsPassphrases());

        for (int i = 0; i < 3; ++i) {
            const QString key = QDir(folder).filePath(ActivationWizard::keyFileName(i));
            QVERIFY(QFileInfo::exists(QDir(folder).filePath(ActivationWizard::certificateFileName(i))));
            QCOMPARE(QFile::permissions(key) & (QFileDevice::ReadGroup | QFileDevice::ReadOther),
                     QFileDevice::Permissions());
            // openssl reads each key file with its passphrase only.
            auto opens = [&](const QString& passphrase) {
                QProcess openssl;
                openssl.start(QStringLiteral("openssl"),
                              {QStringLiteral("pkey"), QStringLiteral("-in"), key, QStringLiteral("-passin"),
                               QStringLiteral("pass:") + passphrase, QStringLiteral("-noout")});
                return openssl.waitForFinished(30000) && openssl.exitStatus() == QProcess::NormalExit &&
                       openssl.exitCode() == 0;
            };
            QVERIFY2(opens(passphrases[i]), qPrintable(key));
            QVERIFY2(!opens(passphrases[(i + 1) % 3]), qPrintable(key));
        }
        const QString sdPath = QDir(folder).filePath(ActivationWizard::securityDomainFileName());
        QFile sd(sdPath);
        QVERIFY(sd.open(QIODevice::ReadOnly));
        QCOMPARE(QString::fromLatin1(sha256Hex(sd.readAll())), wizard.downloadResult()->fileSha256);
        QVERIFY(
            QFileInfo(QDir(folder).filePath(ActivationWizard::transcriptFileName() + QStringLiteral(".sig"))).size() >
            0);
        QVERIFY(QFileInfo(QDir(folder).filePath(ActivationWizard::transcriptPdfName())).size() > 0);
        auto* done = child<QLabel>(wizard, QStringLiteral("activationDoneLabel"));
        QVERIFY(done->text().contains(QStringLiteral("Keep the three key files apart")));
        QVERIFY(done->text().contains(QStringLiteral("Bea Backup")));

        auto after = status(*host);
        QVERIFY2(after, errorText(after).constData());
        QVERIFY(after->activated);
        QCOMPARE(after->current->required, 2);
        QCOMPARE(after->current->custodians.size(), qsizetype(3));
        QCOMPARE(after->current->custodians.at(1).holder, QStringLiteral("Bea Backup"));
    }

    void activationBackAndLaterWipeAndLeaveNothing()
    {
        auto host = makeHost(false);
        QVERIFY(host);
        ActivationWizard wizard(*host);
        QSignalSpy skipped(&wizard, &ActivationWizard::skipped);
        showWizard(wizard);
        clickRadio(child<QRadioButton>(wizard, QStringLiteral("soloRadio")));
        clickNext(wizard, ActivationWizard::FolderPageId);
        const QString folder = m_dir.filePath(QStringLiteral("solo-cancelled"));
        retype(child<QLineEdit>(wizard, QStringLiteral("soloFolderEdit")), folder);
        clickNext(wizard, ActivationWizard::PassphrasePageId);
        QTest::keyClicks(child<QLineEdit>(wizard, QStringLiteral("passphraseEdit1")), QStringLiteral("secret one!"));
        QVERIFY(wizard.holdsPassphrases());
        QTest::mouseClick(wizard.button(QWizard::BackButton), Qt::LeftButton);
        QCOMPARE(wizard.currentId(), int(ActivationWizard::FolderPageId));
        QVERIFY(!wizard.holdsPassphrases());
        clickNext(wizard, ActivationWizard::PassphrasePageId);
        QVERIFY(child<QLineEdit>(wizard, QStringLiteral("passphraseEdit1"))->text().isEmpty());
        QTest::keyClicks(child<QLineEdit>(wizard, QStringLiteral("confirmEdit2")), QStringLiteral("secret two!"));
        QTest::mouseClick(wizard.button(QWizard::CancelButton), Qt::LeftButton);
        QCOMPARE(skipped.count(), 1);
        QVERIFY(!wizard.holdsPassphrases());
        QVERIFY(!QFileInfo::exists(folder));
        auto after = status(*host);
        QVERIFY2(after, errorText(after).constData());
        QVERIFY(!after->activated);
    }

    void activationWithCertificatesOpensTheDownloadWizard()
    {
        auto host = makeHost(false);
        QVERIFY(host);
        custos::ui::MainWindow window(*host);
        QSignalSpy checked(&window, &custos::ui::MainWindow::activationChecked);
        window.show();
        QVERIFY(QTest::qWaitForWindowActive(&window));
        QTRY_VERIFY(window.isActivated().has_value());
        QVERIFY(!*window.isActivated());
        QCOMPARE(window.activationIndicator()->text(), QStringLiteral("Not activated"));
        QVERIFY(window.activationBanner()->isVisible());
        QMenu* menu = window.securityDomainMenu();
        QCOMPARE(menu->objectName(), QStringLiteral("securityDomainMenu"));
        auto* rotate = window.findChild<QAction*>(QStringLiteral("securityDomainRotateAction"));
        QVERIFY(rotate && !rotate->isEnabled());
        QVERIFY(window.findChild<QAction*>(QStringLiteral("securityDomainDownloadAction"))->isEnabled());

        window.checkActivation();
        QTRY_VERIFY(window.findChild<ActivationWizard*>(QStringLiteral("activationWizard")));
        auto* wizard = window.findChild<ActivationWizard*>(QStringLiteral("activationWizard"));
        QTRY_VERIFY(wizard->isVisible());
        clickRadio(child<QRadioButton>(*wizard, QStringLiteral("certificatesRadio")));
        QAbstractButton* next = wizard->button(QWizard::NextButton);
        QVERIFY(next->isVisible() && next->isEnabled());
        QCOMPARE(next->text().remove(QLatin1Char('&')), QStringLiteral("Continue"));
        QTest::mouseClick(next, Qt::LeftButton);
        QTRY_VERIFY(window.findChild<DownloadWizard*>(QStringLiteral("downloadWizard")));
        QCOMPARE(window.findChildren<DownloadWizard*>().size(), qsizetype(1)); // handed over once
        auto* download = window.findChild<DownloadWizard*>(QStringLiteral("downloadWizard"));
        QTRY_VERIFY(download->isVisible());
        fillDownloadWizard(*download, {0, 1, 2}, m_dir.filePath(QStringLiteral("window-sd.json")));
        runToResult(*download);
        QTest::mouseClick(download->button(QWizard::FinishButton), Qt::LeftButton);
        QTRY_COMPARE(window.activationIndicator()->text(), QStringLiteral("Activated"));
        QVERIFY(window.activationBanner()->isHidden());
        QVERIFY(rotate->isEnabled());
        // Offered once per window: no second wizard after activation.
        window.checkActivation();
        QVERIFY(checked.wait(10000));
        for (auto* activation : window.findChildren<ActivationWizard*>(QStringLiteral("activationWizard")))
            QVERIFY2(!activation->isVisible(), qPrintable(QStringLiteral("%1 wizards, result %2 page %3")
                                                              .arg(window.findChildren<ActivationWizard*>().size())
                                                              .arg(activation->QDialog::result())
                                                              .arg(activation->currentId())));
    }
};

CUSTOS_REGISTER_TEST(TestSecurityDomainWizards)
#include "TestSecurityDomainWizards.moc"
