#include "HostedWorkspace.h"
#include "TestRegistry.h"

#include "ui/access/AccessWindow.h"
#include "ui/help/KeyboardShortcutsDialog.h"
#include "ui/mainwindow/MainWindow.h"
#include "ui/settings/AppSettings.h"

#include <QAction>
#include <QApplication>
#include <QHash>
#include <QMenu>
#include <QMenuBar>
#include <QRegularExpression>
#include <QSettings>
#include <QTabWidget>
#include <QTemporaryDir>
#include <QTest>
#include <QTreeWidget>

#include <memory>

static void initKeyboardShortcutsResources()
{
    Q_INIT_RESOURCE(custos);
}

using custos::ui::KeyboardShortcutsDialog;
using custos::ui::MainWindow;

namespace {

// The letter after a single '&', lower-case; empty without a mnemonic.
QString mnemonic(const QString& text)
{
    static const QRegularExpression pattern(QStringLiteral("(?<!&)&([^&\\s])"));
    const QRegularExpressionMatch match = pattern.match(QString(text).replace(QStringLiteral("&&"), QString()));
    return match.hasMatch() ? match.captured(1).toLower() : QString();
}

// Where an action's shortcut is in force: its window for window-wide (and application-wide)
// shortcuts, else the widget it belongs to.
const QWidget* ownerWidget(const QAction* action)
{
    for (QObject* o = action->parent(); o; o = o->parent()) {
        if (auto* widget = qobject_cast<QWidget*>(o))
            return widget;
    }
    return nullptr;
}

const QObject* shortcutScope(const QAction* action)
{
    const QWidget* owner = ownerWidget(action);
    if (!owner)
        return action->parent();
    if (action->shortcutContext() == Qt::WindowShortcut || action->shortcutContext() == Qt::ApplicationShortcut)
        return owner->window();
    return owner;
}

QString describe(const QAction* action)
{
    return QStringLiteral("%1 (%2)").arg(action->text(), action->objectName());
}

} // namespace

// Every action reachable by keyboard: menus with mnemonics, no shortcut shared by two actions of
// one window, shortcuts shown in the menus, and Help > Keyboard Shortcuts listing them all.
class TestKeyboardShortcuts : public QObject
{
    Q_OBJECT
private:
    std::unique_ptr<MainWindow> makeWindow()
    {
        auto window = std::make_unique<MainWindow>(*m_host, m_settings.get());
        window->show();
        [&] { QVERIFY(QTest::qWaitForWindowActive(window.get())); }();
        return window;
    }

    QTemporaryDir m_dir;
    std::unique_ptr<custos::model::ServiceHost> m_host;
    std::unique_ptr<custos::ui::AppSettings> m_settings;

private Q_SLOTS:
    void initTestCase()
    {
        initKeyboardShortcutsResources();
        m_settings = std::make_unique<custos::ui::AppSettings>(
            new QSettings(m_dir.filePath(QStringLiteral("custos.ini")), QSettings::IniFormat));
        m_host = custos::test::makeHostedWorkspace(m_dir.filePath(QStringLiteral("ws")));
        QVERIFY(m_host);
    }

    void cleanupTestCase()
    {
        m_host.reset();
        m_settings.reset();
    }

    void noTwoActionsOfAWindowShareAShortcut()
    {
        auto window = makeWindow();
        // The windows it owns hold actions too: open them so theirs exist.
        window->showAccessWindow();
        window->findChild<QAction*>(QStringLiteral("auditWindowAction"))->trigger();
        // A shortcut of a hidden widget is not in force (the Find of the tab not shown): check
        // with each detail tab shown in turn.
        auto* tabs = window->findChild<QTabWidget*>(QStringLiteral("detailTabWidget"));
        QVERIFY(tabs);
        int checked = 0;
        for (int tab = 0; tab < tabs->count(); ++tab) {
            tabs->setCurrentIndex(tab);
            QHash<QPair<const QObject*, QString>, const QAction*> taken;
            for (const QAction* action : window->findChildren<QAction*>()) {
                const QWidget* owner = ownerWidget(action);
                if (owner && !owner->isVisible() && !qobject_cast<const QMenu*>(owner))
                    continue;
                for (const QKeySequence& sequence : action->shortcuts()) {
                    const auto key = qMakePair(shortcutScope(action), sequence.toString(QKeySequence::PortableText));
                    const QAction* other = taken.value(key);
                    if (other && other != action) // (Qt 6.4 builds QVERIFY2's message even on success)
                        QFAIL(qPrintable(QStringLiteral("%1 is taken by both %2 and %3")
                                             .arg(key.second, describe(other), describe(action))));
                    taken.insert(key, action);
                    ++checked;
                }
            }
        }
        QVERIFY(checked >= 20);
    }

    void menusAndTheirActionsHaveMnemonics()
    {
        auto window = makeWindow();
        QSet<QString> titles;
        const QList<QAction*> menus = window->menuBar()->actions();
        QVERIFY(menus.size() >= 7);
        for (const QAction* menuAction : menus) {
            const QMenu* menu = menuAction->menu();
            QVERIFY(menu);
            const QString letter = mnemonic(menu->title());
            QVERIFY2(!letter.isEmpty(), qPrintable(QStringLiteral("menu '%1' has no mnemonic").arg(menu->title())));
            QVERIFY2(!titles.contains(letter),
                     qPrintable(QStringLiteral("menu '%1' shares its mnemonic %2").arg(menu->title(), letter)));
            titles.insert(letter);
            QSet<QString> letters;
            for (const QAction* action : menu->actions()) {
                if (action->isSeparator() || !action->isVisible())
                    continue;
                const QString item = mnemonic(action->text());
                QVERIFY2(
                    !item.isEmpty(),
                    qPrintable(QStringLiteral("'%1' in menu '%2' has no mnemonic").arg(action->text(), menu->title())));
                QVERIFY2(!letters.contains(item), qPrintable(QStringLiteral("'%1' in menu '%2' shares its mnemonic %3")
                                                                 .arg(action->text(), menu->title(), item)));
                letters.insert(item);
                // Shortcuts are shown in menus: nobody hides them.
                QVERIFY(action->isShortcutVisibleInContextMenu() || action->shortcuts().isEmpty() ||
                        !QApplication::testAttribute(Qt::AA_DontShowShortcutsInContextMenus));
            }
        }
        QVERIFY(!QApplication::testAttribute(Qt::AA_DontShowShortcutsInContextMenus));
    }

    void frequentActionsHaveShortcuts()
    {
        auto window = makeWindow();
        for (const char* name :
             {"newVaultAction", "refreshAction", "newKeyAction", "rotateKeyAction", "newCertificateAction",
              "renewCertificateAction", "lockAction", "quitAction", "globalSearchAction", "accessWindowAction",
              "auditWindowAction", "expiryOverviewAction", "keyboardShortcutsAction"}) {
            auto* action = window->findChild<QAction*>(QString::fromLatin1(name));
            QVERIFY2(action, name);
            QVERIFY2(!action->shortcut().isEmpty(), name);
        }
    }

    void theDialogListsEveryShortcut()
    {
        auto window = makeWindow();
        auto* help = window->findChild<QAction*>(QStringLiteral("keyboardShortcutsAction"));
        QVERIFY(help);
        QCOMPARE(help->shortcut(), QKeySequence(Qt::CTRL | Qt::Key_Slash));
        help->trigger();
        auto* dialog = window->findChild<KeyboardShortcutsDialog*>(QStringLiteral("keyboardShortcutsDialog"));
        QVERIFY(dialog);
        QTRY_VERIFY(dialog->isVisible());

        auto listed = [dialog](const QString& action, const QKeySequence& shortcut) {
            const QString text = shortcut.toString(QKeySequence::NativeText);
            for (const KeyboardShortcutsDialog::Entry& entry : dialog->entries()) {
                if (entry.action == action && entry.shortcut.split(QStringLiteral(", ")).contains(text))
                    return true;
            }
            return false;
        };
        QVERIFY(listed(QStringLiteral("Lock"), QKeySequence(Qt::CTRL | Qt::Key_L)));
        QVERIFY(listed(QStringLiteral("Find Anything…"), QKeySequence(Qt::CTRL | Qt::Key_K)));
        QVERIFY(listed(QStringLiteral("Keyboard Shortcuts"), QKeySequence(Qt::CTRL | Qt::Key_Slash)));
        // Generated: every action of the window with text and a shortcut is there.
        for (const QAction* action : window->findChildren<QAction*>()) {
            if (action->shortcuts().isEmpty() || action->text().isEmpty())
                continue;
            QVERIFY2(listed(KeyboardShortcutsDialog::plainText(action->text()), action->shortcut()),
                     qPrintable(describe(action)));
        }
        // And shown: the tree holds the rows, grouped by menu.
        QTreeWidget* tree = dialog->treeWidget();
        const auto rows = tree->findItems(QStringLiteral("Lock"), Qt::MatchExactly | Qt::MatchRecursive, 0);
        QCOMPARE(rows.size(), 1);
        QCOMPARE(rows.first()->text(1), QKeySequence(Qt::CTRL | Qt::Key_L).toString(QKeySequence::NativeText));
        QCOMPARE(rows.first()->parent()->text(0), QStringLiteral("File"));
        QCOMPARE(KeyboardShortcutsDialog::plainText(QStringLiteral("Operators && &groups")),
                 QStringLiteral("Operators & groups"));
    }
};

CUSTOS_REGISTER_TEST(TestKeyboardShortcuts)
#include "TestKeyboardShortcuts.moc"
