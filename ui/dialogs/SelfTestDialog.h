#pragma once

#include "crypto/selftest/SelfTest.h"

#include <QDialog>

class QLabel;
class QTableWidget;
class QTextBrowser;

namespace custos::ui {

// Help > Self Test…: the start-up self tests (process hardening, secure heap, the known-answer
// tests of the primitives) as a table with icon and text per check, and for the selected check
// (the first failure when one failed) its long error and proposed fix.
class SelfTestDialog : public QDialog
{
    Q_OBJECT
public:
    // Shows `report`; "Run Again" replaces it with a fresh run (display only: a start-up failure
    // keeps blocking key operations until Custos is restarted).
    explicit SelfTestDialog(const crypto::selftest::SelfTestReport& report, QWidget* parent = nullptr);

    void setReport(const crypto::selftest::SelfTestReport& report);
    const crypto::selftest::SelfTestReport& report() const { return m_report; }
    // The process checks and the primitives' known answers, run now.
    static crypto::selftest::SelfTestReport runNow();

private:
    void showDetails(int row);

    crypto::selftest::SelfTestReport m_report;
    QLabel* m_summary = nullptr;
    QTableWidget* m_table = nullptr;
    QTextBrowser* m_details = nullptr;
};

} // namespace custos::ui
