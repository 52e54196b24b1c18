#pragma once

// Private to crypto/selftest: building results and comparing against known answers.

#include "SelfTest.h"

#include <QByteArray>

namespace custos::crypto::selftest::detail {

QByteArray fromHex(const char* hex);
// `expected` with its first byte flipped when the seam asks for it.
QByteArray expectedValue(const char* hex, bool corrupt);

SelfTestResult pass(const QString& name, const QString& detail);
// A failed primitive: the short and long error, and the proposed fix every primitive shares
// (the libcrypto the process loaded is broken or not the one installed).
SelfTestResult failPrimitive(const QString& name, const QString& detail, const QString& shortError,
                             const QString& longError);
// "expected 1a2b…, got 3c4d…" for a known-answer mismatch.
QString mismatch(const QString& what, const QByteArray& expected, const QByteArray& actual);

// Each primitive check; `corrupt` is the seam of SelfTestOptions.
SelfTestResult checkSha256(bool corrupt);
SelfTestResult checkSha384(bool corrupt);
SelfTestResult checkHmacSha256(bool corrupt);
SelfTestResult checkAes256Gcm(bool corrupt);
SelfTestResult checkAesKeyWrap(bool corrupt);
SelfTestResult checkAesKeyWrapPad(bool corrupt);
SelfTestResult checkScrypt(bool corrupt);
SelfTestResult checkRsaPss(bool corrupt);
SelfTestResult checkRsaOaep(bool corrupt);
SelfTestResult checkEcdsaP256(bool corrupt);

} // namespace custos::crypto::selftest::detail
