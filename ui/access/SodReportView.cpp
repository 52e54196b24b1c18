#include "SodReportView.h"

#include "model/itemmodels/SodReportModel.h"
#include "ui/widgets/InlineMessage.h"

#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QPushButton>
#include <QTableView>
#include <QVBoxLayout>

namespace custos::ui {

SodReportView::SodReportView(model::ServiceHost& host, QWidget* parent) : QWidget(parent)
{
    setObjectName(QStringLiteral("sodReportView"));
    m_model = new model::SodReportModel(host, this);

    m_refreshButton = new QPushButton(tr("Re&fresh"), this);
    m_refreshButton->setObjectName(QStringLiteral("refreshSodPushButton"));
    m_summaryLabel = new QLabel(this);
    m_summaryLabel->setObjectName(QStringLiteral("sodSummaryLabel"));
    auto* top = new QHBoxLayout;
    top->addWidget(m_summaryLabel, 1);
    top->addWidget(m_refreshButton);
    m_message = new InlineMessage(this);
    m_message->setObjectName(QStringLiteral("sodMessageLabel"));

    m_table = new QTableView(this);
    m_table->setObjectName(QStringLiteral("sodTableView"));
    m_table->setAccessibleName(tr("Separation-of-duties findings"));
    m_table->setAccessibleDescription(tr("Principals whose roles together break a separation-of-duties rule"));
    m_table->setModel(m_model);
    m_table->setSelectionMode(QAbstractItemView::SingleSelection);
    m_table->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_table->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_table->verticalHeader()->setVisible(false);
    m_table->horizontalHeader()->setStretchLastSection(true);
    m_table->setWordWrap(false);

    auto* layout = new QVBoxLayout(this);
    layout->addLayout(top);
    layout->addWidget(m_message);
    layout->addWidget(m_table, 1);

    connect(m_refreshButton, &QPushButton::clicked, m_model, &model::SodReportModel::reload);
    connect(m_model, &model::SodReportModel::loaded, this, &SodReportView::onLoaded);
    onLoaded();
}

void SodReportView::onLoaded()
{
    if (!m_model->loadError().isEmpty()) {
        m_message->showError(m_model->loadError());
        m_summaryLabel->clear();
        return;
    }
    m_message->clearMessage();
    int conflicts = 0;
    int expiring = 0;
    for (int row = 0; row < m_model->rowCount(); ++row) {
        if (m_model->index(row, 0).data(model::SodReportModel::IsExpiringRole).toBool())
            ++expiring;
        else
            ++conflicts;
    }
    if (m_model->isLoading())
        m_summaryLabel->setText(tr("Loading…"));
    else if (conflicts == 0 && expiring == 0)
        m_summaryLabel->setText(tr("No findings: duties are separated and no assignment expires within %n day(s).",
                                   nullptr, m_model->expiringWithinDays()));
    else
        m_summaryLabel->setText(tr("%1 conflicting role pair(s), %2 assignment(s) expiring within %n day(s).", nullptr,
                                   m_model->expiringWithinDays())
                                    .arg(conflicts)
                                    .arg(expiring));
    for (int column = 0; column < model::SodReportModel::FindingColumn; ++column)
        m_table->resizeColumnToContents(column);
}

} // namespace custos::ui
