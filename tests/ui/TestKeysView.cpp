#include "HostedWorkspace.h"
#include "TestRegistry.h"

#include "model/services/ServicePath.h"
#include "model/services/Services.h"

#include "model/itemmodels/KeyListModel.h"
#include "model/itemmodels/KeyVersionModel.h"
#include "ui/keys/DueKeyActions.h"
#include "ui/keys/KeyActions.h"
#include "ui/keys/KeyCreateDialog.h"
#include "ui/keys/KeyDetailPane.h"
#include "ui/keys/KeyOperations.h"
#include "ui/keys/KeyPolicyEditor.h"
#include "ui/keys/KeysView.h"
#include "ui/keys/TryOperationPanel.h"
#include "ui/mainwindow/MainWindow.h"
#include "ui/views/VaultDetailPane.h"

#include <QAbstractItemModelTester>
#include <QAction>
#include <QApplication>
#include <QCheckBox>
#include <QComboBox>
#include <QElapsedTimer>
#include <QFile>
#include <QLabel>
#include <QLineEdit>
#include <QMessageBox>
#include <QProgressBar>
#include <QPushButton>
#include <QSignalSpy>
#include <QSortFilterProxyModel>
#include <QStatusBar>
#include <QTabWidget>
#include <QTableView>
#include <QTemporaryDir>
#include <QTest>
#include <QTimer>

static void initKeysViewResources()
{
    Q_INIT_RESOURCE(custos);
}

using custos::model::KeyListModel;
using custos::ui::KeyActions;
using custos::ui::MainWindow;

class TestKeysView : public QObject
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
        auto window = std::make_unique<MainWindow>(*m_host);
        m_testers.clear();
        m_testers.push_back(std::make_unique<QAbstractItemModelTester>(
            window->keysView()->keyModel(), QAbstractItemModelTester::FailureReportingMode::QtTest));
        m_testers.push_back(std::make_unique<QAbstractItemModelTester>(
            window->keysView()->detailPane()->versionModel(), QAbstractItemModelTester::FailureReportingMode::QtTest));
        m_testers.push_back(std::make_unique<QAbstractItemModelTester>(
            window->keysView()->filterModel(), QAbstractItemModelTester::FailureReportingMode::QtTest));
        window->show();
        [&] { QVERIFY(QTest::qWaitForWindowActive(window.get())); }();
        // The tree loads on the service thread.
        [&] { QVERIFY(QTest::qWaitFor([&] { return window->selectVault(QStringLiteral("payments")); }, 10000)); }();
        return window;
    }

    void createKey(const QString& name, custos::crypto::KeyKind kind = custos::crypto::KeyKind::Ec)
    {
        custos::model::KeyCreateRequest request;
        request.vault = QStringLiteral("payments");
        request.name = name;
        request.kty = kind;
        auto created = run([request](custos::model::Services& s) { return s.keys().create(request); });
        QVERIFY2(created, errorText(created).constData());
    }

    // The error box's text when an operation failed, else empty; closes the box.
    static QString takeError(MainWindow& window)
    {
        auto* box = window.findChild<QMessageBox*>(QStringLiteral("keyErrorMessageBox"));
        if (!box)
            return {};
        const QString text = box->informativeText();
        box->close();
        return text;
    }

    QTemporaryDir m_dir;
    void setClock(std::function<QDateTime()> clock)
    {
        auto done = run([clock](custos::model::Services& s) {
            s.path().setClock(clock);
            return true;
        });
        QVERIFY(done);
    }

    std::unique_ptr<custos::model::ServiceHost> m_host;
    std::vector<std::unique_ptr<QAbstractItemModelTester>> m_testers;

private Q_SLOTS:
    void initTestCase()
    {
        initKeysViewResources();
        m_host = custos::test::makeHostedWorkspace(m_dir.filePath(QStringLiteral("ws")));
        QVERIFY(m_host);
        custos::model::VaultCreateRequest vault;
        vault.name = QStringLiteral("payments");
        auto created = run([vault](custos::model::Services& s) { return s.vaults().create(vault); });
        QVERIFY2(created, errorText(created).constData());
        createKey(QStringLiteral("signing-1"));
    }

    void cleanup()
    {
        m_testers.clear();
        setClock({});
    }

    void cleanupTestCase() { m_host.reset(); }

    void selectingAVaultListsItsKeys()
    {
        auto window = makeWindow();
        auto* view = window->keysView();
        QTRY_VERIFY(view->keyModel()->indexOf(QStringLiteral("signing-1")).isValid());
        QVERIFY(
            window->findChild<QLabel*>(QStringLiteral("keysTitleLabel"))->text().contains(QStringLiteral("payments")));
        QVERIFY(!window->keyActions()->rotateKey()->isEnabled()); // no key selected
        QVERIFY(window->keyActions()->newKey()->isEnabled());
        QVERIFY(view->selectKey(QStringLiteral("signing-1")));
        QVERIFY(window->keyActions()->rotateKey()->isEnabled());
        QVERIFY(window->keyActions()->deleteKey()->isEnabled());
        QVERIFY(!window->keyActions()->recoverKey()->isEnabled());
        auto* detail = view->detailPane();
        QCOMPARE(detail->findChild<QLabel*>(QStringLiteral("typeValueLabel"))->text(), QStringLiteral("EC"));
        QCOMPARE(detail->findChild<QLabel*>(QStringLiteral("sizeValueLabel"))->text(), QStringLiteral("P-256"));
        QTRY_COMPARE(detail->versionModel()->rowCount(), 1);
        // Every key action has a shortcut.
        for (QAction* action : window->keyActions()->all())
            QVERIFY2(!action->shortcut().isEmpty(), qPrintable(action->objectName()));
    }

    void filtersByName()
    {
        auto window = makeWindow();
        auto* view = window->keysView();
        QTRY_VERIFY(view->keyModel()->rowCount() >= 1);
        createKey(QStringLiteral("other-1"));
        QTRY_VERIFY(view->keyModel()->indexOf(QStringLiteral("other-1")).isValid()); // reloaded on keysChanged
        const int all = view->keyModel()->rowCount();
        QCOMPARE(view->keyView()->model()->rowCount(), all);
        QTest::keyClick(window.get(), Qt::Key_F, Qt::ControlModifier);
        auto* filter = window->findChild<QLineEdit*>(QStringLiteral("keyFilterLineEdit"));
        QTRY_COMPARE(QApplication::focusWidget(), filter);
        QTest::keyClicks(filter, QStringLiteral("SIGN"));
        QCOMPARE(view->keyView()->model()->rowCount(), 1); // signing-1, case-insensitive
        QVERIFY(
            window->findChild<QLabel*>(QStringLiteral("keysTitleLabel"))->text().contains(QStringLiteral("1 shown")));
        // Tab order follows the layout: filter, deleted-keys toggle, the key list.
        QTest::keyClick(filter, Qt::Key_Tab);
        QCOMPARE(QApplication::focusWidget(), window->findChild<QCheckBox*>(QStringLiteral("showDeletedKeysCheckBox")));
        QTest::keyClick(QApplication::focusWidget(), Qt::Key_Tab);
        QCOMPARE(QApplication::focusWidget(), view->keyView());
        // Selecting a hidden key clears the filter.
        QVERIFY(view->selectKey(QStringLiteral("other-1")));
        QVERIFY(filter->text().isEmpty());
        QCOMPARE(view->keyView()->model()->rowCount(), all);
        QCOMPARE(view->selectedKey()->name, QStringLiteral("other-1"));
    }

    void createsAKeyFromTheKeyboard()
    {
        auto window = makeWindow();
        window->keysView()->keyView()->setFocus();
        QTest::keyClick(window.get(), Qt::Key_N, Qt::ControlModifier | Qt::ShiftModifier);
        custos::ui::KeyCreateDialog* dialog = nullptr;
        QTRY_VERIFY((dialog = window->findChild<custos::ui::KeyCreateDialog*>()) && dialog->isVisible());
        QTRY_VERIFY(QApplication::focusWidget() == dialog->findChild<QLineEdit*>(QStringLiteral("nameLineEdit")));
        QTest::keyClicks(QApplication::focusWidget(), QStringLiteral("keyboard-1"));
        QTest::keyClick(QApplication::focusWidget(), Qt::Key_Tab);
        QTest::keyClick(QApplication::focusWidget(), Qt::Key_Down); // EC
        QTest::keyClick(QApplication::focusWidget(), Qt::Key_Return);
        QTRY_VERIFY_WITH_TIMEOUT(window->keysView()->keyModel()->indexOf(QStringLiteral("keyboard-1")).isValid(),
                                 15000);
        QTRY_COMPARE(window->statusBar()->currentMessage(), QStringLiteral("Key 'keyboard-1' created"));
        // The new key is selected.
        QTRY_COMPARE(window->keysView()->selectedKey()->name, QStringLiteral("keyboard-1"));
    }

    void deleteConfirmationNamesTheKey()
    {
        createKey(QStringLiteral("doomed-1"));
        auto window = makeWindow();
        QTRY_VERIFY(window->keysView()->selectKey(QStringLiteral("doomed-1")));
        QString question;
        QTimer::singleShot(0, this, [&question] {
            QTRY_VERIFY(qobject_cast<QMessageBox*>(QApplication::activeModalWidget()));
            auto* box = qobject_cast<QMessageBox*>(QApplication::activeModalWidget());
            question = box->text();
            QTest::mouseClick(box->button(QMessageBox::Cancel), Qt::LeftButton);
        });
        window->keyActions()->deleteKey()->trigger();
        QTRY_VERIFY(!question.isEmpty());
        QCOMPARE(question, QStringLiteral("Delete key 'doomed-1' from vault 'payments'?"));
        QTest::qWait(50);
        QVERIFY(window->keysView()->keyModel()->indexOf(QStringLiteral("doomed-1")).isValid()); // cancelled

        QTimer::singleShot(0, this, [] {
            QTRY_VERIFY(qobject_cast<QMessageBox*>(QApplication::activeModalWidget()));
            auto* box = qobject_cast<QMessageBox*>(QApplication::activeModalWidget());
            QTest::mouseClick(box->button(QMessageBox::Yes), Qt::LeftButton);
        });
        window->keyActions()->deleteKey()->trigger();
        QTRY_VERIFY_WITH_TIMEOUT(!window->keyOperations()->isBusy() &&
                                     (!window->keysView()->keyModel()->indexOf(QStringLiteral("doomed-1")).isValid() ||
                                      window->findChild<QMessageBox*>(QStringLiteral("keyErrorMessageBox"))),
                                 10000);
        if (const QString error = takeError(*window); !error.isEmpty())
            QFAIL(qPrintable(error));

        // Deleted keys: recover, then purge with a confirmation naming the key and the vault.
        window->keyActions()->showDeleted()->setChecked(true);
        QTRY_VERIFY(window->keysView()->selectKey(QStringLiteral("doomed-1")));
        QVERIFY(window->keyActions()->recoverKey()->isEnabled());
        QVERIFY(window->keyActions()->purgeKey()->isEnabled());
        QVERIFY(!window->keyActions()->rotateKey()->isEnabled());
        window->keyActions()->recoverKey()->trigger();
        QTRY_VERIFY_WITH_TIMEOUT(!window->keyActions()->showDeleted()->isChecked(), 10000);
        QTRY_COMPARE(window->keysView()->selectedKey()->name, QStringLiteral("doomed-1"));
        QVERIFY(!window->keysView()->selectedKey()->isDeleted());

        window->keyOperations()->remove(QStringLiteral("payments"), QStringLiteral("doomed-1"));
        QTRY_VERIFY_WITH_TIMEOUT(!window->keyOperations()->isBusy(), 10000);
        window->keyActions()->showDeleted()->setChecked(true);
        QTRY_VERIFY(window->keysView()->selectKey(QStringLiteral("doomed-1")));
        QString purgeQuestion;
        QTimer::singleShot(0, this, [&purgeQuestion] {
            QTRY_VERIFY(qobject_cast<QMessageBox*>(QApplication::activeModalWidget()));
            auto* box = qobject_cast<QMessageBox*>(QApplication::activeModalWidget());
            purgeQuestion = box->text();
            QCOMPARE(box->defaultButton(), box->button(QMessageBox::Cancel));
            QTest::mouseClick(box->button(QMessageBox::Yes), Qt::LeftButton);
        });
        window->keyActions()->purgeKey()->trigger();
        QTRY_COMPARE(purgeQuestion,
                     QStringLiteral("Purge key 'doomed-1' from vault 'payments'? This cannot be undone."));
        QTRY_VERIFY_WITH_TIMEOUT(!window->keysView()->keyModel()->indexOf(QStringLiteral("doomed-1")).isValid(), 10000);
        QTRY_COMPARE(window->statusBar()->currentMessage(), QStringLiteral("Key 'doomed-1' purged"));
    }

    void rotateAddsAVersionRow()
    {
        auto window = makeWindow();
        QTRY_VERIFY(window->keysView()->selectKey(QStringLiteral("signing-1")));
        auto* versions = window->keysView()->detailPane()->versionModel();
        QTRY_VERIFY(!versions->isLoading() && versions->rowCount() >= 1);
        const int before = versions->rowCount();
        QTest::keyClick(window.get(), Qt::Key_R, Qt::ControlModifier);
        QTRY_VERIFY_WITH_TIMEOUT(!window->keyOperations()->isBusy(), 15000);
        if (const QString error = takeError(*window); !error.isEmpty())
            QFAIL(qPrintable(error));
        QTRY_COMPARE(versions->rowCount(), before + 1);
        QVERIFY(versions->index(before, 0).data(custos::model::KeyVersionModel::IsCurrentRole).toBool());
        const auto row = [&] { return window->keysView()->keyModel()->indexOf(QStringLiteral("signing-1")); };
        QTRY_COMPARE(row().siblingAtColumn(KeyListModel::VersionColumn).data().toInt(), before + 1);
    }

    void disableAndEnable()
    {
        auto window = makeWindow();
        QTRY_VERIFY(window->keysView()->selectKey(QStringLiteral("signing-1")));
        QVERIFY(window->keyActions()->disableKey()->isEnabled());
        QVERIFY(!window->keyActions()->enableKey()->isEnabled());
        window->keyActions()->disableKey()->trigger();
        QTRY_VERIFY_WITH_TIMEOUT(!window->keyOperations()->isBusy(), 10000);
        if (const QString error = takeError(*window); !error.isEmpty())
            QFAIL(qPrintable(error));
        const auto row = [&] { return window->keysView()->keyModel()->indexOf(QStringLiteral("signing-1")); };
        QTRY_COMPARE(row().siblingAtColumn(KeyListModel::EnabledColumn).data().toString(), QStringLiteral("No"));
        QTRY_VERIFY(window->keyActions()->enableKey()->isEnabled());
        window->keyActions()->enableKey()->trigger();
        QTRY_COMPARE_WITH_TIMEOUT(row().siblingAtColumn(KeyListModel::EnabledColumn).data().toString(),
                                  QStringLiteral("Yes"), 10000);
    }

    void trySignThenVerifyWithAnEcKey()
    {
        auto window = makeWindow();
        QTRY_VERIFY(window->keysView()->selectKey(QStringLiteral("signing-1")));
        // From the vault's tab, Ctrl+T brings the keys back with the panel.
        auto* tabs = window->findChild<QTabWidget*>(QStringLiteral("detailTabWidget"));
        tabs->setCurrentWidget(window->detailPane());
        QTest::keyClick(window.get(), Qt::Key_T, Qt::ControlModifier);
        QCOMPARE(tabs->currentWidget(), window->keysView());
        auto* panel = window->keysView()->detailPane()->tryPanel();
        QTRY_VERIFY(panel->isVisible());
        QTRY_COMPARE(QApplication::focusWidget(), panel->findChild<QComboBox*>(QStringLiteral("operationComboBox")));
        auto* operation = panel->findChild<QComboBox*>(QStringLiteral("operationComboBox"));
        auto* algorithm = panel->findChild<QComboBox*>(QStringLiteral("algorithmComboBox"));
        QCOMPARE(operation->count(), 2); // an EC key signs and verifies only
        QCOMPARE(algorithm->count(), 1);
        QCOMPARE(algorithm->currentText(), QStringLiteral("ES256"));

        QTemporaryDir files;
        const QString input = files.filePath(QStringLiteral("message.txt"));
        const QString signature = files.filePath(QStringLiteral("message.sig"));
        {
            QFile file(input);
            QVERIFY(file.open(QIODevice::WriteOnly));
            file.write("pay 100 to alice\n");
        }
        QSignalSpy finished(panel, &custos::ui::TryOperationPanel::finished);
        panel->findChild<QLineEdit*>(QStringLiteral("inputFileLineEdit"))->setText(input);
        panel->findChild<QLineEdit*>(QStringLiteral("secondFileLineEdit"))->setText(signature);
        QTest::mouseClick(panel->findChild<QPushButton*>(QStringLiteral("runPushButton")), Qt::LeftButton);
        QTRY_COMPARE_WITH_TIMEOUT(finished.count(), 1, 15000);
        const QString signText = finished.at(0).at(1).toString();
        QVERIFY2(finished.at(0).at(0).toBool(), qPrintable(signText));
        QCOMPARE(QFile(signature).size(), 64); // raw r||s for P-256

        operation->setCurrentIndex(operation->findText(QStringLiteral("Verify")));
        QTest::mouseClick(panel->findChild<QPushButton*>(QStringLiteral("runPushButton")), Qt::LeftButton);
        QTRY_COMPARE_WITH_TIMEOUT(finished.count(), 2, 15000);
        QVERIFY2(finished.at(1).at(0).toBool(), qPrintable(finished.at(1).at(1).toString()));
        QCOMPARE(panel->findChild<QLabel*>(QStringLiteral("resultLabel"))->text(),
                 QStringLiteral("The signature is valid (ES256)."));

        // A changed file no longer matches.
        {
            QFile file(input);
            QVERIFY(file.open(QIODevice::WriteOnly));
            file.write("pay 900 to mallory\n");
        }
        QTest::mouseClick(panel->findChild<QPushButton*>(QStringLiteral("runPushButton")), Qt::LeftButton);
        QTRY_COMPARE_WITH_TIMEOUT(finished.count(), 3, 15000);
        QVERIFY(!finished.at(2).at(0).toBool());
    }

    void tryEncryptThenDecryptWithAnAesKey()
    {
        createKey(QStringLiteral("aes-try"), custos::crypto::KeyKind::Aes);
        auto window = makeWindow();
        QTRY_VERIFY(window->keysView()->selectKey(QStringLiteral("aes-try")));
        window->keyActions()->tryOperation()->trigger();
        auto* panel = window->keysView()->detailPane()->tryPanel();
        QTRY_VERIFY(panel->isVisible());
        auto* operation = panel->findChild<QComboBox*>(QStringLiteral("operationComboBox"));
        QCOMPARE(operation->count(), 2); // encrypt, decrypt
        QCOMPARE(panel->findChild<QComboBox*>(QStringLiteral("algorithmComboBox"))->currentText(),
                 QStringLiteral("A256GCM"));

        QTemporaryDir files;
        const QString plain = files.filePath(QStringLiteral("plain.txt"));
        const QString sealed = files.filePath(QStringLiteral("sealed.bin"));
        const QString back = files.filePath(QStringLiteral("back.txt"));
        const QByteArray secret("the quarterly numbers\n");
        {
            QFile file(plain);
            QVERIFY(file.open(QIODevice::WriteOnly));
            file.write(secret);
        }
        QSignalSpy finished(panel, &custos::ui::TryOperationPanel::finished);
        auto* input = panel->findChild<QLineEdit*>(QStringLiteral("inputFileLineEdit"));
        auto* output = panel->findChild<QLineEdit*>(QStringLiteral("secondFileLineEdit"));
        input->setText(plain);
        output->setText(sealed);
        QTest::keyClick(output, Qt::Key_Return); // Enter in a file field runs
        QTRY_COMPARE_WITH_TIMEOUT(finished.count(), 1, 15000);
        const QString encryptText = finished.at(0).at(1).toString();
        QVERIFY2(finished.at(0).at(0).toBool(), qPrintable(encryptText));
        QCOMPARE(QFile(sealed).size(), qint64(12 + secret.size() + 16));

        operation->setCurrentIndex(operation->findText(QStringLiteral("Decrypt")));
        input->setText(sealed);
        output->setText(back);
        QTest::mouseClick(panel->findChild<QPushButton*>(QStringLiteral("runPushButton")), Qt::LeftButton);
        QTRY_COMPARE_WITH_TIMEOUT(finished.count(), 2, 15000);
        const QString decryptText = finished.at(1).at(1).toString();
        QVERIFY2(finished.at(1).at(0).toBool(), qPrintable(decryptText));
        QVERIFY(!decryptText.contains(QString::fromLatin1(secret.trimmed()))); // no plaintext echoed
        QFile result(back);
        QVERIFY(result.open(QIODevice::ReadOnly));
        QCOMPARE(result.readAll(), secret);
    }

    void policyEditorSavesThePolicy()
    {
        createKey(QStringLiteral("policy-1"));
        auto window = makeWindow();
        QTRY_VERIFY(window->keysView()->selectKey(QStringLiteral("policy-1")));
        window->keysView()->detailPane()->showTab(custos::ui::KeyDetailPane::PolicyTab);
        auto* editor = window->keysView()->detailPane()->policyEditor();
        auto* save = editor->findChild<QPushButton*>(QStringLiteral("savePolicyPushButton"));
        QVERIFY(!save->isEnabled()); // nothing changed
        editor->findChild<QLineEdit*>(QStringLiteral("expiryTimeLineEdit"))->setText(QStringLiteral("P1Y"));
        auto* trigger = editor->findChild<QComboBox*>(QStringLiteral("rotateTriggerComboBox"));
        trigger->setCurrentIndex(trigger->findData(int(custos::ui::KeyPolicyEditor::RotateTrigger::BeforeExpiry)));
        auto* rotate = editor->findChild<QLineEdit*>(QStringLiteral("rotateDurationLineEdit"));
        rotate->setText(QStringLiteral("90 days"));
        QVERIFY(!save->isEnabled()); // not an ISO 8601 duration
        QVERIFY(editor->findChild<QLabel*>(QStringLiteral("policyHintLabel"))->text().contains(QStringLiteral("P90D")));
        rotate->setText(QStringLiteral("P30D"));
        QVERIFY(save->isEnabled());
        QTest::mouseClick(save, Qt::LeftButton);
        QTRY_VERIFY_WITH_TIMEOUT(!window->keyOperations()->isBusy(), 10000);
        if (const QString error = takeError(*window); !error.isEmpty())
            QFAIL(qPrintable(error));
        auto policy = run([](custos::model::Services& s) {
            return s.keys().policy(QStringLiteral("payments"), QStringLiteral("policy-1"));
        });
        QVERIFY2(policy, errorText(policy).constData());
        QCOMPARE(policy.value().expiryTime, QStringLiteral("P1Y"));
        QCOMPARE(policy.value().actions.size(), 1);
        QCOMPARE(policy.value().actions.first().timeBeforeExpiry, QStringLiteral("P30D"));
        // The reloaded key shows the saved policy, unchanged.
        QTRY_VERIFY(!save->isEnabled());
        QCOMPARE(editor->policy(), policy.value());
    }

    void versionEditorSetsAnExpiry()
    {
        createKey(QStringLiteral("expiring-1"));
        auto window = makeWindow();
        QTRY_VERIFY(window->keysView()->selectKey(QStringLiteral("expiring-1")));
        auto* pane = window->keysView()->detailPane();
        pane->showTab(custos::ui::KeyDetailPane::VersionsTab);
        auto* editor = pane->findChild<QWidget*>(QStringLiteral("versionAttributesEditor"));
        auto* apply = editor->findChild<QPushButton*>(QStringLiteral("applyVersionPushButton"));
        QTRY_VERIFY(editor->findChild<QCheckBox*>(QStringLiteral("versionExpiresCheckBox"))->isEnabled());
        QVERIFY(!apply->isEnabled());
        editor->findChild<QCheckBox*>(QStringLiteral("versionExpiresCheckBox"))->setChecked(true);
        QVERIFY(apply->isEnabled());
        QTest::mouseClick(apply, Qt::LeftButton);
        QTRY_VERIFY_WITH_TIMEOUT(!window->keyOperations()->isBusy(), 10000);
        if (const QString error = takeError(*window); !error.isEmpty())
            QFAIL(qPrintable(error));
        const auto row = [&] { return window->keysView()->keyModel()->indexOf(QStringLiteral("expiring-1")); };
        QTRY_VERIFY(row().siblingAtColumn(KeyListModel::ExpiresColumn).data().toString() != QStringLiteral("never"));
        QVERIFY(row()
                    .siblingAtColumn(KeyListModel::ExpiresColumn)
                    .data()
                    .toString()
                    .startsWith(QString::number(QDate::currentDate().year() + 1)));
    }

    void auditorSeesKeysButCannotChangeThem()
    {
        QVERIFY(
            custos::test::addOperatorWithRoles(*m_host, QStringLiteral("auditor"), {QStringLiteral("Crypto Auditor")}));
        QVERIFY(custos::test::switchOperator(*m_host, QStringLiteral("auditor")));
        auto window = makeWindow();
        QTRY_VERIFY(window->keysView()->selectKey(QStringLiteral("signing-1")));
        KeyActions* actions = window->keyActions();
        QVERIFY(!actions->newKey()->isEnabled());
        QVERIFY(actions->newKey()->toolTip().contains(QStringLiteral("keys/create")));
        QVERIFY(!actions->rotateKey()->isEnabled());
        QVERIFY(actions->rotateKey()->toolTip().contains(QStringLiteral("keys/rotate/action")));
        QVERIFY(!actions->deleteKey()->isEnabled());
        QVERIFY(!actions->tryOperation()->isEnabled()); // reads keys, uses none
        QVERIFY(actions->tryOperation()->toolTip().contains(QStringLiteral("keys/sign/action")));
        QVERIFY(!window->keysView()
                     ->detailPane()
                     ->policyEditor()
                     ->findChild<QLineEdit*>(QStringLiteral("expiryTimeLineEdit"))
                     ->isEnabled());
        // The auditor may read deleted keys: the toggle works.
        QVERIFY(window->findChild<QCheckBox*>(QStringLiteral("showDeletedKeysCheckBox"))->isEnabled());
        QVERIFY(custos::test::switchOperator(*m_host, QStringLiteral("admin")));
    }

    void generationShowsProgressWithoutBlocking()
    {
        auto window = makeWindow();
        auto* busy = window->findChild<QProgressBar*>(QStringLiteral("operationProgressBar"));
        QVERIFY(busy && !busy->isVisible());
        custos::model::KeyCreateRequest request;
        request.vault = QStringLiteral("payments");
        request.name = QStringLiteral("big-rsa");
        request.kty = custos::crypto::KeyKind::Rsa;
        request.size = 4096;
        // Measure the longest gap between timer ticks while the key is generated.
        QElapsedTimer clock;
        qint64 last = 0;
        qint64 longestGap = 0;
        QTimer ticker;
        ticker.setInterval(5);
        connect(&ticker, &QTimer::timeout, this, [&] {
            longestGap = std::max(longestGap, clock.elapsed() - last);
            last = clock.elapsed();
        });
        clock.start();
        ticker.start();
        window->keyOperations()->create(request);
        QVERIFY(busy->isVisible());
        QVERIFY(!window->keyActions()->newKey()->isEnabled()); // one operation at a time
        QCOMPARE(window->statusBar()->currentMessage(), QStringLiteral("Generating key 'big-rsa'…"));
        QTRY_VERIFY_WITH_TIMEOUT(!window->keyOperations()->isBusy(), 60000);
        ticker.stop();
        QVERIFY(!busy->isVisible());
        QTRY_VERIFY(window->keysView()->keyModel()->indexOf(QStringLiteral("big-rsa")).isValid());
        qInfo("RSA-4096 generation took %lld ms; longest event-loop gap %lld ms", clock.elapsed(), longestGap);
        QVERIFY2(longestGap < 250, qPrintable(QStringLiteral("the event loop stalled for %1 ms").arg(longestGap)));
    }

    void dueActionsRunAfterConfirmation()
    {
        createKey(QStringLiteral("due-1"));
        custos::model::KeyRotationPolicy policy;
        custos::model::KeyLifetimeAction rotate;
        rotate.timeAfterCreate = QStringLiteral("P1D");
        policy.actions << rotate;
        auto set = run([policy](custos::model::Services& s) {
            return s.keys().setPolicy(QStringLiteral("payments"), QStringLiteral("due-1"), policy);
        });
        QVERIFY2(set, errorText(set).constData());
        auto window = makeWindow();
        // Nothing is due yet: the start-up check stays silent.
        window->checkDueKeyActions();
        QTest::qWait(50);
        QVERIFY(!window->findChild<QMessageBox*>(QStringLiteral("confirmDueMessageBox")));

        const QDateTime later = QDateTime::currentDateTimeUtc().addDays(2);
        setClock([later] { return later; });
        QSignalSpy applied(window->dueKeyActions(), &custos::ui::DueKeyActions::applied);
        window->checkDueKeyActions();
        QMessageBox* box = nullptr;
        QTRY_VERIFY((box = window->findChild<QMessageBox*>(QStringLiteral("confirmDueMessageBox"))) &&
                    box->isVisible());
        QVERIFY(box->informativeText().contains(QStringLiteral("payments/due-1")));
        QCOMPARE(box->defaultButton(), box->button(QMessageBox::No)); // Enter means "later"
        QTest::mouseClick(box->button(QMessageBox::Yes), Qt::LeftButton);
        QTRY_COMPARE_WITH_TIMEOUT(applied.count(), 1, 15000);
        setClock({});
        QCOMPARE(applied.at(0).at(0).toInt(), 1);
        QCOMPARE(applied.at(0).at(1).toInt(), 0);
        auto versions = run([](custos::model::Services& s) {
            return s.keys().versions(QStringLiteral("payments"), QStringLiteral("due-1"));
        });
        QVERIFY2(versions, errorText(versions).constData());
        QCOMPARE(versions.value().size(), 2);
    }

    void cryptoUserCannotListDeletedKeys()
    {
        QVERIFY(custos::test::addOperatorWithRoles(*m_host, QStringLiteral("user"), {QStringLiteral("Crypto User")}));
        QVERIFY(custos::test::switchOperator(*m_host, QStringLiteral("user")));
        auto window = makeWindow();
        auto* toggle = window->findChild<QCheckBox*>(QStringLiteral("showDeletedKeysCheckBox"));
        QVERIFY(!toggle->isEnabled());
        QVERIFY(toggle->toolTip().contains(QStringLiteral("keys/deletedKeys/read/action")));
        QVERIFY(window->keyActions()->newKey()->isEnabled()); // but creates and uses keys
        QVERIFY(custos::test::switchOperator(*m_host, QStringLiteral("admin")));
    }

    void algorithmsFollowTheKeyType()
    {
        using Op = custos::ui::TryOperationPanel::Operation;
        custos::model::KeyRecord rsa;
        rsa.kty = custos::crypto::KeyKind::Rsa;
        rsa.size = 2048;
        rsa.keyOps = {QStringLiteral("sign"), QStringLiteral("encrypt")};
        QCOMPARE(custos::ui::TryOperationPanel::algorithmsFor(rsa, Op::Sign).size(), 6);
        QVERIFY(custos::ui::TryOperationPanel::algorithmsFor(rsa, Op::Verify).isEmpty()); // not in key_ops
        QVERIFY(!custos::ui::TryOperationPanel::algorithmsFor(rsa, Op::Encrypt).contains(QStringLiteral("RSA1_5")));
        rsa.allowRsa15 = true;
        QVERIFY(custos::ui::TryOperationPanel::algorithmsFor(rsa, Op::Encrypt).contains(QStringLiteral("RSA1_5")));
        custos::model::KeyRecord aes;
        aes.kty = custos::crypto::KeyKind::Aes;
        aes.size = 128;
        aes.keyOps = {QStringLiteral("encrypt"), QStringLiteral("decrypt")};
        QCOMPARE(custos::ui::TryOperationPanel::algorithmsFor(aes, Op::Decrypt),
                 QStringList{QStringLiteral("A128GCM")});
        custos::model::KeyRecord ec;
        ec.kty = custos::crypto::KeyKind::Ec;
        ec.curve = QStringLiteral("P-521");
        ec.keyOps = {QStringLiteral("sign"), QStringLiteral("verify")};
        QCOMPARE(custos::ui::TryOperationPanel::algorithmsFor(ec, Op::Verify), QStringList{QStringLiteral("ES512")});
    }

    void screenshot()
    {
        // Documentation: CUSTOS_KEYS_SCREENSHOT=/path/keys.png test_ui TestKeysView
        const QString path = qEnvironmentVariable("CUSTOS_KEYS_SCREENSHOT");
        if (path.isEmpty())
            QSKIP("set CUSTOS_KEYS_SCREENSHOT to a PNG path to write one");
        createKey(QStringLiteral("encryption-1"), custos::crypto::KeyKind::Rsa);
        createKey(QStringLiteral("wrapping-1"), custos::crypto::KeyKind::Aes);
        auto window = makeWindow();
        window->resize(1100, 700);
        QTRY_VERIFY(window->keysView()->selectKey(QStringLiteral("signing-1")));
        window->keysView()->detailPane()->showTab(custos::ui::KeyDetailPane::VersionsTab);
        QTest::qWait(100);
        QVERIFY(window->grab().save(path));
    }
};

CUSTOS_REGISTER_TEST(TestKeysView)
#include "TestKeysView.moc"
