#pragma once

#include "model/domain/Certificate.h"

#include <QJsonObject>

namespace custos::app {

// Certificates in JSON with Key Vault's field names (id, kid, x5t, cer, attributes {enabled, nbf,
// exp, created, updated}, policy), plus name, serial, subject, issuer and subjectAltNames.
class CertificateJson
{
public:
    static QJsonObject bundle(const model::CertificateRecord& certificate, const model::CertificateVersion& version);
    static QJsonObject bundle(const model::CertificateRecord& certificate)
    {
        return bundle(certificate, certificate.currentVersion);
    }
    static QJsonObject version(const model::CertificateRecord& certificate, const model::CertificateVersion& version);
};

} // namespace custos::app
