#include "TestRegistry.h"

#include "TestWorkspace.h"
#include "model/services/Services.h"
#include "model/session/ServiceHost.h"
#include "model/session/Workspace.h"
#include "ui/dialogs/FirstRunDialog.h"

#include <QDir>
#include <QFile>
#include <QLabel>
#include <QLineEdit>
#include <QProgressBar>
#include <QPushButton>
#include <QSpinBox>
#include <QTemporaryDir>
#include <QTest>
#include <QToolButton>

using custos::ui::FirstRunDialog;

class TestFirstRunDialog : public QObject
{
    Q_OBJECT

private:
    struct Fields
    {
        QLineEdit* name = nullptr;
        QLineEdit* passphrase = nullptr;
        QLineEdit* confirm = nullptr;
        QSpinBox* kdf = nullptr;
        QToolButton* advanced = nullptr;
        QPushButton* ok = nullptr;
        QLabel* hint = nullptr;
        QLabel* error = nullptr;
        QProgressBar* busy = nullptr;
    };

    static Fields fieldsOf(FirstRunDialog& dialog)
    {
        Fields f;
        f.name = dialog.findChild<QLineEdit*>(QStringLiteral("operatorNameLineEdit"));
        f.passphrase = dialog.findChild<QLineEdit*>(QStringLiteral("passphraseLineEdit"));
        f.confirm = dialog.findChild<QLineEdit*>(QStringLiteral("confirmLineEdit"));
        f.kdf = dialog.findChild<QSpinBox*>(QStringLiteral("kdfMemorySpinBox"));
        f.advanced = dialog.findChild<QToolButton*>(QStringLiteral("advancedToolButton"));
        f.ok = dialog.findChild<QPushButton*>(QStringLiteral("okPushButton"));
        f.hint = dialog.findChild<QLabel*>(QStringLiteral("hintLabel"));
        f.error = dialog.findChild<QLabel*>(QStringLiteral("errorLabel"));
        f.busy = dialog.findChild<QProgressBar*>(QStringLiteral("busyProgressBar"));
        return f;
    }

    static bool allFound(const Fields& f)
    {
        return f.name && f.passphrase && f.confirm && f.kdf && f.advanced && f.ok && f.hint && f.error && f.busy;
    }

private Q_SLOTS:
    void passwordFieldsAreMasked()
    {
        QTemporaryDir tmp;
        custos::model::ServiceHost host;
        FirstRunDialog dialog(host, tmp.filePath(QStringLiteral("ws")));
        const Fields f = fieldsOf(dialog);
        QVERIFY(allFound(f));
        QCOMPARE(f.passphrase->echoMode(), QLineEdit::Password);
        QCOMPARE(f.confirm->echoMode(), QLineEdit::Password);
        QCOMPARE(f.kdf->value(), 64);
        QCOMPARE(f.kdf->minimum(), 1);
        QCOMPARE(f.kdf->maximum(), 4096);
        QVERIFY(!f.ok->isEnabled());
    }

    void okNeedsMatchingLongPassphrases()
    {
        QTemporaryDir tmp;
        custos::model::ServiceHost host;
        FirstRunDialog dialog(host, tmp.filePath(QStringLiteral("ws")));
        dialog.show();
        const Fields f = fieldsOf(dialog);
        QTest::keyClicks(f.name, QStringLiteral("alice"));
        QTest::keyClicks(f.passphrase, QStringLiteral("short"));
        QTest::keyClicks(f.confirm, QStringLiteral("short"));
        QVERIFY(!f.ok->isEnabled());
        QVERIFY(f.hint->isVisible());
        QVERIFY(f.hint->text().contains(QStringLiteral("8")));

        f.passphrase->clear();
        f.confirm->clear();
        QTest::keyClicks(f.passphrase, QStringLiteral("correct horse"));
        QTest::keyClicks(f.confirm, QStringLiteral("correct horsf"));
        QVERIFY(!f.ok->isEnabled());
        QVERIFY(f.hint->text().contains(QStringLiteral("match")));

        QTest::keyClick(f.confirm, Qt::Key_Backspace);
        QTest::keyClick(f.confirm, Qt::Key_E);
        QVERIFY(f.ok->isEnabled());
        QVERIFY(!f.hint->isVisible());

        f.name->clear();
        QTest::keyClicks(f.name, QStringLiteral("bad name!"));
        QVERIFY(!f.ok->isEnabled());
    }

    void refusesNonEmptyDirectory()
    {
        QTemporaryDir tmp;
        QFile stray(tmp.filePath(QStringLiteral("stray.txt")));
        QVERIFY(stray.open(QIODevice::WriteOnly));
        stray.close();
        custos::model::ServiceHost host;
        FirstRunDialog dialog(host, tmp.path());
        dialog.show();
        const Fields f = fieldsOf(dialog);
        QTest::keyClicks(f.name, QStringLiteral("alice"));
        QTest::keyClicks(f.passphrase, QStringLiteral("correct horse"));
        QTest::keyClicks(f.confirm, QStringLiteral("correct horse"));
        QVERIFY(!f.ok->isEnabled());
        QVERIFY(f.hint->text().contains(QStringLiteral("not empty")));
    }

    void failureStaysInTheDialog()
    {
        // The directory cannot be created (its parent is a file): initialise fails, the dialog says so
        // inline and stays usable.
        QTemporaryDir tmp;
        QFile parent(tmp.filePath(QStringLiteral("file")));
        QVERIFY(parent.open(QIODevice::WriteOnly));
        parent.close();
        const QString directory = tmp.filePath(QStringLiteral("file/ws"));
        custos::model::ServiceHost host;
        FirstRunDialog dialog(host, directory);
        dialog.show();
        const Fields f = fieldsOf(dialog);
        QTest::keyClicks(f.name, QStringLiteral("alice"));
        QTest::keyClicks(f.passphrase, QStringLiteral("correct horse"));
        QTest::keyClicks(f.confirm, QStringLiteral("correct horse"));
        f.advanced->click();
        f.kdf->setValue(1);
        QVERIFY(f.ok->isEnabled());

        QTest::mouseClick(f.ok, Qt::LeftButton);
        QTRY_VERIFY_WITH_TIMEOUT(f.error->isVisible(), 20000);
        QTRY_VERIFY_WITH_TIMEOUT(!dialog.isBusy(), 20000);
        QVERIFY(dialog.isVisible());
        QCOMPARE(dialog.result(), int(QDialog::Rejected));
        QVERIFY(f.name->isEnabled());
        QVERIFY(f.ok->isEnabled()); // fix the cause and try again
        QVERIFY(!f.busy->isVisible());
        QVERIFY(!f.passphrase->text().isEmpty()); // kept for the retry
        QVERIFY(!host.isOpen());
    }

    void directoryFilledAfterTypingIsCaught()
    {
        QTemporaryDir tmp;
        const QString directory = tmp.filePath(QStringLiteral("ws"));
        custos::model::ServiceHost host;
        FirstRunDialog dialog(host, directory);
        dialog.show();
        const Fields f = fieldsOf(dialog);
        QTest::keyClicks(f.name, QStringLiteral("alice"));
        QTest::keyClicks(f.passphrase, QStringLiteral("correct horse"));
        QTest::keyClicks(f.confirm, QStringLiteral("correct horse"));
        QVERIFY(f.ok->isEnabled());
        QVERIFY(QDir().mkpath(directory));
        QFile stray(directory + QStringLiteral("/stray.txt"));
        QVERIFY(stray.open(QIODevice::WriteOnly));
        stray.close();
        QTest::keyClick(f.confirm, Qt::Key_Return); // the default button
        QVERIFY(!dialog.isBusy());
        QVERIFY(!f.ok->isEnabled());
        QVERIFY(f.hint->text().contains(QStringLiteral("not empty")));
        QVERIFY(!QFile::exists(directory + QStringLiteral("/custos.db")));
    }

    void createsTheWorkspace()
    {
        QTemporaryDir tmp;
        const QString directory = tmp.filePath(QStringLiteral("ws"));
        custos::model::ServiceHost host;
        FirstRunDialog dialog(host, directory);
        dialog.show();
        QVERIFY(QTest::qWaitForWindowExposed(&dialog));
        const Fields f = fieldsOf(dialog);
        QTest::keyClicks(f.name, QStringLiteral("alice"));
        QTest::keyClicks(f.passphrase, QStringLiteral("correct horse battery"));
        QTest::keyClicks(f.confirm, QStringLiteral("correct horse battery"));
        QTest::mouseClick(f.advanced, Qt::LeftButton);
        QVERIFY(f.kdf->isVisible());
        f.kdf->selectAll();
        QTest::keyClicks(f.kdf, QStringLiteral("1"));
        QCOMPARE(f.kdf->value(), 1);
        QVERIFY(dialog.findChild<QLabel*>(QStringLiteral("kdfNoteLabel"))->text().contains(QStringLiteral("test")));

        QTest::mouseClick(f.ok, Qt::LeftButton);
        QTRY_VERIFY_WITH_TIMEOUT(QFile::exists(directory + QStringLiteral("/custos.db")), 30000);
        QTRY_COMPARE_WITH_TIMEOUT(dialog.result(), int(QDialog::Accepted), 30000);
        QVERIFY(!dialog.isVisible());
        QVERIFY(!f.error->isVisible());
        QVERIFY(f.passphrase->text().isEmpty());
        QVERIFY(f.confirm->text().isEmpty());
        QCOMPARE(dialog.operatorName(), QStringLiteral("alice"));

        // The workspace stays open on the host's service thread, for the first login.
        QVERIFY(host.isOpen());
        QVERIFY(host.isTestWorkspace());
        QCOMPARE(QDir(host.directory()).canonicalPath(), QDir(directory).canonicalPath());
        const custos::crypto::SecureBuffer passphrase = dialog.takePassphrase();
        QCOMPARE(QByteArray(passphrase.chars(), qsizetype(passphrase.size())), QByteArray("correct horse battery"));
        auto login = custos::test::await(host.login(dialog.operatorName(), passphrase.clone(), true));
        QVERIFY2(login, errorText(login).constData());
        QCOMPARE(host.operatorName(), QStringLiteral("alice"));
    }
};

CUSTOS_REGISTER_TEST(TestFirstRunDialog)
#include "TestFirstRunDialog.moc"
