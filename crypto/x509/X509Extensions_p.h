#pragma once

// Private to crypto/x509: the X.509 v3 extensions Custos writes (into certificates and CSRs) and
// reads back (from certificates, CSRs and foreign files), by the names of the public headers.

#include "SubjectAltName.h"
#include "X509Handles_p.h"

#include "crypto/Outcome.h"

#include <QByteArray>
#include <QList>
#include <QStringList>

#include <optional>

namespace custos::crypto::x509::detail {

// Each adds one extension to `extensions`. Names were validated (CertificateProfile,
// SubjectAltName); an unknown one is still refused here.
Outcome<void> addSubjectAltNames(ExtensionsPtr& extensions, const QList<SubjectAltName>& names);
Outcome<void> addKeyUsage(ExtensionsPtr& extensions, const QStringList& names); // critical
Outcome<void> addExtendedKeyUsage(ExtensionsPtr& extensions, const QStringList& names);
Outcome<void> addBasicConstraints(ExtensionsPtr& extensions, bool isCa, std::optional<int> pathLength); // critical
Outcome<void> addNameConstraints(ExtensionsPtr& extensions, const QStringList& permittedDnsSubtrees);   // critical
Outcome<void> addCrlDistributionPoint(ExtensionsPtr& extensions, const QString& url);
Outcome<void> addCaIssuers(ExtensionsPtr& extensions, const QString& url);
Outcome<void> addSubjectKeyIdentifier(ExtensionsPtr& extensions, const QByteArray& keyId);
Outcome<void> addAuthorityKeyIdentifier(ExtensionsPtr& extensions, const QByteArray& keyId);

// The EKU names of CertificateProfile.h and their OIDs: NID_undef for an unknown name; the dotted
// OID for an unknown OID.
int extendedKeyUsageNid(const QString& name);
QString extendedKeyUsageName(const ASN1_OBJECT* object);

// What the extensions say; absent ones leave the defaults. Unreadable extensions are skipped.
struct ExtensionFacts
{
    QList<SubjectAltName> subjectAltNames;
    QStringList keyUsages;
    QStringList extendedKeyUsages;
    bool isCa = false;
    std::optional<int> pathLength;
    QStringList permittedDnsSubtrees;
    QString crlDistributionPoint;
    QString caIssuersUrl;
};
ExtensionFacts readExtensions(const STACK_OF(X509_EXTENSION) * extensions);

} // namespace custos::crypto::x509::detail
