#pragma once

// `key import` and the import wizard: keys from files, pasted text, another token's objects and
// BYOK transfer files, previewed before anything lands and imported through the one service path.
// Every import is one audited operation (KeyImport, keys/import/action) whose details name the
// source format and the public key's SHA-256 fingerprint, never the key.

#include "OperationContext.h"
#include "crypto/Outcome.h"
#include "crypto/import/KeyFile.h"
#include "model/domain/Key.h"

#include <QCoro/QCoroTask>
#include <QDateTime>
#include <QMap>
#include <QObject>
#include <QStringList>

#include <memory>
#include <optional>

namespace custos::model {

class ServicePath;

// The bytes to import: a file's content or pasted text, or contents read already (a token object).
struct KeyImportSource
{
    QByteArray bytes;
    QString fileName; // for messages and the name-versus-content warning; may be empty (paste)
    crypto::import::KeyFileFormat format = crypto::import::KeyFileFormat::Auto;
    std::shared_ptr<const crypto::SecureBuffer> password; // may be null
    // Set instead of bytes for a PKCS#11 token object (crypto/import/TokenObjectSource.h).
    std::shared_ptr<const crypto::import::KeyFileContents> contents;
};

// A key already in a vault with the same public key (found by SubjectPublicKeyInfo).
struct KeyImportDuplicate
{
    QString vault;
    QString name;
    QString versionId;
    bool deleted = false;
};

// One key of the source as the preview shows it.
struct KeyImportCandidate
{
    int index = 0; // KeyImportRequest::keyIndex
    QString label; // "key", "JWK 2 (kid 'sig-1')", "PKCS#12 entry 'server'", the file name in bulk mode
    crypto::KeyKind kind = crypto::KeyKind::Rsa;
    int size = 0;               // RSA/AES bits; 0 for EC
    QString curve;              // EC
    bool publicOnly = false;    // a verify-only key: SPKI, a certificate or a JWK without "d"
    QString fingerprint;        // SHA-256 of the SubjectPublicKeyInfo DER, lowercase hex; empty for oct
    QByteArray certificateDer;  // the key's certificate when one came along
    QString certificateSubject; // and its subject, issuer, expiry for the preview
    QString certificateIssuer;
    QDateTime certificateNotAfter;
    QStringList chainSubjects;            // the other certificates, leaf's issuer first
    QStringList warnings;                 // this key's and the file's (RSA < 2048, SHA-1 signature, legacy PBE)
    QStringList keyOps;                   // what the key would get without --ops (a JWK's key_ops narrow it)
    QList<KeyImportDuplicate> duplicates; // in vaults the operator may read
    QString
        refusal; // non-empty when this key cannot be imported, and why ("RSA 1024: expected 2048, 3072 or 4096 bits")
};

struct KeyImportPreview
{
    QString format;     // crypto::import::KeyFileContents::format, or "BYOK (CKM_RSA_AES_KEY_WRAP)"
    QString encryption; // empty when the source was not encrypted
    QStringList warnings;
    QList<KeyImportCandidate> keys;
    // A .byok file: the KEK id it was made for and its generator. The key's type is known only once
    // it is unwrapped inside the token, so keys is empty.
    bool isByok = false;
    QString byokKid;
    QString byokGenerator;
};

struct KeyImportRequest
{
    QString vault;
    QString name; // KeyService::isValidName
    KeyImportSource source;
    int keyIndex = 0; // which key of the source (KeyImportCandidate::index)
    QString kek;      // a .byok source: the KEK's name in the same vault; its kid must match the file's
    std::optional<Protection> protection; // unset: the vault's (BYOK and KEK-wrapped keys are always hsm)
    bool exportable = false;              // software keys only; adds export to key_ops
    QStringList keyOps;                   // empty: the candidate's keyOps
    // Add the key as a new version of the existing key `name` (same type and size or curve)
    // instead of creating it; Conflict when `name` does not exist.
    bool asVersion = false;
    bool enabled = true;
    QDateTime notBefore; // invalid: none
    QDateTime expires;   // invalid: none; must be after now
    QMap<QString, QString> tags;
};

struct KeyImportResult
{
    KeyRecord key; // with the imported version as currentVersion
    QString format;
    QString fingerprint; // empty for oct
    bool publicOnly = false;
    bool newVersion = false; // asVersion
    QStringList warnings;
};

class KeyImportService : public QObject
{
    Q_OBJECT
public:
    explicit KeyImportService(ServicePath& path, QObject* parent = nullptr);

    // Reads the source off the calling thread and describes every key in it, with duplicates in
    // the vaults the operator may read. Changes nothing and is not audited; needs a login. `vault`
    // (may be empty) only sets which protection the default key_ops assume.
    QCoro::Task<Outcome<KeyImportPreview>> preview(KeyImportSource source, QString vault = {});

    // Imports one key of the source [keys/import/action at /vaults/V/keys/NAME]. HSM keys become
    // token objects (RSA/EC through Token::importKeyPair, AES through importSecretKey, BYOK through
    // unwrapByok, never in clear outside the token); software keys are sealed like generated ones;
    // public-only keys store the public key alone (key_ops within verify, encrypt, wrapKey).
    // Refused before anything is written: a bad file, a wrong password, a refused candidate, a name
    // in use (unless asVersion), a type mismatch with asVersion, a KEK that is missing, not an
    // HSM RSA key with key_ops exactly [import], or whose kid differs from the file's.
    QCoro::Task<Outcome<KeyImportResult>> importKey(KeyImportRequest request, OperationContext context = {});

Q_SIGNALS:
    void keysChanged(); // after a committed import (Services forwards it to KeyService::keysChanged)

private:
    ServicePath& m_path;
};

} // namespace custos::model
