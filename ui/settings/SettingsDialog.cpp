#include "SettingsDialog.h"

#include "ui/settings/AppSettings.h"
#include "ui/settings/Languages.h"

#include <QCheckBox>
#include <QComboBox>
#include <QDialogButtonBox>
#include <QFormLayout>
#include <QGroupBox>
#include <QLabel>
#include <QPushButton>
#include <QSpinBox>
#include <QVBoxLayout>

namespace custos::ui {

namespace {
QLabel* buddyLabel(const QString& text, QWidget* field, QWidget* parent)
{
    auto* label = new QLabel(text, parent);
    label->setBuddy(field);
    return label;
}
} // namespace

SettingsDialog::SettingsDialog(AppSettings& settings, QWidget* parent) : QDialog(parent), m_settings(settings)
{
    setObjectName(QStringLiteral("settingsDialog"));
    setWindowTitle(tr("Settings"));

    m_idleLock = new QSpinBox(this);
    m_idleLock->setObjectName(QStringLiteral("idleLockSpinBox"));
    m_idleLock->setRange(AppSettings::kMinimumIdleLockMinutes, AppSettings::kMaximumIdleLockMinutes);
    m_idleLock->setSuffix(tr(" min"));
    m_idleLock->setAccessibleName(tr("Lock after minutes without input"));
    m_idleLock->setToolTip(tr("Custos locks itself after this long without keyboard or mouse input (%1 to %2 minutes)")
                               .arg(AppSettings::kMinimumIdleLockMinutes)
                               .arg(AppSettings::kMaximumIdleLockMinutes));
    m_lockOnScreenLock = new QCheckBox(tr("Lock when the &screen locks"), this);
    m_lockOnScreenLock->setObjectName(QStringLiteral("lockOnScreenLockCheckBox"));
    m_lockOnScreenLock->setToolTip(tr("Lock Custos as soon as the desktop's screen saver or session lock starts"));
    m_clipboardClear = new QSpinBox(this);
    m_clipboardClear->setObjectName(QStringLiteral("clipboardClearSpinBox"));
    m_clipboardClear->setRange(AppSettings::kMinimumClipboardClearSeconds, AppSettings::kMaximumClipboardClearSeconds);
    m_clipboardClear->setSuffix(tr(" s"));
    m_clipboardClear->setAccessibleName(tr("Clear copied secrets after seconds"));
    m_clipboardClear->setToolTip(tr("A secret copied to the clipboard is removed after this long, unless something "
                                    "else was copied since"));

    m_theme = new QComboBox(this);
    m_theme->setObjectName(QStringLiteral("themeComboBox"));
    m_theme->addItem(tr("Follow the system"), int(AppSettings::Theme::System));
    m_theme->addItem(tr("Light"), int(AppSettings::Theme::Light));
    m_theme->addItem(tr("Dark"), int(AppSettings::Theme::Dark));
    m_language = new QComboBox(this);
    m_language->setObjectName(QStringLiteral("languageComboBox"));
    m_language->addItem(tr("Follow the system"), QString());
    for (const ShippedLanguage& language : shippedLanguages())
        m_language->addItem(language.name, language.code);

    auto* security = new QGroupBox(tr("Security"), this);
    auto* securityForm = new QFormLayout(security);
    securityForm->addRow(buddyLabel(tr("&Lock after idle:"), m_idleLock, security), m_idleLock);
    securityForm->addRow(m_lockOnScreenLock);
    securityForm->addRow(buddyLabel(tr("&Clear copied secrets after:"), m_clipboardClear, security), m_clipboardClear);
    auto* appearance = new QGroupBox(tr("Appearance"), this);
    auto* appearanceForm = new QFormLayout(appearance);
    appearanceForm->addRow(buddyLabel(tr("&Theme:"), m_theme, appearance), m_theme);
    appearanceForm->addRow(buddyLabel(tr("L&anguage:"), m_language, appearance), m_language);

    m_buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this);
    m_buttons->setObjectName(QStringLiteral("buttonBox"));
    m_buttons->button(QDialogButtonBox::Ok)->setObjectName(QStringLiteral("okPushButton"));
    m_buttons->button(QDialogButtonBox::Cancel)->setObjectName(QStringLiteral("cancelPushButton"));
    connect(m_buttons, &QDialogButtonBox::accepted, this, &SettingsDialog::accept);
    connect(m_buttons, &QDialogButtonBox::rejected, this, &SettingsDialog::reject);

    auto* layout = new QVBoxLayout(this);
    layout->addWidget(security);
    layout->addWidget(appearance);
    layout->addStretch();
    layout->addWidget(m_buttons);

    load();
    m_idleLock->setFocus();
}

void SettingsDialog::load()
{
    m_idleLock->setValue(int(m_settings.idleLockTimeout().count()));
    m_lockOnScreenLock->setChecked(m_settings.lockOnScreenLock());
    m_clipboardClear->setValue(int(m_settings.clipboardClearDelay().count()));
    m_theme->setCurrentIndex(std::max(0, m_theme->findData(int(m_settings.theme()))));
    m_language->setCurrentIndex(std::max(0, m_language->findData(m_settings.language())));
}

void SettingsDialog::accept()
{
    // Only what changed: each setter tells the listeners (a language switch rebuilds the window).
    const std::chrono::minutes idle(m_idleLock->value());
    if (idle != m_settings.idleLockTimeout())
        m_settings.setIdleLockTimeout(idle);
    if (m_lockOnScreenLock->isChecked() != m_settings.lockOnScreenLock())
        m_settings.setLockOnScreenLock(m_lockOnScreenLock->isChecked());
    const std::chrono::seconds clear(m_clipboardClear->value());
    if (clear != m_settings.clipboardClearDelay())
        m_settings.setClipboardClearDelay(clear);
    const auto theme = AppSettings::Theme(m_theme->currentData().toInt());
    if (theme != m_settings.theme())
        m_settings.setTheme(theme);
    const QString language = m_language->currentData().toString();
    if (language != m_settings.language())
        m_settings.setLanguage(language);
    QDialog::accept();
}

} // namespace custos::ui
