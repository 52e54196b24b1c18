#include "SelfTestDialog.h"

#include <QDialogButtonBox>
#include <QHeaderView>
#include <QLabel>
#include <QPushButton>
#include <QStyle>
#include <QTableWidget>
#include <QTextBrowser>
#include <QVBoxLayout>

namespace custos::ui {

using crypto::selftest::SelfTestReport;
using crypto::selftest::SelfTestResult;

namespace {
enum Column { NameColumn, ResultColumn, ErrorColumn, ColumnCount };
}

SelfTestDialog::SelfTestDialog(const SelfTestReport& report, QWidget* parent) : QDialog(parent)
{
    setObjectName(QStringLiteral("selfTestDialog"));
    setWindowTitle(tr("Self Test"));
    resize(720, 520);

    m_summary = new QLabel(this);
    m_summary->setObjectName(QStringLiteral("selfTestSummary"));
    m_summary->setWordWrap(true);

    m_table = new QTableWidget(0, ColumnCount, this);
    m_table->setObjectName(QStringLiteral("selfTestTable"));
    m_table->setHorizontalHeaderLabels({tr("Check"), tr("Result"), tr("Error")});
    m_table->setAccessibleName(tr("Self test results"));
    m_table->setAccessibleDescription(tr("One row per check: its name, whether it passed, and the short error"));
    m_table->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_table->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_table->setSelectionMode(QAbstractItemView::SingleSelection);
    m_table->verticalHeader()->setVisible(false);
    m_table->horizontalHeader()->setSectionResizeMode(NameColumn, QHeaderView::ResizeToContents);
    m_table->horizontalHeader()->setSectionResizeMode(ResultColumn, QHeaderView::ResizeToContents);
    m_table->horizontalHeader()->setStretchLastSection(true);

    m_details = new QTextBrowser(this);
    m_details->setObjectName(QStringLiteral("selfTestDetails"));
    m_details->setAccessibleName(tr("Self test details"));
    m_details->setAccessibleDescription(tr("What the selected check tested, and for a failure the error and the "
                                           "proposed fix"));

    auto* buttons = new QDialogButtonBox(QDialogButtonBox::Close, this);
    QPushButton* runAgain = buttons->addButton(tr("&Run Again"), QDialogButtonBox::ActionRole);
    runAgain->setObjectName(QStringLiteral("selfTestRunAgainButton"));
    runAgain->setToolTip(tr("Runs the self tests again and shows the result"));
    connect(runAgain, &QPushButton::clicked, this, [this] { setReport(runNow()); });
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);

    auto* layout = new QVBoxLayout(this);
    layout->addWidget(m_summary);
    layout->addWidget(m_table, 2);
    layout->addWidget(m_details, 1);
    layout->addWidget(buttons);

    connect(m_table, &QTableWidget::currentCellChanged, this, [this](int row) { showDetails(row); });
    setReport(report);
}

SelfTestReport SelfTestDialog::runNow()
{
    SelfTestReport report = crypto::selftest::processSelfTests();
    report.append(crypto::selftest::runPrimitiveSelfTests());
    return report;
}

void SelfTestDialog::setReport(const SelfTestReport& report)
{
    m_report = report;
    const QStringList failed = report.failedNames();
    m_summary->setText(failed.isEmpty()
                           ? tr("All %n check(s) passed.", nullptr, int(report.results.size()))
                           : tr("<b>%1 of %2 checks failed: %3.</b> Key and certificate operations are blocked "
                                "while a self test of the primitives fails; restart Custos once the cause is fixed.")
                                 .arg(failed.size())
                                 .arg(report.results.size())
                                 .arg(failed.join(QStringLiteral(", ")).toHtmlEscaped()));

    const QIcon passedIcon = style()->standardIcon(QStyle::SP_DialogApplyButton);
    const QIcon failedIcon = style()->standardIcon(QStyle::SP_MessageBoxCritical);
    m_table->setRowCount(int(report.results.size()));
    int firstFailure = -1;
    for (int row = 0; row < report.results.size(); ++row) {
        const SelfTestResult& r = report.results.at(row);
        // Icon and text, never the icon alone.
        auto* result = new QTableWidgetItem(r.passed ? passedIcon : failedIcon, r.passed ? tr("Passed") : tr("Failed"));
        m_table->setItem(row, NameColumn, new QTableWidgetItem(r.name));
        m_table->setItem(row, ResultColumn, result);
        m_table->setItem(row, ErrorColumn, new QTableWidgetItem(r.shortError));
        if (!r.passed && firstFailure < 0)
            firstFailure = row;
    }
    const int current = firstFailure >= 0 ? firstFailure : 0;
    if (!report.results.isEmpty())
        m_table->setCurrentCell(current, NameColumn);
    showDetails(current);
}

void SelfTestDialog::showDetails(int row)
{
    if (row < 0 || row >= m_report.results.size()) {
        m_details->clear();
        return;
    }
    const SelfTestResult& r = m_report.results.at(row);
    QString html =
        QStringLiteral("<p><b>%1</b>: %2</p>").arg(r.name.toHtmlEscaped(), r.passed ? tr("passed") : tr("failed"));
    if (!r.detail.isEmpty())
        html += QStringLiteral("<p>%1</p>").arg(r.detail.toHtmlEscaped());
    if (!r.passed) {
        html += QStringLiteral("<p><b>%1</b> %2</p>").arg(tr("Error:"), r.longError.toHtmlEscaped());
        html += QStringLiteral("<p><b>%1</b> %2</p>").arg(tr("Proposed fix:"), r.proposedFix.toHtmlEscaped());
    }
    m_details->setHtml(html);
}

} // namespace custos::ui
