#include "HostedWorkspace.h"
#include "TestRegistry.h"

#include "crypto/selftest/SelfTest.h"
#include "crypto/selftest/SelfTestGate.h"
#include "model/services/VaultService.h"
#include "ui/dialogs/SelfTestBanner.h"
#include "ui/dialogs/SelfTestDialog.h"
#include "ui/mainwindow/MainWindow.h"
#include "ui/settings/AppSettings.h"

#include <QAction>
#include <QLabel>
#include <QMenuBar>
#include <QPushButton>
#include <QSettings>
#include <QTableWidget>
#include <QTemporaryDir>
#include <QTest>
#include <QTextBrowser>

using namespace custos;
using custos::ui::SelfTestDialog;

static void initSelfTestResources()
{
    Q_INIT_RESOURCE(custos);
}

namespace {
crypto::selftest::SelfTestReport failingReport()
{
    crypto::selftest::SelfTestOptions options;
    options.corruptExpected = {QStringLiteral("AES-256-GCM")};
    return crypto::selftest::runPrimitiveSelfTests(options);
}

int rowOf(QTableWidget* table, const QString& name)
{
    for (int row = 0; row < table->rowCount(); ++row) {
        if (table->item(row, 0) && table->item(row, 0)->text() == name)
            return row;
    }
    return -1;
}
} // namespace

// Help > Self Test… and the start-up failure banner; a failed start-up self test refuses key
// operations with the reason.
class TestSelfTestDialog : public QObject
{
    Q_OBJECT
private:
    QTemporaryDir m_dir;

private Q_SLOTS:
    void initTestCase() { initSelfTestResources(); }
    void cleanup() { crypto::selftest::clearStartupFailures(); }

    void failedCheckShowsItsProposedFix()
    {
        SelfTestDialog dialog(failingReport());
        dialog.show();
        auto* table = dialog.findChild<QTableWidget*>(QStringLiteral("selfTestTable"));
        auto* details = dialog.findChild<QTextBrowser*>(QStringLiteral("selfTestDetails"));
        auto* summary = dialog.findChild<QLabel*>(QStringLiteral("selfTestSummary"));
        QVERIFY(table && details && summary);
        QCOMPARE(table->rowCount(), 10);
        const int failed = rowOf(table, QStringLiteral("AES-256-GCM"));
        QVERIFY(failed >= 0);
        QCOMPARE(table->item(failed, 1)->text(), QStringLiteral("Failed")); // text, not the icon alone
        QVERIFY(!table->item(failed, 1)->icon().isNull());
        QCOMPARE(table->item(failed, 2)->text(), QStringLiteral("known-answer mismatch"));
        const int passed = rowOf(table, QStringLiteral("SHA-256"));
        QCOMPARE(table->item(passed, 1)->text(), QStringLiteral("Passed"));
        // The first failure is selected, with its long error and proposed fix.
        QCOMPARE(table->currentRow(), failed);
        const QString text = details->toPlainText();
        QVERIFY2(text.contains(QLatin1String("Proposed fix:")), qPrintable(text));
        QVERIFY2(text.contains(QLatin1String("apt install --reinstall libssl3")), qPrintable(text));
        QVERIFY2(text.contains(QLatin1String("expected")), qPrintable(text));
        QVERIFY2(summary->text().contains(QLatin1String("AES-256-GCM")), qPrintable(summary->text()));

        // Selecting a passing check shows what it tested, no fix.
        table->setCurrentCell(passed, 0);
        QVERIFY(details->toPlainText().contains(QLatin1String("FIPS 180-2")));
        QVERIFY(!details->toPlainText().contains(QLatin1String("Proposed fix:")));

        // Run Again: this library is sound, so a fresh run passes (display only).
        auto* runAgain = dialog.findChild<QPushButton*>(QStringLiteral("selfTestRunAgainButton"));
        QVERIFY(runAgain);
        runAgain->click();
        QCOMPARE(rowOf(table, QStringLiteral("AES-256-GCM")) >= 0, true);
        QCOMPARE(table->item(rowOf(table, QStringLiteral("AES-256-GCM")), 1)->text(), QStringLiteral("Passed"));
    }

    void startupFailureShowsBannerAndRefusesKeyActions()
    {
        // Activation downloads the security domain, which the gate would refuse: set up first.
        auto host = test::makeHostedWorkspace(m_dir.filePath(QStringLiteral("ws")));
        QVERIFY(host);
        auto vault =
            test::onServices(*host, [](model::Services& s) { return s.vaults().create({QStringLiteral("gated")}); });
        QVERIFY2(vault, qPrintable(vault ? QString() : vault.error().message));
        crypto::selftest::recordStartupReport(failingReport());
        ui::AppSettings settings(new QSettings(m_dir.filePath(QStringLiteral("custos.ini")), QSettings::IniFormat));
        ui::MainWindow window(*host, &settings);
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));

        ui::SelfTestBanner* banner = window.selfTestBanner();
        QVERIFY(banner);
        QVERIFY(banner->isVisible());
        QVERIFY2(banner->label()->text().contains(QLatin1String("AES-256-GCM")), qPrintable(banner->label()->text()));
        QVERIFY(window.selfTestAction());
        QVERIFY(!window.selfTestAction()->text().isEmpty());

        // The banner's button opens the dialog on the recorded failure.
        auto* details = banner->findChild<QPushButton*>(QStringLiteral("selfTestDetailsButton"));
        QVERIFY(details);
        details->click();
        auto* dialog = window.findChild<SelfTestDialog*>(QStringLiteral("selfTestDialog"));
        QVERIFY(dialog);
        QTRY_VERIFY(dialog->isVisible());
        QVERIFY(dialog->report().failedNames().contains(QStringLiteral("AES-256-GCM")));
        QVERIFY(dialog->findChild<QTextBrowser*>(QStringLiteral("selfTestDetails"))
                    ->toPlainText()
                    .contains(QLatin1String("Proposed fix:")));

        // Key actions are refused, with the reason; reads still work.
        model::KeyCreateRequest request;
        request.vault = QStringLiteral("gated");
        request.name = QStringLiteral("k");
        request.kty = crypto::KeyKind::Ec;
        auto refused = test::onServices(*host, [request](model::Services& s) { return s.keys().create(request); });
        QVERIFY(!refused);
        QVERIFY2(refused.error().message.contains(QLatin1String("AES-256-GCM")), qPrintable(refused.error().message));
        QVERIFY2(refused.error().message.contains(QLatin1String("custosctl selftest")),
                 qPrintable(refused.error().message));
        auto keys = test::onServices(*host, [](model::Services& s) { return s.keys().list(QStringLiteral("gated")); });
        QVERIFY(keys);

        // A passing start-up report: no banner.
        crypto::selftest::recordStartupReport(crypto::selftest::runPrimitiveSelfTests());
        ui::MainWindow clean(*host, &settings);
        clean.show();
        QVERIFY(!clean.selfTestBanner()->isVisible());
        window.close();
        clean.close();
    }
};

CUSTOS_REGISTER_TEST(TestSelfTestDialog)
#include "TestSelfTestDialog.moc"
