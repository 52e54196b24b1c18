#include "KeysView.h"

#include "KeyActions.h"
#include "KeyDetailPane.h"
#include "KeyOperations.h"
#include "TryOperationPanel.h"
#include "model/itemmodels/KeyListModel.h"
#include "ui/widgets/InlineMessage.h"

#include <QAction>
#include <QCheckBox>
#include <QFontMetrics>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QItemSelectionModel>
#include <QLabel>
#include <QLineEdit>
#include <QMenu>
#include <QSortFilterProxyModel>
#include <QSplitter>
#include <QTableView>
#include <QVBoxLayout>

namespace custos::ui {

namespace {
constexpr int kRowHeight = 24;
}

KeysView::KeysView(model::ServiceHost& host, KeyActions& actions, KeyOperations& operations, QWidget* parent)
    : QWidget(parent), m_actions(actions), m_operations(operations)
{
    setObjectName(QStringLiteral("keysView"));
    m_model = new model::KeyListModel(host, this);

    m_titleLabel = new QLabel(this);
    m_titleLabel->setObjectName(QStringLiteral("keysTitleLabel"));
    m_titleLabel->setTextFormat(Qt::PlainText);
    m_showDeletedCheck = new QCheckBox(tr("Show de&leted keys"), this);
    m_showDeletedCheck->setObjectName(QStringLiteral("showDeletedKeysCheckBox"));
    m_filterEdit = new QLineEdit(this);
    m_filterEdit->setObjectName(QStringLiteral("keyFilterLineEdit"));
    m_filterEdit->setAccessibleName(tr("Filter keys"));
    m_filterEdit->setPlaceholderText(tr("Filter by name (Ctrl+F)"));
    m_filterEdit->setClearButtonEnabled(true);
    m_filterEdit->setMinimumWidth(m_filterEdit->fontMetrics().horizontalAdvance(m_filterEdit->placeholderText()) +
                                  6 * m_filterEdit->fontMetrics().averageCharWidth());
    auto* focusFilter = new QAction(this);
    focusFilter->setObjectName(QStringLiteral("findKeyAction"));
    focusFilter->setShortcut(QKeySequence::Find);
    connect(focusFilter, &QAction::triggered, this, [this] {
        Q_EMIT activationRequested();
        m_filterEdit->setFocus(Qt::ShortcutFocusReason);
        m_filterEdit->selectAll();
    });
    addAction(focusFilter);
    m_proxy = new QSortFilterProxyModel(this);
    m_proxy->setSourceModel(m_model);
    m_proxy->setFilterKeyColumn(model::KeyListModel::NameColumn);
    m_proxy->setFilterCaseSensitivity(Qt::CaseInsensitive);
    m_messageLabel = new InlineMessage(this);
    m_messageLabel->setObjectName(QStringLiteral("keyListMessageLabel"));

    // Sized for 10,000 rows: fixed row heights, no word wrap, no resize-to-contents.
    m_view = new QTableView(this);
    m_view->setObjectName(QStringLiteral("keyTableView"));
    m_view->setAccessibleName(tr("Keys"));
    m_view->setAccessibleDescription(
        tr("The keys of the selected vault; the context menu and the tool bar act on the selection"));
    m_view->setModel(m_proxy);
    m_view->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_view->setSelectionMode(QAbstractItemView::SingleSelection);
    m_view->setWordWrap(false);
    m_view->setContextMenuPolicy(Qt::CustomContextMenu);
    m_view->setTabKeyNavigation(false); // Tab leaves the table for the details
    m_view->verticalHeader()->hide();
    m_view->verticalHeader()->setSectionResizeMode(QHeaderView::Fixed);
    m_view->verticalHeader()->setDefaultSectionSize(kRowHeight);
    m_view->horizontalHeader()->setSectionResizeMode(model::KeyListModel::NameColumn, QHeaderView::Stretch);
    m_view->horizontalHeader()->setMinimumSectionSize(48);
    // Fixed widths from the widest expected text (no resize-to-contents over 10,000 rows).
    const QFontMetrics metrics(m_view->font());
    const int pad = 3 * metrics.averageCharWidth();
    m_view->setColumnWidth(model::KeyListModel::TypeColumn, metrics.horizontalAdvance(QStringLiteral("RSA")) + 2 * pad);
    m_view->setColumnWidth(model::KeyListModel::SizeColumn, metrics.horizontalAdvance(tr("Size/Curve")) + pad);
    m_view->setColumnWidth(model::KeyListModel::VersionColumn, metrics.horizontalAdvance(tr("Version")) + pad);
    m_view->setColumnWidth(model::KeyListModel::EnabledColumn, metrics.horizontalAdvance(tr("Enabled")) + pad);
    m_view->setColumnWidth(model::KeyListModel::ExpiresColumn,
                           metrics.horizontalAdvance(QStringLiteral("2026-12-31 23:59 UTC")) + pad);
    m_view->setColumnWidth(model::KeyListModel::ProtectionColumn, metrics.horizontalAdvance(tr("Protection")) + pad);

    m_detailPane = new KeyDetailPane(host, operations, this);

    auto* listPage = new QWidget(this);
    auto* header = new QHBoxLayout;
    header->addWidget(m_titleLabel, 1);
    header->addWidget(m_filterEdit);
    header->addWidget(m_showDeletedCheck);
    auto* listLayout = new QVBoxLayout(listPage);
    listLayout->setContentsMargins(0, 0, 0, 0);
    listLayout->addLayout(header);
    listLayout->addWidget(m_messageLabel);
    listLayout->addWidget(m_view, 1);

    m_splitter = new QSplitter(Qt::Vertical, this);
    m_splitter->setObjectName(QStringLiteral("keysSplitter"));
    m_splitter->addWidget(listPage);
    m_splitter->addWidget(m_detailPane);
    m_splitter->setStretchFactor(0, 1);
    m_splitter->setStretchFactor(1, 1);
    m_splitter->setChildrenCollapsible(false);
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_splitter);
    // Tab order as the view reads: filter, deleted-keys toggle, the list, then the details.
    setTabOrder(m_filterEdit, m_showDeletedCheck);
    setTabOrder(m_showDeletedCheck, m_view);
    setTabOrder(m_view, m_detailPane);

    connect(m_view->selectionModel(), &QItemSelectionModel::selectionChanged, this, &KeysView::onSelectionChanged);
    connect(m_view, &QTableView::customContextMenuRequested, this, &KeysView::showContextMenu);
    connect(m_view, &QTableView::activated, this, [this] { m_detailPane->setFocus(); });
    // The proxy's resets: its mapping is valid in both handlers.
    connect(m_proxy, &QAbstractItemModel::modelAboutToBeReset, this, &KeysView::onModelAboutToBeReset);
    connect(m_proxy, &QAbstractItemModel::modelReset, this, &KeysView::onModelReset);
    connect(m_filterEdit, &QLineEdit::textChanged, this, [this](const QString& text) {
        m_proxy->setFilterFixedString(text.trimmed());
        updateTitle();
    });
    connect(&m_operations, &KeyOperations::keyTouched, this, &KeysView::onKeyTouched);
    connectActions();
    setVault(std::nullopt);
}

void KeysView::connectActions()
{
    // The check box and the menu's checkable action are one setting.
    connect(m_showDeletedCheck, &QCheckBox::toggled, m_actions.showDeleted(), &QAction::setChecked);
    connect(m_actions.showDeleted(), &QAction::changed, this, [this] {
        m_showDeletedCheck->setEnabled(m_actions.showDeleted()->isEnabled());
        m_showDeletedCheck->setToolTip(m_actions.showDeleted()->toolTip());
    });
    m_showDeletedCheck->setEnabled(m_actions.showDeleted()->isEnabled());
    connect(m_actions.showDeleted(), &QAction::toggled, this, [this](bool deleted) {
        Q_EMIT activationRequested();
        m_showDeletedCheck->setChecked(deleted);
        m_model->setShowDeleted(deleted);
        updateTitle();
        m_actions.updateEnabled();
    });
    connect(m_actions.newKey(), &QAction::triggered, this, [this] {
        if (m_vault)
            m_operations.startCreate(*m_vault);
    });
    addAction(m_actions.importKey()); // its shortcut works wherever the window has focus
    connect(m_actions.importKey(), &QAction::triggered, this, [this] {
        if (m_vault)
            m_operations.startImport(*m_vault);
    });
    connect(m_actions.rotateKey(), &QAction::triggered, this, [this] {
        if (const auto key = selectedKey())
            m_operations.rotate(key->vault, key->name);
    });
    connect(m_actions.enableKey(), &QAction::triggered, this, [this] {
        if (const auto key = selectedKey())
            m_operations.setEnabled(key->vault, key->name, true);
    });
    connect(m_actions.disableKey(), &QAction::triggered, this, [this] {
        if (const auto key = selectedKey())
            m_operations.setEnabled(key->vault, key->name, false);
    });
    connect(m_actions.deleteKey(), &QAction::triggered, this, [this] {
        if (const auto key = selectedKey(); key && m_vault)
            m_operations.startDelete(*key, m_vault->retentionDays);
    });
    connect(m_actions.recoverKey(), &QAction::triggered, this, [this] {
        if (const auto key = selectedKey())
            m_operations.recover(key->vault, key->name);
    });
    connect(m_actions.purgeKey(), &QAction::triggered, this, [this] {
        if (const auto key = selectedKey())
            m_operations.startPurge(*key);
    });
    connect(m_actions.tryOperation(), &QAction::triggered, this, [this] {
        Q_EMIT activationRequested();
        m_detailPane->showTab(KeyDetailPane::TryTab);
        m_detailPane->tryPanel()->focusFirstField();
    });
}

void KeysView::showEvent(QShowEvent* event)
{
    QWidget::showEvent(event);
    // Half list, half details at first; the splitter alone would give the tabbed details most.
    if (!m_splitterSized) {
        m_splitterSized = true;
        const int half = m_splitter->height() / 2;
        m_splitter->setSizes({half, m_splitter->height() - half});
    }
}

void KeysView::setVault(const std::optional<model::Vault>& vault)
{
    if (!vault || !m_vault || vault->name != m_vault->name)
        m_pendingSelection.clear();
    m_vault = vault;
    // A deleted vault's keys are not listed: recover the vault first.
    const bool active = vault && !vault->isDeleted();
    m_actions.setVault(vault);
    m_model->setVault(active ? vault->name : QString(), m_actions.showDeleted()->isChecked());
    updateTitle();
    onSelectionChanged();
}

void KeysView::updateTitle()
{
    if (!m_vault)
        m_titleLabel->setText(tr("Select a vault to see its keys."));
    else if (m_vault->isDeleted())
        m_titleLabel->setText(tr("Vault '%1' is deleted: recover it to see its keys.").arg(m_vault->name));
    else if (m_model->showsDeleted())
        m_titleLabel->setText(tr("Deleted keys in vault '%1' (%n)", nullptr, m_model->rowCount()).arg(m_vault->name));
    else
        m_titleLabel->setText(tr("Keys in vault '%1' (%n)", nullptr, m_model->rowCount()).arg(m_vault->name));
    if (m_vault && !m_filterEdit->text().trimmed().isEmpty())
        m_titleLabel->setText(m_titleLabel->text() + QLatin1Char(' ') + tr("%n shown", nullptr, m_proxy->rowCount()));
    m_filterEdit->setEnabled(m_vault && !m_vault->isDeleted());
    if (!m_model->loadError().isEmpty())
        m_messageLabel->showError(m_model->loadError());
    else
        m_messageLabel->clearMessage();
}

bool KeysView::selectKey(const QString& name)
{
    const QModelIndex source = m_model->indexOf(name);
    if (!source.isValid())
        return false;
    // A key the filter hides (one just created, say) is shown by clearing the filter.
    if (!m_proxy->mapFromSource(source).isValid())
        m_filterEdit->clear();
    const QModelIndex index = m_proxy->mapFromSource(source);
    m_view->selectionModel()->setCurrentIndex(index, QItemSelectionModel::ClearAndSelect | QItemSelectionModel::Rows);
    m_view->scrollTo(index);
    return true;
}

std::optional<model::KeyRecord> KeysView::selectedKey() const
{
    const QModelIndexList rows = m_view->selectionModel()->selectedRows();
    if (rows.isEmpty())
        return std::nullopt;
    return m_model->key(m_proxy->mapToSource(rows.first()));
}

void KeysView::onSelectionChanged()
{
    const std::optional<model::KeyRecord> key = selectedKey();
    m_detailPane->setKey(key);
    m_actions.setKey(key);
}

void KeysView::onModelAboutToBeReset()
{
    const std::optional<model::KeyRecord> key = selectedKey();
    m_selectedBeforeReset = key ? key->name : QString();
}

void KeysView::onModelReset()
{
    updateTitle();
    // A key an operation touched is selected once the list has it (loads are asynchronous).
    if (!m_pendingSelection.isEmpty() && selectKey(m_pendingSelection)) {
        m_pendingSelection.clear();
        return;
    }
    // A reload after a change drops the selection: keep showing the same key with its new state.
    if (m_selectedBeforeReset.isEmpty() || !selectKey(m_selectedBeforeReset))
        onSelectionChanged();
}

void KeysView::onKeyTouched(const QString& vault, const QString& name)
{
    if (!m_vault || m_vault->name != vault)
        return;
    Q_EMIT activationRequested();
    // Only a recovery touches a key while deleted keys show: it is back among the active ones.
    if (m_actions.showDeleted()->isChecked())
        m_actions.showDeleted()->setChecked(false);
    if (selectKey(name))
        m_pendingSelection.clear();
    else
        m_pendingSelection = name;
}

void KeysView::showContextMenu(const QPoint& position)
{
    const QModelIndex index = m_view->indexAt(position);
    if (index.isValid() && !m_view->selectionModel()->isRowSelected(index.row(), index.parent()))
        m_view->selectionModel()->setCurrentIndex(index,
                                                  QItemSelectionModel::ClearAndSelect | QItemSelectionModel::Rows);
    auto* menu = new QMenu(this);
    menu->setObjectName(QStringLiteral("keyContextMenu"));
    menu->setAttribute(Qt::WA_DeleteOnClose);
    menu->addActions(m_actions.applicable());
    menu->popup(m_view->viewport()->mapToGlobal(position));
}

} // namespace custos::ui
