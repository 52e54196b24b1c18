#pragma once

#include <QByteArray>
#include <QByteArrayView>

namespace custos::crypto {

QByteArray sha256(QByteArrayView data);

} // namespace custos::crypto
