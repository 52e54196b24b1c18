#pragma once

// The card second factor (issue 5, "Operators"): an operator's certificate on a PKCS#11 token in
// the workspace's module. Possession is proved by the card signing a fresh challenge (32 random
// bytes, the operator's name and the time) and the signature verifying with the certificate.

#include "crypto/Outcome.h"
#include "crypto/SecureBuffer.h"
#include "model/domain/Operator.h"

#include <QByteArray>
#include <QCoro/QCoroTask>
#include <QDateTime>
#include <QString>

namespace custos::model {

class Workspace;

// "custos-card-challenge/1" NUL, 32 random bytes, the operator's name (UTF-8) NUL, the time (ISO 8601
// UTC): never the same twice, and bound to who logs in and when.
QByteArray makeCardChallenge(const QString& operatorName, const QDateTime& now);

// On the workspace's token thread (it loads the module when needed): the card `tokenLabel`,
// logged in with `pin`, signs a fresh challenge with the key of the certificate `certLabel`; the
// signature must verify with `expectedCertificate` (login: the enrolled one) or, when that is
// empty, with the card's own certificate (enrolment). Returns the card's certificate DER.
// Denied when the PIN is refused or the key does not match; NotFound when the card, the
// certificate or the key is missing; Invalid for the workspace's own token.
Outcome<QByteArray> proveCardPossession(Workspace& workspace, const QString& operatorName, const QString& tokenLabel,
                                        const QString& certLabel, const crypto::SecureBuffer& pin,
                                        const QByteArray& expectedCertificate);

// Login's step: the operator's enrolled card proves possession, on the token thread. Invalid
// "operator X signs in with their card too: give the card PIN" without a PIN. The PIN is wiped.
QCoro::Task<Outcome<void>> proveOperatorCard(Workspace& workspace, Operator op, crypto::SecureBuffer pin);

} // namespace custos::model
