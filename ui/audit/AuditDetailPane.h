#pragma once

#include "model/audit/AuditEvent.h"

#include <QTextBrowser>

#include <optional>

namespace custos::ui {

// Every field of one audit event: details as pretty-printed JSON, the approvers, the chain's
// hashes; the resource is a link (keyboard too: Tab reaches it, Enter follows it) that emits
// resourceActivated.
class AuditDetailPane : public QTextBrowser
{
    Q_OBJECT
public:
    explicit AuditDetailPane(QWidget* parent = nullptr);

    void setEvent(const std::optional<model::AuditEvent>& event);
    const std::optional<model::AuditEvent>& event() const { return m_event; }

Q_SIGNALS:
    void resourceActivated(const QString& resource);

private:
    std::optional<model::AuditEvent> m_event;
};

} // namespace custos::ui
