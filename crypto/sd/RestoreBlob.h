#pragma once

// Azure's offline restore-blob step (SECURITY-DOMAIN.md §10): the EncData items re-encrypted under
// a fresh master secret, which travels RSA-OAEP-256-wrapped to the new HSM's exchange key.

#include "CustodianKey.h"
#include "SecurityDomainFile.h"

namespace custos::crypto::sd {

struct RestoreBlob
{
    QList<DataItem> items;
    EncryptedShare wrappedKey; // enc_key: the new master secret; x5t_256: the exchange certificate's

    // az's reader semantics, strict as parse() is. Invalid with what was expected and where.
    static Outcome<RestoreBlob> parse(const QByteArray& json);
    // Byte-exact as az writes it: Python json.dumps default separators, no trailing newline.
    QByteArray toJson() const;
};

// The exchange key as init-recovery leaves it: a PEM or DER X.509 certificate, or the service's
// {"transfer_key": "<JWK>"} JSON / a JWK with x5c. Returns the certificate DER; Invalid naming the
// form expected ("a bare public key is not enough: the blob names the certificate's x5t_256").
Outcome<QByteArray> readExchangeCertificate(const QByteArray& bytes);

// The blob for `file` from its master secret (already checked by ShareCollector::masterSecret).
Outcome<RestoreBlob> createRestoreBlob(const SecurityDomainFile& file, const SecureBuffer& master,
                                       const QByteArray& exchangeCertificateDer);

// What the new HSM does with a blob: unwrap the master secret with the exchange key and decrypt
// every item. Invalid when the blob's x5t_256 is not the exchange key's certificate.
Outcome<std::vector<Payload>> openRestoreBlob(const RestoreBlob& blob, CustodianKey& exchangeKey);

} // namespace custos::crypto::sd
