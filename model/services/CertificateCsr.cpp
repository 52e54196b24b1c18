// External CAs, first half: `cert csr` and `ca create --issuer external` make the key and a first
// certificate version that is pending with a CSR signed by the new key (proof of possession); the
// signed certificate comes back through `merge` (CertificateMerge.cpp).

#include "CertificateService.h"
#include "CertificateSupport_p.h"
#include "ServicePath.h"
#include "VaultService.h"
#include "crypto/Random.h"
#include "crypto/x509/CertificateProfile.h"
#include "crypto/x509/CertificateRequest.h"
#include "crypto/x509/DistinguishedName.h"
#include "crypto/x509/SubjectAltName.h"
#include "model/store/Stores.h"

#include <QJsonArray>

namespace custos::model {

using namespace certsupport;
using crypto::KeyKind;

namespace {

constexpr int kMaxMonths = 600;
const QString kExternalIssuer = QStringLiteral("Unknown"); // the policy's issuer of an external CA's certificate

// The engine side of a pending certificate: the new key, then the CSR it signs.
struct PendingState
{
    std::shared_ptr<IssuanceState> issuance;
    x509::CsrSpec csr; // everything but the public key, which the engine step fills in
    QByteArray csrDer;
};

Outcome<void> checkMonths(int months)
{
    if (months < 1 || months > kMaxMonths)
        return makeError(ErrorKind::Invalid,
                         QStringLiteral("invalid validity %1 months: expected 1 to %2").arg(months).arg(kMaxMonths));
    return {};
}

// The engine and undo steps: the key version (with its intent row), then the CSR signed by it; on a
// signing failure the new key's token objects are destroyed before the step returns.
template <typename T>
void usePendingEngine(Steps<T>& steps, std::shared_ptr<PendingState> pending)
{
    const IssuanceState& s = *pending->issuance;
    auto version = keysupport::makeVersionEngine(s.token, s.shape, s.keyVersionId, s.material);
    steps.intentId = version.intentId;
    steps.undoEngine = version.undo;
    auto makeKey = version.engine;
    auto undoKey = version.undo;
    steps.engine = [pending, makeKey, undoKey]() -> Outcome<void> {
        if (auto made = makeKey(); !made)
            return made;
        x509::CsrSpec spec = pending->csr;
        spec.subjectPublicKeyDer = pending->issuance->material->publicKeyDer;
        auto csr = x509::createCertificateRequest(spec, engineKeySigner(newIssuanceKey(*pending->issuance)));
        if (!csr) {
            if (undoKey)
                undoKey();
            return csr.error();
        }
        pending->csrDer = csr.value();
        return {};
    };
}

// The vault is active, the protection fits it and the name is free (the precheck of both).
Outcome<void> checkTarget(Database& db, const QString& vaultName, const QString& name, Protection protection)
{
    auto vault = keysupport::activeVault(db, vaultName);
    if (!vault)
        return vault.error();
    if (vault->protection == Protection::Hsm && protection == Protection::Software)
        return makeError(ErrorKind::Invalid,
                         QStringLiteral("vault '%1' is hsm-protected: software keys are not allowed").arg(vault->name));
    return checkNameFree(db, vault->name, name);
}

// Persist side: the key row with its first version, the certificate row and its pending version.
Outcome<CertificateRecord> persistPending(Database& db, const PendingState& pending, CertificateRecord certificate,
                                          KeyRecord key, const QString& certificateVersionId, const QDateTime& now,
                                          QJsonObject& details)
{
    const IssuanceState& s = *pending.issuance;
    CertificateVersion version;
    version.id = certificateVersionId;
    version.csrDer = pending.csrDer;
    auto created = insertCertificateWithKey(db, s, key, QDateTime(), certificate, version, now);
    if (!created)
        return created.error();
    details.insert(QStringLiteral("pending"), true);
    details.insert(QStringLiteral("keyVersion"), s.keyVersionId);
    details.insert(QStringLiteral("publicKeyFingerprint"), keysupport::fingerprint(s.material->publicKeyDer));
    return created;
}

// The validated, defaulted form of a `cert csr` request, and its CSR (without the public key).
Outcome<x509::CsrSpec> planCsr(CertificateIssueRequest* r)
{
    if (auto names = checkNames(r->vault, r->name); !names)
        return names.error();
    if (r->subject.trimmed().isEmpty())
        return makeError(ErrorKind::Invalid,
                         QStringLiteral("a CSR needs a subject: expected e.g. --subject \"CN=web01.example.test\""));
    x509::CsrSpec spec;
    auto subject = x509::parseDistinguishedName(r->subject);
    if (!subject)
        return subject.error();
    spec.subjectDer = subject.value();
    for (const QString& text : r->subjectAltNames) {
        auto san = x509::parseSubjectAltName(text);
        if (!san)
            return san.error();
        spec.subjectAltNames << san.value();
    }
    if (auto shape = normaliseKeyShape(r->kty, &r->size, &r->curve, 2048); !shape)
        return shape.error();
    auto profile = x509::certificateProfile(r->profile, r->kty, r->keyUsages, r->extendedKeyUsages);
    if (!profile)
        return profile.error();
    spec.keyUsages = profile->keyUsages;
    spec.extendedKeyUsages = profile->extendedKeyUsages;
    const bool tlsServer = spec.extendedKeyUsages.contains(QLatin1String("serverAuth"));
    const bool hasHostName = std::any_of(spec.subjectAltNames.cbegin(), spec.subjectAltNames.cend(), [](const auto& s) {
        return s.kind == x509::SanKind::Dns || s.kind == x509::SanKind::Ip;
    });
    if (tlsServer && !hasHostName)
        return makeError(ErrorKind::Invalid,
                         QStringLiteral("a TLS server certificate needs a dns: or ip: SAN: clients match the host "
                                        "name against SANs only (e.g. --san dns:web01.example.test)"));
    if (auto months = checkMonths(r->months); !months)
        return months.error();
    // Renewal of an external CA's certificate is a new CSR, so nothing could carry out an AutoRenew.
    if (!r->actions.isEmpty() || r->reuseKey)
        return makeError(ErrorKind::Invalid,
                         QStringLiteral("lifetime actions and --reuse-key need a Custos issuer: an external CA's "
                                        "certificate is renewed with a new `cert csr`"));
    if (r->exportable && r->protection == Protection::Hsm)
        return makeError(ErrorKind::Invalid,
                         QStringLiteral("certificate '%1' cannot have an exportable key: only software-protected "
                                        "keys can be exportable (--protection software)")
                             .arg(r->name));
    r->issuer = kExternalIssuer;
    return spec;
}

// The validated, defaulted form of `ca create --issuer external`, and its CSR (without the public key).
Outcome<x509::CsrSpec> planExternalCa(CaCreateRequest* r)
{
    if (auto names = checkNames(r->vault, r->name); !names)
        return names.error();
    if (r->subject.trimmed().isEmpty())
        return makeError(ErrorKind::Invalid,
                         QStringLiteral("a CA needs a subject: expected e.g. --subject \"CN=Example Issuing CA\""));
    auto subject = x509::parseDistinguishedName(r->subject);
    if (!subject)
        return subject.error();
    if (auto shape = normaliseKeyShape(r->kty, &r->size, &r->curve, 3072); !shape)
        return shape.error();
    if (r->months == 0)
        r->months = 60; // the external CA decides; this is what the policy records
    if (auto months = checkMonths(r->months); !months)
        return months.error();
    if (r->pathLength < -1)
        return makeError(ErrorKind::Invalid,
                         QStringLiteral("invalid path length %1: expected 0 or more").arg(r->pathLength));
    if (r->crlDays < 1 || r->crlDays > 366)
        return makeError(ErrorKind::Invalid,
                         QStringLiteral("invalid CRL validity %1 days: expected 1 to 366").arg(r->crlDays));
    for (const QString& subtree : r->permittedDnsSubtrees) {
        if (auto dns = x509::parseSubjectAltName(QStringLiteral("dns:") + subtree); !dns || subtree.contains('*'))
            return makeError(
                ErrorKind::Invalid,
                QStringLiteral("invalid name constraint '%1': expected a DNS name such as example.test").arg(subtree));
    }
    x509::CsrSpec spec;
    spec.subjectDer = subject.value();
    spec.isCa = true;
    spec.keyUsages = {QStringLiteral("keyCertSign"), QStringLiteral("cRLSign")};
    if (r->pathLength >= 0)
        spec.pathLength = r->pathLength;
    return spec;
}

CertificatePolicy pendingPolicy(const CertificateIssueRequest& r)
{
    CertificatePolicy policy;
    policy.issuer = kExternalIssuer;
    policy.profile = r.profile;
    policy.subject = r.subject;
    policy.subjectAltNames = r.subjectAltNames;
    policy.keyUsages = r.keyUsages;
    policy.extendedKeyUsages = r.extendedKeyUsages;
    policy.kty = r.kty;
    policy.size = r.kty == KeyKind::Ec ? 0 : r.size;
    policy.curve = r.curve;
    policy.protection = r.protection.value_or(Protection::Software);
    policy.exportable = r.exportable;
    policy.validityMonths = r.months;
    policy.contacts = r.contacts;
    return policy;
}

// The steps of both: validation in the precheck, the key and CSR in the engine, the rows in persist.
// `key` and `certificate` are the rows to insert (without ids and times).
Steps<CertificateRecord> pendingSteps(std::shared_ptr<PendingState> pending, const Outcome<x509::CsrSpec>& plan,
                                      KeyRecord key, CertificateRecord certificate, const QString& certificateVersionId,
                                      const QDateTime& now)
{
    Steps<CertificateRecord> steps;
    if (plan) {
        pending->issuance->shape =
            keysupport::VersionShape{key.vault, key.name, key.kty, key.size, key.curve, key.protection};
        pending->csr = plan.value();
        usePendingEngine(steps, pending);
    }
    const Error invalid = plan ? Error{} : plan.error();
    const bool isValid = bool(plan);
    steps.precheck = [isValid, invalid, key](Database& db) -> Outcome<void> {
        if (!isValid)
            return invalid;
        return checkTarget(db, key.vault, key.name, key.protection);
    };
    steps.persist = [pending, key, certificate, certificateVersionId, now](Database& db, QJsonObject& details) {
        details.insert(QStringLiteral("subject"), certificate.policy.subject);
        return persistPending(db, *pending, certificate, key, certificateVersionId, now, details);
    };
    return steps;
}

} // namespace

QCoro::Task<Outcome<CertificateRecord>> CertificateService::createCsr(CertificateIssueRequest request,
                                                                      OperationContext context)
{
    Operation op = newCertificateOperation(m_path.database(), QStringLiteral("CertificateCsrCreate"), &request,
                                           kExternalIssuer, context);

    auto plan = planCsr(&request);
    const QString certificateVersionId = crypto::randomId();
    if (plan)
        op.details.insert(QStringLiteral("version"), certificateVersionId);
    KeyRecord key;
    key.name = request.name;
    key.vault = request.vault;
    key.kty = request.kty;
    key.size = request.kty == KeyKind::Ec ? 0 : request.size;
    key.curve = request.curve;
    key.protection = request.protection.value_or(Protection::Hsm);
    key.exportable = request.exportable;
    key.keyOps = certificateKeyOps(request.kty, request.exportable);
    CertificateRecord certificate;
    certificate.vault = request.vault;
    certificate.name = request.name;
    certificate.policy = pendingPolicy(request);
    auto pending = std::make_shared<PendingState>();
    pending->issuance = newIssuanceState(m_path, m_hsm);
    auto steps = pendingSteps(pending, plan, key, certificate, certificateVersionId, m_path.now());

    auto task = m_path.run(std::move(op), std::move(steps));
    auto outcome = co_await task;
    if (outcome)
        Q_EMIT certificatesChanged(outcome->vault);
    co_return outcome;
}

QCoro::Task<Outcome<CertificateRecord>> CertificateService::createExternalCa(CaCreateRequest request,
                                                                             OperationContext context)
{
    if (!request.protection)
        request.protection = Protection::Hsm;
    Operation op = certificateOperation(QStringLiteral("CertificateAuthorityCreate"), kCaPermission, request.vault,
                                        request.name, context);
    op.details.insert(QStringLiteral("issuer"), QStringLiteral("external"));
    op.details.insert(QStringLiteral("kty"), keyTypeName(request.kty));
    op.details.insert(QStringLiteral("protection"), protectionName(*request.protection));

    auto plan = planExternalCa(&request);
    const QString certificateVersionId = crypto::randomId();
    if (plan)
        op.details.insert(QStringLiteral("version"), certificateVersionId);
    const KeyRecord key = caKeyRecord(request);
    const CertificateRecord certificate = caCertificateRecord(request, kExternalIssuer);
    auto pending = std::make_shared<PendingState>();
    pending->issuance = newIssuanceState(m_path, m_hsm);
    auto steps = pendingSteps(pending, plan, key, certificate, certificateVersionId, m_path.now());

    auto task = m_path.run(std::move(op), std::move(steps));
    auto outcome = co_await task;
    if (outcome)
        Q_EMIT certificatesChanged(outcome->vault);
    co_return outcome;
}

} // namespace custos::model
