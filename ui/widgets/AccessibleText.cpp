#include "AccessibleText.h"

#include <QAbstractButton>
#include <QAbstractItemView>
#include <QAbstractSpinBox>
#include <QApplication>
#include <QComboBox>
#include <QDialogButtonBox>
#include <QEvent>
#include <QGroupBox>
#include <QLineEdit>
#include <QPointer>
#include <QTabBar>
#include <QTabWidget>
#include <QWizard>
#include <QWizardPage>

namespace custos::ui {

namespace {

QString strippedText(QString text)
{
    // "&Next >" reads "Next"; a literal "&&" stays one ampersand.
    text.replace(QLatin1String("&&"), QStringLiteral("\x01"));
    text.remove(QLatin1Char('&'));
    text.replace(QStringLiteral("\x01"), QStringLiteral("&"));
    return text.trimmed();
}

QString wizardButtonDescription(QWizard* wizard, QAbstractButton* button)
{
    if (button == wizard->button(QWizard::NextButton))
        return QApplication::translate("custos::ui::AccessibleText", "Go to the next page of the wizard");
    if (button == wizard->button(QWizard::BackButton))
        return QApplication::translate("custos::ui::AccessibleText", "Go back to the previous page of the wizard");
    if (button == wizard->button(QWizard::FinishButton))
        return QApplication::translate("custos::ui::AccessibleText", "Carry out what the wizard prepared and close it");
    if (button == wizard->button(QWizard::CommitButton))
        return QApplication::translate("custos::ui::AccessibleText", "Carry out this step; it cannot be undone here");
    if (button == wizard->button(QWizard::CancelButton))
        return QApplication::translate("custos::ui::AccessibleText", "Close the wizard without carrying anything out");
    if (button == wizard->button(QWizard::HelpButton))
        return QApplication::translate("custos::ui::AccessibleText", "Show help for this page");
    return {};
}

QString buttonBoxDescription(QDialogButtonBox* box, QAbstractButton* button)
{
    switch (box->buttonRole(button)) {
    case QDialogButtonBox::AcceptRole:
    case QDialogButtonBox::YesRole:
        return QApplication::translate("custos::ui::AccessibleText", "Confirm and close the dialog");
    case QDialogButtonBox::RejectRole:
    case QDialogButtonBox::NoRole:
        return QApplication::translate("custos::ui::AccessibleText", "Close the dialog without changes");
    case QDialogButtonBox::DestructiveRole:
        return QApplication::translate("custos::ui::AccessibleText", "Discard the changes and close the dialog");
    case QDialogButtonBox::ApplyRole:
        return QApplication::translate("custos::ui::AccessibleText", "Apply the changes and keep the dialog open");
    case QDialogButtonBox::ResetRole:
        return QApplication::translate("custos::ui::AccessibleText", "Reset the fields to their defaults");
    case QDialogButtonBox::HelpRole:
        return QApplication::translate("custos::ui::AccessibleText", "Show help for this dialog");
    default:
        return {};
    }
}

void completeButton(QAbstractButton* button)
{
    if (!button->accessibleDescription().isEmpty() || !button->toolTip().isEmpty())
        return;
    QString description;
    for (QWidget* parent = button->parentWidget(); parent && description.isEmpty(); parent = parent->parentWidget()) {
        if (auto* box = qobject_cast<QDialogButtonBox*>(parent))
            description = buttonBoxDescription(box, button);
        else if (auto* wizard = qobject_cast<QWizard*>(parent))
            description = wizardButtonDescription(wizard, button);
        if (parent->isWindow())
            break;
    }
    if (!description.isEmpty())
        button->setAccessibleDescription(description);
}

void completeTabBar(QTabBar* bar)
{
    auto* tabs = qobject_cast<QTabWidget*>(bar->parentWidget());
    if (bar->accessibleName().isEmpty()) {
        QString name = tabs ? tabs->accessibleName() : QString();
        if (name.isEmpty())
            name = QApplication::translate("custos::ui::AccessibleText", "%1 tabs").arg(bar->window()->windowTitle());
        bar->setAccessibleName(name);
    }
    // The pages it switches between, as the description (kept current: tabs come and go).
    QStringList pages;
    for (int i = 0; i < bar->count(); ++i)
        pages << strippedText(bar->tabText(i));
    if (tabs && !tabs->accessibleDescription().isEmpty())
        bar->setAccessibleDescription(tabs->accessibleDescription());
    else
        bar->setAccessibleDescription(QApplication::translate("custos::ui::AccessibleText", "Switches between: %1")
                                          .arg(pages.join(QStringLiteral(", "))));
}

// Marks a description derived here: a tool tip set later takes over again.
constexpr const char* kDerived = "custosDerivedAccessibleDescription";

bool isControl(QWidget* widget)
{
    return qobject_cast<QAbstractButton*>(widget) || qobject_cast<QLineEdit*>(widget) ||
           qobject_cast<QComboBox*>(widget) || qobject_cast<QAbstractSpinBox*>(widget) ||
           qobject_cast<QAbstractItemView*>(widget);
}

// Where the control sits, for a control nobody described: its own hints first (status tip,
// What's This, a line edit's placeholder example), else its group, wizard page and window
// ("Validity — Lifetime actions — Issue Certificate").
QString contextDescription(QWidget* widget)
{
    if (!widget->statusTip().isEmpty())
        return widget->statusTip();
    if (!widget->whatsThis().isEmpty())
        return widget->whatsThis();
    if (auto* edit = qobject_cast<QLineEdit*>(widget); edit && !edit->placeholderText().isEmpty())
        return edit->placeholderText();
    QStringList parts;
    for (QWidget* parent = widget->parentWidget(); parent; parent = parent->parentWidget()) {
        if (auto* group = qobject_cast<QGroupBox*>(parent); group && !group->title().isEmpty())
            parts << strippedText(group->title());
        else if (auto* page = qobject_cast<QWizardPage*>(parent))
            parts << (page->subTitle().isEmpty() ? page->title() : page->subTitle());
        if (parent->isWindow()) {
            parts << parent->windowTitle();
            break;
        }
    }
    parts.removeAll(QString());
    parts.removeDuplicates();
    return parts.join(QStringLiteral(" — "));
}

void completeDescription(QWidget* widget)
{
    if (!isControl(widget) || !widget->accessibleDescription().isEmpty() || !widget->toolTip().isEmpty())
        return;
    const QString description = contextDescription(widget);
    if (description.isEmpty())
        return;
    widget->setAccessibleDescription(description);
    widget->setProperty(kDerived, true);
}

class Completion : public QObject
{
public:
    using QObject::QObject;

protected:
    bool eventFilter(QObject* watched, QEvent* event) override
    {
        if (!watched->isWidgetType())
            return false;
        auto* widget = static_cast<QWidget*>(watched);
        if (event->type() == QEvent::Show) {
            completeAccessibleText(widget);
        } else if (event->type() == QEvent::ToolTipChange) {
            if (widget->property(kDerived).toBool() && !widget->toolTip().isEmpty()) {
                widget->setAccessibleDescription(QString()); // the tool tip describes it now
                widget->setProperty(kDerived, false);
            } else if (widget->isVisible()) {
                completeDescription(widget); // a tool tip taken away again
            }
        }
        return false;
    }
};

QPointer<Completion> g_completion;

} // namespace

void completeAccessibleText(QWidget* widget)
{
    if (auto* button = qobject_cast<QAbstractButton*>(widget))
        completeButton(button);
    else if (auto* bar = qobject_cast<QTabBar*>(widget))
        completeTabBar(bar);
    completeDescription(widget);
}

void installAccessibleTextCompletion()
{
    if (g_completion || !qApp)
        return;
    g_completion = new Completion(qApp);
    qApp->installEventFilter(g_completion);
}

} // namespace custos::ui
