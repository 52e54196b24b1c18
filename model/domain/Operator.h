#pragma once

#include <QByteArray>
#include <QDateTime>
#include <QString>

namespace custos::model {

struct Operator
{
    qint64 id = 0;
    QString name;
    QString displayName;
    QString kdf;           // crypto::KdfParams::encode()
    QByteArray salt;       // scrypt salt
    QByteArray verifier;   // second half of the derived key: proves the passphrase without decrypting
    QByteArray wrappedPin; // token user PIN, AES-256-GCM under the first half, aad = "custos-pin:" + name
    bool enabled = true;
    int failedAttempts = 0;
    QDateTime lockedUntil;        // invalid when not locked
    QDateTime lastLogin;          // the last successful login; invalid: never
    QString lastLoginWorkstation; // host name it came from
    // Optional second factor (`operator enroll-card`): the token label and certificate label of the
    // operator's card, and that certificate (DER). Empty: passphrase only.
    QString cardTokenLabel;
    QString cardCertLabel;
    QByteArray cardCertificate;
    bool hasCard() const { return !cardCertificate.isEmpty(); }
    QDateTime created;
    QDateTime updated;
};

} // namespace custos::model
