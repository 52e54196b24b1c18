#include "KeyboardShortcutsDialog.h"

#include <QAction>
#include <QDialogButtonBox>
#include <QHash>
#include <QHeaderView>
#include <QLabel>
#include <QMainWindow>
#include <QMenu>
#include <QMenuBar>
#include <QPushButton>
#include <QSet>
#include <QTreeWidget>
#include <QVBoxLayout>

namespace custos::ui {

namespace {

QString shortcutText(const QAction* action)
{
    QStringList texts;
    for (const QKeySequence& sequence : action->shortcuts())
        texts << sequence.toString(QKeySequence::NativeText);
    return texts.join(QStringLiteral(", "));
}

QString actionText(const QAction* action)
{
    QString text = KeyboardShortcutsDialog::plainText(action->text());
    if (text.isEmpty())
        text = action->toolTip();
    return text;
}

// The window an action works in: that of the first widget among its owners.
QWidget* owningWindow(const QAction* action)
{
    for (QObject* owner = action->parent(); owner; owner = owner->parent()) {
        if (auto* widget = qobject_cast<QWidget*>(owner))
            return widget->window();
    }
    return nullptr;
}

// An entry per action with text and a shortcut; the same text and shortcut in several places
// (Find in the key and certificate lists) is listed once with its groups joined.
class Collector
{
public:
    void add(const QString& group, const QAction* action)
    {
        if (m_seen.contains(action) || action->isSeparator() || action->shortcuts().isEmpty())
            return;
        const QString text = actionText(action);
        if (text.isEmpty())
            return;
        m_seen.insert(action);
        const QString shortcut = shortcutText(action);
        for (KeyboardShortcutsDialog::Entry& entry : entries) {
            if (entry.action == text && entry.shortcut == shortcut) {
                if (!entry.group.split(QStringLiteral(", ")).contains(group))
                    entry.group += QStringLiteral(", ") + group;
                return;
            }
        }
        entries << KeyboardShortcutsDialog::Entry{group, text, shortcut};
    }
    void addMenu(const QMenu* menu, const QString& group)
    {
        for (const QAction* action : menu->actions()) {
            if (const QMenu* sub = action->menu())
                addMenu(sub, group + QStringLiteral(" › ") + KeyboardShortcutsDialog::plainText(sub->title()));
            else
                add(group, action);
        }
    }

    QList<KeyboardShortcutsDialog::Entry> entries;

private:
    QSet<const QAction*> m_seen;
};

} // namespace

QString KeyboardShortcutsDialog::plainText(const QString& text)
{
    QString plain;
    plain.reserve(text.size());
    for (qsizetype i = 0; i < text.size(); ++i) {
        if (text.at(i) != QLatin1Char('&'))
            plain += text.at(i);
        else if (i + 1 < text.size() && text.at(i + 1) == QLatin1Char('&'))
            plain += text.at(++i); // a doubled ampersand is a literal one
    }
    return plain;
}

QList<KeyboardShortcutsDialog::Entry> KeyboardShortcutsDialog::collect(QWidget* window)
{
    Collector collector;
    if (auto* main = qobject_cast<QMainWindow*>(window)) {
        for (const QAction* action : main->menuBar()->actions()) {
            if (const QMenu* menu = action->menu())
                collector.addMenu(menu, plainText(menu->title()));
        }
    }
    QList<QAction*> actions = window->actions();
    actions << window->findChildren<QAction*>();
    for (const QAction* action : std::as_const(actions)) {
        const QWidget* owner = owningWindow(action);
        QString group = owner ? plainText(owner->windowTitle()) : QString();
        if (!owner || owner == window || group.isEmpty())
            group = tr("Main window");
        collector.add(group, action);
    }
    return collector.entries;
}

KeyboardShortcutsDialog::KeyboardShortcutsDialog(QWidget* window, QWidget* parent) : QDialog(parent)
{
    setObjectName(QStringLiteral("keyboardShortcutsDialog"));
    setWindowTitle(tr("Keyboard Shortcuts"));
    setWindowFlag(Qt::WindowContextHelpButtonHint, false);

    auto* intro = new QLabel(tr("Menus open with Alt and the underlined letter; in a menu, the underlined letter "
                                "chooses an item. Tab moves between the vault tree, the tabs and the lists."),
                             this);
    intro->setWordWrap(true);

    m_entries = collect(window);
    m_tree = new QTreeWidget(this);
    m_tree->setObjectName(QStringLiteral("shortcutTree"));
    m_tree->setColumnCount(2);
    m_tree->setHeaderLabels({tr("Action"), tr("Shortcut")});
    m_tree->setRootIsDecorated(true);
    m_tree->setUniformRowHeights(true);
    m_tree->setAccessibleName(tr("Keyboard shortcuts"));
    m_tree->setAccessibleDescription(tr("Every action with a shortcut, grouped by menu or window"));
    QHash<QString, QTreeWidgetItem*> groups;
    for (const Entry& entry : std::as_const(m_entries)) {
        QTreeWidgetItem*& groupItem = groups[entry.group];
        if (!groupItem) {
            groupItem = new QTreeWidgetItem(m_tree, {entry.group});
            QFont bold = groupItem->font(0);
            bold.setBold(true);
            groupItem->setFont(0, bold);
            groupItem->setFirstColumnSpanned(true);
        }
        new QTreeWidgetItem(groupItem, {entry.action, entry.shortcut});
    }
    m_tree->expandAll();
    m_tree->header()->setSectionResizeMode(0, QHeaderView::Stretch);
    m_tree->header()->setSectionResizeMode(1, QHeaderView::ResizeToContents);
    m_tree->header()->setStretchLastSection(false);

    auto* buttons = new QDialogButtonBox(QDialogButtonBox::Close, this);
    buttons->button(QDialogButtonBox::Close)->setObjectName(QStringLiteral("closePushButton"));
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);

    auto* layout = new QVBoxLayout(this);
    layout->addWidget(intro);
    layout->addWidget(m_tree, 1);
    layout->addWidget(buttons);
    resize(520, 560);
    m_tree->setFocus();
}

} // namespace custos::ui
