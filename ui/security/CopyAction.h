#pragma once

class QAction;
class QLabel;
class QString;
class QWidget;

namespace custos::ui {

class SecureClipboard;

// The SecureClipboard of the main window `widget` lives in (MainWindow owns one as a direct
// child); looked up when used, so a pane may be re-parented. nullptr outside a main window.
SecureClipboard* secureClipboardFor(const QWidget* widget);

// A "Copy …" entry in the label's context menu that copies the label's text plainly (a
// fingerprint, a name, a serial: not secret) through the window's SecureClipboard, so ceremony
// mode's disabled clipboard refuses it too. `objectName` names the action for tests.
QAction* addCopyAction(QLabel* label, const QString& text, const char* objectName);

} // namespace custos::ui
