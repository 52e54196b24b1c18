#pragma once

#include "crypto/SecureBuffer.h"

class QLineEdit;

namespace custos::ui {

// A line edit's text as secret bytes. The temporary UTF-8 copy is wiped; the caller never holds
// the passphrase in a QString or QByteArray member.
crypto::SecureBuffer copySecret(const QLineEdit* edit);
// The same, then clears the line edit.
crypto::SecureBuffer takeSecret(QLineEdit* edit);

} // namespace custos::ui
