#pragma once

// A custodian's RSA key as the ceremonies use it: the certificate that names the holder, and the
// one private operation a share needs, RSA-OAEP decryption of a JWE's CEK. Implementations keep
// the private key where it lives (a file's key in secure memory, a card's key on the card) and
// wipe what they hold in wipe() and on destruction.

#include "crypto/Outcome.h"
#include "crypto/SecureBuffer.h"

#include <QByteArray>
#include <QByteArrayView>
#include <QString>

#include <memory>

namespace custos::crypto::sd {

enum class OaepHash { Sha1, Sha256 };

class CustodianKey
{
public:
    virtual ~CustodianKey() = default;
    virtual QByteArray certificateDer() const = 0;
    // Where the key came from, for messages: the file path or the pkcs11: URI.
    virtual QString source() const = 0;
    // Failed "... cannot decrypt this share" when the padding does not check out (wrong key).
    virtual Outcome<SecureBuffer> decryptOaep(QByteArrayView ciphertext, OaepHash hash) = 0;
    virtual void wipe() = 0;
};

// A custodian certificate as the download ceremony accepts it.
struct CustodianCertificate
{
    QByteArray der;
    QString holder;  // the subject's CN (Invalid when there is none)
    QString x5t256;  // B64URL(SHA-256(der))
    int rsaBits = 0;
    QString notAfter; // ISO 8601 UTC
};
// PEM or DER. Invalid naming what is wrong: "not an X.509 certificate", "holds an EC key: a
// custodian certificate holds an RSA key of at least 2048 bits", "RSA-1024 is too small: ...",
// "has no subject CN naming its holder".
Outcome<CustodianCertificate> readCustodianCertificate(const QByteArray& bytes);

QString certificateThumbprint(const QByteArray& certificateDer); // x5t_256

// The certificate az expects next to a key file: "dir/cert_0.key" -> "dir/cert_0.cer"
// (SECURITY-DOMAIN.md §11).
QString certificatePathForKey(const QString& keyPath);

// A key file custodian: a PEM (or DER) private key, plain or encrypted (PKCS#8, traditional),
// and its certificate (PEM or DER; default certificatePathForKey). Invalid when the key does not
// belong to the certificate ("the key in F is not the key of certificate G"), the password is
// missing or wrong ("wrong password for F"), or a file cannot be read (path and reason). The key
// is held in secure memory until wipe().
Outcome<std::unique_ptr<CustodianKey>> openCustodianKeyFile(const QString& keyPath, const SecureBuffer* password,
                                                            const QString& certificatePath = {});

// A new custodian for teams without cards: an RSA key (2048..4096, default 3072) as encrypted
// PKCS#8 PEM (PBES2, AES-256-CBC, PBKDF2-HMAC-SHA256) and a self-signed certificate (PEM,
// CN = holder, 3 years) for it. Invalid for an empty holder or password, or a bad size.
struct CustodianFiles
{
    QByteArray keyPem; // encrypted: safe to write to disk
    QByteArray certificatePem;
    QString x5t256;
};
Outcome<CustodianFiles> createCustodianKeyFile(const QString& holder, const SecureBuffer& password, int rsaBits = 3072);

} // namespace custos::crypto::sd
