#include "CertificatesView.h"

#include "CertificateDetailPane.h"
#include "ExpiryStatusStyle.h"
#include "model/itemmodels/CertificateListModel.h"
#include "ui/widgets/InlineMessage.h"

#include <QAction>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QItemSelectionModel>
#include <QLabel>
#include <QLineEdit>
#include <QSortFilterProxyModel>
#include <QSplitter>
#include <QTableView>
#include <QVBoxLayout>

namespace custos::ui {

namespace {
constexpr int kRowHeight = 24;
}

using model::CertificateListModel;

CertificatesView::CertificatesView(model::ServiceHost& host, QWidget* parent) : QWidget(parent)
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
    m_view->setModel(m_proxy);
    m_view->setSortingEnabled(true);
    m_view->sortByColumn(CertificateListModel::NameColumn, Qt::AscendingOrder);
    m_view->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_view->setSelectionMode(QAbstractItemView::SingleSelection);
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

    auto* listPage = new QWidget(this);
    auto* header = new QHBoxLayout;
    header->addWidget(m_titleLabel, 1);
    header->addWidget(m_filterEdit);
    auto* listLayout = new QVBoxLayout(listPage);
    listLayout->setContentsMargins(0, 0, 0, 0);
    listLayout->addLayout(header);
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
    connect(m_proxy, &QAbstractItemModel::modelAboutToBeReset, this, &CertificatesView::onModelAboutToBeReset);
    connect(m_proxy, &QAbstractItemModel::modelReset, this, &CertificatesView::onModelReset);
    connect(m_filterEdit, &QLineEdit::textChanged, this, [this](const QString& text) {
        m_proxy->setFilterFixedString(text.trimmed());
        updateTitle();
    });
    setVault(std::nullopt);
}

void CertificatesView::setVault(const std::optional<model::Vault>& vault)
{
    m_vault = vault;
    const bool active = vault && !vault->isDeleted();
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
    const QModelIndexList rows = m_view->selectionModel()->selectedRows();
    if (rows.isEmpty())
        return std::nullopt;
    auto* icons = static_cast<QAbstractProxyModel*>(m_proxy->sourceModel());
    return m_model->certificate(icons->mapToSource(m_proxy->mapToSource(rows.first())));
}

void CertificatesView::onSelectionChanged()
{
    m_detailPane->setCertificate(selectedCertificate());
}

void CertificatesView::onModelAboutToBeReset()
{
    const auto certificate = selectedCertificate();
    m_selectedBeforeReset = certificate ? certificate->name : QString();
}

void CertificatesView::onModelReset()
{
    updateTitle();
    if (m_selectedBeforeReset.isEmpty() || !selectCertificate(m_selectedBeforeReset))
        onSelectionChanged();
}

} // namespace custos::ui
