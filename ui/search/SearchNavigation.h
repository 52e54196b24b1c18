#pragma once

#include "model/services/GlobalSearch.h"

namespace custos::ui {

class MainWindow;

// Where Enter on a search hit lands: a vault is selected in the tree; a key or certificate in its
// vault's Keys or Certificates tab (once the vault's list has loaded); an operator or role in the
// Access window's tab. The focus goes to the list that shows it.
void showSearchHit(MainWindow& window, const model::SearchHit& hit);

} // namespace custos::ui
