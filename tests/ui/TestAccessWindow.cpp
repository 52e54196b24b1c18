#include "HostedWorkspace.h"
#include "TestRegistry.h"

#include "model/itemmodels/RoleAssignmentModel.h"
#include "model/itemmodels/RoleDefinitionModel.h"
#include "model/itemmodels/SodReportModel.h"
#include "model/services/Services.h"
#include "ui/access/AccessWindow.h"
#include "ui/access/AssignmentDialog.h"
#include "ui/access/AssignmentFilterModel.h"
#include "ui/access/AssignmentsView.h"
#include "ui/access/RoleEditDialog.h"
#include "ui/access/RoleOperations.h"
#include "ui/access/RolePermissionTree.h"
#include "ui/access/RolesView.h"
#include "ui/access/SodReportView.h"
#include "ui/mainwindow/MainWindow.h"

#include <QAbstractItemModelTester>
#include <QAction>
#include <QApplication>
#include <QCheckBox>
#include <QComboBox>
#include <QDateTimeEdit>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QMessageBox>
#include <QPushButton>
#include <QTabWidget>
#include <QTableView>
#include <QTemporaryDir>
#include <QTest>

using custos::model::RoleAssignmentModel;
using custos::model::SodReportModel;
using custos::ui::AccessWindow;

// The access window driven with QTest input events: roles, assignments, the separation-of-duties
// report, and what an operator without the permissions sees.
class TestAccessWindow : public QObject
{
    Q_OBJECT

private:
    template <typename F>
    auto run(F f)
    {
        return custos::test::onServices(*m_host, std::move(f));
    }

    std::unique_ptr<AccessWindow> makeWindow()
    {
        auto window = std::make_unique<AccessWindow>(*m_host);
        m_testers.clear();
        for (QAbstractItemModel* model :
             {static_cast<QAbstractItemModel*>(window->rolesView()->roleModel()),
              static_cast<QAbstractItemModel*>(window->assignmentsView()->assignmentModel()),
              static_cast<QAbstractItemModel*>(window->assignmentsView()->filterModel()),
              static_cast<QAbstractItemModel*>(window->sodReportView()->reportModel())})
            m_testers.push_back(std::make_unique<QAbstractItemModelTester>(
                model, QAbstractItemModelTester::FailureReportingMode::QtTest));
        window->show();
        [&] { QVERIFY(QTest::qWaitForWindowActive(window.get())); }();
        // Every tab loads on the service thread.
        [&] { QTRY_VERIFY(window->rolesView()->roleModel()->rowCount() >= 10); }();
        return window;
    }

    template <typename T>
    static T* waitForChild(QWidget& parent, const QString& name)
    {
        T* found = nullptr;
        const bool shown = QTest::qWaitFor([&] {
            found = parent.findChild<T*>(name);
            return found && found->isVisible();
        });
        return shown ? found : nullptr;
    }

    // The error box's informative text when an operation failed, else empty; closes the box.
    static QString takeError(QWidget& window)
    {
        auto* box = window.findChild<QMessageBox*>(QStringLiteral("accessErrorMessageBox"));
        if (!box)
            return {};
        const QString text = box->informativeText();
        box->close();
        delete box;
        return text;
    }

    static void pressSpaceOn(QTreeWidget* tree, QTreeWidgetItem* item, int column)
    {
        tree->setFocus();
        tree->setCurrentItem(item, column);
        QTest::keyClick(tree->viewport(), Qt::Key_Space);
    }

    QTemporaryDir m_dir;
    std::unique_ptr<custos::model::ServiceHost> m_host;
    std::vector<std::unique_ptr<QAbstractItemModelTester>> m_testers;

private Q_SLOTS:
    void initTestCase()
    {
        Q_INIT_RESOURCE(custos);
        m_host = custos::test::makeHostedWorkspace(m_dir.filePath(QStringLiteral("ws")));
        QVERIFY(m_host);
        auto bob = custos::test::addOperatorWithRoles(*m_host, QStringLiteral("bob"), {});
        QVERIFY2(bob, errorText(bob).constData());
        auto auditor =
            custos::test::addOperatorWithRoles(*m_host, QStringLiteral("carol"), {QStringLiteral("Crypto Auditor")});
        QVERIFY2(auditor, errorText(auditor).constData());
    }

    void cleanup() { m_testers.clear(); }

    void cleanupTestCase() { m_host.reset(); }

    void rolesListBuiltInFirstMarkedReadOnly()
    {
        auto window = makeWindow();
        auto* view = window->rolesView();
        auto* model = view->roleModel();
        QCOMPARE(model->index(0, custos::model::RoleDefinitionModel::NameColumn).data().toString(),
                 QStringLiteral("Administrator"));
        QVERIFY(model->index(0, custos::model::RoleDefinitionModel::KindColumn)
                    .data()
                    .toString()
                    .contains(QStringLiteral("read-only")));
        QVERIFY(view->selectRole(QStringLiteral("Crypto Officer")));
        auto* permissions = view->findChild<QListWidget*>(QStringLiteral("rolePermissionsListWidget"));
        QVERIFY(!permissions->findItems(QStringLiteral("keys/deletedKeys/*"), Qt::MatchExactly).isEmpty());
        QVERIFY(
            view->findChild<QLabel*>(QStringLiteral("roleTitleLabel"))->text().contains(QStringLiteral("read-only")));
        // Built-in: the administrator may create roles but not edit or delete this one.
        QVERIFY(view->findChild<QPushButton*>(QStringLiteral("newRolePushButton"))->isEnabled());
        QVERIFY(!view->findChild<QPushButton*>(QStringLiteral("editRolePushButton"))->isEnabled());
        QVERIFY(!view->findChild<QPushButton*>(QStringLiteral("deleteRolePushButton"))->isEnabled());
    }

    void createCustomRoleThroughTheDialog()
    {
        auto window = makeWindow();
        auto* view = window->rolesView();
        QTest::mouseClick(view->findChild<QPushButton*>(QStringLiteral("newRolePushButton")), Qt::LeftButton);
        auto* dialog = waitForChild<custos::ui::RoleEditDialog>(*window, QStringLiteral("roleEditDialog"));
        QVERIFY(dialog);
        auto* ok = dialog->findChild<QPushButton*>(QStringLiteral("okPushButton"));
        QVERIFY(!ok->isEnabled());
        QTest::keyClicks(dialog->findChild<QLineEdit*>(QStringLiteral("nameLineEdit")),
                         QStringLiteral("Administrator"));
        QVERIFY(!ok->isEnabled()); // a built-in name
        auto* name = dialog->findChild<QLineEdit*>(QStringLiteral("nameLineEdit"));
        name->selectAll();
        QTest::keyClicks(name, QStringLiteral("Key Rotator"));
        QTest::keyClicks(dialog->findChild<QLineEdit*>(QStringLiteral("descriptionLineEdit")),
                         QStringLiteral("Reads and rotates keys"));
        QVERIFY(!ok->isEnabled()); // no permission yet
        auto* tree = dialog->permissionTree();
        pressSpaceOn(tree, tree->permissionItem(QStringLiteral("keys/read/action")),
                     custos::ui::RolePermissionTree::GrantColumn);
        pressSpaceOn(tree, tree->permissionItem(QStringLiteral("keys/rotate/action")),
                     custos::ui::RolePermissionTree::GrantColumn);
        // The whole "vaults" group with one check, then one of them excluded.
        QTreeWidgetItem* vaults = tree->permissionItem(QStringLiteral("vaults/read"))->parent();
        QCOMPARE(vaults->text(0), QStringLiteral("vaults"));
        pressSpaceOn(tree, vaults, custos::ui::RolePermissionTree::GrantColumn);
        pressSpaceOn(tree, tree->permissionItem(QStringLiteral("vaults/delete")),
                     custos::ui::RolePermissionTree::ExcludeColumn);
        QCOMPARE(tree->permissionItem(QStringLiteral("keys/read/action"))
                     ->parent()
                     ->checkState(custos::ui::RolePermissionTree::GrantColumn),
                 Qt::PartiallyChecked);
        QVERIFY(ok->isEnabled());
        QTest::mouseClick(ok, Qt::LeftButton);

        QTRY_VERIFY(view->roleModel()->indexOf(QStringLiteral("Key Rotator")).isValid());
        QTRY_COMPARE(view->selectedRole() ? view->selectedRole()->name : QString(), QStringLiteral("Key Rotator"));
        QCOMPARE(takeError(*window), QString());
        auto stored = run([](custos::model::Services& s) { return s.roles().showRole(QStringLiteral("Key Rotator")); });
        QVERIFY2(stored, errorText(stored).constData());
        QCOMPARE(stored->actions, QStringList({QStringLiteral("keys/read/action"), QStringLiteral("keys/rotate/action"),
                                               QStringLiteral("vaults/*")}));
        QCOMPARE(stored->notActions, QStringList({QStringLiteral("vaults/delete")}));
        QCOMPARE(stored->description, QStringLiteral("Reads and rotates keys"));
        QVERIFY(!stored->builtIn);
        // A custom role is editable and deletable.
        QVERIFY(view->findChild<QPushButton*>(QStringLiteral("editRolePushButton"))->isEnabled());
        QVERIFY(view->findChild<QPushButton*>(QStringLiteral("deleteRolePushButton"))->isEnabled());

        // Editing keeps the name and shows the stored permissions checked.
        QTest::mouseClick(view->findChild<QPushButton*>(QStringLiteral("editRolePushButton")), Qt::LeftButton);
        auto* edit = waitForChild<custos::ui::RoleEditDialog>(*window, QStringLiteral("roleEditDialog"));
        QVERIFY(edit && edit->isEditing());
        QVERIFY(edit->findChild<QLineEdit*>(QStringLiteral("nameLineEdit"))->isReadOnly());
        QCOMPARE(edit->permissionTree()->actions(), stored->actions);
        QCOMPARE(edit->permissionTree()->notActions(), stored->notActions);
        pressSpaceOn(edit->permissionTree(),
                     edit->permissionTree()->permissionItem(QStringLiteral("keys/rotate/action")),
                     custos::ui::RolePermissionTree::GrantColumn);
        QTest::mouseClick(edit->findChild<QPushButton*>(QStringLiteral("okPushButton")), Qt::LeftButton);
        QTRY_VERIFY(view->findChild<QListWidget*>(QStringLiteral("rolePermissionsListWidget"))
                        ->findItems(QStringLiteral("keys/rotate/action"), Qt::MatchExactly)
                        .isEmpty());
        auto updated =
            run([](custos::model::Services& s) { return s.roles().showRole(QStringLiteral("Key Rotator")); });
        QVERIFY2(updated, errorText(updated).constData());
        QCOMPARE(updated->actions, QStringList({QStringLiteral("keys/read/action"), QStringLiteral("vaults/*")}));

        // Delete asks first.
        QTest::mouseClick(view->findChild<QPushButton*>(QStringLiteral("deleteRolePushButton")), Qt::LeftButton);
        auto* confirm = waitForChild<QMessageBox>(*window, QStringLiteral("confirmDeleteRoleMessageBox"));
        QVERIFY(confirm);
        QTest::mouseClick(confirm->button(QMessageBox::Yes), Qt::LeftButton);
        QTRY_VERIFY(!view->roleModel()->indexOf(QStringLiteral("Key Rotator")).isValid());
        QCOMPARE(takeError(*window), QString());
    }

    void addAssignmentWithExpiryThroughTheDialog()
    {
        auto window = makeWindow();
        window->tabWidget()->setCurrentWidget(window->assignmentsView());
        auto* view = window->assignmentsView();
        QTRY_VERIFY(view->assignmentModel()->rowCount() > 0);
        auto* add = view->findChild<QPushButton*>(QStringLiteral("addAssignmentPushButton"));
        QVERIFY(add->isEnabled());
        QTest::mouseClick(add, Qt::LeftButton);
        auto* dialog = waitForChild<custos::ui::AssignmentDialog>(*window, QStringLiteral("assignmentDialog"));
        QVERIFY(dialog);
        auto* ok = dialog->findChild<QPushButton*>(QStringLiteral("okPushButton"));
        auto* principal = dialog->findChild<QComboBox*>(QStringLiteral("principalComboBox"));
        // Operators and groups to pick from, loaded through the host.
        QVERIFY(principal->findData(QStringLiteral("bob")) >= 0);
        QVERIFY(principal->findData(QStringLiteral("carol")) >= 0);
        QVERIFY(!ok->isEnabled());
        QTest::keyClicks(principal, QStringLiteral("bob"));
        auto* role = dialog->findChild<QComboBox*>(QStringLiteral("roleComboBox"));
        auto* expires = dialog->findChild<QCheckBox*>(QStringLiteral("expiresCheckBox"));
        // Administrator is never time-bound: the expiry is not offered.
        role->setCurrentIndex(role->findText(QStringLiteral("Administrator")));
        QVERIFY(!expires->isEnabled());
        role->setCurrentIndex(role->findText(QStringLiteral("Crypto User")));
        QVERIFY(expires->isEnabled());
        // The scope is validated as it is typed.
        auto* scope = dialog->findChild<QLineEdit*>(QStringLiteral("scopeLineEdit"));
        scope->selectAll();
        QTest::keyClicks(scope, QStringLiteral("/vaults/"));
        QVERIFY(!ok->isEnabled());
        QVERIFY(dialog->findChild<QLabel*>(QStringLiteral("assignmentHintLabel"))
                    ->text()
                    .contains(QStringLiteral("Invalid scope")));
        QTest::keyClicks(scope, QStringLiteral("payments"));
        QVERIFY(ok->isEnabled());
        QTest::mouseClick(expires, Qt::LeftButton);
        QVERIFY(expires->isChecked());
        auto* when = dialog->findChild<QDateTimeEdit*>(QStringLiteral("expiresDateTimeEdit"));
        QVERIFY(when->isEnabled());
        const QDateTime expiry = QDateTime::currentDateTimeUtc().addDays(3);
        when->setDateTime(expiry);
        QTest::mouseClick(ok, Qt::LeftButton);

        const QString payments = QStringLiteral("/vaults/payments");
        QTRY_VERIFY(
            view->assignmentModel()->indexOf(QStringLiteral("bob"), QStringLiteral("Crypto User"), payments).isValid());
        QCOMPARE(takeError(*window), QString());
        const QModelIndex row =
            view->assignmentModel()->indexOf(QStringLiteral("bob"), QStringLiteral("Crypto User"), payments);
        auto text = [&](int column) { return row.siblingAtColumn(column).data().toString(); };
        QCOMPARE(text(RoleAssignmentModel::KindColumn), QStringLiteral("operator"));
        QCOMPARE(text(RoleAssignmentModel::StatusColumn), QStringLiteral("active"));
        QCOMPARE(text(RoleAssignmentModel::ExpiresColumn), custos::model::assignmentTimeText(expiry));
        // And in the service.
        auto stored = run([](custos::model::Services& s) { return s.roles().assignments(QStringLiteral("bob")); });
        QVERIFY2(stored, errorText(stored).constData());
        QCOMPARE(stored->size(), 1);
        QCOMPARE(stored->first().role, QStringLiteral("Crypto User"));
        QCOMPARE(stored->first().scope, payments);
        QVERIFY(qAbs(stored->first().expires.secsTo(expiry)) < 60);
    }

    void removeAssignmentAsksFirst()
    {
        auto assigned = run([](custos::model::Services& s) {
            return s.roles().assign(QStringLiteral("bob"), QStringLiteral("Backup User"), QStringLiteral("/"));
        });
        QVERIFY2(assigned, errorText(assigned).constData());
        auto window = makeWindow();
        auto* view = window->assignmentsView();
        window->tabWidget()->setCurrentWidget(view);
        QTRY_VERIFY(view->selectAssignment(QStringLiteral("bob"), QStringLiteral("Backup User"), QStringLiteral("/")));
        auto* remove = view->findChild<QPushButton*>(QStringLiteral("removeAssignmentPushButton"));
        QVERIFY(remove->isEnabled());
        // Cancel keeps it.
        QTest::mouseClick(remove, Qt::LeftButton);
        auto* confirm = waitForChild<QMessageBox>(*window, QStringLiteral("confirmUnassignMessageBox"));
        QVERIFY(confirm);
        QVERIFY(confirm->text().contains(QStringLiteral("Backup User")));
        QTest::mouseClick(confirm->button(QMessageBox::Cancel), Qt::LeftButton);
        QTest::qWait(50);
        QVERIFY(view->assignmentModel()
                    ->indexOf(QStringLiteral("bob"), QStringLiteral("Backup User"), QStringLiteral("/"))
                    .isValid());
        // Remove removes it.
        QTest::mouseClick(remove, Qt::LeftButton);
        confirm = waitForChild<QMessageBox>(*window, QStringLiteral("confirmUnassignMessageBox"));
        QVERIFY(confirm);
        QTest::mouseClick(confirm->button(QMessageBox::Yes), Qt::LeftButton);
        QTRY_VERIFY(!view->assignmentModel()
                         ->indexOf(QStringLiteral("bob"), QStringLiteral("Backup User"), QStringLiteral("/"))
                         .isValid());
        auto stored = run([](custos::model::Services& s) {
            return s.roles().assignments(QStringLiteral("bob"), QStringLiteral("/"));
        });
        QVERIFY2(stored, errorText(stored).constData());
        for (const custos::model::RoleAssignment& a : stored.value())
            QVERIFY(a.role != QLatin1String("Backup User"));
    }

    void serviceRefusalIsShown()
    {
        auto window = makeWindow();
        custos::ui::AssignmentRequest self;
        self.principal = QStringLiteral("admin");
        self.role = QStringLiteral("Backup User");
        self.scope = QStringLiteral("/");
        window->roleOperations()->assign(self);
        QTRY_VERIFY(window->findChild<QMessageBox*>(QStringLiteral("accessErrorMessageBox")));
        QVERIFY(takeError(*window).contains(QStringLiteral("nobody assigns a role to themselves")));
    }

    void withoutRoleDefinitionsWriteCreateIsDisabledWithTheReason()
    {
        auto switched = custos::test::switchOperator(*m_host, QStringLiteral("carol"));
        QVERIFY2(switched, errorText(switched).constData());
        {
            auto window = makeWindow();
            auto* view = window->rolesView();
            auto* create = view->findChild<QPushButton*>(QStringLiteral("newRolePushButton"));
            QVERIFY(!create->isEnabled());
            QVERIFY(create->toolTip().contains(QStringLiteral("roleDefinitions/write/action")));
            auto* message = view->findChild<QLabel*>(QStringLiteral("rolesMessageLabel"));
            QVERIFY(message->isVisible());
            QVERIFY(message->text().contains(QStringLiteral("roleDefinitions/write/action")));
            // The auditor reads assignments but cannot change them.
            auto* assignments = window->assignmentsView();
            QTRY_VERIFY(assignments->assignmentModel()->rowCount() > 0);
            QVERIFY(!assignments->findChild<QPushButton*>(QStringLiteral("addAssignmentPushButton"))->isEnabled());
        }
        switched = custos::test::switchOperator(*m_host, QStringLiteral("admin"));
        QVERIFY2(switched, errorText(switched).constData());
    }

    void sodTabListsTheInitOperatorsConflicts()
    {
        auto window = makeWindow();
        window->tabWidget()->setCurrentWidget(window->sodReportView());
        auto* model = window->sodReportView()->reportModel();
        auto findingFor = [model](const QString& principal, const QString& roles) {
            for (int row = 0; row < model->rowCount(); ++row) {
                if (model->index(row, SodReportModel::PrincipalColumn).data().toString() == principal &&
                    model->index(row, SodReportModel::RolesColumn).data().toString() == roles)
                    return row;
            }
            return -1;
        };
        QTRY_VERIFY(findingFor(QStringLiteral("admin"), QStringLiteral("Administrator + Crypto User")) >= 0);
        const int row = findingFor(QStringLiteral("admin"), QStringLiteral("Crypto Officer + Crypto User"));
        QVERIFY(row >= 0);
        QCOMPARE(model->index(row, SodReportModel::KindColumn).data().toString(), QStringLiteral("Conflicting roles"));
        QCOMPARE(model->index(row, SodReportModel::ThroughColumn).data().toString(), QStringLiteral("direct, direct"));
        QVERIFY(window->sodReportView()
                    ->findChild<QLabel*>(QStringLiteral("sodSummaryLabel"))
                    ->text()
                    .contains(QStringLiteral("conflicting")));
        // bob's expiring Crypto User assignment (3 days) is listed too.
        QVERIFY(findingFor(QStringLiteral("bob"), QStringLiteral("Crypto User")) >= 0);
        // A new conflict shows after Refresh.
        auto assigned = run([](custos::model::Services& s) {
            return s.roles().assign(QStringLiteral("bob"), QStringLiteral("Policy Administrator"), QStringLiteral("/"));
        });
        QVERIFY2(assigned, errorText(assigned).constData());
        QTest::mouseClick(window->sodReportView()->findChild<QPushButton*>(QStringLiteral("refreshSodPushButton")),
                          Qt::LeftButton);
        QTRY_VERIFY(findingFor(QStringLiteral("bob"), QStringLiteral("Policy Administrator + Crypto User")) >= 0);
    }

    void mainWindowOpensTheAccessWindow()
    {
        custos::ui::MainWindow main(*m_host);
        main.show();
        QVERIFY(QTest::qWaitForWindowActive(&main));
        QAction* action = main.accessWindowAction();
        QVERIFY(action);
        QCOMPARE(action->shortcut(), QKeySequence(Qt::CTRL | Qt::ALT | Qt::Key_A));
        QVERIFY(action->isEnabled());
        QTest::keyClick(&main, Qt::Key_A, Qt::ControlModifier | Qt::AltModifier);
        auto* window = waitForChild<AccessWindow>(main, QStringLiteral("accessWindow"));
        QVERIFY(window);
        QCOMPARE(window->tabWidget()->count(), 5);
        QCOMPARE(window->tabWidget()->tabText(4), QStringLiteral("&Operators && groups"));
        // A second trigger raises the same window.
        action->trigger();
        QCOMPARE(main.findChildren<AccessWindow*>().size(), 1);

        // An operator with none of the window's read permissions sees the action disabled, with why.
        auto added =
            custos::test::addOperatorWithRoles(*m_host, QStringLiteral("dave"), {QStringLiteral("Certificate User")});
        QVERIFY2(added, errorText(added).constData());
        auto switched = custos::test::switchOperator(*m_host, QStringLiteral("dave"));
        QVERIFY2(switched, errorText(switched).constData());
        QTRY_VERIFY(!action->isEnabled());
        QVERIFY(action->toolTip().contains(QStringLiteral("roleAssignments/read/action")));
        switched = custos::test::switchOperator(*m_host, QStringLiteral("admin"));
        QVERIFY2(switched, errorText(switched).constData());
        QTRY_VERIFY(action->isEnabled());
    }
};

CUSTOS_REGISTER_TEST(TestAccessWindow)
#include "TestAccessWindow.moc"
