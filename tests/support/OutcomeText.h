#pragma once

#include "crypto/Outcome.h"

#include <QByteArray>

// Qt 6.4's QVERIFY2 evaluates its message even on success, so reading error() there directly
// would throw for a successful Outcome.
template <typename T>
QByteArray errorText(const custos::Outcome<T>& outcome)
{
    return outcome.ok() ? QByteArray() : outcome.error().message.toUtf8();
}
