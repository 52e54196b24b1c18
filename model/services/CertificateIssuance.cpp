// `ca create` and `cert issue`: a new key (its name is the certificate's) and its first certificate
// version, signed by a Custos CA or by the new key itself, in one operation on the service path.

#include "CertificateService.h"
#include "CertificateSupport_p.h"
#include "ServicePath.h"
#include "VaultService.h"
#include "crypto/Random.h"
#include "crypto/x509/CertificateProfile.h"
#include "crypto/x509/DistinguishedName.h"
#include "crypto/x509/SubjectAltName.h"
#include "model/session/Session.h"
#include "model/session/Workspace.h"
#include "model/store/Stores.h"

#include <QJsonArray>

namespace custos::model {

using namespace certsupport;
using crypto::KeyKind;

namespace {

constexpr int kMaxMonths = 600; // 50 years: a root's lifetime, and a typo guard
constexpr int kDefaultRootMonths = 120;
constexpr int kDefaultIntermediateMonths = 60;

// The validated, defaulted form of an issue request, and what it turns into.
struct IssuePlan
{
    CertificateIssueRequest request;
    QByteArray subjectDer;
    QList<x509::SubjectAltName> subjectAltNames;
    x509::CertificateProfile profile;
    std::optional<CaReference> ca; // unset: "Self"
};

Outcome<QList<x509::SubjectAltName>> parseSubjectAltNames(const QStringList& texts)
{
    QList<x509::SubjectAltName> sans;
    for (const QString& text : texts) {
        auto san = x509::parseSubjectAltName(text);
        if (!san)
            return san.error();
        sans << san.value();
    }
    return sans;
}

Outcome<void> checkMonths(int months)
{
    if (months < 1 || months > kMaxMonths)
        return makeError(ErrorKind::Invalid,
                         QStringLiteral("invalid validity %1 months: expected 1 to %2").arg(months).arg(kMaxMonths));
    return {};
}

Outcome<void> checkLifetimeActions(const CertificateIssueRequest& r)
{
    for (const CertificateLifetimeAction& action : r.actions) {
        const bool byPercentage = action.lifetimePercentage != 0;
        if (byPercentage == (action.daysBeforeExpiry != 0))
            return makeError(ErrorKind::Invalid, QStringLiteral("a lifetime action needs exactly one trigger: a "
                                                                "percentage of the lifetime or days before expiry"));
        if (byPercentage && (action.lifetimePercentage < 1 || action.lifetimePercentage > 99))
            return makeError(
                ErrorKind::Invalid,
                QStringLiteral("invalid renewal point %1%: expected 1% to 99%").arg(action.lifetimePercentage));
        if (!byPercentage && (action.daysBeforeExpiry < 1 || action.daysBeforeExpiry > r.months * 31))
            return makeError(ErrorKind::Invalid,
                             QStringLiteral("invalid %1 days before expiry: expected 1 to %2 (the validity)")
                                 .arg(action.daysBeforeExpiry)
                                 .arg(r.months * 31));
        if (action.kind == CertificateLifetimeAction::Kind::EmailContacts && r.contacts.isEmpty())
            return makeError(ErrorKind::Invalid,
                             QStringLiteral("a notify action needs contacts: expected --contact EMAIL"));
    }
    for (const QString& contact : r.contacts) {
        if (auto email = x509::parseSubjectAltName(QStringLiteral("email:") + contact); !email)
            return makeError(ErrorKind::Invalid,
                             QStringLiteral("invalid contact '%1': expected an e-mail address").arg(contact));
    }
    return {};
}

Outcome<IssuePlan> planIssue(CertificateIssueRequest r)
{
    if (auto names = checkNames(r.vault, r.name); !names)
        return names.error();
    IssuePlan plan;
    if (r.issuer.compare(QLatin1String("Self"), Qt::CaseInsensitive) == 0) {
        r.issuer = QStringLiteral("Self");
    } else if (r.issuer.compare(QLatin1String("Unknown"), Qt::CaseInsensitive) == 0) {
        return makeError(ErrorKind::Invalid, QStringLiteral("issuer 'Unknown' (an external CA) makes a CSR: use "
                                                            "`cert csr`, then `cert merge` the signed certificate"));
    } else {
        auto ca = parseCaReference(r.issuer);
        if (!ca)
            return makeError(ErrorKind::Invalid,
                             QStringLiteral("invalid issuer '%1': expected VAULT/CA or Self").arg(r.issuer));
        plan.ca = ca.value();
    }
    if (r.subject.trimmed().isEmpty())
        return makeError(
            ErrorKind::Invalid,
            QStringLiteral("a certificate needs a subject: expected e.g. --subject \"CN=web01.example.test\""));
    auto subject = x509::parseDistinguishedName(r.subject);
    if (!subject)
        return subject.error();
    plan.subjectDer = subject.value();
    auto sans = parseSubjectAltNames(r.subjectAltNames);
    if (!sans)
        return sans.error();
    plan.subjectAltNames = sans.value();
    if (auto shape = normaliseKeyShape(r.kty, &r.size, &r.curve, 2048); !shape)
        return shape.error();
    auto profile = x509::certificateProfile(r.profile, r.kty, r.keyUsages, r.extendedKeyUsages);
    if (!profile)
        return profile.error();
    plan.profile = profile.value();
    const bool tlsServer = plan.profile.extendedKeyUsages.contains(QLatin1String("serverAuth"));
    const bool hasHostName = std::any_of(plan.subjectAltNames.cbegin(), plan.subjectAltNames.cend(), [](const auto& s) {
        return s.kind == x509::SanKind::Dns || s.kind == x509::SanKind::Ip;
    });
    if (tlsServer && !hasHostName)
        return makeError(ErrorKind::Invalid,
                         QStringLiteral("a TLS server certificate needs a dns: or ip: SAN: clients match the host "
                                        "name against SANs only (e.g. --san dns:web01.example.test)"));
    if (auto months = checkMonths(r.months); !months)
        return months.error();
    if (auto actions = checkLifetimeActions(r); !actions)
        return actions.error();
    if (r.exportable && r.protection == Protection::Hsm)
        return makeError(ErrorKind::Invalid,
                         QStringLiteral("certificate '%1' cannot have an exportable key: only software-protected "
                                        "keys can be exportable (--protection software)")
                             .arg(r.name));
    plan.request = r;
    return plan;
}

CertificatePolicy policyOf(const CertificateIssueRequest& r)
{
    CertificatePolicy policy;
    policy.issuer = r.issuer;
    policy.profile = r.profile;
    policy.subject = r.subject;
    policy.subjectAltNames = r.subjectAltNames;
    policy.keyUsages = r.keyUsages;
    policy.extendedKeyUsages = r.extendedKeyUsages;
    policy.kty = r.kty;
    policy.size = r.size;
    policy.curve = r.curve;
    policy.protection = r.protection.value_or(Protection::Software);
    policy.exportable = r.exportable;
    policy.reuseKey = r.reuseKey;
    policy.validityMonths = r.months;
    policy.actions = r.actions;
    policy.contacts = r.contacts;
    return policy;
}

} // namespace

QCoro::Task<Outcome<CertificateRecord>> CertificateService::issue(CertificateIssueRequest request,
                                                                  OperationContext context)
{
    Operation op = newCertificateOperation(m_path.database(), QStringLiteral("CertificateIssue"), &request,
                                           request.issuer, context);

    auto plan = planIssue(request);
    const Error invalid = plan ? Error{} : plan.error();
    const QDateTime now = m_path.now();
    const QString certificateVersionId = crypto::randomId();
    auto state = newIssuanceState(m_path, m_hsm);
    ServicePath* path = &m_path;

    if (plan) {
        const CertificateIssueRequest& r = plan->request;
        state->shape = keysupport::VersionShape{r.vault, r.name, r.kty, r.size, r.curve, *r.protection};
        state->spec.subjectDer = plan->subjectDer;
        state->spec.subjectAltNames = plan->subjectAltNames;
        state->spec.keyUsages = plan->profile.keyUsages;
        state->spec.extendedKeyUsages = plan->profile.extendedKeyUsages;
        state->spec.notBefore = validityStart(now);
        state->spec.notAfter = state->spec.notBefore.addMonths(r.months);
        op.details.insert(QStringLiteral("version"), certificateVersionId);
    }

    Steps<CertificateRecord> steps;
    const bool isValid = bool(plan);
    const std::optional<CaReference> caRef = plan ? plan->ca : std::nullopt;
    steps.precheck = [isValid, invalid, request, caRef, state, path, now](Database& db) -> Outcome<void> {
        if (!isValid)
            return invalid;
        auto vault = keysupport::activeVault(db, request.vault);
        if (!vault)
            return vault.error();
        if (vault->protection == Protection::Hsm && request.protection == Protection::Software)
            return makeError(ErrorKind::Invalid, QStringLiteral("vault '%1' is hsm-protected: software keys are "
                                                                "not allowed")
                                                     .arg(vault->name));
        if (auto free = checkNameFree(db, vault->name, request.name); !free)
            return free.error();
        if (caRef)
            return takeIssuer(db, *path, *caRef, now, *state);
        return {};
    };
    if (plan)
        useIssuanceEngine(steps, state);

    const CertificateIssueRequest normalised = plan ? plan->request : request;
    steps.persist = [state, normalised, certificateVersionId, now](Database& db,
                                                                   QJsonObject& details) -> Outcome<CertificateRecord> {
        KeyRecord key;
        key.name = normalised.name;
        key.vault = normalised.vault;
        key.kty = normalised.kty;
        key.size = normalised.kty == KeyKind::Ec ? 0 : normalised.size;
        key.curve = normalised.curve;
        key.protection = *normalised.protection;
        key.exportable = normalised.exportable;
        key.keyOps = certificateKeyOps(normalised.kty, normalised.exportable);
        CertificateRecord certificate;
        certificate.vault = normalised.vault;
        certificate.name = normalised.name;
        certificate.policy = policyOf(normalised);
        return persistIssuance(db, *state, certificate, key, certificateVersionId, now, details);
    };

    auto task = m_path.run(std::move(op), std::move(steps));
    auto outcome = co_await task;
    if (outcome)
        Q_EMIT certificatesChanged(outcome->vault);
    co_return outcome;
}

QCoro::Task<Outcome<CertificateRecord>> CertificateService::createCa(CaCreateRequest request, OperationContext context)
{
    // Signed by an external CA: a pending version with a CSR (CertificateCsr.cpp).
    if (request.issuer.compare(QLatin1String("external"), Qt::CaseInsensitive) == 0) {
        auto external = createExternalCa(std::move(request), context);
        auto created = co_await external;
        co_return created;
    }
    if (!request.protection)
        request.protection = Protection::Hsm;
    Operation op = certificateOperation(QStringLiteral("CertificateAuthorityCreate"), kCaPermission, request.vault,
                                        request.name, context);
    op.details.insert(QStringLiteral("issuer"), request.issuer.isEmpty() ? QStringLiteral("Self") : request.issuer);
    op.details.insert(QStringLiteral("kty"), keyTypeName(request.kty));
    op.details.insert(QStringLiteral("protection"), protectionName(*request.protection));

    // Validation, in the order an admin fixes things.
    bool explicitMonths = false;
    auto validate = [&request, &explicitMonths]() -> Outcome<std::pair<QByteArray, std::optional<CaReference>>> {
        if (auto names = checkNames(request.vault, request.name); !names)
            return names.error();
        std::optional<CaReference> issuer;
        if (!request.issuer.isEmpty()) {
            auto ref = parseCaReference(request.issuer);
            if (!ref)
                return ref.error();
            issuer = ref.value();
        }
        if (request.subject.trimmed().isEmpty())
            return makeError(ErrorKind::Invalid,
                             QStringLiteral("a CA needs a subject: expected e.g. --subject \"CN=Example Root CA\""));
        auto subject = x509::parseDistinguishedName(request.subject);
        if (!subject)
            return subject.error();
        if (auto shape = normaliseKeyShape(request.kty, &request.size, &request.curve, 3072); !shape)
            return shape.error();
        if (request.months == 0)
            request.months = request.issuer.isEmpty() ? kDefaultRootMonths : kDefaultIntermediateMonths;
        else
            explicitMonths = true;
        if (auto months = checkMonths(request.months); !months)
            return months.error();
        if (request.pathLength < -1)
            return makeError(ErrorKind::Invalid,
                             QStringLiteral("invalid path length %1: expected 0 or more").arg(request.pathLength));
        if (request.crlDays < 1 || request.crlDays > 366)
            return makeError(ErrorKind::Invalid,
                             QStringLiteral("invalid CRL validity %1 days: expected 1 to 366").arg(request.crlDays));
        for (const QString& subtree : request.permittedDnsSubtrees) {
            if (auto dns = x509::parseSubjectAltName(QStringLiteral("dns:") + subtree); !dns || subtree.contains('*'))
                return makeError(
                    ErrorKind::Invalid,
                    QStringLiteral("invalid name constraint '%1': expected a DNS name such as example.test")
                        .arg(subtree));
        }
        return std::make_pair(subject.value(), issuer);
    };
    auto validated = validate();
    const Error invalid = validated ? Error{} : validated.error();
    const QDateTime now = m_path.now();
    const QString certificateVersionId = crypto::randomId();
    auto state = newIssuanceState(m_path, m_hsm);
    ServicePath* path = &m_path;
    std::optional<CaReference> issuerRef;
    if (validated) {
        issuerRef = validated->second;
        state->shape = keysupport::VersionShape{request.vault, request.name,  request.kty,
                                                request.size,  request.curve, *request.protection};
        state->spec.subjectDer = validated->first;
        state->spec.isCa = true;
        state->spec.keyUsages = {QStringLiteral("keyCertSign"), QStringLiteral("cRLSign")};
        if (request.pathLength >= 0)
            state->spec.pathLength = request.pathLength;
        state->spec.permittedDnsSubtrees = request.permittedDnsSubtrees;
        state->spec.notBefore = validityStart(now);
        state->spec.notAfter = state->spec.notBefore.addMonths(request.months);
        state->clampToIssuer = !explicitMonths;
        op.details.insert(QStringLiteral("version"), certificateVersionId);
    }

    Steps<CertificateRecord> steps;
    const bool isValid = bool(validated);
    steps.precheck = [isValid, invalid, request, issuerRef, state, path, now](Database& db) -> Outcome<void> {
        if (!isValid)
            return invalid;
        auto vault = keysupport::activeVault(db, request.vault);
        if (!vault)
            return vault.error();
        if (vault->protection == Protection::Hsm && request.protection == Protection::Software)
            return makeError(ErrorKind::Invalid, QStringLiteral("vault '%1' is hsm-protected: a software CA key is "
                                                                "not allowed")
                                                     .arg(vault->name));
        if (auto free = checkNameFree(db, vault->name, request.name); !free)
            return free.error();
        if (issuerRef)
            return takeIssuer(db, *path, *issuerRef, now, *state);
        return {};
    };
    if (validated)
        useIssuanceEngine(steps, state);

    steps.persist = [state, request, certificateVersionId, now](Database& db,
                                                                QJsonObject& details) -> Outcome<CertificateRecord> {
        const KeyRecord key = caKeyRecord(request);
        const CertificateRecord certificate =
            caCertificateRecord(request, request.issuer.isEmpty() ? QStringLiteral("Self") : request.issuer);
        return persistIssuance(db, *state, certificate, key, certificateVersionId, now, details);
    };

    auto task = m_path.run(std::move(op), std::move(steps));
    auto outcome = co_await task;
    if (outcome)
        Q_EMIT certificatesChanged(outcome->vault);
    co_return outcome;
}

} // namespace custos::model
