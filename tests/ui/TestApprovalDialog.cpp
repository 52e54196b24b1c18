#include "HostedWorkspace.h"
#include "TestRegistry.h"

#include "model/audit/AuditLog.h"
#include "ui/actions/VaultOperations.h"
#include "ui/dialogs/ApprovalDialog.h"

#include <QApplication>
#include <QComboBox>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>
#include <QTreeWidget>

using namespace custos;

// The quorum approval dialog, driven the way approvers use it: a protected purge opens it,
// each approver picks their name and types their passphrase, then the operation runs again.
class TestApprovalDialog : public QObject
{
    Q_OBJECT
private:
    QTemporaryDir m_dir;
    std::unique_ptr<model::ServiceHost> m_host;
    std::unique_ptr<QWidget> m_window;

    static ui::ApprovalDialog* openDialog()
    {
        for (QWidget* widget : QApplication::topLevelWidgets()) {
            if (auto* dialog = qobject_cast<ui::ApprovalDialog*>(widget); dialog && dialog->isVisible())
                return dialog;
        }
        return nullptr;
    }

    void deletedVault(const QString& name)
    {
        QVERIFY(test::onServices(*m_host, [name](model::Services& s) { return s.vaults().create({name}); }));
        QVERIFY(test::onServices(*m_host, [name](model::Services& s) { return s.vaults().remove(name); }));
    }

    bool vaultExists(const QString& name)
    {
        return test::onServices(*m_host, [name](model::Services& s) { return s.vaults().show(name); }).ok();
    }

    static void approve(ui::ApprovalDialog* dialog, const QString& approver, const QString& passphrase)
    {
        auto* combo = dialog->findChild<QComboBox*>(QStringLiteral("approverComboBox"));
        combo->setCurrentIndex(combo->findText(approver));
        auto* edit = dialog->findChild<QLineEdit*>(QStringLiteral("approverPassphraseLineEdit"));
        QTest::keyClicks(edit, passphrase);
        QTest::keyClick(edit, Qt::Key_Return);
    }

private Q_SLOTS:
    void initTestCase()
    {
        m_host = test::makeHostedWorkspace(m_dir.filePath(QStringLiteral("ws")));
        QVERIFY(m_host);
        for (const QString& name : {QStringLiteral("bob"), QStringLiteral("carol")})
            QVERIFY(test::addOperatorWithRoles(*m_host, name,
                                               {QStringLiteral("Administrator"), QStringLiteral("Crypto Officer")}));
        QVERIFY(
            test::onServices(*m_host, [](model::Services& s) { return s.quorum().set(2, {QStringLiteral("purge")}); }));
        m_window = std::make_unique<QWidget>();
        m_window->show();
    }
    void cleanupTestCase()
    {
        m_window.reset();
        m_host.reset();
    }

    void approvedPurgeRuns()
    {
        deletedVault(QStringLiteral("old"));
        ui::VaultOperations operations(*m_host, m_window.get());
        QSignalSpy status(&operations, &ui::VaultOperations::statusMessage);
        QSignalSpy failed(&operations, &ui::VaultOperations::failed);
        operations.purge(QStringLiteral("old"));
        QTRY_VERIFY(openDialog());
        ui::ApprovalDialog* dialog = openDialog();

        // What is approved, exactly.
        QCOMPARE(dialog->findChild<QLabel*>(QStringLiteral("operationLabel"))->text(), QStringLiteral("VaultPurge"));
        QCOMPARE(dialog->findChild<QLabel*>(QStringLiteral("resourceLabel"))->text(), QStringLiteral("/vaults/old"));
        QCOMPARE(dialog->findChild<QLabel*>(QStringLiteral("initiatorLabel"))->text(), QStringLiteral("admin"));
        QVERIFY(dialog->findChild<QLabel*>(QStringLiteral("digestLabel"))->text().size() > 64);
        auto* combo = dialog->findChild<QComboBox*>(QStringLiteral("approverComboBox"));
        QCOMPARE(combo->count(), 2);
        auto* ok = dialog->findChild<QPushButton*>(QStringLiteral("okPushButton"));
        QVERIFY(!ok->isEnabled());

        // A wrong passphrase: refused, the field wiped, nothing counted.
        approve(dialog, QStringLiteral("carol"), QStringLiteral("not carol's passphrase"));
        auto* message = dialog->findChild<QWidget*>(QStringLiteral("approvalMessage"));
        QTRY_VERIFY(message->isVisible());
        QVERIFY(dialog->findChild<QLineEdit*>(QStringLiteral("approverPassphraseLineEdit"))->text().isEmpty());
        QVERIFY(dialog->approvals().isEmpty());
        QVERIFY(!ok->isEnabled());

        approve(dialog, QStringLiteral("bob"), test::kTestPassphrase);
        QTRY_COMPARE(dialog->approvals().size(), 1);
        QTRY_VERIFY(ok->isEnabled());
        QCOMPARE(combo->findText(QStringLiteral("bob")), -1); // nobody approves twice
        QTest::mouseClick(ok, Qt::LeftButton);

        QTRY_VERIFY(!status.isEmpty());
        QVERIFY2(failed.isEmpty(), failed.isEmpty() ? "" : qPrintable(failed.first().at(1).toString()));
        QCOMPARE(status.last().first().toString(), QStringLiteral("Vault 'old' purged"));
        QVERIFY(!vaultExists(QStringLiteral("old")));
        auto events = test::onServices(*m_host, [](model::Services& s) {
            model::AuditFilter filter;
            filter.operation = QStringLiteral("VaultPurge");
            filter.result = model::AuditResult::Success;
            return model::AuditLog(s.workspace().database()).list(filter);
        });
        QVERIFY(events && !events->isEmpty());
        QCOMPARE(events->last().approvers, QStringList{QStringLiteral("bob")});
    }

    void cancelledDialogLeavesTheVault()
    {
        deletedVault(QStringLiteral("kept"));
        ui::VaultOperations operations(*m_host, m_window.get());
        operations.purge(QStringLiteral("kept"));
        QTRY_VERIFY(openDialog());
        QTest::mouseClick(openDialog()->findChild<QPushButton*>(QStringLiteral("cancelPushButton")), Qt::LeftButton);
        QTRY_VERIFY(!openDialog());
        QTRY_VERIFY(!operations.isBusy());
        auto deleted =
            test::onServices(*m_host, [](model::Services& s) { return s.vaults().show(QStringLiteral("kept")); });
        QVERIFY(deleted); // still there, soft-deleted
    }
};

CUSTOS_REGISTER_TEST(TestApprovalDialog)
#include "TestApprovalDialog.moc"
