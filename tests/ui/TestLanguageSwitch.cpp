#include "GuiFlowHelpers.h"
#include "HostedWorkspace.h"
#include "TestRegistry.h"

#include "app/gui/GuiController.h"
#include "model/session/ServiceHost.h"
#include "ui/mainwindow/MainWindow.h"
#include "ui/settings/AppSettings.h"
#include "ui/settings/Languages.h"

#include <QMenuBar>
#include <QPointer>
#include <QSettings>
#include <QTemporaryDir>
#include <QTest>

using custos::app::GuiController;
using custos::ui::AppSettings;
using namespace custos;

class TestLanguageSwitch : public QObject
{
    Q_OBJECT

private:
    static QString firstMenuTitle(QMainWindow* window)
    {
        const QList<QAction*> menus = window->menuBar()->actions();
        return menus.isEmpty() ? QString() : menus.first()->text();
    }

private Q_SLOTS:
    void initTestCase() { Q_INIT_RESOURCE(custos); }
    void cleanup() { test::deleteLoginDialogs(); }
    // Back to the system locale, as the other tests expect it.
    void cleanupTestCase() { ui::installLanguage(QString()); }

    void translatorsAreReplaced()
    {
        QCOMPARE(ui::installLanguage(QStringLiteral("de")), QStringLiteral("de"));
        QCOMPARE(QCoreApplication::translate("custos::ui::MainWindow", "&File"), QStringLiteral("&Datei"));
        QCOMPARE(QLocale().language(), QLocale::German);
        QCOMPARE(ui::installLanguage(QStringLiteral("en")), QStringLiteral("en"));
        QCOMPARE(QCoreApplication::translate("custos::ui::MainWindow", "&File"), QStringLiteral("&File"));
        // A language Custos does not ship falls back to English.
        QCOMPARE(ui::installLanguage(QStringLiteral("fi")), QStringLiteral("en"));
        QCOMPARE(QCoreApplication::translate("custos::ui::MainWindow", "&File"), QStringLiteral("&File"));
    }

    void choosingGermanRebuildsTheWindowStillLoggedIn()
    {
        ui::installLanguage(QStringLiteral("en"));
        QTemporaryDir tmp;
        const QString directory = tmp.filePath(QStringLiteral("ws"));
        QVERIFY(test::makeHostedWorkspace(directory));
        QSettings store(tmp.filePath(QStringLiteral("custos.ini")), QSettings::IniFormat);
        AppSettings settings(&store);
        GuiController controller(directory, &settings);
        controller.start();
        QVERIFY(test::logInThroughDialog());
        QVERIFY(QTest::qWaitFor([&] { return controller.mainWindow() && controller.mainWindow()->isVisible(); }));
        QPointer<ui::MainWindow> english = controller.mainWindow();
        QCOMPARE(firstMenuTitle(english), QStringLiteral("&File"));

        settings.setLanguage(QStringLiteral("de")); // what the settings dialog's OK does
        QVERIFY(QTest::qWaitFor([&] { return controller.mainWindow() && controller.mainWindow() != english.data(); }));
        QCOMPARE(firstMenuTitle(controller.mainWindow()), QStringLiteral("&Datei"));
        QVERIFY(controller.mainWindow()->isVisible());
        QVERIFY(controller.host().isLoggedIn()); // no new login
        QTRY_VERIFY(!english);                   // the English one is gone

        QPointer<ui::MainWindow> german = controller.mainWindow();
        settings.setLanguage(QStringLiteral("en"));
        QVERIFY(QTest::qWaitFor([&] { return controller.mainWindow() && controller.mainWindow() != german.data(); }));
        QCOMPARE(firstMenuTitle(controller.mainWindow()), QStringLiteral("&File"));
        QVERIFY(controller.host().isLoggedIn());
    }
};

CUSTOS_REGISTER_TEST(TestLanguageSwitch)
#include "TestLanguageSwitch.moc"
