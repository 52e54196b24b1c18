#include "CardTestToken.h"
#include "HostedWorkspace.h"
#include "TestRegistry.h"

#include "ui/dialogs/LoginDialog.h"

#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>

using custos::ui::LoginDialog;

// The login dialog's optional Card PIN field (the card second factor): an operator with an
// enrolled card gets in only with it.
class TestLoginDialogCard : public QObject
{
    Q_OBJECT

private:
    QTemporaryDir m_dir;
    std::unique_ptr<custos::model::ServiceHost> m_host;

    static void type(LoginDialog& dialog, const QString& objectName, const QString& text)
    {
        auto* edit = dialog.findChild<QLineEdit*>(objectName);
        QVERIFY(edit);
        edit->clear();
        QTest::keyClicks(edit, text);
    }

private Q_SLOTS:
    void initTestCase()
    {
        QStandardPaths::setTestModeEnabled(true);
        m_host = custos::test::makeHostedWorkspace(m_dir.filePath(QStringLiteral("ws")));
        QVERIFY(m_host);
        QVERIFY(
            custos::test::addOperatorWithRoles(*m_host, QStringLiteral("alice"), {QStringLiteral("Crypto Auditor")}));
        // The card and its enrolment, on the service thread (PKCS#11 never on the GUI thread).
        auto made = custos::test::onServices(*m_host, [](custos::model::Services& s) {
            return custos::test::makeCard(s.workspace(), QStringLiteral("alice-card"), QStringLiteral("4711-card"),
                                          QStringLiteral("alice-cert"));
        });
        QVERIFY2(made, errorText(made).constData());
        auto enrolled = custos::test::onServices(*m_host, [](custos::model::Services& s) {
            return s.operators().enrollCard(QStringLiteral("alice"), QStringLiteral("alice-card"),
                                            QStringLiteral("alice-cert"),
                                            custos::test::secret(QStringLiteral("4711-card")));
        });
        QVERIFY2(enrolled, errorText(enrolled).constData());
        QVERIFY(custos::test::await(m_host->logout()));
    }

    void cleanupTestCase() { m_host.reset(); }

    void cardPinIsNeededAndEnough()
    {
        LoginDialog dialog(*m_host, m_host->directory());
        dialog.show();
        QVERIFY(QTest::qWaitForWindowExposed(&dialog));
        auto* cardPin = dialog.findChild<QLineEdit*>(QStringLiteral("cardPinLineEdit"));
        auto* ok = dialog.findChild<QPushButton*>(QStringLiteral("okPushButton"));
        auto* error = dialog.findChild<QLabel*>(QStringLiteral("errorLabel"));
        QVERIFY(cardPin && ok && error);
        QCOMPARE(cardPin->echoMode(), QLineEdit::Password);

        // Without the card PIN: told what is missing, still in the dialog.
        type(dialog, QStringLiteral("operatorLineEdit"), QStringLiteral("alice"));
        type(dialog, QStringLiteral("passphraseLineEdit"), custos::test::kTestPassphrase);
        QTest::mouseClick(ok, Qt::LeftButton);
        QTRY_VERIFY_WITH_TIMEOUT(!dialog.isBusy() && error->isVisible(), 20000);
        QVERIFY2(error->text().contains(QStringLiteral("card PIN")), qPrintable(error->text()));
        QVERIFY(!m_host->isLoggedIn());

        // A wrong one: refused, both secrets cleared.
        type(dialog, QStringLiteral("passphraseLineEdit"), custos::test::kTestPassphrase);
        type(dialog, QStringLiteral("cardPinLineEdit"), QStringLiteral("0000-card"));
        QTest::mouseClick(ok, Qt::LeftButton);
        QTRY_VERIFY_WITH_TIMEOUT(!dialog.isBusy() && error->text().contains(QStringLiteral("refused the PIN")), 20000);
        QVERIFY(cardPin->text().isEmpty());
        QVERIFY(!m_host->isLoggedIn());

        // The right one.
        type(dialog, QStringLiteral("passphraseLineEdit"), custos::test::kTestPassphrase);
        type(dialog, QStringLiteral("cardPinLineEdit"), QStringLiteral("4711-card"));
        QTest::mouseClick(ok, Qt::LeftButton);
        QTRY_COMPARE_WITH_TIMEOUT(dialog.result(), int(QDialog::Accepted), 20000);
        QCOMPARE(m_host->operatorName(), QStringLiteral("alice"));
        QVERIFY(cardPin->text().isEmpty());
    }
};

CUSTOS_REGISTER_TEST(TestLoginDialogCard)
#include "TestLoginDialogCard.moc"
