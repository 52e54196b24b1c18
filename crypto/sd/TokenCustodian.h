#pragma once

// A custodian whose key is on a PKCS#11 token (the custodian's smart card; in tests a second
// SoftHSM2 token in the workspace's token directory). The private key never leaves the card: it
// decrypts with CKM_RSA_PKCS_OAEP (SHA-256) when the token offers it, and otherwise with raw RSA
// (CKM_RSA_X_509), the OAEP decoding done in secure memory (SoftHSM2 2.6.1 has OAEP with SHA-1 only).

#include "CustodianKey.h"

#include "crypto/pkcs11/Pkcs11Module.h"

namespace custos::crypto::sd {

// "pkcs11:token=LABEL;object=LABEL" (RFC 7512, percent-encoding honoured; other attributes ignored).
struct Pkcs11Uri
{
    QString token;
    QString object;
    QString modulePath; // the query attribute module-path= (or a path attribute of that name), if any
    static Outcome<Pkcs11Uri> parse(const QString& text); // Invalid naming what is missing
    QString toString() const;
    static bool looksLikeUri(const QString& text) { return text.startsWith(QLatin1String("pkcs11:")); }
};

// Generates an RSA key pair (2048..4096) on the token labelled `tokenLabel` (logged in with
// `pin`), CKA_LABEL = CKA_ID-sharing `objectLabel`, private key sensitive and not extractable,
// and stores a self-signed certificate (CN = holder) for it as a certificate object with the same
// label and id. Returns the certificate (DER). Conflict when the token already has that label.
Outcome<QByteArray> createCustodianOnToken(Pkcs11Module& module, const QString& tokenLabel, const SecureBuffer& pin,
                                           const QString& objectLabel, const QString& holder, int rsaBits = 3072);

// Undoes createCustodianOnToken (the service's undo when the operation's audit event cannot be
// written): every object labelled `objectLabel` with the CKA_ID of the certificate object whose
// value is `certificateDer`. Nothing of the kind on the token is success.
Outcome<void> removeCustodianFromToken(Pkcs11Module& module, const QString& tokenLabel, const SecureBuffer& pin,
                                       const QString& objectLabel, const QByteArray& certificateDer);

// Opens the custodian `uri` names: one session, logged in with `pin`, until wipe() or destruction
// (logout, close). NotFound for a missing token or object; Denied for a refused PIN.
Outcome<std::unique_ptr<CustodianKey>> openTokenCustodian(Pkcs11Module& module, const Pkcs11Uri& uri,
                                                          const SecureBuffer& pin);

// EME-OAEP decoding (RFC 8017 §7.1.2) of a raw RSA output `em` (modulus-sized) with MGF1 of the
// same hash and an empty label, in secure memory. Failed "decryption error" on any mismatch, in
// constant time with respect to where it failed.
Outcome<SecureBuffer> decodeOaep(const SecureBuffer& em, OaepHash hash);

} // namespace custos::crypto::sd
