#pragma once

// Drives app/gui/GuiController's dialogs like an operator (TestRecentWorkspaces, TestLanguageSwitch).

#include "TestWorkspace.h"
#include "ui/dialogs/LoginDialog.h"

#include <QApplication>
#include <QLineEdit>
#include <QPushButton>
#include <QTest>

namespace custos::test {

// The visible login dialog, once it shows (nullptr after 10 s).
inline ui::LoginDialog* waitForLoginDialog()
{
    ui::LoginDialog* found = nullptr;
    (void)QTest::qWaitFor(
        [&] {
            for (QWidget* widget : QApplication::topLevelWidgets()) {
                auto* dialog = qobject_cast<ui::LoginDialog*>(widget);
                if (dialog && dialog->isVisible()) {
                    found = dialog;
                    return true;
                }
            }
            return false;
        },
        10000);
    return found;
}

// Logs `name` in through the login dialog GuiController shows; false when there is none.
inline bool logInThroughDialog(const QString& name = QStringLiteral("admin"))
{
    ui::LoginDialog* dialog = waitForLoginDialog();
    if (!dialog)
        return false;
    auto* operatorEdit = dialog->findChild<QLineEdit*>(QStringLiteral("operatorLineEdit"));
    auto* passphraseEdit = dialog->findChild<QLineEdit*>(QStringLiteral("passphraseLineEdit"));
    auto* ok = dialog->findChild<QPushButton*>(QStringLiteral("okPushButton"));
    if (!operatorEdit || !passphraseEdit || !ok)
        return false;
    operatorEdit->clear();
    QTest::keyClicks(operatorEdit, name);
    QTest::keyClicks(passphraseEdit, kTestPassphrase);
    QTest::mouseClick(ok, Qt::LeftButton);
    return true;
}

// Deletes the login dialogs still open (they use the host of a controller about to go).
inline void deleteLoginDialogs()
{
    for (QWidget* widget : QApplication::topLevelWidgets()) {
        if (qobject_cast<ui::LoginDialog*>(widget))
            delete widget;
    }
}

} // namespace custos::test
