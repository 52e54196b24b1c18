#pragma once

// A stand-in for an operator's card (the card second factor): a second SoftHSM2 token in the
// workspace's own token directory. SoftHSM2 reads its configuration once per process, so the card
// is made through the module the workspace loaded (its free slot). PKCS#11 work: call these off
// the guarded GUI thread (GUI tests: through onServices).

#include "crypto/Outcome.h"
#include "crypto/keys/software/SoftwareKey.h"
#include "crypto/pkcs11/Token.h"

#include <QByteArray>
#include <QDateTime>
#include <QString>

#include <memory>

namespace custos::model {
class Workspace;
}

namespace custos::test {

// C_InitToken in the free slot of the workspace's module (loaded: someone is logged in), C_InitPIN.
// Empty on success, otherwise what failed.
QString initCardToken(model::Workspace& workspace, const QString& label, const QString& userPin);

// The card, logged in as the user; destroying it closes its sessions and so ends that login.
Outcome<std::unique_ptr<crypto::Token>> openCardToken(model::Workspace& workspace, const QString& label,
                                                      const QString& userPin);

// A self-signed certificate (DER) for `key` (EC P-256) with `subject` ("CN=Alice Card").
// `notAfter` invalid: a year from now.
Outcome<QByteArray> selfSignedCardCertificate(const crypto::SoftwareKey& key, const QString& subject,
                                              const QDateTime& notAfter = {});

// `key` (EC) as a private key and `certificate` as a certificate object labelled `certLabel`,
// sharing the CKA_ID `id`. Empty on success, otherwise what failed.
QString storeOnCard(crypto::Token& card, const QByteArray& id, const crypto::SoftwareKey& key, const QString& certLabel,
                    const QByteArray& certificate);

// All of it: a card `label` with a fresh EC P-256 key and its certificate `certLabel` (id 0x01).
// Returns the certificate's DER.
Outcome<QByteArray> makeCard(model::Workspace& workspace, const QString& label, const QString& userPin,
                             const QString& certLabel);

} // namespace custos::test
