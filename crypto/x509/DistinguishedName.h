#pragma once

// Distinguished names as admins type them ("CN=web01.example.test, O=Example Ltd, C=DE") and as
// they travel (DER X509_NAME), in RFC 4514 order of writing: the first RDN typed is shown first.

#include "crypto/Outcome.h"

#include <QByteArray>
#include <QString>
#include <QStringView>

namespace custos::crypto::x509 {

// Attribute types accepted: CN, O, OU, C (two letters), L, ST, STREET, DC, SERIALNUMBER, emailAddress,
// UID. Commas inside a value are escaped as "\," (the text form also escapes '+' and '\'). Errors
// say what was expected: "invalid subject 'CN=': the value of CN is empty", "unknown attribute 'XX'
// in the subject: expected CN, O, OU, C, L, ST, STREET, DC, SERIALNUMBER, emailAddress or UID".
Outcome<QByteArray> parseDistinguishedName(QStringView text); // DER of the X509_NAME
// The same form back ("CN=web01.example.test, O=Example Ltd, C=DE"); Invalid for bad DER.
Outcome<QString> distinguishedNameText(const QByteArray& der);

} // namespace custos::crypto::x509
