#include "TestRegistry.h"

#include "ui/keys/KeyCreateDialog.h"

#include <QApplication>
#include <QCheckBox>
#include <QComboBox>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QSignalSpy>
#include <QTest>

using custos::ui::KeyCreateDialog;

class TestKeyCreateDialog : public QObject
{
    Q_OBJECT

private:
    static custos::model::Vault vault(custos::model::Protection protection)
    {
        custos::model::Vault v;
        v.name = QStringLiteral("payments");
        v.protection = protection;
        return v;
    }

    template <typename T>
    static T* child(QDialog& dialog, const char* name)
    {
        return dialog.findChild<T*>(QLatin1String(name));
    }

    static void tab(QWidget* w, int times = 1, Qt::KeyboardModifiers modifiers = Qt::NoModifier)
    {
        for (int i = 0; i < times; ++i)
            QTest::keyClick(QApplication::focusWidget() ? QApplication::focusWidget() : w, Qt::Key_Tab, modifiers);
    }

private Q_SLOTS:
    void drivenByTheKeyboardOnly()
    {
        KeyCreateDialog dialog(vault(custos::model::Protection::Software));
        dialog.show();
        QVERIFY(QTest::qWaitForWindowActive(&dialog));
        QSignalSpy accepted(&dialog, &QDialog::accepted);
        auto* ok = child<QPushButton>(dialog, "okPushButton");
        QVERIFY(!ok->isEnabled());

        // Name has the focus first.
        QCOMPARE(QApplication::focusWidget(), child<QLineEdit>(dialog, "nameLineEdit"));
        QTest::keyClicks(QApplication::focusWidget(), QStringLiteral("signing-1"));
        QVERIFY(ok->isEnabled());
        // Tab to the type, choose EC; Tab to the curve, choose P-384.
        tab(&dialog);
        QCOMPARE(QApplication::focusWidget(), child<QComboBox>(dialog, "typeComboBox"));
        QTest::keyClick(QApplication::focusWidget(), Qt::Key_Down);
        QCOMPARE(child<QComboBox>(dialog, "typeComboBox")->currentText(), QStringLiteral("EC"));
        tab(&dialog);
        QCOMPARE(QApplication::focusWidget(), child<QComboBox>(dialog, "sizeComboBox"));
        QTest::keyClick(QApplication::focusWidget(), Qt::Key_Down);
        QCOMPARE(child<QComboBox>(dialog, "sizeComboBox")->currentText(), QStringLiteral("P-384"));
        // EC keys only sign and verify: encryption is off and cannot be chosen.
        QVERIFY(!child<QCheckBox>(dialog, "encryptCheckBox")->isEnabled());
        QVERIFY(child<QCheckBox>(dialog, "signCheckBox")->isChecked());
        // Tab lands on "sign" (the disabled boxes are skipped): turn verify off with Space.
        tab(&dialog);
        QCOMPARE(QApplication::focusWidget(), child<QCheckBox>(dialog, "signCheckBox"));
        tab(&dialog);
        QCOMPARE(QApplication::focusWidget(), child<QCheckBox>(dialog, "verifyCheckBox"));
        QTest::keyClick(QApplication::focusWidget(), Qt::Key_Space);
        QVERIFY(!child<QCheckBox>(dialog, "verifyCheckBox")->isChecked());
        // Protection starts at the vault's (software); only software keys can be exportable.
        tab(&dialog);
        QCOMPARE(QApplication::focusWidget(), child<QComboBox>(dialog, "protectionComboBox"));
        QCOMPARE(child<QComboBox>(dialog, "protectionComboBox")->currentText(), QStringLiteral("Software"));
        QTest::keyClick(QApplication::focusWidget(), Qt::Key_Up);
        QVERIFY(!child<QCheckBox>(dialog, "exportableCheckBox")->isEnabled());
        QTest::keyClick(QApplication::focusWidget(), Qt::Key_Down);
        QVERIFY(child<QCheckBox>(dialog, "exportableCheckBox")->isEnabled());
        tab(&dialog);
        QCOMPARE(QApplication::focusWidget(), child<QCheckBox>(dialog, "exportableCheckBox"));
        QTest::keyClick(QApplication::focusWidget(), Qt::Key_Space);
        // Mnemonic to the tags field, then Enter accepts.
        QTest::keyClick(&dialog, Qt::Key_A, Qt::AltModifier);
        QCOMPARE(QApplication::focusWidget(), child<QLineEdit>(dialog, "tagsLineEdit"));
        QTest::keyClicks(QApplication::focusWidget(), QStringLiteral("owner=pki"));
        QTest::keyClick(QApplication::focusWidget(), Qt::Key_Return);
        QCOMPARE(accepted.count(), 1);

        const custos::model::KeyCreateRequest r = dialog.request();
        QCOMPARE(r.vault, QStringLiteral("payments"));
        QCOMPARE(r.name, QStringLiteral("signing-1"));
        QCOMPARE(r.kty, custos::crypto::KeyKind::Ec);
        QCOMPARE(r.curve, QStringLiteral("P-384"));
        QCOMPARE(r.size, 0);
        QCOMPARE(r.keyOps, QStringList({QStringLiteral("sign"), QStringLiteral("export")}));
        QCOMPARE(r.protection, std::optional(custos::model::Protection::Software));
        QVERIFY(r.exportable);
        QVERIFY(!r.expires.isValid());
        QCOMPARE(r.tags.value(QStringLiteral("owner")), QStringLiteral("pki"));
    }

    void escapeRejects()
    {
        KeyCreateDialog dialog(vault(custos::model::Protection::Hsm));
        dialog.show();
        QVERIFY(QTest::qWaitForWindowActive(&dialog));
        QSignalSpy rejected(&dialog, &QDialog::rejected);
        QTest::keyClicks(QApplication::focusWidget(), QStringLiteral("k1"));
        QTest::keyClick(QApplication::focusWidget(), Qt::Key_Escape);
        QCOMPARE(rejected.count(), 1);
    }

    void hsmVaultOffersOnlyHsmKeys()
    {
        KeyCreateDialog dialog(vault(custos::model::Protection::Hsm));
        auto* protection = child<QComboBox>(dialog, "protectionComboBox");
        QCOMPARE(protection->count(), 1);
        QCOMPARE(protection->currentText(), QStringLiteral("HSM"));
        QVERIFY(!child<QCheckBox>(dialog, "exportableCheckBox")->isEnabled());
        // RSA by default, with every operation an RSA key can do.
        auto* size = child<QComboBox>(dialog, "sizeComboBox");
        QCOMPARE(size->count(), 3);
        QCOMPARE(size->currentData().toInt(), 2048);
        child<QLineEdit>(dialog, "nameLineEdit")->setText(QStringLiteral("rsa-1"));
        QCOMPARE(dialog.request().keyOps.size(), 6);
        QVERIFY(!dialog.request().exportable);
        // AES: sizes 256/192/128, no signing.
        child<QComboBox>(dialog, "typeComboBox")->setCurrentIndex(2);
        QCOMPARE(size->currentData().toInt(), 256);
        QVERIFY(!child<QCheckBox>(dialog, "signCheckBox")->isEnabled());
        QCOMPARE(dialog.request().kty, custos::crypto::KeyKind::Aes);
        QVERIFY(!dialog.request().keyOps.contains(QStringLiteral("sign")));
    }

    void invalidInputDisablesCreate()
    {
        KeyCreateDialog dialog(vault(custos::model::Protection::Hsm));
        auto* ok = child<QPushButton>(dialog, "okPushButton");
        auto* name = child<QLineEdit>(dialog, "nameLineEdit");
        auto* hint = child<QLabel>(dialog, "hintLabel");
        name->setText(QStringLiteral("bad_name"));
        QVERIFY(!ok->isEnabled());
        QVERIFY(hint->text().contains(QStringLiteral("letters, digits and dashes")));
        name->setText(QStringLiteral("good-name"));
        QVERIFY(ok->isEnabled());
        child<QLineEdit>(dialog, "tagsLineEdit")->setText(QStringLiteral("novalue"));
        QVERIFY(!ok->isEnabled());
        child<QLineEdit>(dialog, "tagsLineEdit")->clear();
        for (const char* op : {"signCheckBox", "verifyCheckBox", "encryptCheckBox", "decryptCheckBox",
                               "wrapKeyCheckBox", "unwrapKeyCheckBox"})
            child<QCheckBox>(dialog, op)->setChecked(false);
        QVERIFY(!ok->isEnabled());
        QVERIFY(hint->text().contains(QStringLiteral("at least one operation")));
    }
};

CUSTOS_REGISTER_TEST(TestKeyCreateDialog)
#include "TestKeyCreateDialog.moc"
