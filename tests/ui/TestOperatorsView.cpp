#include "HostedWorkspace.h"
#include "OutcomeText.h"
#include "TestRegistry.h"

#include "model/itemmodels/OperatorGroupModel.h"
#include "model/itemmodels/OperatorListModel.h"
#include "model/services/Services.h"
#include "ui/access/OperatorDialogs.h"
#include "ui/access/OperatorOperations.h"
#include "ui/access/OperatorsView.h"
#include "ui/widgets/InlineMessage.h"

#include <QAbstractItemModelTester>
#include <QApplication>
#include <QComboBox>
#include <QDialogButtonBox>
#include <QInputDialog>
#include <QLabel>
#include <QLineEdit>
#include <QMessageBox>
#include <QPointer>
#include <QPushButton>
#include <QSignalSpy>
#include <QTableView>
#include <QTemporaryDir>
#include <QTest>
#include <QTreeView>

using custos::model::OperatorGroupModel;
using custos::model::OperatorListModel;
using custos::ui::OperatorsView;

namespace {
const QString kNewPassphrase = QStringLiteral("another long passphrase");
} // namespace

class TestOperatorsView : public QObject
{
    Q_OBJECT

private:
    template <typename F>
    auto run(F f)
    {
        return custos::test::onServices(*m_host, std::move(f));
    }

    std::unique_ptr<OperatorsView> makeView()
    {
        auto view = std::make_unique<OperatorsView>(*m_host);
        m_testers.clear();
        m_testers.push_back(std::make_unique<QAbstractItemModelTester>(
            view->operatorModel(), QAbstractItemModelTester::FailureReportingMode::QtTest));
        m_testers.push_back(std::make_unique<QAbstractItemModelTester>(
            view->groupModel(), QAbstractItemModelTester::FailureReportingMode::QtTest));
        view->resize(1000, 600);
        view->show();
        [&] { QVERIFY(QTest::qWaitForWindowExposed(view.get())); }();
        [&] { QTRY_VERIFY(view->operatorModel()->indexOf(QStringLiteral("admin")).isValid()); }();
        return view;
    }

    static QPushButton* button(OperatorsView& view, const char* name)
    {
        return view.findChild<QPushButton*>(QLatin1String(name));
    }

    template <typename T>
    static T* waitForChild(QWidget& parent, const QString& name)
    {
        T* found = nullptr;
        const bool shown = QTest::qWaitFor(
            [&] { return (found = parent.findChild<T*>(name)) != nullptr && found->isVisible(); }, 5000);
        return shown ? found : nullptr;
    }

    static QString enabledText(OperatorsView& view, const QString& name)
    {
        const QModelIndex index = view.operatorModel()->indexOf(name);
        return view.operatorModel()->index(index.row(), OperatorListModel::EnabledColumn).data().toString();
    }

    // The error box's text when an operation failed, else empty; closes the box.
    static QString takeError(OperatorsView& view)
    {
        auto* box = view.findChild<QMessageBox*>(QStringLiteral("operatorErrorMessageBox"));
        if (!box)
            return {};
        const QString text = box->informativeText();
        box->close();
        box->deleteLater();
        return text;
    }

    static void clickOk(QDialog* dialog)
    {
        auto* buttons = dialog->findChild<QDialogButtonBox*>();
        QVERIFY(buttons);
        QPushButton* ok = buttons->button(QDialogButtonBox::Ok);
        QVERIFY(ok->isEnabled());
        QTest::mouseClick(ok, Qt::LeftButton);
    }

    std::unique_ptr<custos::model::ServiceHost> m_host;
    std::vector<std::unique_ptr<QAbstractItemModelTester>> m_testers;
    QTemporaryDir m_dir;

private Q_SLOTS:
    void initTestCase()
    {
        m_host = custos::test::makeHostedWorkspace(m_dir.filePath(QStringLiteral("ws")));
        QVERIFY(m_host);
    }

    void cleanup() { m_testers.clear(); }

    void cleanupTestCase() { m_host.reset(); }

    void listsOperatorsWithTheirState()
    {
        auto view = makeView();
        OperatorListModel* model = view->operatorModel();
        const QModelIndex admin = model->indexOf(QStringLiteral("admin"));
        QCOMPARE(enabledText(*view, QStringLiteral("admin")), QStringLiteral("Yes"));
        QCOMPARE(model->index(admin.row(), OperatorListModel::CardColumn).data().toString(), QStringLiteral("No"));
        QVERIFY(model->index(admin.row(), OperatorListModel::LockedUntilColumn).data().toString().isEmpty());
        // The hosted login counts: a time, not "never".
        QVERIFY(!model->index(admin.row(), OperatorListModel::LastLoginColumn).data().toString().isEmpty());
        QVERIFY(button(*view, "addOperatorPushButton")->isEnabled());
    }

    void addsAnOperatorThroughTheDialog()
    {
        auto view = makeView();
        QTest::mouseClick(button(*view, "addOperatorPushButton"), Qt::LeftButton);
        auto* dialog = waitForChild<custos::ui::OperatorAddDialog>(*view, QStringLiteral("operatorAddDialog"));
        QVERIFY(dialog);
        auto* name = dialog->findChild<QLineEdit*>(QStringLiteral("nameLineEdit"));
        QPointer<QLineEdit> passphrase = dialog->findChild<QLineEdit*>(QStringLiteral("passphraseLineEdit"));
        QPointer<QLineEdit> confirm = dialog->findChild<QLineEdit*>(QStringLiteral("confirmLineEdit"));
        QCOMPARE(passphrase->echoMode(), QLineEdit::Password);
        QCOMPARE(confirm->echoMode(), QLineEdit::Password);
        auto* ok = dialog->findChild<QPushButton*>(QStringLiteral("okPushButton"));
        QTest::keyClicks(name, QStringLiteral("frank"));
        QTest::keyClicks(dialog->findChild<QLineEdit*>(QStringLiteral("displayNameLineEdit")),
                         QStringLiteral("Frank F."));
        QTest::keyClicks(passphrase, custos::test::kTestPassphrase);
        QTest::keyClicks(confirm, QStringLiteral("not the same"));
        QVERIFY(!ok->isEnabled()); // the passphrases differ
        QVERIFY(dialog->findChild<custos::ui::InlineMessage*>(QStringLiteral("hintLabel"))
                    ->text()
                    .contains(QStringLiteral("do not match")));
        confirm->clear();
        QTest::keyClicks(confirm, custos::test::kTestPassphrase);
        clickOk(dialog);
        // The secret left the line edits when the dialog was accepted.
        QVERIFY(!passphrase || passphrase->text().isEmpty());
        QVERIFY(!confirm || confirm->text().isEmpty());

        QTRY_VERIFY(view->operatorModel()->indexOf(QStringLiteral("frank")).isValid());
        const QModelIndex frank = view->operatorModel()->indexOf(QStringLiteral("frank"));
        QCOMPARE(view->operatorModel()->index(frank.row(), OperatorListModel::DisplayNameColumn).data().toString(),
                 QStringLiteral("Frank F."));
        QCOMPARE(view->operatorModel()->index(frank.row(), OperatorListModel::LastLoginColumn).data().toString(),
                 QStringLiteral("never"));
        QVERIFY(takeError(*view).isEmpty());
        // The passphrase typed is the one stored.
        auto switched = custos::test::switchOperator(*m_host, QStringLiteral("frank"));
        QVERIFY2(switched, errorText(switched).constData());
        auto back = custos::test::switchOperator(*m_host, QStringLiteral("admin"));
        QVERIFY2(back, errorText(back).constData());
    }

    void disablesAndEnablesAnOperator()
    {
        auto view = makeView();
        QTRY_VERIFY(view->selectOperator(QStringLiteral("frank")));
        QVERIFY(!button(*view, "enableOperatorPushButton")->isEnabled());
        QTest::mouseClick(button(*view, "disableOperatorPushButton"), Qt::LeftButton);
        QTRY_COMPARE(enabledText(*view, QStringLiteral("frank")), QStringLiteral("No"));
        QVERIFY(takeError(*view).isEmpty());
        // The selection survives the reload; now only Enable applies.
        QCOMPARE(view->selectedOperator()->name, QStringLiteral("frank"));
        QTRY_VERIFY(button(*view, "enableOperatorPushButton")->isEnabled());
        QVERIFY(!button(*view, "disableOperatorPushButton")->isEnabled());
        auto shown = run([](custos::model::Services& s) { return s.operators().show(QStringLiteral("frank")); });
        QVERIFY2(shown, errorText(shown).constData());
        QVERIFY(!shown->enabled);

        QTest::mouseClick(button(*view, "enableOperatorPushButton"), Qt::LeftButton);
        QTRY_COMPARE(enabledText(*view, QStringLiteral("frank")), QStringLiteral("Yes"));
        QVERIFY(takeError(*view).isEmpty());
    }

    void resetsAPassphrase()
    {
        auto view = makeView();
        QTRY_VERIFY(view->selectOperator(QStringLiteral("frank")));
        QTest::mouseClick(button(*view, "resetPassphrasePushButton"), Qt::LeftButton);
        auto* dialog =
            waitForChild<custos::ui::OperatorPassphraseDialog>(*view, QStringLiteral("operatorPassphraseDialog"));
        QVERIFY(dialog);
        QCOMPARE(dialog->operatorName(), QStringLiteral("frank"));
        QTest::keyClicks(dialog->findChild<QLineEdit*>(QStringLiteral("passphraseLineEdit")), kNewPassphrase);
        QTest::keyClicks(dialog->findChild<QLineEdit*>(QStringLiteral("confirmLineEdit")), kNewPassphrase);
        QSignalSpy done(view->operations(), &custos::ui::OperationsBase::succeeded);
        clickOk(dialog);
        QTRY_COMPARE(done.count(), 1);
        QVERIFY(takeError(*view).isEmpty());
        auto old = custos::test::switchOperator(*m_host, QStringLiteral("frank"));
        QVERIFY(!old);
        auto switched = custos::test::switchOperator(*m_host, QStringLiteral("frank"), kNewPassphrase);
        QVERIFY2(switched, errorText(switched).constData());
        auto back = custos::test::switchOperator(*m_host, QStringLiteral("admin"));
        QVERIFY2(back, errorText(back).constData());
    }

    void addsAGroupAndAMember()
    {
        auto view = makeView();
        QVERIFY(!button(*view, "addMemberPushButton")->isEnabled()); // no group selected
        QTest::mouseClick(button(*view, "addGroupPushButton"), Qt::LeftButton);
        auto* nameDialog = waitForChild<QInputDialog>(*view, QStringLiteral("groupNameInputDialog"));
        QVERIFY(nameDialog);
        QTest::keyClicks(nameDialog->findChild<QLineEdit*>(), QStringLiteral("auditors"));
        clickOk(nameDialog);
        QTRY_VERIFY(view->groupModel()->indexOfGroup(QStringLiteral("auditors")).isValid());
        QVERIFY(takeError(*view).isEmpty());

        QVERIFY(view->selectGroup(QStringLiteral("auditors")));
        QVERIFY(button(*view, "addMemberPushButton")->isEnabled());
        QVERIFY(!button(*view, "removeMemberPushButton")->isEnabled());
        QTest::mouseClick(button(*view, "addMemberPushButton"), Qt::LeftButton);
        auto* memberDialog = waitForChild<QInputDialog>(*view, QStringLiteral("memberInputDialog"));
        QVERIFY(memberDialog);
        auto* combo = memberDialog->findChild<QComboBox*>();
        QVERIFY(combo);
        QVERIFY(combo->findText(QStringLiteral("frank")) >= 0);
        combo->setFocus();
        QTest::keyClicks(combo, QStringLiteral("frank"));
        QCOMPARE(combo->currentText(), QStringLiteral("frank"));
        clickOk(memberDialog);
        QTRY_VERIFY(view->groupModel()->indexOfMember(QStringLiteral("auditors"), QStringLiteral("frank")).isValid());
        QVERIFY(takeError(*view).isEmpty());
        auto groups = run([](custos::model::Services& s) { return s.groups().list(); });
        QVERIFY2(groups, errorText(groups).constData());
        QCOMPARE(groups->size(), 1);
        QCOMPARE(groups->first().members, QStringList{QStringLiteral("frank")});

        // And out again.
        QVERIFY(view->selectMember(QStringLiteral("auditors"), QStringLiteral("frank")));
        QVERIFY(button(*view, "removeMemberPushButton")->isEnabled());
        QTest::mouseClick(button(*view, "removeMemberPushButton"), Qt::LeftButton);
        QTRY_VERIFY(!view->groupModel()->indexOfMember(QStringLiteral("auditors"), QStringLiteral("frank")).isValid());
        QVERIFY(view->groupModel()->indexOfGroup(QStringLiteral("auditors")).isValid());
    }

    void aRefusedChangeIsShown()
    {
        auto view = makeView();
        // admin is the last Administrator: disabling them is refused.
        QVERIFY(view->selectOperator(QStringLiteral("admin")));
        QTest::mouseClick(button(*view, "disableOperatorPushButton"), Qt::LeftButton);
        QTRY_VERIFY(view->findChild<QMessageBox*>(QStringLiteral("operatorErrorMessageBox")));
        const QString error = takeError(*view);
        QVERIFY2(error.contains(QStringLiteral("Administrator")), qPrintable(error));
        auto* message = view->findChild<custos::ui::InlineMessage*>(QStringLiteral("operatorsMessageLabel"));
        QVERIFY(message->isError());
        QCOMPARE(enabledText(*view, QStringLiteral("admin")), QStringLiteral("Yes"));
    }

    void deletesAnOperatorAfterConfirmation()
    {
        auto added = custos::test::addOperatorWithRoles(*m_host, QStringLiteral("gone"), {});
        QVERIFY2(added, errorText(added).constData());
        auto view = makeView();
        QTRY_VERIFY(view->selectOperator(QStringLiteral("gone")));
        QTest::mouseClick(button(*view, "deleteOperatorPushButton"), Qt::LeftButton);
        auto* box = waitForChild<QMessageBox>(*view, QStringLiteral("operatorDeleteMessageBox"));
        QVERIFY(box);
        QTest::mouseClick(box->button(QMessageBox::Yes), Qt::LeftButton);
        QTRY_VERIFY(!view->operatorModel()->indexOf(QStringLiteral("gone")).isValid());
        QVERIFY(takeError(*view).isEmpty());
        auto shown = run([](custos::model::Services& s) { return s.operators().show(QStringLiteral("gone")); });
        QVERIFY(!shown);
    }

    void withoutOperatorsWriteTheChangesAreDisabled()
    {
        auto added =
            custos::test::addOperatorWithRoles(*m_host, QStringLiteral("auditor"), {QStringLiteral("Crypto Auditor")});
        QVERIFY2(added, errorText(added).constData());
        auto switched = custos::test::switchOperator(*m_host, QStringLiteral("auditor"));
        QVERIFY2(switched, errorText(switched).constData());
        {
            auto view = makeView(); // operators/read: the list loads
            QVERIFY(view->selectOperator(QStringLiteral("frank")));
            for (const char* name : {"addOperatorPushButton", "disableOperatorPushButton", "resetPassphrasePushButton",
                                     "deleteOperatorPushButton", "addGroupPushButton"}) {
                QVERIFY2(!button(*view, name)->isEnabled(), name);
                QVERIFY2(button(*view, name)->toolTip().contains(QStringLiteral("operators/write")), name);
            }
            auto* label = view->findChild<QLabel*>(QStringLiteral("permissionLabel"));
            QVERIFY(label->isVisible());
            QVERIFY(label->text().contains(QStringLiteral("operators/write")));
        }
        auto back = custos::test::switchOperator(*m_host, QStringLiteral("admin"));
        QVERIFY2(back, errorText(back).constData());
    }
};

CUSTOS_REGISTER_TEST(TestOperatorsView)
#include "TestOperatorsView.moc"
