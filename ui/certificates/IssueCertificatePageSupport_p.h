#pragma once

// What the issue wizard's pages share: the issuer and profile identifiers, the custom profile's
// usage names, and how a labelled row is added.

#include <QString>

class QFormLayout;
class QLabel;
class QWidget;

namespace custos::ui::issuepage {

inline const QString kCustomProfile = QStringLiteral("custom");
inline const QString kSelfIssuer = QStringLiteral("Self");
inline const QString kExternalIssuer = QStringLiteral("Unknown");

// The custom profile's check boxes carry the RFC 5280 names the model takes (no translation: they
// are the identifiers `cert issue --ku/--eku` uses too); mnemonics are unique on the page.
struct UsageText
{
    const char* name;
    const char* label;
};
inline constexpr UsageText kKeyUsages[] = {
    {"digitalSignature", "&digitalSignature"},
    {"nonRepudiation", "non&Repudiation"},
    {"keyEncipherment", "&keyEncipherment"},
    {"dataEncipherment", "data&Encipherment"},
    {"keyAgreement", "key&Agreement"},
    {"keyCertSign", "keyCert&Sign"},
    {"cRLSign", "&cRLSign"},
};
inline constexpr UsageText kExtendedKeyUsages[] = {
    {"serverAuth", "ser&verAuth"},           {"clientAuth", "clientA&uth"},     {"codeSigning", "codeSi&gning"},
    {"emailProtection", "emai&lProtection"}, {"timeStamping", "&timeStamping"}, {"OCSPSigning", "&OCSPSigning"},
};

// A label for `field` with a mnemonic, in `form`.
QLabel* addBuddyRow(QFormLayout* form, QWidget* parent, const QString& text, QWidget* field);
QString nameRuleText();

} // namespace custos::ui::issuepage
