#pragma once

// Does a certificate chain link up to a trust anchor? Used on import, on merge of an externally
// signed certificate, and to order a chain for export.

#include "crypto/Outcome.h"

#include <QByteArray>
#include <QDateTime>
#include <QList>

namespace custos::crypto::x509 {

// Verifies `leafDer` through `intermediatesDer` to one of `rootsDer` at time `at` (X509_verify_cert,
// no CRL checks; every certificate in `rootsDer` is an anchor, self-signed or not). The error names the certificate
// that fails and why: "the chain does not link: no issuer found for 'CN=web01' (issuer 'CN=Issuing CA')", "'CN=Issuing
// CA' expired on ...".
Outcome<void> verifyChain(const QByteArray& leafDer, const QList<QByteArray>& intermediatesDer,
                          const QList<QByteArray>& rootsDer, const QDateTime& at);

// Orders `certificatesDer` (any order, leaf included) leaf first, each followed by its issuer, as
// far as they link; Invalid "the chain does not link: ..." when one does not belong to the chain of
// the leaf (the certificate whose public key is `leafPublicKeyDer`).
Outcome<QList<QByteArray>> orderChain(const QList<QByteArray>& certificatesDer, const QByteArray& leafPublicKeyDer);

} // namespace custos::crypto::x509
