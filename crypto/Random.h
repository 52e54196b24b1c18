#pragma once

#include "SecureBuffer.h"

#include <QByteArray>
#include <QString>

namespace custos::crypto {

QByteArray randomBytes(std::size_t count);           // RAND_bytes; not secret (salts, ids, IVs)
SecureBuffer randomSecret(std::size_t count);        // RAND_priv_bytes into secure memory
SecureBuffer randomPin(std::size_t hexCharacters);   // printable hex PIN for tokens nobody types
QString randomId();                                  // 32 lowercase hex characters (object ids, versions)

} // namespace custos::crypto
