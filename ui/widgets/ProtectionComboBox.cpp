#include "ProtectionComboBox.h"

#include <QComboBox>
#include <QCoreApplication>

namespace custos::ui {

QComboBox* makeProtectionComboBox(const model::Vault& vault, QWidget* parent)
{
    auto* comboBox = new QComboBox(parent);
    comboBox->setObjectName(QStringLiteral("protectionComboBox"));
    comboBox->addItem(QCoreApplication::translate("ProtectionComboBox", "HSM"), int(model::Protection::Hsm));
    if (vault.protection == model::Protection::Software)
        comboBox->addItem(QCoreApplication::translate("ProtectionComboBox", "Software"),
                          int(model::Protection::Software));
    comboBox->setCurrentIndex(comboBox->findData(int(vault.protection)));
    comboBox->setToolTip(
        vault.protection == model::Protection::Hsm
            ? QCoreApplication::translate("ProtectionComboBox", "Vault '%1' holds HSM-protected keys only.")
                  .arg(vault.name)
            : QCoreApplication::translate("ProtectionComboBox",
                                          "HSM keys never leave the token in clear; software keys are sealed "
                                          "under a token key and can be exportable."));
    return comboBox;
}

model::Protection selectedProtection(const QComboBox* comboBox)
{
    return model::Protection(comboBox->currentData().toInt());
}

} // namespace custos::ui
