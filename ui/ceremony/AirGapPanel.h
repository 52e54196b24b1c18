#pragma once

#include "NetworkInterfaces.h"

#include <QCoro/QCoroTask>
#include <QWidget>

class QLabel;
class QPushButton;

namespace custos::model {
class ServiceHost;
}

namespace custos::ui {

class AirGapOverrideDialog;
class InlineMessage;

// Ceremony mode's pre-flight: every network interface that is up other than loopback refuses the
// ceremonies, named with its type and addresses and the fix; Check Again reads them again. An
// operator holding workspace/repair may override, with a justification, audited
// (model::overrideAirGapCheck); the override covers the interfaces it named, so another one coming
// up refuses again. A pass is not audited: it proves no more than that nothing was up just then.
class AirGapPanel : public QWidget
{
    Q_OBJECT
public:
    explicit AirGapPanel(model::ServiceHost& host, QWidget* parent = nullptr);
    ~AirGapPanel() override;

    // Tests give a fixed list; re-checks at once.
    void setInterfaceSource(NetworkInterfaceSource source);
    // Reads the interfaces again; true when a ceremony may proceed (none up, or all overridden).
    bool check();
    bool isClear() const;
    bool isOverridden() const { return isClear() && !m_blocking.isEmpty(); }
    QList<NetworkInterfaceState> blocking() const { return m_blocking; }
    QStringList overriddenInterfaces() const { return m_overridden; }
    // Only for an operator holding workspace/repair; nullptr otherwise or when nothing is up.
    AirGapOverrideDialog* requestOverride();
    bool isOverriding() const { return m_overriding; }

    QPushButton* checkAgainButton() const { return m_checkAgainButton; }
    QPushButton* overrideButton() const { return m_overrideButton; }
    QLabel* statusLabel() const { return m_statusLabel; }

Q_SIGNALS:
    void stateChanged(bool clear);

private:
    QStringList blockingNames() const;
    void updateView();
    QCoro::Task<> runOverride(QStringList interfaces, QString justification);

    model::ServiceHost& m_host;
    NetworkInterfaceSource m_source;
    QList<NetworkInterfaceState> m_blocking;
    QStringList m_overridden; // granted and audited in this window
    bool m_overriding = false;
    QLabel* m_iconLabel = nullptr;
    QLabel* m_statusLabel = nullptr;
    QLabel* m_detailLabel = nullptr;
    InlineMessage* m_message = nullptr;
    QPushButton* m_checkAgainButton = nullptr;
    QPushButton* m_overrideButton = nullptr;
};

} // namespace custos::ui
