#include "HostedWorkspace.h"
#include "TestRegistry.h"

#include "crypto/x509/CertificateInfo.h"
#include "model/services/Services.h"
#include "model/services/VaultService.h"
#include "ui/certificates/IssueCertificateWizard.h"

#include <QAbstractButton>
#include <QAbstractItemModelTester>
#include <QApplication>
#include <QCheckBox>
#include <QComboBox>
#include <QGroupBox>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QPlainTextEdit>
#include <QPointer>
#include <QPushButton>
#include <QSet>
#include <QSignalSpy>
#include <QSpinBox>
#include <QTemporaryDir>
#include <QTest>

using custos::model::CertificateLifetimeAction;
using custos::model::Protection;
using custos::ui::IssueCertificateWizard;

class TestIssueCertificateWizard : public QObject
{
    Q_OBJECT

private:
    static custos::model::Vault vault(Protection protection)
    {
        custos::model::Vault v;
        v.name = QStringLiteral("web");
        v.protection = protection;
        return v;
    }

    static const QStringList& issuers()
    {
        static const QStringList list{QStringLiteral("web/root"), QStringLiteral("pki/issuing")};
        return list;
    }

    template <typename T>
    static T* child(QWidget& parent, const char* name)
    {
        T* found = parent.findChild<T*>(QLatin1String(name));
        if (!found)
            qFatal("no widget '%s'", name);
        return found;
    }

    static QAbstractButton* next(QWizard& wizard) { return wizard.button(QWizard::NextButton); }

    static void showWizard(QWizard& wizard)
    {
        wizard.show();
        QVERIFY(QTest::qWaitForWindowActive(&wizard));
    }

    // Clicks Next, which must be enabled, and checks the wizard moved on.
    static void clickNext(QWizard& wizard)
    {
        const int before = wizard.currentId();
        QVERIFY(next(wizard)->isEnabled());
        QTest::mouseClick(next(wizard), Qt::LeftButton);
        QCOMPARE(wizard.currentId(), before + 1);
    }

    // Moves a combo box to the item with `data` with the arrow keys, as a keyboard user would.
    static void choose(QComboBox* combo, const QVariant& data)
    {
        combo->setFocus();
        QTest::keyClick(combo, Qt::Key_Home);
        for (int i = 0; i < combo->count() && combo->currentData() != data; ++i)
            QTest::keyClick(combo, Qt::Key_Down);
        QCOMPARE(combo->currentData(), data);
    }

    // A new SAN row: Add opens its editor, the text is typed, Return closes it.
    static void addSan(QWizard& wizard, const QString& text, bool close = true)
    {
        QTest::mouseClick(child<QPushButton>(wizard, "addSanPushButton"), Qt::LeftButton);
        QWidget* editor = QApplication::focusWidget();
        QVERIFY(editor);
        QCOMPARE(editor->objectName(), QStringLiteral("sanEditorLineEdit"));
        QTest::keyClicks(editor, text);
        if (close)
            closeSanEditor();
    }

    // The delegate closes the editor on Return through a queued call: wait for it, so nothing
    // else (a click on Next) closes it first.
    static void closeSanEditor()
    {
        QPointer<QWidget> editor = QApplication::focusWidget();
        QVERIFY(editor && editor->objectName() == QStringLiteral("sanEditorLineEdit"));
        QTest::keyClick(editor, Qt::Key_Return);
        QTRY_VERIFY(!editor);
    }

    static void removeAllSans(QWizard& wizard)
    {
        auto* list = child<QListWidget>(wizard, "sanListWidget");
        list->setFocus();
        while (list->count() > 0) {
            list->setCurrentRow(0);
            QTest::keyClick(list, Qt::Key_Delete);
        }
    }

    // Page 1 for a tls-server certificate from web/root, then page 2 with the CN taken over as a
    // dns: SAN and an IP typed in.
    static void fillProfileAndSubject(QWizard& wizard, const QString& name,
                                      const QString& issuer = QStringLiteral("web/root"))
    {
        QCOMPARE(child<QComboBox>(wizard, "profileComboBox")->currentData().toString(), QStringLiteral("tls-server"));
        QCOMPARE(child<QComboBox>(wizard, "issuerComboBox")->currentData().toString(), issuer);
        QVERIFY(!child<QGroupBox>(wizard, "customUsagesGroupBox")->isVisible());
        QVERIFY(!next(wizard)->isEnabled()); // no name yet
        // The name by its mnemonic.
        QTest::keyClick(&wizard, Qt::Key_M, Qt::AltModifier);
        QCOMPARE(QApplication::focusWidget(), child<QLineEdit>(wizard, "nameLineEdit"));
        QTest::keyClicks(QApplication::focusWidget(), name);
        clickNext(wizard);

        QTest::keyClick(&wizard, Qt::Key_S, Qt::AltModifier);
        QCOMPARE(QApplication::focusWidget(), child<QLineEdit>(wizard, "subjectLineEdit"));
        QTest::keyClicks(QApplication::focusWidget(), QStringLiteral("CN=%1.example.test, O=Example Ltd").arg(name));
        // A TLS server certificate needs a host name: Next waits, the CN is offered.
        QVERIFY(!next(wizard)->isEnabled());
        QVERIFY(child<QLabel>(wizard, "sanMessageLabel")->text().contains(QStringLiteral("dns: or ip:")));
        auto* useCn = child<QPushButton>(wizard, "useCnPushButton");
        QVERIFY(useCn->isVisible());
        QVERIFY(useCn->text().contains(QStringLiteral("%1.example.test").arg(name)));
        QTest::mouseClick(useCn, Qt::LeftButton);
        QVERIFY(!useCn->isVisible());
        QVERIFY(next(wizard)->isEnabled());
        addSan(wizard, QStringLiteral("ip:127.0.0.1"));
        QCOMPARE(child<QListWidget>(wizard, "sanListWidget")->count(), 2);
        clickNext(wizard);
    }

    std::unique_ptr<custos::model::ServiceHost> m_host;
    QTemporaryDir m_dir;

private Q_SLOTS:
    void tlsServerFromCaYieldsTheRequest()
    {
        IssueCertificateWizard wizard(vault(Protection::Software), issuers());
        QAbstractItemModelTester tester(child<QListWidget>(wizard, "sanListWidget")->model(),
                                        QAbstractItemModelTester::FailureReportingMode::QtTest);
        showWizard(wizard);
        fillProfileAndSubject(wizard, QStringLiteral("web01"));
        if (QTest::currentTestFailed())
            return;

        // Key: EC P-384, software (the vault's), exportable, reused on renewal.
        auto* type = child<QComboBox>(wizard, "keyTypeComboBox");
        QCOMPARE(type->currentText(), QStringLiteral("EC"));
        choose(child<QComboBox>(wizard, "keySizeComboBox"), QStringLiteral("P-384"));
        QCOMPARE(child<QComboBox>(wizard, "protectionComboBox")->currentData().toInt(), int(Protection::Software));
        // A check box's mnemonic animates a click: its state changes a moment later.
        QTest::keyClick(&wizard, Qt::Key_X, Qt::AltModifier); // E&xportable
        QTRY_VERIFY(child<QCheckBox>(wizard, "exportableCheckBox")->isChecked());
        QTest::keyClick(&wizard, Qt::Key_R, Qt::AltModifier); // &Reuse
        QTRY_VERIFY(child<QCheckBox>(wizard, "reuseKeyCheckBox")->isChecked());
        clickNext(wizard);

        // Validity 24 months; AutoRenew at 75%; EmailContacts 30 days before expiry.
        auto* months = child<QSpinBox>(wizard, "monthsSpinBox");
        QCOMPARE(months->value(), 12);
        months->setFocus();
        QTest::keyClick(months, Qt::Key_PageUp);
        QTest::keyClick(months, Qt::Key_Up);
        QTest::keyClick(months, Qt::Key_Up);
        QCOMPARE(months->value(), 24);
        choose(child<QComboBox>(wizard, "autoRenewComboBox"), 1);
        auto* renewAt = child<QSpinBox>(wizard, "autoRenewSpinBox");
        QCOMPARE(renewAt->value(), 80);
        renewAt->setFocus();
        for (int i = 0; i < 5; ++i)
            QTest::keyClick(renewAt, Qt::Key_Down);
        QTest::keyClick(&wizard, Qt::Key_M, Qt::AltModifier); // E&mail contacts
        QTRY_VERIFY(child<QCheckBox>(wizard, "emailContactsCheckBox")->isChecked());
        QVERIFY(!next(wizard)->isEnabled()); // notifying needs contacts
        QTest::keyClick(&wizard, Qt::Key_C, Qt::AltModifier);
        QCOMPARE(QApplication::focusWidget(), child<QLineEdit>(wizard, "contactsLineEdit"));
        QTest::keyClicks(QApplication::focusWidget(), QStringLiteral("ops@example.test, pki@example.test"));
        clickNext(wizard);

        // Review: everything the request holds, and Finish says what it does. (Plural forms come
        // from custos_en.qm, which tests do not load: "24 month(s)".)
        const QString summary = child<QPlainTextEdit>(wizard, "summaryPlainTextEdit")->toPlainText();
        for (const char* expected :
             {"web/web01", "web/root", "CN=web01.example.test, O=Example Ltd", "dns:web01.example.test, ip:127.0.0.1",
              "tls-server", "digitalSignature", "serverAuth", "EC P-384", "software-protected", "exportable",
              "reused on renewal", "24 month", "renew at 75% of the lifetime",
              "notify ops@example.test, pki@example.test 30 day"})
            QVERIFY2(summary.contains(QLatin1String(expected)),
                     qPrintable(expected + QStringLiteral(" in\n") + summary));
        QVERIFY(wizard.button(QWizard::FinishButton)->text().contains(QStringLiteral("Issue")));
        QSignalSpy accepted(&wizard, &QDialog::accepted);
        QTest::mouseClick(wizard.button(QWizard::FinishButton), Qt::LeftButton);
        QCOMPARE(accepted.count(), 1);

        const custos::model::CertificateIssueRequest r = wizard.request();
        QCOMPARE(r.vault, QStringLiteral("web"));
        QCOMPARE(r.name, QStringLiteral("web01"));
        QCOMPARE(r.issuer, QStringLiteral("web/root"));
        QVERIFY(!wizard.isExternalIssuer());
        QCOMPARE(r.profile, QStringLiteral("tls-server"));
        QCOMPARE(r.subject, QStringLiteral("CN=web01.example.test, O=Example Ltd"));
        QCOMPARE(r.subjectAltNames,
                 QStringList({QStringLiteral("dns:web01.example.test"), QStringLiteral("ip:127.0.0.1")}));
        QVERIFY(r.keyUsages.isEmpty());
        QVERIFY(r.extendedKeyUsages.isEmpty());
        QCOMPARE(r.months, 24);
        QCOMPARE(r.kty, custos::crypto::KeyKind::Ec);
        QCOMPARE(r.curve, QStringLiteral("P-384"));
        QCOMPARE(r.size, 0);
        QCOMPARE(r.protection, std::optional(Protection::Software));
        QVERIFY(r.exportable);
        QVERIFY(r.reuseKey);
        CertificateLifetimeAction renew;
        renew.kind = CertificateLifetimeAction::Kind::AutoRenew;
        renew.lifetimePercentage = 75;
        CertificateLifetimeAction notify;
        notify.kind = CertificateLifetimeAction::Kind::EmailContacts;
        notify.daysBeforeExpiry = 30;
        QCOMPARE(r.actions, QList<CertificateLifetimeAction>({renew, notify}));
        QCOMPARE(r.contacts, QStringList({QStringLiteral("ops@example.test"), QStringLiteral("pki@example.test")}));
    }

    void invalidSansKeepNextDisabled()
    {
        IssueCertificateWizard wizard(vault(Protection::Hsm), issuers());
        QAbstractItemModelTester tester(child<QListWidget>(wizard, "sanListWidget")->model(),
                                        QAbstractItemModelTester::FailureReportingMode::QtTest);
        showWizard(wizard);
        fillProfileAndSubject(wizard, QStringLiteral("web02"));
        if (QTest::currentTestFailed())
            return;
        QTest::mouseClick(wizard.button(QWizard::BackButton), Qt::LeftButton);
        auto* message = child<QLabel>(wizard, "sanMessageLabel");
        QVERIFY(next(wizard)->isEnabled());

        // Each bad row is refused while it is typed, with the reason, before its editor closes.
        const struct
        {
            const char* text;
            const char* reason;
        } cases[] = {
            {"ip:300.1.1.1", "expected an IPv4 address"},
            {"dns:www.*.example", "wildcard may only be the whole leftmost label"},
            {"", "it is empty"},
            {"dns:", "the dns name is empty"},
            {"host.example.test", "expected dns:, ip:, email: or uri:"},
            {"email:ops@", "expected local@domain"},
        };
        for (const auto& bad : cases) {
            addSan(wizard, QLatin1String(bad.text), false);
            QVERIFY2(!next(wizard)->isEnabled(), bad.text);
            QVERIFY(message->isVisible());
            QVERIFY2(message->text().contains(QLatin1String(bad.reason)), qPrintable(message->text()));
            QVERIFY2(message->text().contains(QStringLiteral("Alternative name 3")), qPrintable(message->text()));
            closeSanEditor();
            // Still refused after the editor closed; the row says why in its tool tip.
            auto* list = child<QListWidget>(wizard, "sanListWidget");
            QVERIFY(!next(wizard)->isEnabled());
            QVERIFY(list->item(2)->toolTip().contains(QLatin1String(bad.reason)));
            list->setFocus();
            list->setCurrentRow(2);
            QTest::keyClick(list, Qt::Key_Delete);
            QCOMPARE(list->count(), 2);
            QVERIFY(next(wizard)->isEnabled());
        }

        // A name twice is refused too; a wildcard in the right place and an IPv6 are fine.
        addSan(wizard, QStringLiteral("DNS:Web02.example.test"));
        QVERIFY(!next(wizard)->isEnabled());
        QVERIFY(message->text().contains(QStringLiteral("listed twice")));
        QTest::mouseClick(child<QPushButton>(wizard, "removeSanPushButton"), Qt::LeftButton);
        addSan(wizard, QStringLiteral("dns:*.web02.example.test"));
        addSan(wizard, QStringLiteral("ip:2001:db8::1"));
        QVERIFY(next(wizard)->isEnabled());
        QVERIFY(!message->isVisible());

        // Without any dns: or ip: name a TLS server certificate cannot go on.
        removeAllSans(wizard);
        addSan(wizard, QStringLiteral("email:ops@example.test"));
        QVERIFY(!next(wizard)->isEnabled());
        QVERIFY(message->text().contains(QStringLiteral("needs a dns: or ip:")));
    }

    void invalidSubjectKeepsNextDisabled()
    {
        IssueCertificateWizard wizard(vault(Protection::Hsm), issuers());
        showWizard(wizard);
        fillProfileAndSubject(wizard, QStringLiteral("web03"));
        if (QTest::currentTestFailed())
            return;
        QTest::mouseClick(wizard.button(QWizard::BackButton), Qt::LeftButton);
        QVERIFY(next(wizard)->isEnabled());
        auto* subject = child<QLineEdit>(wizard, "subjectLineEdit");
        auto* message = child<QLabel>(wizard, "subjectMessageLabel");
        const struct
        {
            const char* text;
            const char* reason;
        } cases[] = {
            {"CN=", "the value of CN is empty"},
            {"XX=web03", "unknown attribute 'XX'"},
            {"C=Germany", "two-letter country code"},
        };
        for (const auto& bad : cases) {
            subject->setFocus();
            subject->selectAll();
            QTest::keyClick(subject, Qt::Key_Backspace);
            QVERIFY(!next(wizard)->isEnabled()); // empty
            QTest::keyClicks(subject, QLatin1String(bad.text));
            QVERIFY2(!next(wizard)->isEnabled(), bad.text);
            QVERIFY(message->isVisible());
            QVERIFY2(message->text().contains(QLatin1String(bad.reason)), qPrintable(message->text()));
        }
        subject->selectAll();
        QTest::keyClicks(subject, QStringLiteral("CN=web03.example.test"));
        QVERIFY(next(wizard)->isEnabled());
        QVERIFY(!message->isVisible());
    }

    void invalidNameKeepsNextDisabled()
    {
        IssueCertificateWizard wizard(vault(Protection::Hsm), issuers());
        showWizard(wizard);
        auto* name = child<QLineEdit>(wizard, "nameLineEdit");
        auto* message = child<QLabel>(wizard, "profileMessageLabel");
        name->setFocus();
        QTest::keyClicks(name, QStringLiteral("bad_name"));
        QVERIFY(!next(wizard)->isEnabled());
        QVERIFY(message->text().contains(QStringLiteral("letters, digits and dashes")));
        QTest::keyClick(name, Qt::Key_Backspace);
        QTest::keyClick(name, Qt::Key_Backspace);
        QTest::keyClick(name, Qt::Key_Backspace);
        QTest::keyClick(name, Qt::Key_Backspace);
        QTest::keyClick(name, Qt::Key_Backspace);
        QVERIFY(next(wizard)->isEnabled()); // "bad"
        QVERIFY(!message->isVisible());
        QTest::keyClicks(name, QStringLiteral("-name"));
        QVERIFY(next(wizard)->isEnabled());
        QCOMPARE(wizard.request().name, QStringLiteral("bad-name"));
    }

    void externalCaMakesACsr()
    {
        IssueCertificateWizard wizard(vault(Protection::Software), issuers());
        showWizard(wizard);
        choose(child<QComboBox>(wizard, "issuerComboBox"), QStringLiteral("Unknown"));
        QVERIFY(wizard.isExternalIssuer());
        fillProfileAndSubject(wizard, QStringLiteral("ext01"), QStringLiteral("Unknown"));
        if (QTest::currentTestFailed())
            return;
        // No key reuse and no lifetime actions: an external CA's certificate renews with a new CSR.
        auto* reuse = child<QCheckBox>(wizard, "reuseKeyCheckBox");
        QVERIFY(!reuse->isEnabled());
        clickNext(wizard);
        QVERIFY(!child<QGroupBox>(wizard, "lifetimeActionsGroupBox")->isEnabled());
        clickNext(wizard);
        QVERIFY(wizard.button(QWizard::FinishButton)->text().contains(QStringLiteral("CSR")));
        QVERIFY(child<QPlainTextEdit>(wizard, "summaryPlainTextEdit")
                    ->toPlainText()
                    .contains(QStringLiteral("external CA")));

        const custos::model::CertificateIssueRequest r = wizard.request();
        QCOMPARE(r.issuer, QStringLiteral("Unknown"));
        QVERIFY(r.actions.isEmpty());
        QVERIFY(r.contacts.isEmpty());
        QVERIFY(!r.reuseKey);

        // Back to a Custos issuer: reuse is offered again.
        QTest::mouseClick(wizard.button(QWizard::BackButton), Qt::LeftButton);
        QTest::mouseClick(wizard.button(QWizard::BackButton), Qt::LeftButton);
        QTest::mouseClick(wizard.button(QWizard::BackButton), Qt::LeftButton);
        QTest::mouseClick(wizard.button(QWizard::BackButton), Qt::LeftButton);
        QCOMPARE(wizard.currentId(), 0);
        QVERIFY(child<QLabel>(wizard, "profileMessageLabel")->text().contains(QStringLiteral("signing request")));
        choose(child<QComboBox>(wizard, "issuerComboBox"), QStringLiteral("Self"));
        QVERIFY(!wizard.isExternalIssuer());
        QCOMPARE(wizard.request().issuer, QStringLiteral("Self"));
        clickNext(wizard);
        clickNext(wizard);
        QVERIFY(reuse->isEnabled());
    }

    void exportableOnlyForSoftwareKeys()
    {
        {
            IssueCertificateWizard wizard(vault(Protection::Software), issuers());
            showWizard(wizard);
            fillProfileAndSubject(wizard, QStringLiteral("web04"));
            if (QTest::currentTestFailed())
                return;
            auto* exportable = child<QCheckBox>(wizard, "exportableCheckBox");
            QVERIFY(exportable->isEnabled());
            QTest::keyClick(&wizard, Qt::Key_X, Qt::AltModifier);
            QTRY_VERIFY(exportable->isChecked());
            choose(child<QComboBox>(wizard, "protectionComboBox"), int(Protection::Hsm));
            QVERIFY(!exportable->isEnabled());
            QVERIFY(!exportable->isChecked());
            QCOMPARE(wizard.request().protection, std::optional(Protection::Hsm));
            QVERIFY(!wizard.request().exportable);
            // RSA offers 2048/3072/4096 bits.
            choose(child<QComboBox>(wizard, "keyTypeComboBox"), int(custos::crypto::KeyKind::Rsa));
            choose(child<QComboBox>(wizard, "keySizeComboBox"), 4096);
            QCOMPARE(wizard.request().size, 4096);
            QVERIFY(wizard.request().curve.isEmpty());
        }
        // An HSM vault offers HSM keys only.
        IssueCertificateWizard wizard(vault(Protection::Hsm), issuers());
        auto* protection = child<QComboBox>(wizard, "protectionComboBox");
        QCOMPARE(protection->count(), 1);
        QCOMPARE(protection->currentData().toInt(), int(Protection::Hsm));
        QVERIFY(!child<QCheckBox>(wizard, "exportableCheckBox")->isEnabled());
    }

    void customProfileUsagesGoIntoTheRequest()
    {
        IssueCertificateWizard wizard(vault(Protection::Hsm), issuers());
        showWizard(wizard);
        choose(child<QComboBox>(wizard, "profileComboBox"), QStringLiteral("custom"));
        QVERIFY(child<QGroupBox>(wizard, "customUsagesGroupBox")->isVisible());
        child<QLineEdit>(wizard, "nameLineEdit")->setFocus();
        QTest::keyClicks(QApplication::focusWidget(), QStringLiteral("client01"));
        QVERIFY(!next(wizard)->isEnabled()); // no usage chosen
        QVERIFY(child<QLabel>(wizard, "profileMessageLabel")->text().contains(QStringLiteral("at least one")));
        QTest::keyClick(&wizard, Qt::Key_D, Qt::AltModifier); // &digitalSignature
        QTest::keyClick(&wizard, Qt::Key_A, Qt::AltModifier); // key&Agreement
        QTest::keyClick(&wizard, Qt::Key_U, Qt::AltModifier); // clientA&uth
        QTest::keyClick(&wizard, Qt::Key_T, Qt::AltModifier); // &timeStamping
        QTRY_VERIFY(child<QCheckBox>(wizard, "digitalSignatureCheckBox")->isChecked());
        QTRY_VERIFY(child<QCheckBox>(wizard, "keyAgreementCheckBox")->isChecked());
        QTRY_VERIFY(child<QCheckBox>(wizard, "clientAuthCheckBox")->isChecked());
        QTRY_VERIFY(child<QCheckBox>(wizard, "timeStampingCheckBox")->isChecked());
        clickNext(wizard);
        // Without serverAuth no host name is needed, and the CN is not offered.
        child<QLineEdit>(wizard, "subjectLineEdit")->setFocus();
        QTest::keyClicks(QApplication::focusWidget(), QStringLiteral("CN=client01"));
        QVERIFY(next(wizard)->isEnabled());
        QVERIFY(!child<QPushButton>(wizard, "useCnPushButton")->isVisible());
        clickNext(wizard);
        clickNext(wizard);
        clickNext(wizard);
        const QString summary = child<QPlainTextEdit>(wizard, "summaryPlainTextEdit")->toPlainText();
        QVERIFY(summary.contains(QStringLiteral("digitalSignature, keyAgreement")));
        QVERIFY(summary.contains(QStringLiteral("clientAuth, timeStamping")));

        const custos::model::CertificateIssueRequest r = wizard.request();
        QCOMPARE(r.profile, QStringLiteral("custom"));
        QCOMPARE(r.keyUsages, QStringList({QStringLiteral("digitalSignature"), QStringLiteral("keyAgreement")}));
        QCOMPARE(r.extendedKeyUsages, QStringList({QStringLiteral("clientAuth"), QStringLiteral("timeStamping")}));
        QVERIFY(r.subjectAltNames.isEmpty());

        // The other profiles derive their usages: the boxes checked before do not leak into them.
        for (int i = 0; i < 4; ++i)
            QTest::mouseClick(wizard.button(QWizard::BackButton), Qt::LeftButton);
        choose(child<QComboBox>(wizard, "profileComboBox"), QStringLiteral("tls-client"));
        QVERIFY(!child<QGroupBox>(wizard, "customUsagesGroupBox")->isVisible());
        QVERIFY(wizard.request().keyUsages.isEmpty());
        QVERIFY(wizard.request().extendedKeyUsages.isEmpty());
    }

    void everyFieldHasAMnemonic()
    {
        IssueCertificateWizard wizard(vault(Protection::Software), issuers());
        auto mnemonic = [](const QString& text) {
            const QString plain = QString(text).replace(QStringLiteral("&&"), QString());
            const qsizetype at = plain.indexOf(QLatin1Char('&'));
            return at >= 0 && at + 1 < plain.size() ? plain.at(at + 1).toLower() : QChar();
        };
        // Wizard buttons take their letters on every page.
        QSet<QChar> wizardLetters;
        for (QWizard::WizardButton which : {QWizard::BackButton, QWizard::NextButton, QWizard::FinishButton})
            wizardLetters.insert(mnemonic(wizard.buttonText(which)));
        wizardLetters.remove(QChar());
        for (int id : wizard.pageIds()) {
            QWizardPage* page = wizard.page(id);
            QSet<QChar> letters = wizardLetters;
            QSet<QWidget*> buddies;
            const auto take = [&](const QString& text) {
                const QChar letter = mnemonic(text);
                QVERIFY2(!letter.isNull(), qPrintable(page->objectName() + QStringLiteral(": no mnemonic in ") + text));
                QVERIFY2(!letters.contains(letter), qPrintable(page->objectName() + QStringLiteral(": ") + text +
                                                               QStringLiteral(" repeats a mnemonic")));
                letters.insert(letter);
            };
            for (QLabel* label : page->findChildren<QLabel*>()) {
                if (label->buddy()) {
                    take(label->text());
                    buddies.insert(label->buddy());
                }
            }
            for (QAbstractButton* button : page->findChildren<QAbstractButton*>())
                take(button->text());
            const QList<QWidget*> fields = page->findChildren<QWidget*>();
            for (QWidget* field : fields) {
                const bool input =
                    qobject_cast<QComboBox*>(field) || qobject_cast<QAbstractSpinBox*>(field) ||
                    qobject_cast<QListWidget*>(field) || qobject_cast<QPlainTextEdit*>(field) ||
                    (qobject_cast<QLineEdit*>(field) && !qobject_cast<QAbstractSpinBox*>(field->parent()));
                if (input)
                    QVERIFY2(buddies.contains(field),
                             qPrintable(field->objectName() + QStringLiteral(" has no buddy label")));
            }
        }
    }

    void requestIsIssuedByTheService()
    {
        m_host = custos::test::makeHostedWorkspace(m_dir.filePath(QStringLiteral("ws")));
        QVERIFY(m_host);
        auto run = [this](auto f) { return custos::test::onServices(*m_host, std::move(f)); };
        custos::model::VaultCreateRequest vaultRequest(QStringLiteral("web"));
        vaultRequest.protection = Protection::Software;
        auto created = run([vaultRequest](custos::model::Services& s) { return s.vaults().create(vaultRequest); });
        QVERIFY2(created, errorText(created).constData());
        custos::model::CaCreateRequest ca;
        ca.vault = QStringLiteral("web");
        ca.name = QStringLiteral("root");
        ca.subject = QStringLiteral("CN=Wizard Test Root");
        ca.protection = Protection::Software;
        auto root = run([ca](custos::model::Services& s) { return s.certificates().createCa(ca); });
        QVERIFY2(root, errorText(root).constData());

        // A CA-issued certificate, every page with its defaults but the names.
        {
            IssueCertificateWizard wizard(vault(Protection::Software), {QStringLiteral("web/root")});
            showWizard(wizard);
            fillProfileAndSubject(wizard, QStringLiteral("e2e01"));
            if (QTest::currentTestFailed())
                return;
            clickNext(wizard);
            clickNext(wizard);
            const custos::model::CertificateIssueRequest request = wizard.request();
            auto issued = run([request](custos::model::Services& s) { return s.certificates().issue(request); });
            QVERIFY2(issued, errorText(issued).constData());
            auto shown = run([](custos::model::Services& s) {
                return s.certificates().show(QStringLiteral("web"), QStringLiteral("e2e01"));
            });
            QVERIFY2(shown, errorText(shown).constData());
            auto info = custos::crypto::x509::inspectCertificate(shown->currentVersion.der);
            QVERIFY2(info, errorText(info).constData());
            QStringList sans;
            for (const auto& san : info->subjectAltNames)
                sans << custos::crypto::x509::subjectAltNameText(san);
            QCOMPARE(sans, QStringList({QStringLiteral("dns:e2e01.example.test"), QStringLiteral("ip:127.0.0.1")}));
            QCOMPARE(info->extendedKeyUsages, QStringList({QStringLiteral("serverAuth")}));
            QCOMPARE(info->subject, QStringLiteral("CN=e2e01.example.test, O=Example Ltd"));
            QCOMPARE(shown->policy.issuer, QStringLiteral("web/root"));
            QCOMPARE(shown->policy.validityMonths, 12);
        }
        // An external CA: the request makes a pending CSR.
        {
            IssueCertificateWizard wizard(vault(Protection::Software), {QStringLiteral("web/root")});
            showWizard(wizard);
            choose(child<QComboBox>(wizard, "issuerComboBox"), QStringLiteral("Unknown"));
            fillProfileAndSubject(wizard, QStringLiteral("e2e02"), QStringLiteral("Unknown"));
            if (QTest::currentTestFailed())
                return;
            clickNext(wizard);
            clickNext(wizard);
            QVERIFY(wizard.isExternalIssuer());
            const custos::model::CertificateIssueRequest request = wizard.request();
            auto pending = run([request](custos::model::Services& s) { return s.certificates().createCsr(request); });
            QVERIFY2(pending, errorText(pending).constData());
            QVERIFY(pending->currentVersion.isPending());
            QVERIFY(!pending->currentVersion.csrDer.isEmpty());
            QCOMPARE(pending->policy.issuer, QStringLiteral("Unknown"));
        }
    }

    void cleanupTestCase() { m_host.reset(); }
};

CUSTOS_REGISTER_TEST(TestIssueCertificateWizard)
#include "TestIssueCertificateWizard.moc"
