#pragma once

#include "Key.h"
#include "crypto/Outcome.h"

#include <QByteArray>
#include <QDateTime>
#include <QJsonObject>
#include <QList>

namespace custos::model {

// `key backup`'s blob: self-describing JSON, "format": "custos-key-backup-1". The key's attributes,
// policy and tags and each version's attributes and public key in clear; private parts only bound
// to the workspace's domain key: an HSM version's key wrapped under it (CKM_AES_KEY_WRAP_PAD), a
// software version's PKCS#8 encrypted (AES-256-GCM, aad backupAad(version id)) under a content key
// that travels wrapped under it. "integrity" is a GCM tag under that content key over everything
// else in the blob, so attributes (exportable, key_ops, ...) cannot be edited on the way.
struct KeyBackupVersion
{
    KeyVersion version;
    QByteArray wrappedKey;       // HSM versions
    QByteArray encryptedPrivate; // software versions
};

struct KeyBackup
{
    KeyRecord key; // its vault is the one it was backed up from; id and deletion fields unused
    QDateTime made;
    QByteArray wrappedContentKey;
    QList<KeyBackupVersion> versions; // oldest first
    QByteArray integrity;             // encryptWithContentKey(integrityMarker, integrityAad(canonical))
    QByteArray canonical;             // decode: the bytes `integrity` covers
    // The security-domain key (DomainKeyRecord::id) everything is wrapped under: member
    // "domainKeyId". Empty for blobs made before domain keys had ids: the key labelled
    // kDomainKeyLabel (the one `init` made).
    QString domainKeyId;
};

class KeyBackupFormat
{
public:
    static QString formatName();                           // "custos-key-backup-1"
    static QByteArray backupAad(const QString& versionId); // "custos-key-backup:" + id
    static QByteArray integrityMarker();                   // the plaintext of "integrity"
    static QByteArray integrityAad(const QByteArray& canonical);
    // Compact JSON of everything but "integrity" (keys sorted, so the same bytes after a round trip).
    static QByteArray canonical(const KeyBackup& backup);
    static QByteArray encode(const KeyBackup& backup);
    // Invalid naming what is wrong ("not a Custos key backup: expected format custos-key-backup-1").
    static Outcome<KeyBackup> decode(const QByteArray& blob);

    // The parts, for the workspace backup (WorkspaceBackupFormat), which carries keys the same way.
    static QJsonObject keyToJson(const KeyRecord& key);
    // Invalid with `what` prefixed ("the key backup is damaged: ...").
    static Outcome<KeyRecord> keyFromJson(const QJsonObject& json, const QString& what);
    static QJsonObject versionToJson(const KeyBackupVersion& version);
    static Outcome<KeyBackupVersion> versionFromJson(const QJsonObject& json, const KeyRecord& key,
                                                     const QString& what);
};

} // namespace custos::model
