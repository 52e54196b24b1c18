#include "SoftHsmTestToken.h"
#include "TestRegistry.h"

#include "TestWorkspace.h"
#include "model/services/Services.h"
#include "model/session/ServiceHost.h"
#include "model/session/Workspace.h"
#include "ui/dialogs/FirstRunDialog.h"

#include <QCheckBox>
#include <QFile>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QSignalSpy>
#include <QSpinBox>
#include <QTemporaryDir>
#include <QTest>

#include <thread>

using custos::ui::FirstRunDialog;
using namespace custos;

namespace {
QString text(const crypto::SecureBuffer& buffer)
{
    return QString::fromLatin1(reinterpret_cast<const char*>(buffer.data()), qsizetype(buffer.size()));
}
} // namespace

// The first-run dialog's "Attach to an existing token", against a second SoftHSM2 token made by
// SoftHsmTestToken (its own store and SOFTHSM2_CONF), as `custosctl init --attach` does.
class TestFirstRunAttach : public QObject
{
    Q_OBJECT

private:
    struct Fields
    {
        QLineEdit* name;
        QLineEdit* passphrase;
        QLineEdit* confirm;
        QSpinBox* kdf;
        QCheckBox* attach;
        QLineEdit* module;
        QLineEdit* label;
        QLineEdit* userPin;
        QLineEdit* soPin;
        QPushButton* ok;
        QLabel* hint;
        QLabel* error;
    };

    static Fields fieldsOf(FirstRunDialog& dialog)
    {
        return {dialog.findChild<QLineEdit*>(QStringLiteral("operatorNameLineEdit")),
                dialog.findChild<QLineEdit*>(QStringLiteral("passphraseLineEdit")),
                dialog.findChild<QLineEdit*>(QStringLiteral("confirmLineEdit")),
                dialog.findChild<QSpinBox*>(QStringLiteral("kdfMemorySpinBox")),
                dialog.findChild<QCheckBox*>(QStringLiteral("attachTokenCheckBox")),
                dialog.findChild<QLineEdit*>(QStringLiteral("modulePathLineEdit")),
                dialog.findChild<QLineEdit*>(QStringLiteral("tokenLabelLineEdit")),
                dialog.findChild<QLineEdit*>(QStringLiteral("userPinLineEdit")),
                dialog.findChild<QLineEdit*>(QStringLiteral("soPinLineEdit")),
                dialog.findChild<QPushButton*>(QStringLiteral("okPushButton")),
                dialog.findChild<QLabel*>(QStringLiteral("hintLabel")),
                dialog.findChild<QLabel*>(QStringLiteral("errorLabel"))};
    }

    static void fillOperator(const Fields& f)
    {
        QTest::keyClicks(f.name, QStringLiteral("admin"));
        QTest::keyClicks(f.passphrase, test::kTestPassphrase);
        QTest::keyClicks(f.confirm, test::kTestPassphrase);
        f.kdf->setValue(1); // a test workspace: quick
    }

private Q_SLOTS:
    void attachNeedsModuleLabelAndPins()
    {
        QTemporaryDir tmp;
        model::ServiceHost host;
        FirstRunDialog dialog(host, tmp.filePath(QStringLiteral("ws")));
        dialog.show();
        const Fields f = fieldsOf(dialog);
        QVERIFY(f.attach && f.module && f.label && f.userPin && f.soPin && f.ok);
        QCOMPARE(f.userPin->echoMode(), QLineEdit::Password);
        QCOMPARE(f.soPin->echoMode(), QLineEdit::Password);
        QVERIFY(!f.module->isVisible());
        fillOperator(f);
        QVERIFY(f.ok->isEnabled());

        f.attach->click();
        QVERIFY(f.module->isVisible());
        QVERIFY(!f.ok->isEnabled());
        QVERIFY(f.hint->text().contains(QStringLiteral("module")));
        QTest::keyClicks(f.module, tmp.filePath(QStringLiteral("no-such-module.so")));
        QVERIFY(f.hint->text().contains(QStringLiteral("There is no PKCS#11 module")));
        f.module->clear();
        QTest::keyClicks(f.module, test::kSoftHsmModule);
        QVERIFY(f.hint->text().contains(QStringLiteral("label")));
        QTest::keyClicks(f.label, QStringLiteral("existing"));
        QVERIFY(f.hint->text().contains(QStringLiteral("PIN")));
        QTest::keyClicks(f.userPin, QStringLiteral("1234"));
        QVERIFY(!f.ok->isEnabled());
        QTest::keyClicks(f.soPin, QStringLiteral("5678"));
        QVERIFY(f.ok->isEnabled());

        // Unticked again: the embedded token, the attach fields do not matter.
        f.attach->click();
        f.module->clear();
        QVERIFY(f.ok->isEnabled());
    }

    void attachesToASecondSoftHsmToken()
    {
        if (!test::SoftHsmTestToken::moduleInstalled())
            QSKIP("SoftHSM2 is not installed");
        // Made on a thread of its own: GUI tests may not touch PKCS#11 on the GUI thread. The
        // fixture then lets go of the module (finalised); the token stays in its store and the
        // workspace loads the module again on its service thread with the same configuration.
        test::SoftHsmTestToken token;
        QString problem;
        QString userPin;
        QString soPin;
        std::thread maker([&] {
            problem = token.setUp(QStringLiteral("custos-attach"));
            if (problem.isEmpty()) {
                userPin = token.userPinText();
                soPin = text(token.soPin());
            }
            token.tearDown();
        });
        maker.join();
        QVERIFY2(problem.isEmpty(), qPrintable(problem));
        const QString conf = token.storePath() + QStringLiteral("/softhsm2.conf");
        qputenv("SOFTHSM2_CONF", QFile::encodeName(conf));

        QTemporaryDir tmp;
        const QString directory = tmp.filePath(QStringLiteral("ws"));
        {
            model::ServiceHost host;
            FirstRunDialog dialog(host, directory);
            dialog.show();
            const Fields f = fieldsOf(dialog);
            fillOperator(f);
            f.attach->click();
            QTest::keyClicks(f.module, test::kSoftHsmModule);
            QTest::keyClicks(f.label, QStringLiteral("custos-attach"));
            QTest::keyClicks(f.userPin, QStringLiteral("wrong-pin"));
            QTest::keyClicks(f.soPin, soPin);
            QTest::mouseClick(f.ok, Qt::LeftButton);
            // A wrong PIN: said, and nothing is left behind.
            QVERIFY(QTest::qWaitFor([&] { return !dialog.isBusy(); }, 30000));
            QVERIFY(f.error->isVisible());
            QVERIFY(dialog.result() != QDialog::Accepted);
            QVERIFY(!model::Workspace::looksInitialised(directory));

            f.userPin->clear();
            QTest::keyClicks(f.userPin, userPin);
            QSignalSpy created(&dialog, &FirstRunDialog::workspaceCreated);
            QTest::mouseClick(f.ok, Qt::LeftButton);
            QVERIFY(
                QTest::qWaitFor([&] { return !dialog.isBusy() && (created.count() || f.error->isVisible()); }, 30000));
            QVERIFY2(created.count() == 1, qPrintable(f.error->text()));
            QCOMPARE(dialog.result(), int(QDialog::Accepted));
            // The PINs do not stay in the widgets.
            QVERIFY(f.userPin->text().isEmpty());
            QVERIFY(f.soPin->text().isEmpty());

            auto status = test::await(host.call([](model::Services& s) { return s.workspace().status(); }));
            QVERIFY2(status, errorText(status).constData());
            QVERIFY(!status->embeddedToken);
            QCOMPARE(status->tokenLabel, QStringLiteral("custos-attach"));
            QCOMPARE(status->modulePath, test::kSoftHsmModule);
            // The first operator logs in with the passphrase (the dialog hands it over).
            auto login = test::await(host.login(QStringLiteral("admin"), dialog.takePassphrase(), true));
            QVERIFY2(login, errorText(login).constData());
        }
        qunsetenv("SOFTHSM2_CONF");
    }
};

CUSTOS_REGISTER_TEST(TestFirstRunAttach)
#include "TestFirstRunAttach.moc"
