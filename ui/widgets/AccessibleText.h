#pragma once

class QObject;
class QWidget;

namespace custos::ui {

// Screen readers name a control by its accessible name and describe it by its accessible
// description (Qt falls back to the text or buddy label, and to the tool tip). Where Qt itself
// creates the control, nobody in Custos sets either: the buttons of a QDialogButtonBox and of a
// QWizard, the tab bar of a QTabWidget. This fills in those (only what is still empty), once
// installed, for every widget of the application as it is shown; a control with neither tool tip
// nor description is described by its status tip, What's This or placeholder, else by where it
// sits (group box, wizard page, window). Names stay the job of each view: text, buddy label or
// setAccessibleName.
void installAccessibleTextCompletion();

// The same for one widget now (tests, and widgets shown before installation).
void completeAccessibleText(QWidget* widget);

} // namespace custos::ui
