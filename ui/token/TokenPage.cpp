#include "TokenPage.h"

#include "model/itemmodels/TokenMechanismModel.h"
#include "model/services/Services.h"
#include "model/session/ServiceHost.h"
#include "ui/widgets/InlineMessage.h"

#include <QDialogButtonBox>
#include <QDir>
#include <QFormLayout>
#include <QGroupBox>
#include <QHeaderView>
#include <QLabel>
#include <QPointer>
#include <QPushButton>
#include <QShowEvent>
#include <QSortFilterProxyModel>
#include <QTableView>
#include <QVBoxLayout>

namespace custos::ui {

TokenPage::TokenPage(model::ServiceHost& host, QWidget* parent) : QDialog(parent), m_host(host)
{
    setObjectName(QStringLiteral("tokenPage"));
    setWindowTitle(tr("Token"));

    auto* infoBox = new QGroupBox(tr("Token"), this);
    auto* form = new QFormLayout(infoBox);
    m_labelValue = addValueRow(form, tr("Label:"), "tokenLabelValue");
    m_manufacturerValue = addValueRow(form, tr("Manufacturer:"), "tokenManufacturerValue");
    m_modelValue = addValueRow(form, tr("Model:"), "tokenModelValue");
    m_serialValue = addValueRow(form, tr("Serial number:"), "tokenSerialValue");
    m_firmwareValue = addValueRow(form, tr("Firmware version:"), "tokenFirmwareValue");
    m_libraryValue = addValueRow(form, tr("Library:"), "tokenLibraryValue");
    m_moduleValue = addValueRow(form, tr("Module:"), "tokenModuleValue");
    m_kindValue = addValueRow(form, tr("Kind:"), "tokenKindValue");
    m_keyObjectsValue = addValueRow(form, tr("Key objects:"), "tokenKeyObjectsValue");

    m_model = new model::TokenMechanismModel(this);
    m_proxy = new QSortFilterProxyModel(this);
    m_proxy->setSourceModel(m_model);
    m_proxy->setSortRole(model::TokenMechanismModel::SortRole);

    auto* tableLabel = new QLabel(tr("&Algorithms the token's keys can do:"), this);
    m_table = new QTableView(this);
    m_table->setObjectName(QStringLiteral("mechanismTable"));
    m_table->setAccessibleName(tr("Algorithms and how the token does them"));
    m_table->setModel(m_proxy);
    m_table->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_table->setSelectionMode(QAbstractItemView::SingleSelection);
    m_table->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_table->setTabKeyNavigation(false); // Tab leaves the table; arrows move inside it
    m_table->setFocusPolicy(Qt::StrongFocus);
    m_table->setAlternatingRowColors(true);
    m_table->setWordWrap(false);
    m_table->verticalHeader()->hide();
    m_table->verticalHeader()->setDefaultSectionSize(m_table->fontMetrics().height() + 8);
    m_table->horizontalHeader()->setStretchLastSection(true);
    m_table->setSortingEnabled(true);
    m_table->sortByColumn(model::TokenMechanismModel::AlgorithmColumn, Qt::AscendingOrder);
    tableLabel->setBuddy(m_table);
    auto* explanation = new QLabel(this);
    explanation->setObjectName(QStringLiteral("routeExplanationLabel"));
    explanation->setWordWrap(true);
    explanation->setTextFormat(Qt::PlainText);
    explanation->setText(tr("Native: the token does it with its own mechanism.") + QLatin1Char('\n') +
                         tr("Composed: the token lacks the mechanism; Custos builds it from simpler ones without "
                            "taking the private key out.") +
                         QLatin1Char('\n') + tr("Unavailable: keys on this token cannot do it."));

    m_message = new InlineMessage(this);
    m_message->setObjectName(QStringLiteral("tokenMessage"));

    m_buttons = new QDialogButtonBox(QDialogButtonBox::Close, this);
    QPushButton* refresh = m_buttons->addButton(tr("&Refresh"), QDialogButtonBox::ActionRole);
    refresh->setObjectName(QStringLiteral("tokenRefreshButton"));
    refresh->setAutoDefault(false);
    connect(refresh, &QPushButton::clicked, this, &TokenPage::reload);
    connect(m_buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);

    auto* layout = new QVBoxLayout(this);
    layout->addWidget(infoBox);
    layout->addWidget(tableLabel);
    layout->addWidget(m_table, 1);
    layout->addWidget(explanation);
    layout->addWidget(m_message);
    layout->addWidget(m_buttons);
    resize(860, 640);

    m_table->setFocus();
}

void TokenPage::showEvent(QShowEvent* event)
{
    QDialog::showEvent(event);
    // Loads each time it is opened (not when restored from minimised), so that a page opened
    // again shows the token as it is now and a caller can connect to loaded() before show().
    if (!event->spontaneous())
        reload();
}

QLabel* TokenPage::addValueRow(QFormLayout* form, const QString& label, const char* objectName)
{
    auto* value = new QLabel(form->parentWidget());
    value->setObjectName(QLatin1String(objectName));
    value->setTextFormat(Qt::PlainText);
    value->setTextInteractionFlags(Qt::TextSelectableByMouse);
    value->setWordWrap(true);
    form->addRow(label, value);
    return value;
}

void TokenPage::reload()
{
    if (m_loading)
        return;
    loadAsync();
}

void TokenPage::setLoading(bool loading)
{
    m_loading = loading;
    for (QAbstractButton* button : m_buttons->buttons()) {
        if (m_buttons->buttonRole(button) == QDialogButtonBox::ActionRole)
            button->setEnabled(!loading);
    }
}

QCoro::Task<> TokenPage::loadAsync()
{
    QPointer<TokenPage> guard(this);
    setLoading(true);
    m_message->showHint(tr("Reading the token…"));

    // Named tasks, never temporaries in the co_await operand (GCC 12, see ServicePath.h). Both on
    // the service thread; an exception there comes back as a failed outcome.
    auto infoTask = m_host.call([](model::Services& services) { return services.tokens().info(); });
    Outcome<model::TokenInfo> info = co_await infoTask;
    if (!guard)
        co_return;
    auto supportTask = m_host.call([](model::Services& services) { return services.tokens().mechanisms(); });
    Outcome<QList<crypto::AlgorithmSupport>> support = co_await supportTask;
    if (!guard)
        co_return;

    QStringList errors;
    if (info) {
        const model::TokenInfo& i = info.value();
        m_labelValue->setText(i.label);
        m_manufacturerValue->setText(i.manufacturer);
        m_modelValue->setText(i.model);
        m_serialValue->setText(i.serial);
        m_firmwareValue->setText(i.firmwareVersion);
        m_libraryValue->setText(tr("%1, version %2").arg(i.libraryDescription, i.libraryVersion));
        m_moduleValue->setText(QDir::toNativeSeparators(i.libraryPath));
        m_kindValue->setText(i.embedded ? tr("Embedded (the workspace's own token)")
                                        : tr("Attached (a token outside the workspace)"));
        m_keyObjectsValue->setText(QString::number(i.keyObjects));
    } else {
        errors << tr("Could not read the token: %1").arg(info.error().message);
    }
    if (support) {
        m_model->setSupport(support.value());
        m_table->resizeColumnsToContents();
    } else {
        m_model->clear();
        errors << tr("Could not list the token's algorithms: %1").arg(support.error().message);
    }
    if (errors.isEmpty())
        m_message->clearMessage();
    else
        m_message->showError(errors.join(QLatin1Char('\n')));
    setLoading(false);
    Q_EMIT loaded();
}

} // namespace custos::ui
