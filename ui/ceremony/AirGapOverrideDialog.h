#pragma once

#include <QDialog>
#include <QStringList>

class QPlainTextEdit;
class QPushButton;

namespace custos::ui {

// Asks an operator holding workspace/repair why a ceremony should run although the interfaces
// named are up. The caller runs model::overrideAirGapCheck with justification() once accepted.
class AirGapOverrideDialog : public QDialog
{
    Q_OBJECT
public:
    AirGapOverrideDialog(const QStringList& interfaces, QWidget* parent = nullptr);

    QStringList interfaces() const { return m_interfaces; }
    QString justification() const; // trimmed
    QPushButton* overrideButton() const { return m_overrideButton; }

private:
    QStringList m_interfaces;
    QPlainTextEdit* m_justificationEdit = nullptr;
    QPushButton* m_overrideButton = nullptr;
};

} // namespace custos::ui
