#include "SelfTestBanner.h"

#include <QHBoxLayout>
#include <QLabel>
#include <QPushButton>
#include <QStyle>

namespace custos::ui {

SelfTestBanner::SelfTestBanner(QWidget* parent) : QWidget(parent)
{
    setObjectName(QStringLiteral("selfTestBanner"));
    auto* layout = new QHBoxLayout(this);
    auto* icon = new QLabel(this);
    icon->setPixmap(style()->standardIcon(QStyle::SP_MessageBoxCritical).pixmap(24, 24));
    m_label = new QLabel(this);
    m_label->setObjectName(QStringLiteral("selfTestBannerLabel"));
    m_label->setWordWrap(true);
    auto* details = new QPushButton(tr("Self Test &Details…"), this);
    details->setObjectName(QStringLiteral("selfTestDetailsButton"));
    details->setToolTip(tr("Shows every self test, the error and the proposed fix"));
    layout->addWidget(icon);
    layout->addWidget(m_label, 1);
    layout->addWidget(details);
    connect(details, &QPushButton::clicked, this, &SelfTestBanner::detailsRequested);
    setVisible(false);
}

void SelfTestBanner::setReport(const crypto::selftest::SelfTestReport& report)
{
    const QStringList failed = report.failedNames();
    m_label->setText(tr("<b>The start-up self test failed</b> (%1). Key and certificate operations are blocked.")
                         .arg(failed.join(QStringLiteral(", ")).toHtmlEscaped()));
    setVisible(!failed.isEmpty());
}

} // namespace custos::ui
