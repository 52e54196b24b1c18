#pragma once

#include <QDialog>
#include <QList>
#include <QString>

class QAction;
class QTreeWidget;

namespace custos::ui {

// Help > Keyboard Shortcuts: every action with a shortcut in the given windows (the main window,
// its menus, and the windows it owns such as Roles and Access or the audit trail), generated from
// the actions themselves, grouped by menu or window, with the shortcut in the platform's notation.
class KeyboardShortcutsDialog : public QDialog
{
    Q_OBJECT
public:
    struct Entry
    {
        QString group;    // the menu's title or the window's, without mnemonics ("Keys", "Roles and Access")
        QString action;   // the action's text without mnemonics ("Lock")
        QString shortcut; // native text, several joined by ", " ("Ctrl+L")
    };

    explicit KeyboardShortcutsDialog(QWidget* window, QWidget* parent = nullptr);

    // Menu bar order first (menus and their submenus), then the other actions by window.
    static QList<Entry> collect(QWidget* window);
    // "&Lock" -> "Lock", "Roles && Access" -> "Roles & Access".
    static QString plainText(const QString& text);

    const QList<Entry>& entries() const { return m_entries; }
    QTreeWidget* treeWidget() const { return m_tree; }

private:
    QList<Entry> m_entries;
    QTreeWidget* m_tree = nullptr;
};

} // namespace custos::ui
