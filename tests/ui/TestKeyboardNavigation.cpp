#include "HostedWorkspace.h"
#include "TestRegistry.h"

#include "model/itemmodels/KeyListModel.h"
#include "model/services/Services.h"
#include "ui/keys/KeysView.h"
#include "ui/mainwindow/MainWindow.h"
#include "ui/search/GlobalSearchPopup.h"
#include "ui/settings/AppSettings.h"

#include <QApplication>
#include <QLineEdit>
#include <QMenu>
#include <QMenuBar>
#include <QSettings>
#include <QTabBar>
#include <QTabWidget>
#include <QTableView>
#include <QTemporaryDir>
#include <QTest>
#include <QTreeView>

#include <memory>

static void initKeyboardNavigationResources()
{
    Q_INIT_RESOURCE(custos);
}

using custos::ui::MainWindow;

// The main window without a mouse: Tab from the vault tree reaches the detail tabs and the key
// list, the menu bar opens with Alt and a menu's mnemonic, Ctrl+K and Esc come and go.
class TestKeyboardNavigation : public QObject
{
    Q_OBJECT
private:
    std::unique_ptr<MainWindow> makeWindow()
    {
        auto window = std::make_unique<MainWindow>(*m_host, m_settings.get());
        window->show();
        [&] { QVERIFY(QTest::qWaitForWindowActive(window.get())); }();
        [&] { QVERIFY(QTest::qWaitFor([&] { return window->selectVault(QStringLiteral("payments")); }, 10000)); }();
        return window;
    }

    QTemporaryDir m_dir;
    std::unique_ptr<custos::model::ServiceHost> m_host;
    std::unique_ptr<custos::ui::AppSettings> m_settings;

private Q_SLOTS:
    void initTestCase()
    {
        initKeyboardNavigationResources();
        m_settings = std::make_unique<custos::ui::AppSettings>(
            new QSettings(m_dir.filePath(QStringLiteral("custos.ini")), QSettings::IniFormat));
        m_host = custos::test::makeHostedWorkspace(m_dir.filePath(QStringLiteral("ws")));
        QVERIFY(m_host);
        custos::model::VaultCreateRequest vault(QStringLiteral("payments"));
        vault.protection = custos::model::Protection::Software;
        auto created =
            custos::test::onServices(*m_host, [vault](custos::model::Services& s) { return s.vaults().create(vault); });
        QVERIFY2(created, errorText(created).constData());
        for (const QString& name : {QStringLiteral("alpha"), QStringLiteral("signing")}) {
            custos::model::KeyCreateRequest key;
            key.vault = QStringLiteral("payments");
            key.name = name;
            key.kty = custos::crypto::KeyKind::Ec;
            auto made =
                custos::test::onServices(*m_host, [key](custos::model::Services& s) { return s.keys().create(key); });
            QVERIFY2(made, errorText(made).constData());
        }
    }

    void cleanupTestCase()
    {
        m_host.reset();
        m_settings.reset();
    }

    void tabFromTheVaultTreeReachesTheTabsAndTheKeys()
    {
        auto window = makeWindow();
        auto* tabs = window->findChild<QTabWidget*>(QStringLiteral("detailTabWidget"));
        QVERIFY(tabs);
        QCOMPARE(tabs->currentWidget(), window->keysView());
        QTRY_COMPARE(window->keysView()->keyModel()->rowCount(), 2);
        window->vaultTreeView()->setFocus();
        QTRY_VERIFY(window->vaultTreeView()->hasFocus());
        bool reachedTabs = false;
        bool reachedKeys = false;
        QStringList path;
        for (int i = 0; i < 40 && !(reachedTabs && reachedKeys); ++i) {
            QTest::keyClick(QApplication::focusWidget(), Qt::Key_Tab);
            QWidget* focus = QApplication::focusWidget();
            QVERIFY(focus);
            path << (focus->objectName().isEmpty() ? QString::fromLatin1(focus->metaObject()->className())
                                                   : focus->objectName());
            reachedTabs = reachedTabs || focus == tabs->tabBar();
            reachedKeys = reachedKeys || focus == window->keysView()->keyView();
        }
        QVERIFY2(reachedTabs, qPrintable(path.join(QStringLiteral(" → "))));
        QVERIFY2(reachedKeys, qPrintable(path.join(QStringLiteral(" → "))));
        // The keys are then worked from the keyboard: the arrows select them.
        QTest::keyClick(window->keysView()->keyView(), Qt::Key_Down);
        QTest::keyClick(window->keysView()->keyView(), Qt::Key_End);
        QTRY_VERIFY(window->keysView()->selectedKey().has_value());
        QCOMPARE(window->keysView()->selectedKey()->name, QStringLiteral("signing"));
        // And the tab bar switches tabs with the arrows once it has the focus.
        tabs->tabBar()->setFocus();
        QTest::keyClick(tabs->tabBar(), Qt::Key_Right);
        QTRY_COMPARE(tabs->currentIndex(), 1);
    }

    void altFOpensTheFileMenu()
    {
        auto window = makeWindow();
        QMenu* fileMenu = window->menuBar()->actions().first()->menu();
        QVERIFY(fileMenu);
        QVERIFY(!fileMenu->isVisible());
        QTest::keyClick(window->menuBar(), Qt::Key_F, Qt::AltModifier);
        QTRY_VERIFY(fileMenu->isVisible());
        QTest::keyClick(fileMenu, Qt::Key_Escape);
        QTRY_VERIFY(!fileMenu->isVisible());
        // Alt+G: the Go menu with Find Anything.
        QMenu* goMenu = window->findChild<QMenu*>(QStringLiteral("goMenu"));
        QVERIFY(goMenu);
        QTest::keyClick(window->menuBar(), Qt::Key_G, Qt::AltModifier);
        QTRY_VERIFY(goMenu->isVisible());
        QTest::keyClick(goMenu, Qt::Key_F); // its mnemonic
        auto* popup = window->findChild<custos::ui::GlobalSearchPopup*>(QStringLiteral("globalSearchPopup"));
        QTRY_VERIFY(popup && popup->isVisible());
        QTest::keyClick(popup->searchLineEdit(), Qt::Key_Escape);
        QTRY_VERIFY(!popup->isVisible());
    }
};

CUSTOS_REGISTER_TEST(TestKeyboardNavigation)
#include "TestKeyboardNavigation.moc"
