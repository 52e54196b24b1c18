#pragma once

#include <QDialog>

class QCheckBox;
class QComboBox;
class QDialogButtonBox;
class QSpinBox;

namespace custos::ui {

class AppSettings;

// Edit > Settings… (Ctrl+,): auto-lock, clipboard, theme and language. Shows the stored values,
// writes them through AppSettings only when OK is pressed (AppSettings::changed then tells the
// others); Cancel changes nothing. Nothing here is a secret.
class SettingsDialog : public QDialog
{
    Q_OBJECT
public:
    explicit SettingsDialog(AppSettings& settings, QWidget* parent = nullptr);

    void accept() override;

    QSpinBox* idleLockSpinBox() const { return m_idleLock; }
    QCheckBox* lockOnScreenLockCheckBox() const { return m_lockOnScreenLock; }
    QSpinBox* clipboardClearSpinBox() const { return m_clipboardClear; }
    QComboBox* themeComboBox() const { return m_theme; }
    QComboBox* languageComboBox() const { return m_language; }

private:
    void load();

    AppSettings& m_settings;
    QSpinBox* m_idleLock = nullptr;
    QCheckBox* m_lockOnScreenLock = nullptr;
    QSpinBox* m_clipboardClear = nullptr;
    QComboBox* m_theme = nullptr;
    QComboBox* m_language = nullptr;
    QDialogButtonBox* m_buttons = nullptr;
};

} // namespace custos::ui
