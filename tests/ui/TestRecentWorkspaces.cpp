#include "GuiFlowHelpers.h"
#include "HostedWorkspace.h"
#include "TestRegistry.h"

#include "app/gui/GuiController.h"
#include "model/audit/AuditLog.h"
#include "model/session/ServiceHost.h"
#include "ui/mainwindow/MainWindow.h"
#include "ui/settings/AppSettings.h"
#include "ui/settings/WorkspaceActions.h"

#include <QAction>
#include <QDir>
#include <QMenu>
#include <QMessageBox>
#include <QSettings>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

using custos::app::GuiController;
using custos::ui::AppSettings;
using custos::ui::WorkspaceActions;
using namespace custos;

class TestRecentWorkspaces : public QObject
{
    Q_OBJECT

private:
    // A closed test workspace in `directory` (admin, kTestPassphrase).
    static bool makeWorkspace(const QString& directory)
    {
        auto host = test::makeHostedWorkspace(directory);
        return host != nullptr;
    }

    static QMessageBox* refusal(QWidget* parent)
    {
        QMessageBox* box = nullptr;
        (void)QTest::qWaitFor([&] {
            box = parent->findChild<QMessageBox*>(QStringLiteral("workspaceRefusedMessageBox"));
            return box && box->isVisible();
        });
        return box;
    }

private Q_SLOTS:
    void initTestCase() { Q_INIT_RESOURCE(custos); }
    void cleanup() { test::deleteLoginDialogs(); }

    void theListIsMostRecentFirstWithoutDuplicates()
    {
        QTemporaryDir tmp;
        QSettings store(tmp.filePath(QStringLiteral("custos.ini")), QSettings::IniFormat);
        AppSettings settings(&store);
        for (int i = 0; i < AppSettings::kMaximumRecentWorkspaces + 2; ++i)
            settings.addRecentWorkspace(tmp.filePath(QStringLiteral("ws%1").arg(i)));
        settings.addRecentWorkspace(tmp.filePath(QStringLiteral("ws5")));
        const QStringList recent = settings.recentWorkspaces();
        QCOMPARE(recent.size(), AppSettings::kMaximumRecentWorkspaces);
        QCOMPARE(recent.first(), tmp.filePath(QStringLiteral("ws5")));
        QCOMPARE(recent.at(1), tmp.filePath(QStringLiteral("ws9")));
        QCOMPARE(recent.count(tmp.filePath(QStringLiteral("ws5"))), 1);
        QVERIFY(!recent.contains(tmp.filePath(QStringLiteral("ws0"))));
    }

    void theMenuOffersOnlyWorkspacesThatExist()
    {
        QTemporaryDir tmp;
        const QString current = tmp.filePath(QStringLiteral("current"));
        const QString other = tmp.filePath(QStringLiteral("other"));
        const QString gone = tmp.filePath(QStringLiteral("gone"));
        QVERIFY(makeWorkspace(other));
        QVERIFY(makeWorkspace(current));
        QSettings store(tmp.filePath(QStringLiteral("custos.ini")), QSettings::IniFormat);
        AppSettings settings(&store);
        settings.addRecentWorkspace(gone);
        settings.addRecentWorkspace(current);
        settings.addRecentWorkspace(other);
        QWidget window;
        WorkspaceActions actions(settings, current, &window);
        actions.updateRecentMenu();
        QList<QAction*> entries;
        for (QAction* action : actions.recentMenu()->actions()) {
            if (action->data().isValid())
                entries << action;
        }
        QCOMPARE(entries.size(), 3);
        QCOMPARE(entries.at(0)->data().toString(), other);
        QVERIFY(entries.at(0)->isEnabled());
        QCOMPARE(entries.at(1)->data().toString(), current); // open now: not offered again
        QVERIFY(!entries.at(1)->isEnabled());
        QCOMPARE(entries.at(2)->data().toString(), gone);
        QVERIFY(!entries.at(2)->isEnabled());
        QVERIFY(entries.at(2)->text().contains(QStringLiteral("not found")));

        QSignalSpy opened(&actions, &WorkspaceActions::openRequested);
        entries.at(0)->trigger();
        QCOMPARE(opened.count(), 1);
        QCOMPARE(opened.first().first().toString(), other);

        // "Remove Missing Workspaces" drops the one that is gone.
        QAction* prune = actions.recentMenu()->findChild<QAction*>(QStringLiteral("removeMissingWorkspacesAction"));
        QVERIFY(prune);
        prune->trigger();
        QCOMPARE(settings.recentWorkspaces(), (QStringList{other, current}));
    }

    void refusesADirectoryThatIsNoWorkspace()
    {
        QTemporaryDir tmp;
        QSettings store(tmp.filePath(QStringLiteral("custos.ini")), QSettings::IniFormat);
        AppSettings settings(&store);
        QWidget window;
        WorkspaceActions actions(settings, tmp.filePath(QStringLiteral("current")), &window);
        QSignalSpy opened(&actions, &WorkspaceActions::openRequested);
        QSignalSpy created(&actions, &WorkspaceActions::newRequested);
        QDir(tmp.path()).mkpath(QStringLiteral("plain"));
        actions.requestOpen(tmp.filePath(QStringLiteral("plain")));
        QMessageBox* box = refusal(&window);
        QVERIFY(box);
        QVERIFY2(box->text().contains(QStringLiteral("is not a Custos workspace")), qPrintable(box->text()));
        QVERIFY(opened.isEmpty());
        box->close();

        // A new workspace needs an empty directory: one holding a workspace is refused, the empty one not.
        QVERIFY(makeWorkspace(tmp.filePath(QStringLiteral("taken"))));
        actions.requestNew(tmp.filePath(QStringLiteral("taken")));
        box = refusal(&window);
        QVERIFY(box);
        QVERIFY2(box->text().contains(QStringLiteral("holds a Custos workspace already")), qPrintable(box->text()));
        QVERIFY(created.isEmpty());
        actions.requestNew(tmp.filePath(QStringLiteral("plain")));
        QCOMPARE(created.count(), 1);
    }

    void openingAnotherWorkspaceLogsOutAndLogsIntoIt()
    {
        QTemporaryDir tmp;
        const QString first = tmp.filePath(QStringLiteral("first"));
        const QString second = tmp.filePath(QStringLiteral("second"));
        QVERIFY(makeWorkspace(first));
        QVERIFY(makeWorkspace(second));
        QSettings store(tmp.filePath(QStringLiteral("custos.ini")), QSettings::IniFormat);
        AppSettings settings(&store);

        {
            GuiController controller(first, &settings);
            controller.start();
            QVERIFY(test::logInThroughDialog());
            QVERIFY(QTest::qWaitFor([&] { return controller.mainWindow() && controller.mainWindow()->isVisible(); }));
            QCOMPARE(settings.recentWorkspaces(), QStringList{first});

            // File > Open Recent would offer it; the actions check and ask the controller.
            controller.mainWindow()->workspaceActions()->requestOpen(second);
            ui::LoginDialog* login = test::waitForLoginDialog();
            QVERIFY(login);
            QCOMPARE(controller.host().directory(), second);
            QVERIFY(!controller.mainWindow());
            QVERIFY(test::logInThroughDialog());
            QVERIFY(QTest::qWaitFor([&] { return controller.mainWindow() && controller.mainWindow()->isVisible(); }));
            QVERIFY(controller.host().isLoggedIn());
            QCOMPARE(settings.recentWorkspaces(), (QStringList{second, first}));
        }

        // The first workspace's trail has the operator's Logout from the switch (read once the
        // controller has closed the second: one embedded SoftHSM2 configuration per process).
        model::ServiceHost reader;
        QVERIFY(test::await(reader.open(first)));
        auto readerLogin =
            test::await(reader.login(QStringLiteral("admin"), test::secret(test::kTestPassphrase), false));
        QVERIFY2(readerLogin, errorText(readerLogin).constData());
        auto logouts = test::onServices(reader, [](model::Services& s) {
            model::AuditFilter filter;
            filter.operation = QStringLiteral("Logout");
            filter.result = model::AuditResult::Success;
            return model::AuditLog(s.workspace().database()).list(filter);
        });
        QVERIFY2(logouts, errorText(logouts).constData());
        QCOMPARE(logouts->size(), 1);
    }

    void cancellingTheOtherLoginReturnsToTheWorkspaceLeft()
    {
        QTemporaryDir tmp;
        const QString first = tmp.filePath(QStringLiteral("first"));
        const QString second = tmp.filePath(QStringLiteral("second"));
        QVERIFY(makeWorkspace(first));
        QVERIFY(makeWorkspace(second));
        QSettings store(tmp.filePath(QStringLiteral("custos.ini")), QSettings::IniFormat);
        AppSettings settings(&store);
        GuiController controller(first, &settings);
        QSignalSpy finished(&controller, &GuiController::finished);
        controller.start();
        QVERIFY(test::logInThroughDialog());
        QVERIFY(QTest::qWaitFor([&] { return controller.mainWindow() && controller.mainWindow()->isVisible(); }));

        Q_EMIT controller.mainWindow()->openWorkspaceRequested(second);
        ui::LoginDialog* login = test::waitForLoginDialog();
        QVERIFY(login);
        QCOMPARE(controller.host().directory(), second);
        login->reject();
        QVERIFY(QTest::qWaitFor([&] { return controller.host().directory() == first; }));
        QVERIFY(test::waitForLoginDialog());
        QVERIFY(finished.isEmpty()); // still running
        QCOMPARE(settings.recentWorkspaces(), QStringList{first});
        test::deleteLoginDialogs();
    }
};

CUSTOS_REGISTER_TEST(TestRecentWorkspaces)
#include "TestRecentWorkspaces.moc"
