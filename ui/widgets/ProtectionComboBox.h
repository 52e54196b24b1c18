#pragma once

#include "model/domain/Vault.h"

class QComboBox;
class QWidget;

namespace custos::ui {

// The protection of a new key in `vault` (key creation, certificate issue and import): HSM
// always, software only where the vault allows it (its protection is a bound), the vault's own
// selected, the item data a model::Protection; object name "protectionComboBox".
QComboBox* makeProtectionComboBox(const model::Vault& vault, QWidget* parent);
model::Protection selectedProtection(const QComboBox* comboBox);

} // namespace custos::ui
