#pragma once

#include "crypto/selftest/SelfTest.h"

#include <QWidget>

class QLabel;

namespace custos::ui {

// Above the main window's data when the start-up self test failed: which checks, that key and
// certificate operations are blocked, and a button that opens the Self Test dialog. Hidden when
// the report passed.
class SelfTestBanner : public QWidget
{
    Q_OBJECT
public:
    explicit SelfTestBanner(QWidget* parent = nullptr);
    void setReport(const crypto::selftest::SelfTestReport& report);
    QLabel* label() const { return m_label; }

Q_SIGNALS:
    void detailsRequested();

private:
    QLabel* m_label = nullptr;
};

} // namespace custos::ui
