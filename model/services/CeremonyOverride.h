#pragma once

#include "crypto/Outcome.h"

#include <QCoro/QCoroTask>
#include <QString>
#include <QStringList>

namespace custos::model {

class Services;

// Ceremony mode's air-gap pre-flight refuses to start a ceremony while a network interface other
// than loopback is up. An operator holding workspace/repair (ROLES.md) may override it, with a
// justification, for the interfaces it named: audited as CeremonyNetworkOverride (details: the
// interface names only; the justification in the event's justification). Without the permission it
// is refused and audited as Denied; an empty justification or interface list is refused (Failed).
QCoro::Task<Outcome<void>> overrideAirGapCheck(Services& services, QStringList interfaces, QString justification);

} // namespace custos::model
