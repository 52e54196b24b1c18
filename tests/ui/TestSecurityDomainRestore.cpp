#include "HostedWorkspace.h"
#include "TestRegistry.h"

#include "model/audit/AuditLog.h"
#include "model/services/SecurityDomainService.h"
#include "model/services/Services.h"
#include "ui/dialogs/ApprovalDialog.h"
#include "ui/mainwindow/MainWindow.h"
#include "ui/securitydomain/CustodianInput.h"
#include "ui/securitydomain/RestoreBlobWizard.h"
#include "ui/securitydomain/RestoreWizard.h"
#include "ui/securitydomain/VerifyShareDialog.h"

#include <QAbstractButton>
#include <QApplication>
#include <QComboBox>
#include <QFile>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QMenu>
#include <QPushButton>
#include <QTemporaryDir>
#include <QTest>

using namespace custos;

// The restore ceremony's wizard and the share drill, driven with QTest as custodians use them:
// workspace A (custodians 0, 1, 2; M = 2) downloads its security domain, a fresh workspace B
// restores it, one custodian at a time, and ends with A's domain key active.
class TestSecurityDomainRestore : public QObject
{
    Q_OBJECT
private:
    QTemporaryDir m_dir;
    std::unique_ptr<model::ServiceHost> m_a;
    QString m_sdPath;
    QString m_domainKeyA;
    int m_workspaces = 0;

    static QString custodianKey(int n)
    {
        return QStringLiteral(CUSTOS_TEST_DATA_DIR "/custodians/custodian_%1.key").arg(n);
    }
    static QString custodian0Password()
    {
        QFile file(QStringLiteral(CUSTOS_TEST_DATA_DIR "/custodians/custodian_0.password"));
        if (!file.open(QIODevice::ReadOnly))
            qFatal("cannot read custodian_0.password");
        return QString::fromUtf8(file.readLine()).trimmed();
    }

    template <typename T>
    static T* child(QWidget& parent, const char* name)
    {
        T* found = parent.findChild<T*>(QLatin1String(name));
        if (!found)
            qFatal("no widget '%s'", name);
        return found;
    }

    // A workspace that was never activated: the restore's target.
    std::unique_ptr<model::ServiceHost> freshWorkspace()
    {
        auto host = test::makeHostedWorkspace(m_dir.filePath(QStringLiteral("b%1").arg(++m_workspaces)),
                                              QStringLiteral("admin"), {}, false);
        if (host) {
            auto status = test::onServices(*host, [](model::Services& s) { return s.securityDomain().status(); });
            if (!status || status->activated)
                qWarning("the new workspace is activated already: %s", status ? "yes" : errorText(status).constData());
        }
        return host;
    }

    static model::SecurityDomainStatus status(model::ServiceHost& host)
    {
        auto s = test::onServices(host, [](model::Services& services) { return services.securityDomain().status(); });
        if (!s)
            qFatal("status: %s", errorText(s).constData());
        return s.value();
    }

    // Types the key file (and password) of a custodian and presents it.
    static void present(QWidget& wizard, const QString& keyPath, const QString& password = {})
    {
        auto* path = child<QLineEdit>(wizard, "keyPathLineEdit");
        path->clear();
        QTest::keyClicks(path, keyPath);
        auto* secret = child<QLineEdit>(wizard, "keyPasswordLineEdit");
        QCOMPARE(secret->echoMode(), QLineEdit::Password);
        if (!password.isEmpty())
            QTest::keyClicks(secret, password);
        auto* button = child<QPushButton>(wizard, "presentKeyPushButton");
        QVERIFY(button->isEnabled());
        QTest::mouseClick(button, Qt::LeftButton);
        QVERIFY(secret->text().isEmpty()); // taken into secure memory at once
        auto* input = child<ui::CustodianInputWidget>(wizard, "custodianInput");
        QTRY_VERIFY(!input->isBusy());
    }

    static void showAndWait(QWidget& widget)
    {
        widget.show();
        QVERIFY(QTest::qWaitForWindowExposed(&widget));
    }

    // File page → custodians page.
    void uploadFile(ui::RestoreWizard& wizard)
    {
        QCOMPARE(wizard.currentId(), int(ui::RestoreWizard::FilePage));
        QTest::keyClicks(child<QLineEdit>(wizard, "sdFileLineEdit"), m_sdPath);
        QTRY_VERIFY(child<QLabel>(wizard, "sdSummaryLabel")->text().contains(QStringLiteral("3 custodians")));
        QVERIFY(child<QLabel>(wizard, "sdSummaryLabel")->text().contains(QStringLiteral("2 needed")));
        QTest::mouseClick(wizard.button(QWizard::NextButton), Qt::LeftButton);
        QTRY_COMPARE(wizard.currentId(), int(ui::RestoreWizard::CustodiansPage));
        QVERIFY(wizard.ceremony());
        QCOMPARE(child<QLabel>(wizard, "sharesCollectedLabel")->text(), QStringLiteral("0 of 2 shares collected"));
        QVERIFY(!wizard.button(QWizard::NextButton)->isEnabled());
    }

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY(m_dir.isValid());
        m_a = test::makeHostedWorkspace(m_dir.filePath(QStringLiteral("a")));
        QVERIFY(m_a);
        model::SecurityDomainDownloadRequest request;
        for (int n : {0, 1, 2}) {
            QFile cert(QStringLiteral(CUSTOS_TEST_DATA_DIR "/custodians/custodian_%1.cer").arg(n));
            QVERIFY(cert.open(QIODevice::ReadOnly));
            request.certificates << cert.readAll();
        }
        request.quorum = 2;
        m_sdPath = m_dir.filePath(QStringLiteral("sd.json"));
        request.outPath = m_sdPath;
        auto downloaded =
            test::onServices(*m_a, [request](model::Services& s) { return s.securityDomain().download(request); });
        QVERIFY2(downloaded, errorText(downloaded).constData());
        QVERIFY(QFile::exists(m_sdPath));
        m_domainKeyA = downloaded->domainKeyId;
        QVERIFY(!m_domainKeyA.isEmpty());
    }
    void cleanupTestCase() { m_a.reset(); }

    void restoresThroughEveryPage()
    {
        auto b = freshWorkspace();
        QVERIFY(b);
        QVERIFY(!status(*b).activated);
        QVERIFY(status(*b).activeDomainKey.id != m_domainKeyA);

        ui::RestoreWizard wizard(*b);
        showAndWait(wizard);
        uploadFile(wizard);
        QVERIFY(QTest::qWaitForWindowActive(&wizard));

        present(wizard, custodianKey(1));
        QTRY_COMPARE(child<QLabel>(wizard, "sharesCollectedLabel")->text(), QStringLiteral("1 of 2 shares collected"));
        QVERIFY(child<QLabel>(wizard, "custodianMessage")->text().contains(QStringLiteral("Test Custodian 1")));
        QVERIFY(!wizard.button(QWizard::NextButton)->isEnabled());

        // A wrong password: its message, nothing counted, and the next custodian carries on.
        present(wizard, custodianKey(0), QStringLiteral("not the password"));
        auto* message = child<QLabel>(wizard, "custodianMessage");
        QVERIFY(message->isVisible());
        QVERIFY2(message->text().contains(QStringLiteral("wrong password")), qPrintable(message->text()));
        QCOMPARE(child<QLabel>(wizard, "sharesCollectedLabel")->text(), QStringLiteral("1 of 2 shares collected"));
        QVERIFY(child<QLineEdit>(wizard, "keyPasswordLineEdit")->text().isEmpty());

        // The same custodian again is refused by name; the ceremony goes on.
        present(wizard, custodianKey(1));
        QVERIFY(message->text().contains(QStringLiteral("already")));
        QCOMPARE(child<QLabel>(wizard, "sharesCollectedLabel")->text(), QStringLiteral("1 of 2 shares collected"));

        present(wizard, custodianKey(0), custodian0Password());
        QTRY_COMPARE(child<QLabel>(wizard, "sharesCollectedLabel")->text(), QStringLiteral("2 of 2 shares collected"));
        QCOMPARE(child<QListWidget>(wizard, "presentedListWidget")->count(), 4);
        QVERIFY(!child<QPushButton>(wizard, "presentKeyPushButton")->isEnabled()); // the quorum is complete
        QTRY_VERIFY(wizard.button(QWizard::NextButton)->isEnabled());
        QTest::mouseClick(wizard.button(QWizard::NextButton), Qt::LeftButton);
        QCOMPARE(wizard.currentId(), int(ui::RestoreWizard::CompletePage));
        QVERIFY(child<QLabel>(wizard, "restoreSummaryLabel")->text().contains(QStringLiteral("Test Custodian 1")));

        QVERIFY(wizard.button(QWizard::CommitButton)->isEnabled());
        QTest::mouseClick(wizard.button(QWizard::CommitButton), Qt::LeftButton);
        QTRY_COMPARE(wizard.currentId(), int(ui::RestoreWizard::ResultPage));
        QVERIFY(wizard.restoreResult());
        QCOMPARE(child<QLabel>(wizard, "domainKeyIdLabel")->text(), m_domainKeyA);
        QVERIFY(child<QLabel>(wizard, "sourceWorkspaceLabel")->text().contains(QStringLiteral("'a'")));
        QVERIFY(child<QLabel>(wizard, "nextStepLabel")->text().contains(QStringLiteral("custosctl backup restore")));
        QVERIFY(!wizard.ceremony());

        const model::SecurityDomainStatus after = status(*b);
        QVERIFY(after.activated);
        QCOMPARE(after.activeDomainKey.id, m_domainKeyA);
        QTest::mouseClick(wizard.button(QWizard::FinishButton), Qt::LeftButton);
        QCOMPARE(wizard.result(), int(QDialog::Accepted));
    }

    void cancelAtEachPageLeavesNothing_data()
    {
        QTest::addColumn<int>("page");
        QTest::newRow("file") << int(ui::RestoreWizard::FilePage);
        QTest::newRow("custodians") << int(ui::RestoreWizard::CustodiansPage);
        QTest::newRow("restore") << int(ui::RestoreWizard::CompletePage);
    }
    void cancelAtEachPageLeavesNothing()
    {
        QFETCH(int, page);
        auto b = freshWorkspace();
        QVERIFY(b);
        const model::SecurityDomainStatus before = status(*b);

        ui::RestoreWizard wizard(*b);
        showAndWait(wizard);
        std::shared_ptr<model::SecurityDomainRestore> ceremony;
        if (page == ui::RestoreWizard::FilePage) {
            QTest::keyClicks(child<QLineEdit>(wizard, "sdFileLineEdit"), m_sdPath);
        } else {
            uploadFile(wizard);
            ceremony = wizard.ceremony();
            present(wizard, custodianKey(2));
            QTRY_COMPARE(ceremony->collected(), 1);
            if (page == ui::RestoreWizard::CompletePage) {
                present(wizard, custodianKey(1));
                QTRY_VERIFY(wizard.button(QWizard::NextButton)->isEnabled());
                QTest::mouseClick(wizard.button(QWizard::NextButton), Qt::LeftButton);
                QCOMPARE(wizard.currentId(), int(ui::RestoreWizard::CompletePage));
                QCOMPARE(ceremony->collected(), 2);
            } else {
                // A password typed but not presented is wiped by Cancel too.
                QTest::keyClicks(child<QLineEdit>(wizard, "keyPasswordLineEdit"), QStringLiteral("typed"));
            }
        }
        QTest::mouseClick(wizard.button(QWizard::CancelButton), Qt::LeftButton);
        QTRY_VERIFY(!wizard.isVisible());
        QCOMPARE(wizard.result(), int(QDialog::Rejected));
        QVERIFY(!wizard.ceremony());
        if (ceremony)
            QCOMPARE(ceremony->collected(), 0); // the shares are wiped
        QVERIFY(child<QLineEdit>(wizard, "keyPasswordLineEdit")->text().isEmpty());
        QVERIFY(child<QLineEdit>(wizard, "keyPathLineEdit")->text().isEmpty());

        const model::SecurityDomainStatus after = status(*b);
        QCOMPARE(after.activated, before.activated);
        QCOMPARE(after.activeDomainKey.id, before.activeDomainKey.id);
        QCOMPARE(after.retiredDomainKeys, before.retiredDomainKeys);
    }

    void backFromCustodiansWipesTheShares()
    {
        auto b = freshWorkspace();
        QVERIFY(b);
        ui::RestoreWizard wizard(*b);
        showAndWait(wizard);
        uploadFile(wizard);
        auto ceremony = wizard.ceremony();
        present(wizard, custodianKey(2));
        QTRY_COMPARE(ceremony->collected(), 1);
        QTest::mouseClick(wizard.button(QWizard::BackButton), Qt::LeftButton);
        QCOMPARE(wizard.currentId(), int(ui::RestoreWizard::FilePage));
        QCOMPARE(ceremony->collected(), 0);
        QVERIFY(!wizard.ceremony());
        // Next again starts a new ceremony from the same file.
        QTest::mouseClick(wizard.button(QWizard::NextButton), Qt::LeftButton);
        QTRY_COMPARE(wizard.currentId(), int(ui::RestoreWizard::CustodiansPage));
        QCOMPARE(child<QLabel>(wizard, "sharesCollectedLabel")->text(), QStringLiteral("0 of 2 shares collected"));
        QCOMPARE(child<QListWidget>(wizard, "presentedListWidget")->count(), 0);
        QTest::mouseClick(wizard.button(QWizard::CancelButton), Qt::LeftButton);
    }

    // Quorum "securitydomain-restore": the restore asks for an approval, then runs with it.
    void restoreAsksForApprovals()
    {
        auto b = freshWorkspace();
        QVERIFY(b);
        QVERIFY(test::addOperatorWithRoles(*b, QStringLiteral("bob"), {QStringLiteral("Administrator")}));
        // Two: the initiator and one approver.
        auto quorum = test::onServices(
            *b, [](model::Services& s) { return s.quorum().set(2, {QStringLiteral("securitydomain-restore")}); });
        QVERIFY2(quorum, errorText(quorum).constData());

        ui::RestoreWizard wizard(*b);
        showAndWait(wizard);
        uploadFile(wizard);
        present(wizard, custodianKey(2));
        present(wizard, custodianKey(1));
        QTRY_VERIFY(wizard.button(QWizard::NextButton)->isEnabled());
        QTest::mouseClick(wizard.button(QWizard::NextButton), Qt::LeftButton);
        QTest::mouseClick(wizard.button(QWizard::CommitButton), Qt::LeftButton);

        ui::ApprovalDialog* dialog = nullptr;
        auto* message = child<QLabel>(wizard, "restoreMessage");
        (void)QTest::qWaitFor([&] {
            return ((dialog = wizard.findChild<ui::ApprovalDialog*>()) && dialog->isVisible()) ||
                   (message->isVisible() && !wizard.isBusy());
        });
        QVERIFY2(dialog, qPrintable(QStringLiteral("page %1 busy %2 message '%3' dialogs %4")
                                        .arg(wizard.currentId())
                                        .arg(wizard.isBusy())
                                        .arg(message->text())
                                        .arg(wizard.findChildren<QDialog*>().size())));
        QVERIFY(!status(*b).activated); // nothing before the approval
        auto* combo = child<QComboBox>(*dialog, "approverComboBox");
        combo->setCurrentIndex(combo->findText(QStringLiteral("bob")));
        auto* passphrase = child<QLineEdit>(*dialog, "approverPassphraseLineEdit");
        QTest::keyClicks(passphrase, test::kTestPassphrase);
        QTest::keyClick(passphrase, Qt::Key_Return);
        auto* ok = child<QPushButton>(*dialog, "okPushButton");
        QTRY_VERIFY(ok->isEnabled());
        QTest::mouseClick(ok, Qt::LeftButton);

        QTRY_COMPARE(wizard.currentId(), int(ui::RestoreWizard::ResultPage));
        QCOMPARE(status(*b).activeDomainKey.id, m_domainKeyA);
    }

    // Security Domain > Restore…, Managed HSM Restore Blob… and Verify a Share… open their dialogs.
    void mainWindowMenuOpensThem()
    {
        ui::MainWindow window(*m_a);
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        QMenu* menu = window.securityDomainMenu();
        QVERIFY(menu);
        auto action = [menu](const char* name) {
            for (QAction* a : menu->actions())
                if (a->objectName() == QLatin1String(name))
                    return a;
            return static_cast<QAction*>(nullptr);
        };
        for (const char* name :
             {"securityDomainRestoreAction", "securityDomainRestoreBlobAction", "securityDomainVerifyShareAction"}) {
            QAction* a = action(name);
            QVERIFY2(a && a->isEnabled(), name);
        }
        action("securityDomainRestoreAction")->trigger();
        QTRY_VERIFY(window.findChild<ui::RestoreWizard*>());
        window.findChild<ui::RestoreWizard*>()->reject();
        action("securityDomainRestoreBlobAction")->trigger();
        QTRY_VERIFY(window.findChild<ui::RestoreBlobWizard*>());
        window.findChild<ui::RestoreBlobWizard*>()->reject();
        action("securityDomainVerifyShareAction")->trigger();
        QTRY_VERIFY(window.findChild<ui::VerifyShareDialog*>());
        window.findChild<ui::VerifyShareDialog*>()->reject();
        // Closed dialogs delete themselves.
        QTRY_VERIFY(!window.findChild<ui::RestoreWizard*>() && !window.findChild<ui::RestoreBlobWizard*>() &&
                    !window.findChild<ui::VerifyShareDialog*>());
    }

    void verifyShareGoodAndForeignKey()
    {
        ui::VerifyShareDialog dialog(*m_a);
        showAndWait(dialog);
        QTest::keyClicks(child<QLineEdit>(dialog, "sdFileLineEdit"), m_sdPath);
        QTRY_VERIFY(child<QLabel>(dialog, "sdSummaryLabel")->text().contains(QStringLiteral("3 custodians")));

        present(dialog, custodianKey(2));
        auto* result = child<QLabel>(dialog, "verifyResultLabel");
        QTRY_COMPARE(result->text(), QStringLiteral("Test Custodian 2: your key opens 1 share(s) of this file."));

        present(dialog, custodianKey(0), custodian0Password());
        QTRY_COMPARE(result->text(), QStringLiteral("Test Custodian 0: your key opens 1 share(s) of this file."));

        present(dialog, custodianKey(3)); // not one of this file's custodians
        QTRY_VERIFY(result->text().startsWith(QStringLiteral("Not verified: ")));
        QVERIFY2(result->text().contains(QStringLiteral("Test Custodian 3")), qPrintable(result->text()));

        // Each drill is in A's audit trail: two that opened a share, one refused.
        auto drills = test::onServices(*m_a, [](model::Services& s) {
            model::AuditFilter filter;
            filter.operation = QStringLiteral("SecurityDomainShareVerify");
            return model::AuditLog(s.workspace().database()).list(filter);
        });
        QVERIFY2(drills, errorText(drills).constData());
        QCOMPARE(drills->size(), 3);

        QTest::keyClicks(child<QLineEdit>(dialog, "keyPasswordLineEdit"), QStringLiteral("typed"));
        QTest::mouseClick(child<QPushButton>(dialog, "closePushButton"), Qt::LeftButton);
        QVERIFY(!dialog.isVisible());
        QVERIFY(child<QLineEdit>(dialog, "keyPasswordLineEdit")->text().isEmpty());
    }
};

CUSTOS_REGISTER_TEST(TestSecurityDomainRestore)
#include "TestSecurityDomainRestore.moc"
