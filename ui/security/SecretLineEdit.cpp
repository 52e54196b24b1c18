#include "SecretLineEdit.h"

#include <QAccessible>
#include <QAccessibleWidget>
#include <QSignalBlocker>

namespace custos::ui {

namespace {

constexpr const char* kSecretProperty = "custosSecret";

// Qt's own QAccessibleLineEdit reports a password field's value as one '*' per character and
// offers a text interface; ours is a password field with neither.
class SecretAccessible : public QAccessibleWidget
{
public:
    explicit SecretAccessible(QWidget* widget) : QAccessibleWidget(widget, QAccessible::EditableText) {}

    QAccessible::State state() const override
    {
        QAccessible::State state = QAccessibleWidget::state();
        state.editable = true;
        state.passwordEdit = true;
        state.focusable = true;
        return state;
    }
    QString text(QAccessible::Text kind) const override
    {
        if (kind == QAccessible::Value)
            return QString();
        QString text = QAccessibleWidget::text(kind);
        if (kind == QAccessible::Name && text.isEmpty())
            text = static_cast<const QLineEdit*>(widget())->placeholderText();
        return text;
    }
    void setText(QAccessible::Text, const QString&) override {}
};

QAccessibleInterface* secretAccessibleFactory(const QString&, QObject* object)
{
    auto* edit = qobject_cast<QLineEdit*>(object);
    if (edit && isSecret(edit))
        return new SecretAccessible(edit);
    return nullptr;
}

} // namespace

SecretLineEdit::SecretLineEdit(QWidget* parent) : QLineEdit(parent)
{
    makeSecret(this);
}

SecretLineEdit::~SecretLineEdit()
{
    // The wipe clears the text: no textChanged may reach an owner that is already half destroyed.
    const QSignalBlocker blocker(this);
    wipeSecret(this);
}

void makeSecret(QLineEdit* edit)
{
    static const bool installed = [] {
        QAccessible::installFactory(&secretAccessibleFactory);
        return true;
    }();
    Q_UNUSED(installed);
    edit->setProperty(kSecretProperty, true);
    edit->setEchoMode(QLineEdit::Password);
    edit->setInputMethodHints(edit->inputMethodHints() | Qt::ImhHiddenText | Qt::ImhSensitiveData |
                              Qt::ImhNoPredictiveText | Qt::ImhNoAutoUppercase);
    // Qt already refuses copy, cut and drag out of a password field; stated here as well, so a
    // later change of echo mode elsewhere cannot bring drag back.
    edit->setDragEnabled(false);
    // An interface made before the flag was set would be Qt's own: drop it from the cache.
    if (QAccessible::isActive()) {
        if (QAccessibleInterface* existing = QAccessible::queryAccessibleInterface(edit);
            existing && !dynamic_cast<SecretAccessible*>(existing))
            QAccessible::deleteAccessibleInterface(QAccessible::uniqueId(existing));
    }
}

bool isSecret(const QLineEdit* edit)
{
    return edit && edit->property(kSecretProperty).toBool();
}

void wipeSecret(QLineEdit* edit)
{
    QString text = edit->text();   // shares the edit's buffer (implicit sharing): no copy is made
    if (text.data_ptr().d_ptr()) { // an allocated buffer, not a read-only literal
        volatile char16_t* p = reinterpret_cast<char16_t*>(const_cast<QChar*>(text.constData()));
        for (qsizetype i = 0; i < text.size(); ++i)
            p[i] = 0;
    }
    text = QString();
    edit->clear();
}

} // namespace custos::ui
