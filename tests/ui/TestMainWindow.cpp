#include "HostedWorkspace.h"
#include "TestRegistry.h"

#include "model/itemmodels/VaultTreeModel.h"
#include "ui/actions/VaultActions.h"
#include "ui/actions/VaultOperations.h"
#include "ui/dialogs/VaultCreateDialog.h"
#include "ui/mainwindow/MainWindow.h"
#include "ui/views/VaultDetailPane.h"

#include <QAbstractItemModelTester>
#include <QAbstractProxyModel>
#include <QAction>
#include <QApplication>
#include <QComboBox>
#include <QLabel>
#include <QLineEdit>
#include <QMenu>
#include <QMessageBox>
#include <QPushButton>
#include <QStatusBar>
#include <QTabWidget>
#include <QTemporaryDir>
#include <QTest>
#include <QTreeView>

// The icons live in custos_ui's resource file; a static library needs an explicit init.
static void initCustosResources()
{
    Q_INIT_RESOURCE(custos);
}

using custos::model::VaultTreeModel;
using custos::ui::MainWindow;
using NodeKind = custos::model::VaultTreeModel::NodeKind;

class TestMainWindow : public QObject
{
    Q_OBJECT

private:
    std::unique_ptr<MainWindow> makeWindow()
    {
        auto window = std::make_unique<MainWindow>(*m_host);
        m_testers.clear();
        m_testers.push_back(std::make_unique<QAbstractItemModelTester>(
            window->vaultModel(), QAbstractItemModelTester::FailureReportingMode::QtTest));
        m_testers.push_back(std::make_unique<QAbstractItemModelTester>(
            window->vaultTreeView()->model(), QAbstractItemModelTester::FailureReportingMode::QtTest));
        window->show();
        // The tree loads on the service thread.
        if (!QTest::qWaitFor([&] { return !window->vaultModel()->isLoading(); }, 10000))
            qWarning("the vault tree did not load");
        return window;
    }

    static QModelIndex viewIndex(MainWindow& window, const QString& name)
    {
        const QModelIndex source = window.vaultModel()->indexOf(name);
        if (!source.isValid())
            return {};
        auto* proxy = static_cast<QAbstractProxyModel*>(window.vaultTreeView()->model());
        return proxy->mapFromSource(source);
    }

    static void clickVault(MainWindow& window, const QString& name)
    {
        QTreeView* tree = window.vaultTreeView();
        const QModelIndex index = viewIndex(window, name);
        QVERIFY(index.isValid());
        tree->scrollTo(index);
        QTest::mouseClick(tree->viewport(), Qt::LeftButton, {}, tree->visualRect(index).center());
    }

    static bool isUnder(MainWindow& window, const QString& name, NodeKind group)
    {
        const QModelIndex index = window.vaultModel()->indexOf(name);
        return index.isValid() && index.parent() == window.vaultModel()->groupIndex(group);
    }

    static QString detail(MainWindow& window, const char* objectName)
    {
        auto* label = window.findChild<custos::ui::VaultDetailPane*>(QStringLiteral("vaultDetailPane"))
                          ->findChild<QLabel*>(QLatin1String(objectName));
        return label ? label->text() : QStringLiteral("<no label>");
    }

    // Clicks a button of the message box `objectName` once it is open (never exec()).
    static bool answer(MainWindow& window, const QString& objectName, QMessageBox::StandardButton button)
    {
        QMessageBox* box = nullptr;
        if (!QTest::qWaitFor([&] { return (box = window.findChild<QMessageBox*>(objectName)) && box->isVisible(); },
                             5000))
            return false;
        QTest::mouseClick(box->button(button), Qt::LeftButton);
        return true;
    }

    void createVault(MainWindow& window, const QString& name)
    {
        custos::model::VaultCreateRequest request;
        request.name = name;
        window.vaultOperations()->create(request);
        QTRY_VERIFY_WITH_TIMEOUT(window.vaultModel()->indexOf(name).isValid(), 10000);
        QTRY_VERIFY(!window.vaultOperations()->isBusy());
    }

    QTemporaryDir m_dir;
    std::unique_ptr<custos::model::ServiceHost> m_host;
    std::vector<std::unique_ptr<QAbstractItemModelTester>> m_testers;

private Q_SLOTS:
    void initTestCase()
    {
        initCustosResources();
        m_host = custos::test::makeHostedWorkspace(m_dir.filePath(QStringLiteral("ws")));
        QVERIFY(m_host);
    }

    void cleanup()
    {
        m_testers.clear();
        if (m_host && m_host->operatorName() != QStringLiteral("admin"))
            QVERIFY(custos::test::switchOperator(*m_host, QStringLiteral("admin")));
    }

    void cleanupTestCase() { m_host.reset(); }

    void showsOperatorAndWorkspace()
    {
        auto window = makeWindow();
        QVERIFY(window->windowTitle().startsWith(QStringLiteral("Custos — ")));
        QVERIFY(window->windowTitle().endsWith(QStringLiteral(" — test workspace")));
        QVERIFY(window->findChild<QLabel*>(QStringLiteral("operatorStatusLabel"))
                    ->text()
                    .contains(QStringLiteral("admin")));
        QVERIFY(
            window->findChild<QLabel*>(QStringLiteral("workspaceStatusLabel"))->text().contains(QStringLiteral("ws")));
        QVERIFY(window->findChild<QLabel*>(QStringLiteral("testWorkspaceStatusLabel")));
        QVERIFY(window->findChild<QTreeView*>(QStringLiteral("vaultTreeView")));
        QVERIFY(window->findChild<custos::ui::VaultDetailPane*>(QStringLiteral("vaultDetailPane")));
        auto* actions = window->vaultActions();
        QCOMPARE(actions->newVault()->shortcut(), QKeySequence(QKeySequence::New));
        QCOMPARE(actions->refresh()->shortcut(), QKeySequence(QKeySequence::Refresh));
        QVERIFY(actions->newVault()->isEnabled());
        QVERIFY(!actions->deleteVault()->isEnabled()); // nothing selected
        QVERIFY(!actions->recoverVault()->isEnabled());
    }

    void createsAVaultThroughTheDialog()
    {
        auto window = makeWindow();
        window->vaultActions()->newVault()->trigger();
        custos::ui::VaultCreateDialog* dialog = nullptr;
        QTRY_VERIFY((dialog = window->findChild<custos::ui::VaultCreateDialog*>()) && dialog->isVisible());
        auto* name = dialog->findChild<QLineEdit*>(QStringLiteral("nameLineEdit"));
        auto* protection = dialog->findChild<QComboBox*>(QStringLiteral("protectionComboBox"));
        auto* tags = dialog->findChild<QLineEdit*>(QStringLiteral("tagsLineEdit"));
        auto* ok = dialog->findChild<QPushButton*>(QStringLiteral("okPushButton"));
        auto* hint = dialog->findChild<QLabel*>(QStringLiteral("hintLabel"));
        QVERIFY(name && protection && tags && ok && hint);

        QTest::keyClicks(name, QStringLiteral("pk"));
        QVERIFY(!ok->isEnabled());
        QVERIFY(hint->isVisible());
        QTest::keyClicks(name, QStringLiteral("i_"));
        QVERIFY(!ok->isEnabled()); // '_' is not allowed
        QTest::keyClick(name, Qt::Key_Backspace);
        QTest::keyClicks(name, QStringLiteral("-prod"));
        QVERIFY(ok->isEnabled());
        QTest::keyClicks(tags, QStringLiteral("owner"));
        QVERIFY(!ok->isEnabled()); // a tag needs key=value
        QTest::keyClicks(tags, QStringLiteral("=pki; env=prod"));
        QVERIFY(ok->isEnabled());
        protection->setFocus();
        QTest::keyClick(protection, Qt::Key_Down);
        QCOMPARE(protection->currentText(), QStringLiteral("Software"));

        QTest::mouseClick(ok, Qt::LeftButton);
        QTRY_VERIFY_WITH_TIMEOUT(isUnder(*window, QStringLiteral("pki-prod"), NodeKind::ActiveGroup), 10000);
        // The new vault is selected and shown.
        QTRY_COMPARE(detail(*window, "nameValueLabel"), QStringLiteral("pki-prod"));
        QCOMPARE(detail(*window, "protectionValueLabel"), QStringLiteral("Software"));
        QCOMPARE(detail(*window, "tagsValueLabel"), QStringLiteral("env=prod; owner=pki"));
        QTRY_COMPARE(window->statusBar()->currentMessage(), QStringLiteral("Vault 'pki-prod' created"));
        QVERIFY(viewIndex(*window, QStringLiteral("pki-prod")).isValid());
    }

    void detailPaneFollowsTheSelection()
    {
        auto window = makeWindow();
        createVault(*window, QStringLiteral("hsm-vault"));
        clickVault(*window, QStringLiteral("hsm-vault"));
        QTRY_COMPARE(detail(*window, "nameValueLabel"), QStringLiteral("hsm-vault"));
        QCOMPARE(detail(*window, "protectionValueLabel"), QStringLiteral("HSM"));
        QCOMPARE(detail(*window, "statusValueLabel"), QStringLiteral("Active"));
        QCOMPARE(detail(*window, "scopeValueLabel"), QStringLiteral("/vaults/hsm-vault"));
        clickVault(*window, QStringLiteral("pki-prod"));
        QTRY_COMPARE(detail(*window, "protectionValueLabel"), QStringLiteral("Software"));
        QVERIFY(window->vaultActions()->deleteVault()->isEnabled());
        QVERIFY(!window->vaultActions()->recoverVault()->isEnabled());
    }

    void deleteRecoverAndPurge()
    {
        auto window = makeWindow();
        createVault(*window, QStringLiteral("doomed"));
        clickVault(*window, QStringLiteral("doomed"));
        QTRY_VERIFY(window->vaultActions()->deleteVault()->isEnabled());

        // Delete asks first; Cancel leaves the vault alone.
        window->vaultActions()->deleteVault()->trigger();
        QVERIFY(answer(*window, QStringLiteral("confirmDeleteMessageBox"), QMessageBox::Cancel));
        QTest::qWait(50);
        QVERIFY(isUnder(*window, QStringLiteral("doomed"), NodeKind::ActiveGroup));

        window->vaultActions()->deleteVault()->trigger();
        QVERIFY(answer(*window, QStringLiteral("confirmDeleteMessageBox"), QMessageBox::Yes));
        QTRY_VERIFY_WITH_TIMEOUT(isUnder(*window, QStringLiteral("doomed"), NodeKind::DeletedGroup), 10000);
        QTRY_COMPARE(detail(*window, "statusValueLabel"), QStringLiteral("Deleted (recoverable)"));
        QVERIFY(!detail(*window, "scheduledPurgeValueLabel").isEmpty());
        QTRY_VERIFY(window->vaultActions()->recoverVault()->isEnabled());
        QVERIFY(window->vaultActions()->purgeVault()->isEnabled());
        QVERIFY(!window->vaultActions()->deleteVault()->isEnabled());
        QVERIFY(window->vaultActions()->applicable().contains(window->vaultActions()->recoverVault()));

        window->vaultActions()->recoverVault()->trigger();
        QTRY_VERIFY_WITH_TIMEOUT(isUnder(*window, QStringLiteral("doomed"), NodeKind::ActiveGroup), 10000);
        QTRY_COMPARE(window->statusBar()->currentMessage(), QStringLiteral("Vault 'doomed' recovered"));

        window->vaultActions()->deleteVault()->trigger();
        QVERIFY(answer(*window, QStringLiteral("confirmDeleteMessageBox"), QMessageBox::Yes));
        QTRY_VERIFY_WITH_TIMEOUT(isUnder(*window, QStringLiteral("doomed"), NodeKind::DeletedGroup), 10000);
        QTRY_VERIFY(window->vaultActions()->purgeVault()->isEnabled());
        window->vaultActions()->purgeVault()->trigger();
        QMessageBox* box = nullptr;
        QTRY_VERIFY((box = window->findChild<QMessageBox*>(QStringLiteral("confirmPurgeMessageBox"))));
        QVERIFY(box->informativeText().contains(QStringLiteral("irreversible")));
        QVERIFY(answer(*window, QStringLiteral("confirmPurgeMessageBox"), QMessageBox::Yes));
        QTRY_VERIFY_WITH_TIMEOUT(!window->vaultModel()->indexOf(QStringLiteral("doomed")).isValid(), 10000);
        QTRY_COMPARE(window->statusBar()->currentMessage(), QStringLiteral("Vault 'doomed' purged"));
    }

    void purgeProtectionDisablesPurge()
    {
        auto window = makeWindow();
        custos::model::VaultCreateRequest request;
        request.name = QStringLiteral("guarded");
        request.purgeProtection = true;
        window->vaultOperations()->create(request);
        QTRY_VERIFY_WITH_TIMEOUT(window->vaultModel()->indexOf(QStringLiteral("guarded")).isValid(), 10000);
        window->vaultOperations()->remove(QStringLiteral("guarded"));
        QTRY_VERIFY_WITH_TIMEOUT(isUnder(*window, QStringLiteral("guarded"), NodeKind::DeletedGroup), 10000);
        clickVault(*window, QStringLiteral("guarded"));
        QTRY_VERIFY(window->vaultActions()->recoverVault()->isEnabled());
        QVERIFY(!window->vaultActions()->purgeVault()->isEnabled());
        QVERIFY(window->vaultActions()->purgeVault()->toolTip().contains(QStringLiteral("Purge protection")));
    }

    void failureShowsAMessageWithoutBlocking()
    {
        auto window = makeWindow();
        custos::model::VaultCreateRequest duplicate;
        duplicate.name = QStringLiteral("pki-prod");
        window->vaultOperations()->create(duplicate);
        QMessageBox* box = nullptr;
        QTRY_VERIFY_WITH_TIMEOUT(
            (box = window->findChild<QMessageBox*>(QStringLiteral("errorMessageBox"))) && box->isVisible(), 10000);
        QVERIFY(box->text().contains(QStringLiteral("pki-prod")));
        QVERIFY(!box->informativeText().isEmpty());
        QVERIFY(window->statusBar()->currentMessage().contains(QStringLiteral("Could not create")));
        QTest::mouseClick(box->button(QMessageBox::Ok), Qt::LeftButton);
        QTRY_VERIFY(!window->findChild<QMessageBox*>(QStringLiteral("errorMessageBox")));
    }

    void auditorCannotCreate()
    {
        QVERIFY(
            custos::test::addOperatorWithRoles(*m_host, QStringLiteral("auditor"), {QStringLiteral("Crypto Auditor")}));
        QVERIFY(custos::test::switchOperator(*m_host, QStringLiteral("auditor")));
        auto window = makeWindow();
        QVERIFY(window->findChild<QLabel*>(QStringLiteral("operatorStatusLabel"))
                    ->text()
                    .contains(QStringLiteral("auditor")));
        QAction* newVault = window->vaultActions()->newVault();
        QVERIFY(!newVault->isEnabled());
        QVERIFY(newVault->toolTip().contains(QStringLiteral("vaults/write")));
        // Disabled, not hidden: still in the Vault menu.
        QVERIFY(window->findChild<QMenu*>(QStringLiteral("vaultMenu"))->actions().contains(newVault));
        // The auditor sees the vaults but may not delete them.
        QVERIFY(window->vaultModel()->indexOf(QStringLiteral("pki-prod")).isValid());
        clickVault(*window, QStringLiteral("pki-prod"));
        QTRY_COMPARE(detail(*window, "nameValueLabel"), QStringLiteral("pki-prod"));
        QVERIFY(!window->vaultActions()->deleteVault()->isEnabled());
    }

    void screenshot()
    {
        // Documentation: CUSTOS_SCREENSHOT=/path/main-window.png test_ui TestMainWindow
        const QString path = qEnvironmentVariable("CUSTOS_SCREENSHOT");
        if (path.isEmpty())
            QSKIP("set CUSTOS_SCREENSHOT to a PNG path to write one");
        auto window = makeWindow();
        window->resize(1000, 620);
        clickVault(*window, QStringLiteral("pki-prod"));
        // The vault's settings (docs/screenshots/keys.png shows the keys tab).
        window->findChild<QTabWidget*>(QStringLiteral("detailTabWidget"))->setCurrentWidget(window->detailPane());
        QTest::qWait(100);
        QVERIFY(window->grab().save(path));
    }
};

CUSTOS_REGISTER_TEST(TestMainWindow)
#include "TestMainWindow.moc"
