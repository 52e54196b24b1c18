#include "ExpiryOverviewDialog.h"

#include "ExpiryStatusStyle.h"
#include "ExpiryTimeline.h"
#include "model/itemmodels/ExpiryOverviewModel.h"
#include "model/services/ExpiryReminders.h"
#include "ui/widgets/InlineMessage.h"

#include <QComboBox>
#include <QDialogButtonBox>
#include <QDir>
#include <QFileDialog>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QSaveFile>
#include <QTableView>
#include <QVBoxLayout>

namespace custos::ui {

using model::ExpiryOverviewModel;
using model::ExpiryStatus;

void ExpiryFilterProxyModel::setStatus(std::optional<ExpiryStatus> status)
{
    m_status = status;
    invalidateFilter();
}

bool ExpiryFilterProxyModel::filterAcceptsRow(int sourceRow, const QModelIndex& sourceParent) const
{
    if (m_status) {
        const QModelIndex index = sourceModel()->index(sourceRow, 0, sourceParent);
        if (index.data(ExpiryOverviewModel::StatusRole).toInt() != int(*m_status))
            return false;
    }
    return QSortFilterProxyModel::filterAcceptsRow(sourceRow, sourceParent);
}

namespace {
QString kindTag(model::ExpiryItem::Kind kind)
{
    switch (kind) {
    case model::ExpiryItem::Kind::Certificate:
        return QStringLiteral("certificate");
    case model::ExpiryItem::Kind::Key:
        return QStringLiteral("key");
    case model::ExpiryItem::Kind::CrlNextUpdate:
        return QStringLiteral("crl");
    }
    return {};
}
} // namespace

ExpiryOverviewDialog::ExpiryOverviewDialog(ExpiryOverviewModel& model, QWidget* parent)
    : QDialog(parent), m_model(model)
{
    setObjectName(QStringLiteral("expiryOverviewDialog"));
    setWindowTitle(tr("Expiry Overview"));
    auto* icons =
        new ExpiryStatusIconProxyModel(ExpiryOverviewModel::StatusColumn, ExpiryOverviewModel::StatusRole, this);
    icons->setSourceModel(&m_model);
    m_proxy = new ExpiryFilterProxyModel(this);
    m_proxy->setSourceModel(icons);
    m_proxy->setSortRole(ExpiryOverviewModel::SortRole);
    m_proxy->setFilterKeyColumn(-1);
    m_proxy->setFilterCaseSensitivity(Qt::CaseInsensitive);

    m_filterEdit = new QLineEdit(this);
    m_filterEdit->setObjectName(QStringLiteral("expiryFilterLineEdit"));
    m_filterEdit->setAccessibleName(tr("Filter the expiry overview"));
    m_filterEdit->setPlaceholderText(tr("Filter by vault or name"));
    m_filterEdit->setClearButtonEnabled(true);
    m_statusCombo = new QComboBox(this);
    m_statusCombo->setObjectName(QStringLiteral("expiryStatusComboBox"));
    m_statusCombo->addItem(tr("All statuses"));
    for (const ExpiryStatus status : {ExpiryStatus::Expired, ExpiryStatus::Critical, ExpiryStatus::Warning,
                                      ExpiryStatus::Fine, ExpiryStatus::Revoked, ExpiryStatus::Pending})
        m_statusCombo->addItem(expiryStatusIcon(status), model::expiryStatusText(status), int(status));
    auto* statusLabel = new QLabel(tr("&Status:"), this);
    statusLabel->setBuddy(m_statusCombo);

    m_timeline = new ExpiryTimeline(this);
    m_summary = new QLabel(this);
    m_summary->setObjectName(QStringLiteral("expirySummaryLabel"));
    m_message = new InlineMessage(this);
    m_message->setObjectName(QStringLiteral("expiryMessageLabel"));

    m_view = new QTableView(this);
    m_view->setObjectName(QStringLiteral("expiryTableView"));
    m_view->setAccessibleName(tr("Expiry overview"));
    m_view->setAccessibleDescription(
        tr("Certificates, keys and CRLs of every vault you may read, by days left; Enter opens the selected one"));
    m_view->setModel(m_proxy);
    m_view->setSortingEnabled(true);
    m_view->sortByColumn(ExpiryOverviewModel::DaysLeftColumn, Qt::AscendingOrder);
    m_view->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_view->setWordWrap(false);
    m_view->verticalHeader()->hide();
    m_view->verticalHeader()->setSectionResizeMode(QHeaderView::Fixed);
    m_view->verticalHeader()->setDefaultSectionSize(24);
    m_view->horizontalHeader()->setSectionResizeMode(ExpiryOverviewModel::NameColumn, QHeaderView::Stretch);
    const QFontMetrics metrics(m_view->font());
    m_view->setColumnWidth(ExpiryOverviewModel::ExpiresColumn,
                           metrics.horizontalAdvance(QStringLiteral("2026-12-31 23:59 UTC")) +
                               3 * metrics.averageCharWidth());

    m_exportButton = new QPushButton(tr("&Export Reminders…"), this);
    m_exportButton->setObjectName(QStringLiteral("exportRemindersPushButton"));
    m_exportButton->setToolTip(tr("Save the shown items as calendar reminders (iCalendar .ics)"));
    auto* buttons = new QDialogButtonBox(QDialogButtonBox::Close, this);
    buttons->addButton(m_exportButton, QDialogButtonBox::ActionRole);

    auto* filters = new QHBoxLayout;
    filters->addWidget(m_filterEdit, 1);
    filters->addWidget(statusLabel);
    filters->addWidget(m_statusCombo);
    auto* layout = new QVBoxLayout(this);
    layout->addWidget(m_summary);
    layout->addWidget(m_timeline);
    layout->addLayout(filters);
    layout->addWidget(m_message);
    layout->addWidget(m_view, 1);
    layout->addWidget(buttons);
    resize(820, 620);

    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    connect(m_exportButton, &QPushButton::clicked, this, &ExpiryOverviewDialog::askExport);
    connect(m_filterEdit, &QLineEdit::textChanged, this,
            [this](const QString& text) { m_proxy->setFilterFixedString(text.trimmed()); });
    connect(m_statusCombo, &QComboBox::currentIndexChanged, this, &ExpiryOverviewDialog::onStatusChanged);
    connect(&m_model, &ExpiryOverviewModel::loaded, this, &ExpiryOverviewDialog::onLoaded);
    onLoaded();
}

void ExpiryOverviewDialog::onStatusChanged()
{
    const QVariant status = m_statusCombo->currentData();
    m_proxy->setStatus(status.isValid() ? std::optional(static_cast<ExpiryStatus>(status.toInt())) : std::nullopt);
}

void ExpiryOverviewDialog::onLoaded()
{
    m_timeline->setItems(m_model.items(), m_model.loadedAt());
    m_summary->setText(tr("%n item(s) expired or due within 30 days", nullptr, m_model.dueSoonCount()) +
                       QStringLiteral(" · ") + tr("%n item(s) in all", nullptr, m_model.rowCount()));
    if (!m_model.loadError().isEmpty())
        m_message->showError(m_model.loadError());
    else
        m_message->clearMessage();
}

Outcome<void> ExpiryOverviewDialog::exportReminders(const QString& path)
{
    QList<model::ExpiryReminder> reminders;
    for (int row = 0; row < m_proxy->rowCount(); ++row) {
        const QModelIndex index = m_proxy->index(row, 0);
        const int source =
            static_cast<QAbstractProxyModel*>(m_proxy->sourceModel())->mapToSource(m_proxy->mapToSource(index)).row();
        if (source < 0 || source >= m_model.items().size())
            continue;
        const model::ExpiryItem& item = m_model.items().at(source);
        if (!item.expires.isValid() || item.status == ExpiryStatus::Revoked)
            continue;
        const QDate date = item.expires.toUTC().date();
        model::ExpiryReminder reminder;
        reminder.uid = QStringLiteral("%1-%2-%3-%4@custos")
                           .arg(kindTag(item.kind), item.vault, item.name, date.toString(QStringLiteral("yyyyMMdd")));
        reminder.date = date;
        reminder.summary = tr("Expires: %1/%2").arg(item.vault, item.name);
        reminder.description = tr("%1 %2/%3 expires on %4")
                                   .arg(model::expiryKindText(item.kind), item.vault, item.name,
                                        item.expires.toUTC().toString(QStringLiteral("yyyy-MM-dd HH:mm 'UTC'")));
        reminders << reminder;
    }
    const QByteArray calendar = model::remindersCalendar(reminders, QDateTime::currentDateTimeUtc());
    QSaveFile file(path); // atomic: a calendar never imports half a file
    if (!file.open(QIODevice::WriteOnly) || file.write(calendar) != calendar.size() || !file.commit())
        return makeError(
            ErrorKind::Failed,
            tr("cannot write the reminders to %1: %2").arg(QDir::toNativeSeparators(path), file.errorString()));
    return {};
}

void ExpiryOverviewDialog::askExport()
{
    const QString path = QFileDialog::getSaveFileName(this, tr("Export Reminders"),
                                                      QDir::home().filePath(QStringLiteral("custos-expiry.ics")),
                                                      tr("iCalendar files (*.ics)"));
    if (path.isEmpty())
        return;
    const Outcome<void> written = exportReminders(path);
    if (written)
        m_message->showHint(tr("Reminders saved to %1.").arg(QDir::toNativeSeparators(path)));
    else
        m_message->showError(written.error().message);
}

} // namespace custos::ui
