#pragma once

// An operator's card (second factor): another token of an already loaded PKCS#11 module, found by
// its label, holding a certificate and the private key with the same CKA_ID. Login proves
// possession by having the card sign a challenge, checked against the enrolled certificate.

#include "Pkcs11Module.h"

#include "crypto/Outcome.h"
#include "crypto/SecureBuffer.h"
#include "crypto/keys/JoseAlgorithm.h"

#include <QByteArray>
#include <QString>

#include <memory>

namespace custos::crypto {

// The signature algorithm a card key signs with, from its certificate's key: ES256/ES384/ES512
// for EC P-256/384/521, RS256 (PKCS#1 v1.5) for RSA; Invalid naming the key otherwise.
Outcome<JoseAlgorithm> cardSignatureAlgorithm(const QByteArray& certificateDer);

// Checks `signature` over `data` with the certificate's public key (as cardSignatureAlgorithm
// says). Denied "... does not verify ..." when it does not: the key is not the certificate's.
Outcome<void> verifyCardSignature(const QByteArray& certificateDer, const QByteArray& data,
                                  const QByteArray& signature);

// One read-only session on the card for one job (sign a challenge), logged in with the card's
// PIN and logged out and closed again on destruction. Call it on one thread; never on the guarded
// (GUI) thread. The card must not be the workspace's own token: logging out would end that login.
class CardSigner
{
public:
    // NotFound "no token labelled ..." when no card with that label is present; Denied when the
    // token refuses the PIN (wrong, locked, wrong length).
    static Outcome<std::unique_ptr<CardSigner>> open(Pkcs11Module& module, const QString& tokenLabel,
                                                     const SecureBuffer& pin);
    ~CardSigner();
    CardSigner(const CardSigner&) = delete;
    CardSigner& operator=(const CardSigner&) = delete;

    QString tokenLabel() const { return m_tokenLabel; }

    // The DER of the one certificate object with CKA_LABEL `certLabel`; NotFound names the label
    // and the token.
    Outcome<QByteArray> certificate(const QString& certLabel);
    // Signs `data` with the private key sharing that certificate's CKA_ID: the digest in software,
    // then CKM_ECDSA (raw r||s) or CKM_RSA_PKCS over the DigestInfo (what cards commonly offer).
    Outcome<QByteArray> sign(const QString& certLabel, const QByteArray& data);

private:
    CardSigner() = default;
    struct CertificateObject
    {
        QByteArray der;
        QByteArray id;
    };
    Outcome<CertificateObject> findCertificate(const QString& certLabel);

    CK_FUNCTION_LIST* m_functions = nullptr;
    CK_SESSION_HANDLE m_session = CK_INVALID_HANDLE;
    QString m_tokenLabel;
    bool m_loggedIn = false;
};

} // namespace custos::crypto
