#include "HostedWorkspace.h"
#include "TestRegistry.h"

#include "model/itemmodels/KeyListModel.h"
#include "model/itemmodels/OperatorListModel.h"
#include "model/itemmodels/RoleDefinitionModel.h"
#include "model/services/Services.h"
#include "ui/access/AccessWindow.h"
#include "ui/access/OperatorsView.h"
#include "ui/access/RolesView.h"
#include "ui/certificates/CertificatesView.h"
#include "ui/keys/KeysView.h"
#include "ui/mainwindow/MainWindow.h"
#include "ui/search/GlobalSearchPopup.h"
#include "ui/search/SearchResultModel.h"
#include "ui/settings/AppSettings.h"

#include <QAbstractItemModelTester>
#include <QAction>
#include <QApplication>
#include <QItemSelectionModel>
#include <QLabel>
#include <QLineEdit>
#include <QListView>
#include <QSettings>
#include <QSignalSpy>
#include <QTabWidget>
#include <QTableView>
#include <QTemporaryDir>
#include <QTest>
#include <QThread>
#include <QTreeView>

#include <memory>

static void initGlobalSearchResources()
{
    Q_INIT_RESOURCE(custos);
}

using custos::ui::GlobalSearchPopup;
using custos::ui::MainWindow;

// Ctrl+K in the main window: the popup opens, typing shows hits, Enter jumps to the hit (the key
// in its vault's Keys tab, the certificate in its tab, the role or operator in the Access window),
// Esc closes, and an answer a newer search overtook is never shown.
class TestGlobalSearch : public QObject
{
    Q_OBJECT
private:
    template <typename F>
    auto run(F f)
    {
        return custos::test::onServices(*m_host, std::move(f));
    }

    std::unique_ptr<MainWindow> makeWindow()
    {
        auto window = std::make_unique<MainWindow>(*m_host, m_settings.get());
        window->show();
        [&] { QVERIFY(QTest::qWaitForWindowActive(window.get())); }();
        // The tree loads on the service thread; start away from the vault the hits live in.
        [&] { QVERIFY(QTest::qWaitFor([&] { return window->selectVault(QStringLiteral("other")); }, 10000)); }();
        return window;
    }

    // Ctrl+K, then `text` typed into the box; waits for its hits.
    GlobalSearchPopup* searchFor(MainWindow& window, const QString& text, bool viaShortcut = true)
    {
        if (viaShortcut)
            QTest::keyClick(&window, Qt::Key_K, Qt::ControlModifier);
        else
            window.globalSearchAction()->trigger(); // another window has the keyboard
        auto* popup = window.findChild<GlobalSearchPopup*>(QStringLiteral("globalSearchPopup"));
        if (!popup || !popup->isVisible())
            return nullptr;
        if (!m_tester)
            m_tester = std::make_unique<QAbstractItemModelTester>(
                popup->resultModel(), QAbstractItemModelTester::FailureReportingMode::QtTest);
        QSignalSpy shown(popup, &GlobalSearchPopup::resultsShown);
        QTest::keyClicks(popup->searchLineEdit(), text);
        if (!shown.wait(10000) && shown.isEmpty())
            return nullptr;
        return popup;
    }

    QTemporaryDir m_dir;
    std::unique_ptr<custos::model::ServiceHost> m_host;
    std::unique_ptr<custos::ui::AppSettings> m_settings;
    std::unique_ptr<QAbstractItemModelTester> m_tester;

private Q_SLOTS:
    void initTestCase()
    {
        initGlobalSearchResources();
        m_settings = std::make_unique<custos::ui::AppSettings>(
            new QSettings(m_dir.filePath(QStringLiteral("custos.ini")), QSettings::IniFormat));
        m_host = custos::test::makeHostedWorkspace(m_dir.filePath(QStringLiteral("ws")));
        QVERIFY(m_host);
        for (const QString& name : {QStringLiteral("payments"), QStringLiteral("other")}) {
            custos::model::VaultCreateRequest vault(name);
            vault.protection = custos::model::Protection::Software;
            auto created = run([vault](custos::model::Services& s) { return s.vaults().create(vault); });
            QVERIFY2(created, errorText(created).constData());
        }
        for (const auto& [vault, name] : {std::pair(QStringLiteral("payments"), QStringLiteral("signing-key")),
                                          std::pair(QStringLiteral("payments"), QStringLiteral("alpha-key")),
                                          std::pair(QStringLiteral("other"), QStringLiteral("other-key"))}) {
            custos::model::KeyCreateRequest key;
            key.vault = vault;
            key.name = name;
            key.kty = custos::crypto::KeyKind::Ec;
            auto made = run([key](custos::model::Services& s) { return s.keys().create(key); });
            QVERIFY2(made, errorText(made).constData());
        }
        custos::model::CertificateIssueRequest web;
        web.vault = QStringLiteral("payments");
        web.name = QStringLiteral("web01");
        web.issuer = QStringLiteral("Self");
        web.subject = QStringLiteral("CN=web01.example.test");
        web.subjectAltNames = {QStringLiteral("dns:web01.example.test")};
        auto issued = run([web](custos::model::Services& s) { return s.certificates().issue(web); });
        QVERIFY2(issued, errorText(issued).constData());
    }

    void cleanup() { m_tester.reset(); }

    void cleanupTestCase()
    {
        m_host.reset();
        m_settings.reset();
    }

    void ctrlKOpensThePopupAndEscCloses()
    {
        auto window = makeWindow();
        QVERIFY(window->globalSearchAction());
        QCOMPARE(window->globalSearchAction()->shortcut(), QKeySequence(Qt::CTRL | Qt::Key_K));
        QTest::keyClick(window.get(), Qt::Key_K, Qt::ControlModifier);
        auto* popup = window->findChild<GlobalSearchPopup*>(QStringLiteral("globalSearchPopup"));
        QVERIFY(popup);
        QTRY_VERIFY(popup->isVisible());
        QLineEdit* edit = popup->findChild<QLineEdit*>(QStringLiteral("searchLineEdit"));
        QCOMPARE(edit, popup->searchLineEdit());
        QTRY_COMPARE(QApplication::focusWidget(), edit);
        QTest::keyClick(edit, Qt::Key_Escape);
        QTRY_VERIFY(!popup->isVisible());
        // Opened again: the same popup, with the last text selected for replacing.
        QTest::keyClicks(edit, QStringLiteral("x"));
        window->globalSearchAction()->trigger();
        QTRY_VERIFY(popup->isVisible());
        QCOMPARE(window->findChildren<GlobalSearchPopup*>().size(), 1);
        QVERIFY(edit->hasSelectedText());
    }

    void typingShowsHits()
    {
        auto window = makeWindow();
        GlobalSearchPopup* popup = searchFor(*window, QStringLiteral("key"));
        QVERIFY(popup);
        const auto& hits = popup->resultModel()->hits();
        QStringList names; // the keys (role descriptions mention keys too)
        for (const auto& hit : hits) {
            if (hit.kind == custos::model::SearchHit::Kind::Key)
                names << hit.name;
        }
        names.sort();
        QCOMPARE(names, (QStringList{QStringLiteral("alpha-key"), QStringLiteral("other-key"),
                                     QStringLiteral("signing-key")}));
        const QModelIndex first = popup->resultModel()->index(0, 0);
        QVERIFY(first.data(Qt::DisplayRole).toString().contains(QStringLiteral("Key in vault")));
        QVERIFY(!first.data(Qt::DecorationRole).value<QIcon>().isNull());
        QCOMPARE(popup->resultView()->currentIndex().row(), 0);
        // Down and Up move through the hits without leaving the box.
        QTest::keyClick(popup->searchLineEdit(), Qt::Key_Down);
        QCOMPARE(popup->resultView()->currentIndex().row(), 1);
        QTest::keyClick(popup->searchLineEdit(), Qt::Key_Up);
        QCOMPARE(popup->resultView()->currentIndex().row(), 0);
        QTest::keyClick(popup->searchLineEdit(), Qt::Key_Up);
        QCOMPARE(popup->resultView()->currentIndex().row(), 0);
        QVERIFY(popup->searchLineEdit()->hasFocus());

        QSignalSpy shown(popup, &GlobalSearchPopup::resultsShown);
        popup->searchLineEdit()->selectAll();
        QTest::keyClicks(popup->searchLineEdit(), QStringLiteral("no-such-thing"));
        QVERIFY(shown.wait(10000));
        QCOMPARE(popup->resultModel()->rowCount(), 0);
        QVERIFY(popup->statusLabel()->text().contains(QStringLiteral("no-such-thing")));
    }

    void enterOnAKeySelectsItInTheKeysView()
    {
        auto window = makeWindow();
        GlobalSearchPopup* popup = searchFor(*window, QStringLiteral("signing-key"));
        QVERIFY(popup);
        QCOMPARE(popup->resultModel()->hits().first().name, QStringLiteral("signing-key"));
        QTest::keyClick(popup->searchLineEdit(), Qt::Key_Return);
        QTRY_VERIFY(!popup->isVisible());
        QTRY_VERIFY(window->keysView()->selectedKey().has_value());
        QCOMPARE(window->keysView()->selectedKey()->name, QStringLiteral("signing-key"));
        QCOMPARE(window->keysView()->selectedKey()->vault, QStringLiteral("payments"));
        auto* tabs = window->findChild<QTabWidget*>(QStringLiteral("detailTabWidget"));
        QCOMPARE(tabs->currentWidget(), window->keysView());
        const QModelIndexList vaults = window->vaultTreeView()->selectionModel()->selectedRows();
        QCOMPARE(vaults.size(), 1);
        QCOMPARE(vaults.first().data().toString(), QStringLiteral("payments"));
        QTRY_VERIFY(window->keysView()->keyView()->hasFocus());
    }

    void enterOnACertificateSelectsItInItsTab()
    {
        auto window = makeWindow();
        GlobalSearchPopup* popup = searchFor(*window, QStringLiteral("web01.example.test"));
        QVERIFY(popup);
        const auto& hits = popup->resultModel()->hits();
        QVERIFY(!hits.isEmpty());
        QCOMPARE(hits.first().kind, custos::model::SearchHit::Kind::Certificate);
        QTest::keyClick(popup->searchLineEdit(), Qt::Key_Enter);
        QTRY_VERIFY(window->certificatesView()->selectedCertificate().has_value());
        QCOMPARE(window->certificatesView()->selectedCertificate()->name, QStringLiteral("web01"));
        auto* tabs = window->findChild<QTabWidget*>(QStringLiteral("detailTabWidget"));
        QCOMPARE(tabs->currentWidget(), window->certificatesView());
    }

    void enterOnARoleOpensTheAccessWindow()
    {
        auto window = makeWindow();
        GlobalSearchPopup* popup = searchFor(*window, QStringLiteral("crypto auditor"));
        QVERIFY(popup);
        QCOMPARE(popup->resultModel()->hits().first().kind, custos::model::SearchHit::Kind::Role);
        QTest::keyClick(popup->searchLineEdit(), Qt::Key_Return);
        auto* access = window->findChild<custos::ui::AccessWindow*>(QStringLiteral("accessWindow"));
        QTRY_VERIFY(access && access->isVisible());
        QCOMPARE(access->tabWidget()->currentWidget(), access->rolesView());
        QTRY_VERIFY(access->rolesView()->selectedRole().has_value());
        QCOMPARE(access->rolesView()->selectedRole()->name, QStringLiteral("Crypto Auditor"));

        // An operator: the Operators & groups tab of the same window.
        popup = searchFor(*window, QStringLiteral("admin"), false);
        QVERIFY(popup);
        int row = -1;
        for (int i = 0; i < popup->resultModel()->rowCount(); ++i) {
            if (popup->resultModel()->hits().at(i).kind == custos::model::SearchHit::Kind::Operator)
                row = i;
        }
        QVERIFY(row >= 0);
        for (int i = 0; i < row; ++i)
            QTest::keyClick(popup->searchLineEdit(), Qt::Key_Down);
        QTest::keyClick(popup->searchLineEdit(), Qt::Key_Return);
        QTRY_COMPARE(access->tabWidget()->currentWidget(), access->operatorsView());
        QTRY_VERIFY(access->operatorsView()->selectedOperator().has_value());
    }

    void lateAnswersAreDropped()
    {
        auto window = makeWindow();
        QTest::keyClick(window.get(), Qt::Key_K, Qt::ControlModifier);
        auto* popup = window->findChild<GlobalSearchPopup*>(QStringLiteral("globalSearchPopup"));
        QVERIFY(popup);
        m_tester = std::make_unique<QAbstractItemModelTester>(popup->resultModel(),
                                                              QAbstractItemModelTester::FailureReportingMode::QtTest);
        popup->setDebounceInterval(0);
        QSignalSpy shown(popup, &GlobalSearchPopup::resultsShown);
        // The service thread busy for a moment: both searches are asked before either answers.
        auto busy = m_host->call([](custos::model::Services&) {
            QThread::msleep(600);
            return true;
        });
        popup->searchLineEdit()->setText(QStringLiteral("signing-key"));
        QTRY_VERIFY(popup->statusLabel()->text().contains(QStringLiteral("Searching"))); // the first is on its way
        popup->searchLineEdit()->setText(QStringLiteral("other-key"));
        QTest::qWait(50);
        QVERIFY(shown.isEmpty());
        QVERIFY(custos::test::await(std::move(busy)));
        QTRY_COMPARE(shown.size(), 1);
        QTest::qWait(300);
        QCOMPARE(shown.size(), 1); // the answer for "signing-key" was dropped
        QCOMPARE(popup->resultModel()->rowCount(), 1);
        QCOMPARE(popup->resultModel()->hits().first().name, QStringLiteral("other-key"));
    }
};

CUSTOS_REGISTER_TEST(TestGlobalSearch)
#include "TestGlobalSearch.moc"
