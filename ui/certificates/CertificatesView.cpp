#include "CertificatesView.h"

#include "CertificateActions.h"
#include "CertificateDetailPane.h"
#include "CertificateOperations.h"
#include "ExpiryStatusStyle.h"
#include "model/itemmodels/CertificateListModel.h"
#include "ui/widgets/InlineMessage.h"

#include <QAction>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QItemSelectionModel>
#include <QLabel>
#include <QLineEdit>
#include <QMenu>
#include <QSortFilterProxyModel>
#include <QSplitter>
#include <QTableView>
#include <QToolBar>
#include <QVBoxLayout>

#include <algorithm>

namespace custos::ui {

namespace {
constexpr int kRowHeight = 24;
}

using model::CertificateListModel;

CertificatesView::CertificatesView(model::ServiceHost& host, CertificateActions& actions,
                                   CertificateOperations& operations, QWidget* parent)
    : QWidget(parent), m_actions(actions), m_operations(operations)
{
    setObjectName(QStringLiteral("certificatesView"));
    m_model = new CertificateListModel(host, this);
    auto* icons =
        new ExpiryStatusIconProxyModel(CertificateListModel::StatusColumn, CertificateListModel::StatusRole, this);
    icons->setSourceModel(m_model);
    m_proxy = new QSortFilterProxyModel(this);
    m_proxy->setSourceModel(icons);
    m_proxy->setSortRole(CertificateListModel::SortRole);
    m_proxy->setFilterKeyColumn(-1); // name, subject, issuer, status text
    m_proxy->setFilterRole(Qt::DisplayRole);
    m_proxy->setFilterCaseSensitivity(Qt::CaseInsensitive);
    m_proxy->setSortCaseSensitivity(Qt::CaseInsensitive);

    m_titleLabel = new QLabel(this);
    m_titleLabel->setObjectName(QStringLiteral("certificatesTitleLabel"));
    m_titleLabel->setTextFormat(Qt::PlainText);
    m_filterEdit = new QLineEdit(this);
    m_filterEdit->setObjectName(QStringLiteral("certificateFilterLineEdit"));
    m_filterEdit->setAccessibleName(tr("Filter certificates"));
    m_filterEdit->setPlaceholderText(tr("Filter by name or subject (Ctrl+F)"));
    m_filterEdit->setClearButtonEnabled(true);
    m_filterEdit->setMinimumWidth(m_filterEdit->fontMetrics().horizontalAdvance(m_filterEdit->placeholderText()) +
                                  6 * m_filterEdit->fontMetrics().averageCharWidth());
    auto* focusFilter = new QAction(this);
    focusFilter->setObjectName(QStringLiteral("findCertificateAction"));
    focusFilter->setShortcut(QKeySequence::Find);
    connect(focusFilter, &QAction::triggered, this, [this] {
        Q_EMIT activationRequested();
        m_filterEdit->setFocus(Qt::ShortcutFocusReason);
        m_filterEdit->selectAll();
    });
    addAction(focusFilter);
    m_messageLabel = new InlineMessage(this);
    m_messageLabel->setObjectName(QStringLiteral("certificateListMessageLabel"));

    m_view = new QTableView(this);
    m_view->setObjectName(QStringLiteral("certificateTableView"));
    m_view->setAccessibleName(tr("Certificates"));
    m_view->setAccessibleDescription(
        tr("The certificates of the selected vault; the context menu and the tool bar act on the selection"));
    m_view->setModel(m_proxy);
    m_view->setSortingEnabled(true);
    m_view->sortByColumn(CertificateListModel::NameColumn, Qt::AscendingOrder);
    m_view->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_view->setSelectionMode(QAbstractItemView::ExtendedSelection); // renew several at once
    m_view->setContextMenuPolicy(Qt::CustomContextMenu);
    m_view->setWordWrap(false);
    m_view->setTabKeyNavigation(false);
    m_view->verticalHeader()->hide();
    m_view->verticalHeader()->setSectionResizeMode(QHeaderView::Fixed);
    m_view->verticalHeader()->setDefaultSectionSize(kRowHeight);
    m_view->horizontalHeader()->setSectionResizeMode(CertificateListModel::SubjectColumn, QHeaderView::Stretch);
    const QFontMetrics metrics(m_view->font());
    const int pad = 3 * metrics.averageCharWidth();
    m_view->setColumnWidth(CertificateListModel::NameColumn,
                           metrics.horizontalAdvance(QStringLiteral("web01-example")) + pad);
    m_view->setColumnWidth(CertificateListModel::KindColumn, metrics.horizontalAdvance(tr("Certificate")) + pad);
    m_view->setColumnWidth(CertificateListModel::ExpiresColumn,
                           metrics.horizontalAdvance(QStringLiteral("2026-12-31 23:59 UTC")) + pad);
    m_view->setColumnWidth(CertificateListModel::StatusColumn, metrics.horizontalAdvance(tr("< 30 days")) + 3 * pad);

    m_detailPane = new CertificateDetailPane(host, this);

    m_toolBar = new QToolBar(tr("Certificate Actions"), this);
    m_toolBar->setObjectName(QStringLiteral("certificateToolBar"));
    m_toolBar->setToolButtonStyle(Qt::ToolButtonTextOnly);
    m_toolBar->addActions(m_actions.toolBarActions());
    m_toolBar->addSeparator();
    m_toolBar->addAction(m_actions.showDeleted());

    auto* listPage = new QWidget(this);
    auto* header = new QHBoxLayout;
    header->addWidget(m_titleLabel, 1);
    header->addWidget(m_filterEdit);
    auto* listLayout = new QVBoxLayout(listPage);
    listLayout->setContentsMargins(0, 0, 0, 0);
    listLayout->addLayout(header);
    listLayout->addWidget(m_toolBar);
    listLayout->addWidget(m_messageLabel);
    listLayout->addWidget(m_view, 1);
    auto* splitter = new QSplitter(Qt::Vertical, this);
    splitter->setObjectName(QStringLiteral("certificatesSplitter"));
    splitter->addWidget(listPage);
    splitter->addWidget(m_detailPane);
    splitter->setChildrenCollapsible(false);
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(splitter);
    setTabOrder(m_filterEdit, m_view);

    connect(m_view->selectionModel(), &QItemSelectionModel::selectionChanged, this,
            &CertificatesView::onSelectionChanged);
    connect(m_view, &QTableView::customContextMenuRequested, this, &CertificatesView::showContextMenu);
    connect(m_proxy, &QAbstractItemModel::modelAboutToBeReset, this, &CertificatesView::onModelAboutToBeReset);
    connect(m_proxy, &QAbstractItemModel::modelReset, this, &CertificatesView::onModelReset);
    connect(m_filterEdit, &QLineEdit::textChanged, this, [this](const QString& text) {
        m_proxy->setFilterFixedString(text.trimmed());
        updateTitle();
    });
    connect(&m_operations, &CertificateOperations::certificateTouched, this, &CertificatesView::onCertificateTouched);
    connect(&m_operations, &CertificateOperations::certificatesChanged, this, [this](const QString& vault) {
        if (vault == m_model->vault())
            m_model->reload();
    });
    connectActions();
    setVault(std::nullopt);
}

void CertificatesView::connectActions()
{
    connect(m_actions.showDeleted(), &QAction::toggled, this, [this](bool deleted) {
        Q_EMIT activationRequested();
        m_model->setShowDeleted(deleted);
        updateTitle();
        m_actions.updateEnabled();
    });
    connect(m_actions.newCertificate(), &QAction::triggered, this, [this] {
        if (m_vault)
            m_operations.startIssue(*m_vault);
    });
    connect(m_actions.importCertificate(), &QAction::triggered, this, [this] {
        if (m_vault)
            m_operations.startImport(*m_vault);
    });
    connect(m_actions.renewCertificate(), &QAction::triggered, this, [this] {
        QStringList names;
        for (const model::CertificateRecord& certificate : selectedCertificates())
            names << certificate.name;
        if (m_vault && !names.isEmpty())
            m_operations.startRenew(m_vault->name, names);
    });
    connect(m_actions.exportCertificate(), &QAction::triggered, this, [this] {
        if (const auto certificate = m_actions.certificate())
            m_operations.startExport(*certificate);
    });
    connect(m_actions.revokeCertificate(), &QAction::triggered, this, [this] {
        if (const auto certificate = m_actions.certificate())
            m_operations.startRevoke(*certificate);
    });
    connect(m_actions.deleteCertificate(), &QAction::triggered, this, [this] {
        if (const auto certificate = m_actions.certificate(); certificate && m_vault)
            m_operations.startDelete(*certificate, m_vault->retentionDays);
    });
    connect(m_actions.recoverCertificate(), &QAction::triggered, this, [this] {
        if (const auto certificate = m_actions.certificate())
            m_operations.recover(certificate->vault, certificate->name);
    });
    connect(m_actions.purgeCertificate(), &QAction::triggered, this, [this] {
        if (const auto certificate = m_actions.certificate())
            m_operations.startPurge(*certificate);
    });
}

void CertificatesView::setVault(const std::optional<model::Vault>& vault)
{
    if (!vault || !m_vault || vault->name != m_vault->name)
        m_pendingSelection.clear();
    m_vault = vault;
    const bool active = vault && !vault->isDeleted();
    m_actions.setVault(vault);
    m_model->setVault(active ? vault->name : QString());
    updateTitle();
    onSelectionChanged();
}

void CertificatesView::updateTitle()
{
    if (!m_vault)
        m_titleLabel->setText(tr("Select a vault to see its certificates."));
    else if (m_vault->isDeleted())
        m_titleLabel->setText(tr("Vault '%1' is deleted: recover it to see its certificates.").arg(m_vault->name));
    else if (m_model->showsDeleted())
        m_titleLabel->setText(
            tr("Deleted certificates in vault '%1' (%n)", nullptr, m_model->rowCount()).arg(m_vault->name));
    else
        m_titleLabel->setText(tr("Certificates in vault '%1' (%n)", nullptr, m_model->rowCount()).arg(m_vault->name));
    if (m_vault && !m_filterEdit->text().trimmed().isEmpty())
        m_titleLabel->setText(m_titleLabel->text() + QLatin1Char(' ') + tr("%n shown", nullptr, m_proxy->rowCount()));
    m_filterEdit->setEnabled(m_vault && !m_vault->isDeleted());
    if (!m_model->loadError().isEmpty())
        m_messageLabel->showError(m_model->loadError());
    else
        m_messageLabel->clearMessage();
}

bool CertificatesView::selectCertificate(const QString& name)
{
    const QModelIndex source = m_model->indexOf(name);
    if (!source.isValid())
        return false;
    auto* icons = static_cast<QAbstractProxyModel*>(m_proxy->sourceModel());
    QModelIndex index = m_proxy->mapFromSource(icons->mapFromSource(source));
    if (!index.isValid()) {
        m_filterEdit->clear();
        index = m_proxy->mapFromSource(icons->mapFromSource(source));
    }
    m_view->selectionModel()->setCurrentIndex(index, QItemSelectionModel::ClearAndSelect | QItemSelectionModel::Rows);
    m_view->scrollTo(index);
    return true;
}

std::optional<model::CertificateRecord> CertificatesView::selectedCertificate() const
{
    QModelIndexList rows = m_view->selectionModel()->selectedRows();
    if (rows.isEmpty())
        return std::nullopt;
    const QModelIndex current = m_view->selectionModel()->currentIndex();
    QModelIndex row = rows.first();
    if (current.isValid() && m_view->selectionModel()->isRowSelected(current.row(), current.parent()))
        row = current.siblingAtColumn(0);
    auto* icons = static_cast<QAbstractProxyModel*>(m_proxy->sourceModel());
    return m_model->certificate(icons->mapToSource(m_proxy->mapToSource(row)));
}

QList<model::CertificateRecord> CertificatesView::selectedCertificates() const
{
    QModelIndexList rows = m_view->selectionModel()->selectedRows();
    std::sort(rows.begin(), rows.end(), [](const QModelIndex& a, const QModelIndex& b) { return a.row() < b.row(); });
    auto* icons = static_cast<QAbstractProxyModel*>(m_proxy->sourceModel());
    QList<model::CertificateRecord> certificates;
    for (const QModelIndex& row : std::as_const(rows)) {
        if (auto certificate = m_model->certificate(icons->mapToSource(m_proxy->mapToSource(row))))
            certificates << *certificate;
    }
    return certificates;
}

void CertificatesView::onSelectionChanged()
{
    m_detailPane->setCertificate(selectedCertificate());
    m_actions.setCertificates(selectedCertificates());
}

void CertificatesView::onModelAboutToBeReset()
{
    const auto certificate = selectedCertificate();
    m_selectedBeforeReset = certificate ? certificate->name : QString();
}

void CertificatesView::onModelReset()
{
    updateTitle();
    // A certificate an operation touched is selected once the list has it (loads are asynchronous).
    if (!m_pendingSelection.isEmpty() && selectCertificate(m_pendingSelection)) {
        m_pendingSelection.clear();
        return;
    }
    if (m_selectedBeforeReset.isEmpty() || !selectCertificate(m_selectedBeforeReset))
        onSelectionChanged();
}

void CertificatesView::onCertificateTouched(const QString& vault, const QString& name)
{
    if (!m_vault || m_vault->name != vault)
        return;
    Q_EMIT activationRequested();
    // Only a recovery touches a certificate while deleted ones show: it is back among the active.
    if (m_actions.showDeleted()->isChecked())
        m_actions.showDeleted()->setChecked(false);
    if (!m_model->isLoading() && selectCertificate(name))
        m_pendingSelection.clear();
    else
        m_pendingSelection = name;
}

void CertificatesView::showContextMenu(const QPoint& position)
{
    const QModelIndex index = m_view->indexAt(position);
    if (index.isValid() && !m_view->selectionModel()->isRowSelected(index.row(), index.parent()))
        m_view->selectionModel()->setCurrentIndex(index,
                                                  QItemSelectionModel::ClearAndSelect | QItemSelectionModel::Rows);
    auto* menu = new QMenu(this);
    menu->setObjectName(QStringLiteral("certificateContextMenu"));
    menu->setAttribute(Qt::WA_DeleteOnClose);
    menu->addActions(m_actions.applicable());
    menu->popup(m_view->viewport()->mapToGlobal(position));
}

} // namespace custos::ui
