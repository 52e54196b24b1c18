#include "AuditWindow.h"

#include "AuditChart.h"
#include "AuditDetailPane.h"
#include "AuditExportRender.h"
#include "AuditResultStyle.h"
#include "model/itemmodels/AuditEventModel.h"
#include "model/services/AuditReview.h"
#include "model/services/Services.h"
#include "model/session/ServiceHost.h"
#include "ui/widgets/InlineMessage.h"

#include <QCheckBox>
#include <QComboBox>
#include <QDateTimeEdit>
#include <QDialogButtonBox>
#include <QFileDialog>
#include <QGridLayout>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QIcon>
#include <QInputDialog>
#include <QLabel>
#include <QLineEdit>
#include <QMenu>
#include <QPointer>
#include <QPushButton>
#include <QSettings>
#include <QSplitter>
#include <QTableView>
#include <QTimer>
#include <QToolButton>
#include <QVBoxLayout>

namespace custos::ui {

using model::AuditEventModel;
using model::AuditResult;
using Range = AuditFilterState::Range;

namespace {

constexpr int kApplyDelayMs = 250; // typing settles before the query runs
const char* const kOperationProperty = "auditOperation";

QCheckBox* resultCheckBox(const QString& text, const char* name, AuditResult result, QWidget* parent)
{
    auto* box = new QCheckBox(text, parent);
    box->setObjectName(QLatin1String(name));
    box->setIcon(AuditResultStyle::icon(result));
    box->setChecked(true);
    box->setAccessibleName(AuditWindow::tr("Show %1 events").arg(AuditResultStyle::text(result)));
    return box;
}

} // namespace

AuditWindow::AuditWindow(model::ServiceHost& host, QWidget* parent) : QDialog(parent), m_host(host)
{
    setObjectName(QStringLiteral("auditWindow"));
    setWindowTitle(tr("Audit Trail"));
    setWindowIcon(QIcon(QStringLiteral(":/icons/audit.svg")));
    setWindowFlag(Qt::WindowMaximizeButtonHint, true);
    setWindowFlag(Qt::WindowContextHelpButtonHint, false);

    m_model =
        new AuditEventModel(AuditEventModel::hostPageFetcher(host), AuditEventModel::hostCountFetcher(host), this);

    auto* bar = new QWidget(this);
    bar->setObjectName(QStringLiteral("auditFilterBar"));
    buildFilterBar(bar);

    m_table = new QTableView(this);
    m_table->setObjectName(QStringLiteral("auditTableView"));
    m_table->setAccessibleName(tr("Audit events"));
    m_table->setModel(m_model);
    m_table->setItemDelegateForColumn(AuditEventModel::ResultColumn, new AuditResultDelegate(m_table));
    m_table->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_table->setSelectionMode(QAbstractItemView::SingleSelection);
    m_table->setWordWrap(false);
    m_table->setTabKeyNavigation(false); // Tab leaves the table for the detail pane; arrows move in it
    m_table->setAlternatingRowColors(true);
    // A million rows: fixed row heights and fixed column widths, never measured from the contents.
    m_table->verticalHeader()->setSectionResizeMode(QHeaderView::Fixed);
    m_table->verticalHeader()->setDefaultSectionSize(m_table->fontMetrics().height() + 6);
    m_table->verticalHeader()->hide();
    QHeaderView* header = m_table->horizontalHeader();
    header->setSectionResizeMode(QHeaderView::Interactive);
    header->setStretchLastSection(true);
    const int digit = m_table->fontMetrics().horizontalAdvance(QLatin1Char('0'));
    header->resizeSection(AuditEventModel::SeqColumn, digit * 9);
    header->resizeSection(AuditEventModel::TimeColumn, digit * 27);
    header->resizeSection(AuditEventModel::OperatorColumn, digit * 12);
    header->resizeSection(AuditEventModel::OperationColumn, digit * 22);
    header->resizeSection(AuditEventModel::ResourceColumn, digit * 30);
    header->resizeSection(AuditEventModel::ResultColumn, digit * 11);
    // The model's default order (newest first) as the indicator, before sorting is on: enabling it
    // sorts by the indicator, which is then no change and no second query.
    header->setSortIndicator(AuditEventModel::TimeColumn, Qt::DescendingOrder);
    m_table->setSortingEnabled(true);

    m_detail = new AuditDetailPane(this);
    connect(m_detail, &AuditDetailPane::resourceActivated, this, &AuditWindow::resourceActivated);

    m_chart = new AuditChart(this);
    connect(m_chart, &AuditChart::bucketActivated, this, [this](const QDateTime& start, const QDateTime& end) {
        AuditFilterState state = filterState();
        state.range = Range::Custom;
        state.since = start;
        state.until = end;
        setFilterState(state);
    });

    auto* tableAndDetail = new QSplitter(Qt::Horizontal, this);
    tableAndDetail->setObjectName(QStringLiteral("auditDetailSplitter"));
    tableAndDetail->addWidget(m_table);
    tableAndDetail->addWidget(m_detail);
    tableAndDetail->setStretchFactor(0, 3);
    tableAndDetail->setStretchFactor(1, 2);
    auto* chartAndTable = new QSplitter(Qt::Vertical, this);
    chartAndTable->setObjectName(QStringLiteral("auditChartSplitter"));
    chartAndTable->addWidget(m_chart);
    chartAndTable->addWidget(tableAndDetail);
    chartAndTable->setStretchFactor(0, 1);
    chartAndTable->setStretchFactor(1, 4);

    m_statusLabel = new QLabel(this);
    m_statusLabel->setObjectName(QStringLiteral("auditStatusLabel"));
    m_message = new InlineMessage(this);
    m_message->setObjectName(QStringLiteral("auditMessage"));
    m_message->setTextInteractionFlags(Qt::TextSelectableByMouse | Qt::TextSelectableByKeyboard);

    m_verifyButton = new QPushButton(tr("&Verify Trail"), this);
    m_verifyButton->setObjectName(QStringLiteral("verifyPushButton"));
    m_verifyButton->setAccessibleName(tr("Verify the audit trail"));
    m_verifyButton->setToolTip(tr("Check the hash chain, the checkpoint signatures and the token's anchor"));
    m_verifyButton->setAutoDefault(false);
    m_verifyButton->setEnabled(host.access().isAllowed(QStringLiteral("audit/verify"), QStringLiteral("/")));
    connect(m_verifyButton, &QPushButton::clicked, this, [this] { verifyTrail(); });
    m_exportButton = new QPushButton(tr("E&xport…"), this);
    m_exportButton->setObjectName(QStringLiteral("exportPushButton"));
    m_exportButton->setAccessibleName(tr("Export the filtered events"));
    m_exportButton->setAutoDefault(false);
    m_exportButton->setEnabled(host.access().isAllowed(QStringLiteral("audit/export"), QStringLiteral("/")));
    connect(m_exportButton, &QPushButton::clicked, this, &AuditWindow::askExportFile);
    auto* buttons = new QDialogButtonBox(QDialogButtonBox::Close, this);
    buttons->button(QDialogButtonBox::Close)->setObjectName(QStringLiteral("closePushButton"));
    buttons->button(QDialogButtonBox::Close)->setAutoDefault(false);
    buttons->button(QDialogButtonBox::Close)->setAccessibleName(tr("Close the audit trail"));
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::close);
    auto* bottom = new QHBoxLayout;
    bottom->addWidget(m_statusLabel, 1);
    bottom->addWidget(m_verifyButton);
    bottom->addWidget(m_exportButton);
    bottom->addWidget(buttons);

    auto* layout = new QVBoxLayout(this);
    layout->addWidget(bar);
    layout->addWidget(chartAndTable, 1);
    layout->addWidget(m_message);
    layout->addLayout(bottom);
    resize(1200, 760);

    m_applyTimer = new QTimer(this);
    m_applyTimer->setSingleShot(true);
    m_applyTimer->setInterval(kApplyDelayMs);
    connect(m_applyTimer, &QTimer::timeout, this, &AuditWindow::apply);

    connect(m_table->selectionModel(), &QItemSelectionModel::currentRowChanged, this, &AuditWindow::showCurrentEvent);
    connect(m_model, &QAbstractItemModel::dataChanged, this, [this](const QModelIndex& first, const QModelIndex& last) {
        const int row = m_table->currentIndex().row();
        if (row >= first.row() && row <= last.row() && !m_detail->event())
            showCurrentEvent();
    });
    connect(m_model, &QAbstractItemModel::modelReset, this, [this] { m_detail->setEvent(std::nullopt); });
    connect(m_model, &AuditEventModel::countLoaded, this, [this](qint64 count) {
        m_statusLabel->setText(tr("%n event(s)", nullptr, int(std::min<qint64>(count, INT_MAX))));
    });
    connect(m_model, &AuditEventModel::loadFailed, m_message, &InlineMessage::showError);
    connect(m_model, &AuditEventModel::countLoaded, this, &AuditWindow::startPendingChart);

    fillSavedFilters();
    loadChoices();
    apply();
}

AuditWindow::~AuditWindow() = default;

void AuditWindow::buildFilterBar(QWidget* bar)
{
    auto* grid = new QGridLayout(bar);
    grid->setContentsMargins(0, 0, 0, 0);

    m_rangeCombo = new QComboBox(bar);
    m_rangeCombo->setObjectName(QStringLiteral("timeRangeComboBox"));
    m_rangeCombo->setAccessibleName(tr("Time range"));
    m_rangeCombo->addItem(tr("Last hour"), int(Range::LastHour));
    m_rangeCombo->addItem(tr("Last 24 hours"), int(Range::Last24Hours));
    m_rangeCombo->addItem(tr("Last 7 days"), int(Range::Last7Days));
    m_rangeCombo->addItem(tr("All time"), int(Range::All));
    m_rangeCombo->addItem(tr("Custom range"), int(Range::Custom));
    m_rangeCombo->setCurrentIndex(m_rangeCombo->findData(int(Range::All)));
    auto* rangeLabel = new QLabel(tr("&Time:"), bar);
    rangeLabel->setBuddy(m_rangeCombo);

    auto makeEdit = [bar](const char* name, const QString& accessible) {
        auto* edit = new QDateTimeEdit(bar);
        edit->setObjectName(QLatin1String(name));
        edit->setAccessibleName(accessible);
        edit->setTimeSpec(Qt::UTC);
        edit->setDisplayFormat(QStringLiteral("yyyy-MM-dd HH:mm 'UTC'"));
        edit->setCalendarPopup(true);
        return edit;
    };
    m_since = makeEdit("sinceDateTimeEdit", tr("From (UTC)"));
    m_until = makeEdit("untilDateTimeEdit", tr("Until (UTC)"));
    const QDateTime now = QDateTime::currentDateTimeUtc();
    m_since->setDateTime(now.addDays(-1));
    m_until->setDateTime(now);
    auto* toLabel = new QLabel(tr("to"), bar);

    m_operatorCombo = new QComboBox(bar);
    m_operatorCombo->setObjectName(QStringLiteral("operatorComboBox"));
    m_operatorCombo->setAccessibleName(tr("Operator"));
    m_operatorCombo->addItem(tr("All operators"), QString());
    m_operatorCombo->setMinimumContentsLength(12);
    m_operatorCombo->setSizeAdjustPolicy(QComboBox::AdjustToMinimumContentsLengthWithIcon);
    auto* operatorLabel = new QLabel(tr("O&perator:"), bar);
    operatorLabel->setBuddy(m_operatorCombo);

    m_operationsButton = new QToolButton(bar);
    m_operationsButton->setObjectName(QStringLiteral("operationsToolButton"));
    m_operationsButton->setAccessibleName(tr("Operations"));
    m_operationsButton->setPopupMode(QToolButton::InstantPopup);
    m_operationsButton->setFocusPolicy(Qt::StrongFocus);
    m_operationsMenu = new QMenu(m_operationsButton);
    m_operationsMenu->setObjectName(QStringLiteral("operationsMenu"));
    m_operationsMenu->setAccessibleName(tr("Operations to show"));
    m_operationsButton->setMenu(m_operationsMenu);
    auto* operationsLabel = new QLabel(tr("Op&erations:"), bar);
    operationsLabel->setBuddy(m_operationsButton);
    setOperationChoices({});

    m_success = resultCheckBox(tr("&Success"), "successCheckBox", AuditResult::Success, bar);
    m_denied = resultCheckBox(tr("&Denied"), "deniedCheckBox", AuditResult::Denied, bar);
    m_failed = resultCheckBox(tr("&Failed"), "failedCheckBox", AuditResult::Failed, bar);

    m_resource = new QLineEdit(bar);
    m_resource->setObjectName(QStringLiteral("resourceLineEdit"));
    m_resource->setAccessibleName(tr("Resource prefix"));
    m_resource->setPlaceholderText(tr("/vaults/name"));
    m_resource->setClearButtonEnabled(true);
    auto* resourceLabel = new QLabel(tr("&Resource:"), bar);
    resourceLabel->setBuddy(m_resource);

    m_search = new QLineEdit(bar);
    m_search->setObjectName(QStringLiteral("searchLineEdit"));
    m_search->setAccessibleName(tr("Search text"));
    m_search->setPlaceholderText(tr("Search reasons, resources, details…"));
    m_search->setClearButtonEnabled(true);
    auto* searchLabel = new QLabel(tr("Searc&h:"), bar);
    searchLabel->setBuddy(m_search);

    m_savedCombo = new QComboBox(bar);
    m_savedCombo->setObjectName(QStringLiteral("savedFilterComboBox"));
    m_savedCombo->setAccessibleName(tr("Saved filters"));
    auto* savedLabel = new QLabel(tr("Sa&ved:"), bar);
    savedLabel->setBuddy(m_savedCombo);
    m_saveButton = new QPushButton(tr("Save Current Filter…"), bar);
    m_saveButton->setObjectName(QStringLiteral("saveFilterPushButton"));
    m_saveButton->setAccessibleName(tr("Save the current filter"));
    m_saveButton->setAutoDefault(false);

    m_bucketCombo = new QComboBox(bar);
    m_bucketCombo->setObjectName(QStringLiteral("chartBucketComboBox"));
    m_bucketCombo->setAccessibleName(tr("Chart buckets"));
    m_bucketCombo->addItem(tr("Chart: automatic"), -1);
    m_bucketCombo->addItem(tr("Chart: per hour"), int(model::AuditBucket::Hour));
    m_bucketCombo->addItem(tr("Chart: per day"), int(model::AuditBucket::Day));

    grid->addWidget(rangeLabel, 0, 0);
    grid->addWidget(m_rangeCombo, 0, 1);
    grid->addWidget(m_since, 0, 2);
    grid->addWidget(toLabel, 0, 3);
    grid->addWidget(m_until, 0, 4);
    grid->addWidget(operatorLabel, 0, 5);
    grid->addWidget(m_operatorCombo, 0, 6);
    grid->addWidget(operationsLabel, 0, 7);
    grid->addWidget(m_operationsButton, 0, 8);
    auto* results = new QHBoxLayout;
    results->addWidget(m_success);
    results->addWidget(m_denied);
    results->addWidget(m_failed);
    grid->addLayout(results, 1, 0, 1, 2);
    grid->addWidget(resourceLabel, 1, 2);
    grid->addWidget(m_resource, 1, 3, 1, 2);
    grid->addWidget(searchLabel, 1, 5);
    grid->addWidget(m_search, 1, 6, 1, 3);
    auto* saved = new QHBoxLayout;
    saved->addWidget(savedLabel);
    saved->addWidget(m_savedCombo, 1);
    saved->addWidget(m_saveButton);
    saved->addStretch();
    saved->addWidget(m_bucketCombo);
    grid->addLayout(saved, 2, 0, 1, 9);
    grid->setColumnStretch(6, 1);

    connect(m_rangeCombo, &QComboBox::currentIndexChanged, this, [this] {
        updateRangeWidgets();
        scheduleApply();
    });
    for (QDateTimeEdit* edit : {m_since, m_until})
        connect(edit, &QDateTimeEdit::dateTimeChanged, this, &AuditWindow::scheduleApply);
    connect(m_operatorCombo, &QComboBox::currentIndexChanged, this, &AuditWindow::scheduleApply);
    for (QCheckBox* box : {m_success, m_denied, m_failed})
        connect(box, &QCheckBox::toggled, this, &AuditWindow::scheduleApply);
    for (QLineEdit* edit : {m_resource, m_search}) {
        connect(edit, &QLineEdit::textChanged, this, &AuditWindow::scheduleApply);
        connect(edit, &QLineEdit::returnPressed, this, &AuditWindow::apply);
    }
    connect(m_bucketCombo, &QComboBox::currentIndexChanged, this, &AuditWindow::scheduleApply);
    connect(m_savedCombo, &QComboBox::activated, this, [this](int index) {
        if (index > 0)
            applySavedFilter(m_savedCombo->itemText(index));
    });
    connect(m_saveButton, &QPushButton::clicked, this, &AuditWindow::askFilterName);
    updateRangeWidgets();
}

QDateTime AuditWindow::now() const
{
    return m_clock ? m_clock() : QDateTime::currentDateTimeUtc();
}

void AuditWindow::updateRangeWidgets()
{
    const bool custom = Range(m_rangeCombo->currentData().toInt()) == Range::Custom;
    m_since->setEnabled(custom);
    m_until->setEnabled(custom);
}

void AuditWindow::setOperationChoices(const QStringList& operations)
{
    QStringList checked;
    for (QAction* action : m_operationsMenu->actions()) {
        if (action->isCheckable() && action->isChecked())
            checked << action->property(kOperationProperty).toString();
    }
    m_operationsMenu->clear();
    QAction* all = m_operationsMenu->addAction(tr("All operations"));
    all->setObjectName(QStringLiteral("allOperationsAction"));
    connect(all, &QAction::triggered, this, [this] {
        for (QAction* action : m_operationsMenu->actions())
            action->setChecked(false);
        updateOperationsButton();
        scheduleApply();
    });
    m_operationsMenu->addSeparator();
    QStringList choices = operations;
    for (const QString& operation : checked) {
        if (!choices.contains(operation))
            choices.prepend(operation); // patterns from saved filters, and names not in the trail
    }
    for (const QString& operation : choices) {
        QAction* action = m_operationsMenu->addAction(operation);
        action->setCheckable(true);
        action->setChecked(checked.contains(operation));
        action->setProperty(kOperationProperty, operation);
        connect(action, &QAction::toggled, this, [this] {
            updateOperationsButton();
            if (!m_updatingWidgets)
                scheduleApply();
        });
    }
    updateOperationsButton();
}

void AuditWindow::updateOperationsButton()
{
    QStringList operations;
    for (QAction* action : m_operationsMenu->actions()) {
        if (action->isCheckable() && action->isChecked())
            operations << action->property(kOperationProperty).toString();
    }
    if (operations.isEmpty())
        m_operationsButton->setText(tr("All operations"));
    else if (operations.size() == 1)
        m_operationsButton->setText(operations.first());
    else
        m_operationsButton->setText(tr("%n operation(s)", nullptr, int(operations.size())));
    m_operationsButton->setToolTip(operations.join(QLatin1Char('\n')));
}

AuditFilterState AuditWindow::filterState() const
{
    AuditFilterState state;
    state.range = Range(m_rangeCombo->currentData().toInt());
    if (state.range == Range::Custom) {
        state.since = m_since->dateTime().toUTC();
        state.until = m_until->dateTime().toUTC();
    }
    state.operatorName = m_operatorCombo->currentData().toString();
    if (m_operationsMenu) {
        for (QAction* action : m_operationsMenu->actions()) {
            if (action->isCheckable() && action->isChecked())
                state.operations << action->property(kOperationProperty).toString();
        }
    }
    if (m_success && !(m_success->isChecked() && m_denied->isChecked() && m_failed->isChecked())) {
        if (m_success->isChecked())
            state.results << AuditResult::Success;
        if (m_denied->isChecked())
            state.results << AuditResult::Denied;
        if (m_failed->isChecked())
            state.results << AuditResult::Failed;
    }
    state.resourcePrefix = m_resource->text().trimmed();
    state.text = m_search->text().trimmed();
    return state;
}

void AuditWindow::setFilterState(const AuditFilterState& state)
{
    m_updatingWidgets = true;
    const QSignalBlocker blockers[] = {
        QSignalBlocker(m_rangeCombo),    QSignalBlocker(m_since),    QSignalBlocker(m_until),
        QSignalBlocker(m_operatorCombo), QSignalBlocker(m_success),  QSignalBlocker(m_denied),
        QSignalBlocker(m_failed),        QSignalBlocker(m_resource), QSignalBlocker(m_search)};
    m_rangeCombo->setCurrentIndex(m_rangeCombo->findData(int(state.range)));
    if (state.range == Range::Custom) {
        if (state.since.isValid())
            m_since->setDateTime(state.since);
        if (state.until.isValid())
            m_until->setDateTime(state.until);
    }
    int op = m_operatorCombo->findData(state.operatorName);
    if (op < 0) {
        m_operatorCombo->addItem(state.operatorName, state.operatorName);
        op = m_operatorCombo->count() - 1;
    }
    m_operatorCombo->setCurrentIndex(op);
    QStringList known;
    for (QAction* action : m_operationsMenu->actions()) {
        if (action->isCheckable()) {
            known << action->property(kOperationProperty).toString();
            action->setChecked(state.operations.contains(action->property(kOperationProperty).toString()));
        }
    }
    for (const QString& operation : state.operations) {
        if (!known.contains(operation)) {
            known.prepend(operation);
        }
    }
    setOperationChoices(known); // keeps the checks made above, adds patterns
    for (QAction* action : m_operationsMenu->actions()) {
        if (action->isCheckable())
            action->setChecked(state.operations.contains(action->property(kOperationProperty).toString()));
    }
    const bool all = state.results.isEmpty();
    m_success->setChecked(all || state.results.contains(AuditResult::Success));
    m_denied->setChecked(all || state.results.contains(AuditResult::Denied));
    m_failed->setChecked(all || state.results.contains(AuditResult::Failed));
    m_resource->setText(state.resourcePrefix);
    m_search->setText(state.text);
    m_updatingWidgets = false;
    updateRangeWidgets();
    updateOperationsButton();
    apply();
}

bool AuditWindow::applySavedFilter(const QString& name)
{
    QSettings settings;
    for (const SavedAuditFilter& filter : AuditSavedFilters::all(settings)) {
        if (filter.name == name) {
            setFilterState(filter.state);
            return true;
        }
    }
    return false;
}

void AuditWindow::saveCurrentFilter(const QString& name)
{
    if (name.trimmed().isEmpty())
        return;
    QSettings settings;
    AuditSavedFilters::save(settings, SavedAuditFilter{name.trimmed(), filterState(), false});
    fillSavedFilters();
    m_message->showHint(tr("Saved the filter \"%1\".").arg(name.trimmed()));
}

void AuditWindow::fillSavedFilters()
{
    QSettings settings;
    const QSignalBlocker blocker(m_savedCombo);
    m_savedCombo->clear();
    m_savedCombo->addItem(tr("Choose a saved filter…"));
    for (const SavedAuditFilter& filter : AuditSavedFilters::all(settings))
        m_savedCombo->addItem(filter.name);
    m_savedCombo->setCurrentIndex(0);
}

void AuditWindow::askFilterName()
{
    auto* dialog = new QInputDialog(this);
    dialog->setObjectName(QStringLiteral("saveFilterDialog"));
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    dialog->setWindowTitle(tr("Save Filter"));
    dialog->setLabelText(tr("Name of the filter:"));
    connect(dialog, &QInputDialog::textValueSelected, this, &AuditWindow::saveCurrentFilter);
    dialog->open();
}

void AuditWindow::scheduleApply()
{
    if (!m_updatingWidgets)
        m_applyTimer->start();
}

void AuditWindow::refresh()
{
    apply();
    loadChoices();
}

void AuditWindow::apply()
{
    m_applyTimer->stop();
    model::AuditQuery query = filterState().toQuery(now());
    query.sortColumn = m_model->query().sortColumn;
    query.sortOrder = m_model->query().sortOrder;
    m_message->clearMessage();
    m_statusLabel->setText(tr("Loading…"));
    m_model->setQuery(query);
    // The chart's histogram reads every matching event (about 0.4 s for a million): it queues on the
    // service thread behind the table's count and first page, so the rows come first.
    ++m_chartGeneration;
    m_chartQuery = query;
    m_chartPending = true;
    m_chartLoading = true;
    m_chart->setMessage(tr("Loading…"));
}

void AuditWindow::startPendingChart()
{
    if (!m_chartPending)
        return;
    m_chartPending = false;
    loadChart(m_chartGeneration, m_chartQuery);
}

void AuditWindow::showCurrentEvent()
{
    const QModelIndex current = m_table->currentIndex();
    m_detail->setEvent(current.isValid() ? m_model->event(current.row()) : std::nullopt);
}

QCoro::Task<> AuditWindow::loadChoices()
{
    QPointer<AuditWindow> guard(this);
    auto task = m_host.call([](model::Services& s) -> Outcome<QPair<QStringList, QStringList>> {
        model::AuditReview review(s.path());
        auto operators = review.operators();
        if (!operators)
            return operators.error();
        auto operations = review.operations();
        if (!operations)
            return operations.error();
        return qMakePair(operators.value(), operations.value());
    });
    auto choices = co_await task;
    if (!guard || !choices)
        co_return; // the table says why (the same read)
    m_updatingWidgets = true;
    {
        const QSignalBlocker blocker(m_operatorCombo);
        const QString current = m_operatorCombo->currentData().toString();
        while (m_operatorCombo->count() > 1)
            m_operatorCombo->removeItem(1);
        for (const QString& name : choices->first)
            m_operatorCombo->addItem(name.isEmpty() ? tr("(no operator)") : name, name);
        const int index = m_operatorCombo->findData(current);
        if (index < 0 && !current.isEmpty())
            m_operatorCombo->addItem(current, current);
        m_operatorCombo->setCurrentIndex(std::max(0, m_operatorCombo->findData(current)));
    }
    setOperationChoices(choices->second);
    m_updatingWidgets = false;
}

QCoro::Task<> AuditWindow::loadChart(quint64 generation, model::AuditQuery query)
{
    QPointer<AuditWindow> guard(this);
    model::AuditBucket bucket = model::AuditBucket::Day;
    const int chosen = m_bucketCombo->currentData().toInt();
    if (chosen >= 0) {
        bucket = model::AuditBucket(chosen);
    } else {
        // Hours while that stays readable (up to a week), days beyond.
        const QDateTime from = query.since.isValid() ? query.since : QDateTime();
        const QDateTime to = query.until.isValid() ? query.until : now();
        if (from.isValid() && from.secsTo(to) <= 7 * 24 * 3600)
            bucket = model::AuditBucket::Hour;
    }
    m_chartLoading = true;
    m_chart->setMessage(tr("Loading…"));
    auto task = m_host.call(
        [query, bucket](model::Services& s) { return model::AuditReview(s.path()).histogram(query, bucket); });
    auto bins = co_await task;
    if (!guard || generation != m_chartGeneration)
        co_return;
    m_chartLoading = false;
    if (!bins) {
        m_chart->setMessage(bins.error().message);
        co_return;
    }
    m_chart->setBins(bins.value(), bucket);
}

QCoro::Task<> AuditWindow::verifyTrail()
{
    QPointer<AuditWindow> guard(this);
    m_verifyButton->setEnabled(false);
    m_message->showHint(tr("Verifying the audit trail…"));
    auto task = m_host.call([](model::Services& s) { return s.audit().verify(); });
    Outcome<model::AuditVerification> verified = co_await task;
    if (!guard)
        co_return;
    m_verifyButton->setEnabled(true);
    if (!verified) {
        m_message->showError(tr("Verification could not run: %1").arg(verified.error().message));
        Q_EMIT verifyFinished(false);
        co_return;
    }
    const model::AuditVerification& v = verified.value();
    QString text;
    if (v.ok) {
        text = tr("The audit trail verifies: %n event(s) checked", nullptr,
                  int(std::min<qint64>(v.eventsChecked, INT_MAX)));
        text += tr(", %1 checkpoint(s), the newest signed one at event %2.")
                    .arg(v.checkpointsChecked)
                    .arg(v.lastCheckpointSeq);
        if (v.unsignedFrom > 0)
            text += QLatin1Char(' ') + tr("Events from %1 on are not covered by a checkpoint yet.").arg(v.unsignedFrom);
    } else {
        text = tr("The audit trail does NOT verify: first bad event %1 (%2): %3")
                   .arg(v.firstBadSeq)
                   .arg(model::auditProblemName(v.kind), v.problem);
    }
    // The audit key, so the fingerprint can be compared with the one recorded elsewhere.
    auto keyTask = m_host.call([](model::Services& s) { return s.audit().auditKey(); });
    Outcome<model::AuditKeyInfo> key = co_await keyTask;
    if (!guard)
        co_return;
    if (key)
        text += QLatin1Char('\n') + tr("Audit key fingerprint (SHA-256): %1").arg(key->fingerprint);
    else
        text += QLatin1Char('\n') + tr("The audit key could not be read: %1").arg(key.error().message);
    if (v.ok)
        m_message->showHint(text);
    else
        m_message->showError(text);
    Q_EMIT verifyFinished(v.ok);
}

void AuditWindow::askExportFile()
{
    auto* dialog = new QFileDialog(this, tr("Export Audit Events"));
    dialog->setObjectName(QStringLiteral("exportFileDialog"));
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    dialog->setAcceptMode(QFileDialog::AcceptSave);
    const QStringList filters = {tr("JSON lines (*.jsonl)"), tr("CSV (*.csv)"), tr("CEF (*.cef)")};
    dialog->setNameFilters(filters);
    connect(dialog, &QFileDialog::fileSelected, this, [this, dialog, filters](const QString& path) {
        const int index = int(filters.indexOf(dialog->selectedNameFilter()));
        const QString format = index == 1   ? QStringLiteral("csv")
                               : index == 2 ? QStringLiteral("cef")
                                            : QStringLiteral("jsonl");
        QString file = path;
        if (!file.contains(QLatin1Char('.')))
            file += QLatin1Char('.') + format;
        exportTo(file, format);
    });
    dialog->open();
}

void AuditWindow::exportTo(const QString& path, const QString& format)
{
    exportFile(path, format);
}

QCoro::Task<> AuditWindow::exportFile(QString path, QString format)
{
    QPointer<AuditWindow> guard(this);
    const model::AuditQuery query = m_model->query();
    auto render = exportRenderer(query, format);
    if (!render) {
        m_message->showError(tr("Unknown export format %1: expected jsonl, csv or cef").arg(format));
        Q_EMIT exportFinished(false);
        co_return;
    }
    m_exportButton->setEnabled(false);
    m_message->showHint(tr("Exporting to %1…").arg(path));
    const model::AuditFilter filter = exportFilter(query);
    auto task = m_host.call([filter, path, format, render](model::Services& s) {
        return s.audit().exportTo(filter, path, format, render);
    });
    Outcome<qint64> exported = co_await task;
    if (!guard)
        co_return;
    m_exportButton->setEnabled(true);
    if (exported && format == QLatin1String("jsonl") && !exportFilterIsExact(query))
        m_message->showHint(tr("Exported to %1. JSON lines stay verifiable, so they are selected by time range, "
                               "resource and at most one operator, operation and result: the other filters "
                               "are not applied to them.")
                                .arg(path));
    else if (exported)
        m_message->showHint(tr("Exported the filtered events to %1.").arg(path));
    else
        m_message->showError(tr("Export failed: %1").arg(exported.error().message));
    Q_EMIT exportFinished(bool(exported));
}

} // namespace custos::ui
