#include "HostedWorkspace.h"
#include "TestRegistry.h"

#include "ui/mainwindow/MainWindow.h"
#include "ui/settings/AppSettings.h"
#include "ui/settings/SettingsDialog.h"

#include <QAction>
#include <QCheckBox>
#include <QComboBox>
#include <QFile>
#include <QPushButton>
#include <QSettings>
#include <QSignalSpy>
#include <QSpinBox>
#include <QTemporaryDir>
#include <QTest>

using custos::ui::AppSettings;
using custos::ui::SettingsDialog;
using namespace std::chrono_literals;

class TestSettingsDialog : public QObject
{
    Q_OBJECT

private:
    static void setSpin(QSpinBox* spin, int value)
    {
        spin->selectAll();
        QTest::keyClicks(spin, QString::number(value));
        QCOMPARE(spin->value(), value);
    }

private Q_SLOTS:
    void showsTheStoredValuesWithTheirLimits()
    {
        QTemporaryDir tmp;
        QSettings store(tmp.filePath(QStringLiteral("custos.ini")), QSettings::IniFormat);
        AppSettings settings(&store);
        settings.setIdleLockTimeout(12min);
        settings.setLockOnScreenLock(false);
        settings.setClipboardClearDelay(45s);
        settings.setTheme(AppSettings::Theme::Dark);
        settings.setLanguage(QStringLiteral("de"));

        SettingsDialog dialog(settings);
        QCOMPARE(dialog.idleLockSpinBox()->value(), 12);
        QCOMPARE(dialog.idleLockSpinBox()->minimum(), 1);
        QCOMPARE(dialog.idleLockSpinBox()->maximum(), 240);
        QVERIFY(!dialog.lockOnScreenLockCheckBox()->isChecked());
        QCOMPARE(dialog.clipboardClearSpinBox()->value(), 45);
        QCOMPARE(dialog.themeComboBox()->currentData().toInt(), int(AppSettings::Theme::Dark));
        QCOMPARE(dialog.languageComboBox()->currentData().toString(), QStringLiteral("de"));
        // System, English, Deutsch; the names in their own language.
        QCOMPARE(dialog.languageComboBox()->count(), 3);
        QCOMPARE(dialog.languageComboBox()->itemData(0).toString(), QString());
        QVERIFY(dialog.languageComboBox()->findText(QStringLiteral("Deutsch")) >= 0);
        QVERIFY(dialog.languageComboBox()->findText(QStringLiteral("English")) >= 0);
        QCOMPARE(dialog.themeComboBox()->count(), 3);
    }

    void okStoresWhatChanged()
    {
        QTemporaryDir tmp;
        QSettings store(tmp.filePath(QStringLiteral("custos.ini")), QSettings::IniFormat);
        AppSettings settings(&store);
        SettingsDialog dialog(settings);
        dialog.show();
        QVERIFY(QTest::qWaitForWindowExposed(&dialog));
        QSignalSpy changed(&settings, &AppSettings::changed);

        setSpin(dialog.idleLockSpinBox(), 30);
        QTest::mouseClick(dialog.lockOnScreenLockCheckBox(), Qt::LeftButton);
        setSpin(dialog.clipboardClearSpinBox(), 90);
        dialog.themeComboBox()->setCurrentIndex(dialog.themeComboBox()->findData(int(AppSettings::Theme::Light)));
        dialog.languageComboBox()->setCurrentIndex(dialog.languageComboBox()->findData(QStringLiteral("de")));
        QVERIFY(changed.isEmpty()); // nothing before OK
        QTest::mouseClick(dialog.findChild<QPushButton*>(QStringLiteral("okPushButton")), Qt::LeftButton);

        QCOMPARE(dialog.result(), int(QDialog::Accepted));
        QCOMPARE(settings.idleLockTimeout(), 30min);
        QVERIFY(!settings.lockOnScreenLock());
        QCOMPARE(settings.clipboardClearDelay(), 90s);
        QCOMPARE(settings.theme(), AppSettings::Theme::Light);
        QCOMPARE(settings.language(), QStringLiteral("de"));
        QCOMPARE(changed.count(), 5);
        store.sync();
        QSettings reread(tmp.filePath(QStringLiteral("custos.ini")), QSettings::IniFormat);
        QCOMPARE(reread.value(QStringLiteral("security/idleLockMinutes")).toInt(), 30);
        QCOMPARE(reread.value(QStringLiteral("appearance/theme")).toString(), QStringLiteral("light"));
    }

    void okWithoutChangesWritesNothing()
    {
        QTemporaryDir tmp;
        QSettings store(tmp.filePath(QStringLiteral("custos.ini")), QSettings::IniFormat);
        AppSettings settings(&store);
        SettingsDialog dialog(settings);
        QSignalSpy changed(&settings, &AppSettings::changed);
        dialog.accept();
        QVERIFY(changed.isEmpty());
        QVERIFY(store.allKeys().isEmpty());
    }

    void cancelChangesNothing()
    {
        QTemporaryDir tmp;
        QSettings store(tmp.filePath(QStringLiteral("custos.ini")), QSettings::IniFormat);
        AppSettings settings(&store);
        SettingsDialog dialog(settings);
        dialog.show();
        QSignalSpy changed(&settings, &AppSettings::changed);
        setSpin(dialog.idleLockSpinBox(), 99);
        dialog.themeComboBox()->setCurrentIndex(dialog.themeComboBox()->findData(int(AppSettings::Theme::Dark)));
        dialog.languageComboBox()->setCurrentIndex(dialog.languageComboBox()->findData(QStringLiteral("de")));
        QTest::mouseClick(dialog.findChild<QPushButton*>(QStringLiteral("cancelPushButton")), Qt::LeftButton);

        QCOMPARE(dialog.result(), int(QDialog::Rejected));
        QVERIFY(changed.isEmpty());
        QVERIFY(store.allKeys().isEmpty());
        QCOMPARE(settings.idleLockTimeout(), std::chrono::minutes(AppSettings::kDefaultIdleLockMinutes));
        QCOMPARE(settings.theme(), AppSettings::Theme::System);
        QCOMPARE(settings.language(), QString());
    }

    void theMainWindowOpensItWithCtrlComma()
    {
        QTemporaryDir tmp;
        auto host = custos::test::makeHostedWorkspace(tmp.filePath(QStringLiteral("ws")));
        QVERIFY(host);
        QSettings store(tmp.filePath(QStringLiteral("custos.ini")), QSettings::IniFormat);
        AppSettings settings(&store);
        custos::ui::MainWindow window(*host, &settings);
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        QAction* action = window.settingsAction();
        QVERIFY(action);
        QVERIFY(action->shortcuts().contains(QKeySequence(Qt::CTRL | Qt::Key_Comma)));
        QCOMPARE(action->menuRole(), QAction::PreferencesRole);
        QTest::keyClick(&window, Qt::Key_Comma, Qt::ControlModifier);
        SettingsDialog* dialog = nullptr;
        QVERIFY(QTest::qWaitFor([&] {
            dialog = window.findChild<SettingsDialog*>(QStringLiteral("settingsDialog"));
            return dialog && dialog->isVisible();
        }));
        setSpin(dialog->idleLockSpinBox(), 7);
        dialog->accept();
        QCOMPARE(settings.idleLockTimeout(), 7min);
    }
};

CUSTOS_REGISTER_TEST(TestSettingsDialog)
#include "TestSettingsDialog.moc"
