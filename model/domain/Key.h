#pragma once

#include "KeyRotationPolicy.h"
#include "Vault.h"
#include "crypto/pkcs11/Token.h"

#include <QByteArray>
#include <QDateTime>
#include <QMap>
#include <QString>
#include <QStringList>

namespace custos::model {

// One version of a key (Key Vault's "key version"): its own attributes and public part. A software
// key's sealed private part stays in the store (KeyStore::sealedPrivate) and is never carried here.
struct KeyVersion
{
    QString id;  // 32 lowercase hex; for HSM keys also the token objects' CKA_ID
    int seq = 0; // 1, 2, ... in creation order
    bool enabled = true;
    QDateTime notBefore; // invalid: none
    QDateTime expires;   // invalid: none
    QDateTime created;
    QDateTime updated;
    QMap<QString, QString> tags;
    QByteArray publicKeyDer; // SubjectPublicKeyInfo DER; empty for oct
};

struct KeyRecord
{
    qint64 id = 0;
    QString name;
    QString vault; // the vault's name
    crypto::KeyKind kty = crypto::KeyKind::Rsa;
    int size = 0;  // RSA modulus or AES key bits; 0 for EC
    QString curve; // "P-256", "P-384", "P-521" for EC; empty otherwise
    Protection protection = Protection::Hsm;
    bool exportable = false;
    QStringList keyOps; // Key Vault's names: sign, verify, encrypt, ...
    QMap<QString, QString> tags;
    bool allowRsa15 = false; // RSA1_5 decryption/unwrap is off unless `key set --allow-rsa1_5 true`
    // Set by the certificates issue for a CA's key: `key sign`, `key export` and `key backup` on it
    // are refused for every role (ROLES.md).
    bool isCaKey = false;
    // Imported from a public key or a certificate alone (issue 8): no private part anywhere, key_ops
    // within verify, encrypt and wrapKey; rotate, backup and export of a private part are refused.
    bool publicOnly = false;
    KeyRotationPolicy policy;
    QDateTime created;
    QDateTime updated;
    QDateTime deleted;         // invalid unless soft-deleted
    QDateTime scheduledPurge;  // deleted + the vault's retention
    KeyVersion currentVersion; // the newest version

    bool isDeleted() const { return deleted.isValid(); }
    QString resourceId() const { return keyResourceId(vault, name); }
    QString kid() const { return versionResourceId(vault, name, currentVersion.id); }

    static QString keyResourceId(const QString& vault, const QString& name);
    static QString versionResourceId(const QString& vault, const QString& name, const QString& versionId);
};

// "RSA", "EC", "oct" (JWK kty) and back; case-sensitive as in JOSE.
QString keyTypeName(crypto::KeyKind kind);
bool parseKeyType(const QString& text, crypto::KeyKind* out);

} // namespace custos::model
