#include "HostedWorkspace.h"
#include "TestRegistry.h"

#include "ui/access/OperatorDialogs.h"
#include "ui/certificates/CertificateExportDialog.h"
#include "ui/certificates/CertificateImportDialog.h"
#include "ui/dialogs/ApprovalDialog.h"
#include "ui/dialogs/FirstRunDialog.h"
#include "ui/dialogs/LoginDialog.h"
#include "ui/keys/import/KeyImportWizard.h"
#include "ui/keys/import/TokenObjectPicker.h"
#include "ui/mainwindow/LockPanel.h"
#include "ui/security/SecretLineEdit.h"
#include "ui/security/SecretText.h"
#include "ui/securitydomain/ActivationWizard.h"
#include "ui/securitydomain/CustodianInput.h"

#include <QAccessible>
#include <QAction>
#include <QApplication>
#include <QClipboard>
#include <QLineEdit>
#include <QMenu>
#include <QRegularExpression>
#include <QTemporaryDir>
#include <QTest>

using namespace custos;

namespace {

const QString kSecret = QStringLiteral("Tr0ub4dor&3");

// Accessibility events Qt sends while a secret is typed (when accessibility is active).
QStringList g_eventTexts;
void recordEvent(QAccessibleEvent* event)
{
    if (auto* inserted = dynamic_cast<QAccessibleTextInsertEvent*>(event))
        g_eventTexts << inserted->textInserted();
    else if (auto* update = dynamic_cast<QAccessibleTextUpdateEvent*>(event))
        g_eventTexts << update->textInserted() << update->textRemoved();
    else if (auto* removed = dynamic_cast<QAccessibleTextRemoveEvent*>(event))
        g_eventTexts << removed->textRemoved();
    else if (auto* value = dynamic_cast<QAccessibleValueChangeEvent*>(event))
        g_eventTexts << value->value().toString();
}

// Every field in `root` that takes a secret: echo off, or named for a passphrase, password or PIN.
QList<QLineEdit*> secretFields(QWidget* root)
{
    static const QRegularExpression named(QStringLiteral("pass|pin"), QRegularExpression::CaseInsensitiveOption);
    QList<QLineEdit*> fields;
    for (QLineEdit* edit : root->findChildren<QLineEdit*>()) {
        const bool qtInternal = edit->objectName().startsWith(QLatin1String("qt_")); // a spin box's editor
        if (edit->echoMode() != QLineEdit::Normal || (!qtInternal && named.match(edit->objectName()).hasMatch()) ||
            ui::isSecret(edit))
            fields << edit;
    }
    return fields;
}

} // namespace

// Issue 9: secret input fields never echo, give assistive technology nothing of the secret, refuse
// copy, cut and drag, and are wiped. Walks every dialog that takes one.
class TestSecretFields : public QObject
{
    Q_OBJECT
private:
    // Everything the issue asks of one field, with kSecret typed into it.
    static void verifySecret(QLineEdit* edit, const QString& where)
    {
        const QString field = where + QLatin1Char('/') + edit->objectName();
        QVERIFY2(ui::isSecret(edit), qPrintable(field));
        QVERIFY2(edit->echoMode() == QLineEdit::Password, qPrintable(field));
        const Qt::InputMethodHints hints =
            Qt::ImhHiddenText | Qt::ImhSensitiveData | Qt::ImhNoPredictiveText | Qt::ImhNoAutoUppercase;
        QVERIFY2((edit->inputMethodHints() & hints) == hints, qPrintable(field));
        QVERIFY2(!edit->dragEnabled(), qPrintable(field));

        edit->clear();
        g_eventTexts.clear();
        // Typed where the field takes input now; a field waiting for another choice (disabled, on a
        // later page) gets it inserted, which goes through the same line control.
        const bool typing = edit->isEnabled() && edit->isVisible();
        if (typing)
            QTest::keyClicks(edit, kSecret);
        else
            edit->insert(kSecret);
        QCOMPARE(edit->text(), kSecret);
        QVERIFY2(!edit->displayText().contains(kSecret), qPrintable(field));
        for (const QString& text : std::as_const(g_eventTexts))
            QVERIFY2(!text.contains(QStringLiteral("Tr0")), qPrintable(field + QStringLiteral(": event ") + text));

        // Assistive technology: a password field, named, with no value and no text interface.
        QAccessibleInterface* accessible = QAccessible::queryAccessibleInterface(edit);
        QVERIFY2(accessible, qPrintable(field));
        QVERIFY2(accessible->state().passwordEdit, qPrintable(field));
        QVERIFY2(accessible->text(QAccessible::Value).isEmpty(), qPrintable(field)); // not even '*' per character
        for (QAccessible::Text kind : {QAccessible::Name, QAccessible::Description, QAccessible::Help,
                                       QAccessible::Accelerator, QAccessible::DebugDescription})
            QVERIFY2(!accessible->text(kind).contains(kSecret), qPrintable(field));
        QVERIFY2(!accessible->textInterface(), qPrintable(field));
        QVERIFY2(!accessible->editableTextInterface(), qPrintable(field));

        // No copy, no cut: the clipboard keeps what it had; the menu offers neither.
        QClipboard* clipboard = QApplication::clipboard();
        clipboard->setText(QStringLiteral("sentinel"));
        edit->selectAll();
        edit->copy();
        edit->cut();
        if (typing) {
            edit->setText(kSecret);
            edit->selectAll();
            QTest::keyClick(edit, Qt::Key_C, Qt::ControlModifier);
            edit->selectAll();
            QTest::keyClick(edit, Qt::Key_X, Qt::ControlModifier);
        }
        QCOMPARE(clipboard->text(), QStringLiteral("sentinel"));
        std::unique_ptr<QMenu> menu(edit->createStandardContextMenu());
        for (QAction* action : menu->actions()) {
            if (action->objectName() == QLatin1String("edit-copy") || action->objectName() == QLatin1String("edit-cut"))
                QVERIFY2(!action->isEnabled(), qPrintable(field));
        }

        // Taking the secret wipes the field's buffer in place: a copy that shared it sees zeros.
        edit->setText(kSecret + QStringLiteral("!"));
        const QString shared = edit->text();
        crypto::SecureBuffer taken = ui::takeSecret(edit);
        QCOMPARE(QByteArray(reinterpret_cast<const char*>(taken.data()), qsizetype(taken.size())),
                 (kSecret + QStringLiteral("!")).toUtf8());
        QVERIFY(edit->text().isEmpty());
        QVERIFY2(!shared.contains(kSecret), qPrintable(field));
    }
    void verifyAll(QWidget* root, const QString& where, int atLeast)
    {
        root->show();
        const QList<QLineEdit*> fields = secretFields(root);
        QVERIFY2(
            fields.size() >= atLeast,
            qPrintable(QStringLiteral("%1: %2 secret fields, expected %3").arg(where).arg(fields.size()).arg(atLeast)));
        for (QLineEdit* edit : fields) {
            verifySecret(edit, where);
            if (QTest::currentTestFailed())
                return;
        }
        root->hide();
    }

    QTemporaryDir m_dir;
    std::unique_ptr<model::ServiceHost> m_host;
    QAccessible::UpdateHandler m_previousHandler = nullptr;

private Q_SLOTS:
    void initTestCase()
    {
        Q_INIT_RESOURCE(custos);
        m_host = test::makeHostedWorkspace(m_dir.filePath(QStringLiteral("ws")));
        QVERIFY(m_host);
        m_previousHandler = QAccessible::installUpdateHandler(&recordEvent);
        QAccessible::setActive(true); // a no-op without a platform accessibility (offscreen)
        if (!QAccessible::isActive())
            qInfo("accessibility is inactive on this platform: Qt sends no events, their check is left out");
    }
    void cleanupTestCase()
    {
        QAccessible::installUpdateHandler(m_previousHandler);
        m_host.reset();
    }

    void loginDialog()
    {
        ui::LoginDialog dialog(*m_host, m_dir.filePath(QStringLiteral("ws")));
        verifyAll(&dialog, QStringLiteral("LoginDialog"), 2); // passphrase, card PIN
    }
    void lockPanel()
    {
        ui::LockPanel panel;
        verifyAll(&panel, QStringLiteral("LockPanel"), 1);
    }
    void firstRunDialog()
    {
        ui::FirstRunDialog dialog(*m_host, m_dir.filePath(QStringLiteral("new")));
        verifyAll(&dialog, QStringLiteral("FirstRunDialog"), 2); // passphrase and its confirmation
    }
    void keyImportPasswordAndTokenPin()
    {
        model::Vault vault;
        vault.name = QStringLiteral("v");
        ui::KeyImportWizard wizard(*m_host, vault);
        verifyAll(&wizard, QStringLiteral("KeyImportWizard"), 1);
        ui::TokenObjectPicker picker;
        verifyAll(&picker, QStringLiteral("TokenObjectPicker"), 1);
    }
    void custodianInputs()
    {
        ui::CustodianInputWidget input;
        verifyAll(&input, QStringLiteral("CustodianInputWidget"), 2); // key file password, card PIN
        ui::ActivationWizard wizard(*m_host);
        verifyAll(&wizard, QStringLiteral("ActivationWizard"), 1);
    }
    void approvalAndOperatorDialogs()
    {
        ui::ApprovalDialog approval(*m_host, model::ApprovalRequest{});
        verifyAll(&approval, QStringLiteral("ApprovalDialog"), 1);
        ui::OperatorAddDialog add;
        verifyAll(&add, QStringLiteral("OperatorAddDialog"), 2);
        ui::OperatorPassphraseDialog passphrase(QStringLiteral("admin"));
        verifyAll(&passphrase, QStringLiteral("OperatorPassphraseDialog"), 2);
    }
    void certificateDialogs()
    {
        model::Vault vault;
        vault.name = QStringLiteral("v");
        ui::CertificateImportDialog import(vault);
        verifyAll(&import, QStringLiteral("CertificateImportDialog"), 1);
        ui::CertificateExportDialog exporting{model::CertificateRecord{}};
        verifyAll(&exporting, QStringLiteral("CertificateExportDialog"), 2);
    }
};

CUSTOS_REGISTER_TEST(TestSecretFields)
#include "TestSecretFields.moc"
