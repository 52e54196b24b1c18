#pragma once

// What Custos puts into the EncData items of its security-domain files (issue 7): the workspace's
// identity under one tag and each domain key under its own, so a restore brings back the active
// key and the retired ones (old backups still restore).

#include "crypto/Outcome.h"

#include <QByteArray>
#include <QDateTime>
#include <QString>
#include <QStringList>

namespace custos::model {

inline constexpr const char* kIdentityTag = "custos_workspace";
inline constexpr const char* kDomainKeyTagPrefix = "custos_domain_key_";

QString domainKeyTag(const QString& domainKeyId); // "custos_domain_key_" + id
// The id of a domain-key tag; empty for any other tag.
QString domainKeyIdFromTag(const QString& tag);
// The token label a domain key gets: the first one init made keeps kDomainKeyLabel; others
// "custos-domain-key-" + id.
QString domainKeyLabelFor(const QString& domainKeyId);

struct SecurityDomainIdentity
{
    QString workspaceId;
    QString workspaceName;
    QDateTime workspaceCreated;
    QString activeDomainKeyId;
    QStringList domainKeyIds; // every key the file carries, the active one included

    QByteArray toJson() const; // compact, "format": "custos-security-domain-identity-1"
    // Invalid "the security-domain file's identity item is not ..." naming what is wrong.
    static Outcome<SecurityDomainIdentity> fromJson(const QByteArray& json);
};

} // namespace custos::model
