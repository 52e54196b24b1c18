// The certificate and CA rows of the generated authorisation matrix
// (TestAuthorizationMatrixSupport.h): certificates/* alone, never keys/* (ROLES.md).

#include "TestAuthorizationMatrixSupport.h"

#include "crypto/x509/CertificateInfo.h"
#include "crypto/x509/CertificateRequest.h"
#include "model/services/Services.h"

namespace custos::authzmatrix {

using namespace custos::model;

namespace {
CertificateIssueRequest selfSigned(const Case& c, const QString& name, bool exportable = false)
{
    CertificateIssueRequest r;
    r.vault = c.vault;
    r.name = name;
    r.issuer = QStringLiteral("Self");
    r.subject = QStringLiteral("CN=%1.example.test").arg(name);
    r.subjectAltNames = {QStringLiteral("dns:%1.example.test").arg(name)};
    r.exportable = exportable;
    return r;
}

CaCreateRequest caRequest(const Case& c, const QString& name)
{
    CaCreateRequest r;
    r.vault = c.vault;
    r.name = name;
    r.subject = QStringLiteral("CN=CA %1").arg(name);
    r.protection = Protection::Software;
    return r;
}

Outcome<void> issueSelfSigned(Services& s, Case& c)
{
    return done(test::await(s.certificates().issue(selfSigned(c, c.certificate()))));
}

Outcome<void> deletedCertificate(Services& s, Case& c)
{
    if (auto made = issueSelfSigned(s, c); !made)
        return made;
    return done(test::await(s.certificates().remove(c.vault, c.certificate())));
}

// The case's certificate is a CA.
Outcome<void> makeCa(Services& s, Case& c)
{
    return done(test::await(s.certificates().createCa(caRequest(c, c.certificate()))));
}

// A CA (the case's certificate) and a pending CSR of another certificate, for signRequest.
Outcome<void> caAndCsr(Services& s, Case& c)
{
    if (auto ca = makeCa(s, c); !ca)
        return ca;
    auto pending = test::await(s.certificates().createCsr(selfSigned(c, c.other())));
    if (!pending)
        return pending.error();
    c.data.insert(QStringLiteral("csr"), crypto::x509::certificateRequestPem(pending->currentVersion.csrDer));
    return {};
}

Step listsCase(bool deleted)
{
    return [deleted](Services& s, Case& c) -> Outcome<void> {
        auto list = deleted ? s.certificates().listDeleted(c.vault) : s.certificates().list(c.vault);
        if (!list)
            return list.error();
        const bool found = std::any_of(list->cbegin(), list->cend(),
                                       [&](const CertificateRecord& r) { return r.name == c.certificate(); });
        return listed(found, c.certificate());
    };
}
} // namespace

QList<MatrixOperation> certificateOperations()
{
    const QString read = QStringLiteral("certificates/read");
    const QString write = QStringLiteral("certificates/write");
    const QString ca = QStringLiteral("certificates/ca");
    return {
        {QStringLiteral("cert issue self-signed"), {write}, ScopeKind::Certificate, {}, issueSelfSigned},
        {QStringLiteral("cert list"), {read}, ScopeKind::Certificate, issueSelfSigned, listsCase(false), true},
        {QStringLiteral("cert show"),
         {read},
         ScopeKind::Certificate,
         issueSelfSigned,
         [](Services& s, Case& c) { return done(s.certificates().show(c.vault, c.certificate())); }},
        {QStringLiteral("cert versions"),
         {read},
         ScopeKind::Certificate,
         issueSelfSigned,
         [](Services& s, Case& c) { return done(s.certificates().versions(c.vault, c.certificate())); }},
        {QStringLiteral("cert chain"),
         {read},
         ScopeKind::Certificate,
         issueSelfSigned,
         [](Services& s, Case& c) { return done(s.certificates().chain(c.vault, c.certificate())); }},
        {QStringLiteral("cert renew preview"),
         {read},
         ScopeKind::Certificate,
         issueSelfSigned,
         [](Services& s, Case& c) { return done(s.certificates().previewRenewal(c.vault, c.certificate())); }},
        {QStringLiteral("cert renew"),
         {write},
         ScopeKind::Certificate,
         issueSelfSigned,
         [](Services& s, Case& c) { return done(test::await(s.certificates().renew(c.vault, c.certificate()))); }},
        {QStringLiteral("cert csr"),
         {write},
         ScopeKind::Certificate,
         {},
         [](Services& s, Case& c) {
             return done(test::await(s.certificates().createCsr(selfSigned(c, c.certificate()))));
         }},
        {QStringLiteral("cert merge"),
         {write},
         ScopeKind::Certificate,
         [](Services& s, Case& c) -> Outcome<void> {
             // A pending CSR (the case's certificate) signed by a Custos CA of its own.
             auto pending = test::await(s.certificates().createCsr(selfSigned(c, c.certificate())));
             if (!pending)
                 return pending.error();
             auto issuer = test::await(s.certificates().createCa(caRequest(c, c.other())));
             if (!issuer)
                 return issuer.error();
             auto signedDer = test::await(s.certificates().signRequest(
                 c.vault, c.other(), crypto::x509::certificateRequestPem(pending->currentVersion.csrDer),
                 QStringLiteral("tls-server"), 6));
             if (!signedDer)
                 return signedDer.error();
             c.data.insert(QStringLiteral("file"), crypto::x509::certificatePem(signedDer.value()) +
                                                       crypto::x509::certificatePem(issuer->currentVersion.der));
             return {};
         },
         [](Services& s, Case& c) {
             return done(test::await(
                 s.certificates().merge(c.vault, c.certificate(), c.data.value(QStringLiteral("file")).toByteArray())));
         }},
        {QStringLiteral("cert import"),
         {write},
         ScopeKind::Certificate,
         [](Services& s, Case& c) -> Outcome<void> {
             // A PKCS#12 of another certificate, imported under the case's name.
             auto source = test::await(s.certificates().issue(selfSigned(c, c.other(), true)));
             if (!source)
                 return source.error();
             auto password = std::make_shared<const crypto::SecureBuffer>("p12 password", std::size_t(12));
             auto p12 = test::await(s.certificates().exportPkcs12(c.vault, c.other(), password, false));
             if (!p12)
                 return p12.error();
             c.data.insert(QStringLiteral("p12"), p12.value());
             return {};
         },
         [](Services& s, Case& c) {
             CertificateImportRequest request;
             request.vault = c.vault;
             request.name = c.certificate();
             request.fileBytes = c.data.value(QStringLiteral("p12")).toByteArray();
             request.password = std::make_shared<const crypto::SecureBuffer>("p12 password", std::size_t(12));
             return done(test::await(s.certificates().importCertificate(request)));
         }},
        {QStringLiteral("cert export pkcs12"),
         {QStringLiteral("certificates/export")},
         ScopeKind::Certificate,
         [](Services& s, Case& c) {
             return done(test::await(s.certificates().issue(selfSigned(c, c.certificate(), true))));
         },
         [](Services& s, Case& c) {
             auto password = std::make_shared<const crypto::SecureBuffer>("p12 password", std::size_t(12));
             return done(test::await(s.certificates().exportPkcs12(c.vault, c.certificate(), password, false)));
         }},
        {QStringLiteral("cert delete"),
         {QStringLiteral("certificates/delete")},
         ScopeKind::Certificate,
         issueSelfSigned,
         [](Services& s, Case& c) { return done(test::await(s.certificates().remove(c.vault, c.certificate()))); }},
        {QStringLiteral("cert list-deleted"),
         {QStringLiteral("certificates/deletedCertificates/read")},
         ScopeKind::Certificate,
         deletedCertificate,
         listsCase(true),
         true},
        {QStringLiteral("cert recover"),
         {QStringLiteral("certificates/deletedCertificates/recover")},
         ScopeKind::Certificate,
         deletedCertificate,
         [](Services& s, Case& c) { return done(test::await(s.certificates().recover(c.vault, c.certificate()))); }},
        {QStringLiteral("cert purge"),
         {QStringLiteral("certificates/deletedCertificates/delete")},
         ScopeKind::Certificate,
         deletedCertificate,
         [](Services& s, Case& c) { return done(test::await(s.certificates().purge(c.vault, c.certificate()))); }},
        {QStringLiteral("ca create"), {ca}, ScopeKind::Certificate, {}, makeCa},
        {QStringLiteral("ca create external"),
         {ca},
         ScopeKind::Certificate,
         {},
         [](Services& s, Case& c) {
             CaCreateRequest r = caRequest(c, c.certificate());
             r.issuer = QStringLiteral("external");
             return done(test::await(s.certificates().createExternalCa(r)));
         }},
        {QStringLiteral("cert issue from ca"),
         {write},
         ScopeKind::Certificate,
         [](Services& s, Case& c) { return done(test::await(s.certificates().createCa(caRequest(c, c.other())))); },
         [](Services& s, Case& c) {
             CertificateIssueRequest r = selfSigned(c, c.certificate());
             r.issuer = c.vault + QLatin1Char('/') + c.other();
             return done(test::await(s.certificates().issue(r)));
         }},
        {QStringLiteral("ca revoke"),
         {ca},
         ScopeKind::Certificate,
         [](Services& s, Case& c) -> Outcome<void> {
             if (auto made = makeCa(s, c); !made)
                 return made;
             CertificateIssueRequest leaf = selfSigned(c, c.other());
             leaf.issuer = c.vault + QLatin1Char('/') + c.certificate();
             auto issued = test::await(s.certificates().issue(leaf));
             if (!issued)
                 return issued.error();
             c.data.insert(QStringLiteral("serial"), issued->currentVersion.serialHex);
             return {};
         },
         [](Services& s, Case& c) {
             return done(test::await(s.certificates().revoke(c.vault, c.certificate(),
                                                             c.data.value(QStringLiteral("serial")).toString(),
                                                             QStringLiteral("keyCompromise"))));
         }},
        {QStringLiteral("ca crl"),
         {ca},
         ScopeKind::Certificate,
         makeCa,
         [](Services& s, Case& c) { return done(test::await(s.certificates().issueCrl(c.vault, c.certificate()))); }},
        {QStringLiteral("ca sign-csr"),
         {ca},
         ScopeKind::Certificate,
         caAndCsr,
         [](Services& s, Case& c) {
             return done(test::await(s.certificates().signRequest(c.vault, c.certificate(),
                                                                  c.data.value(QStringLiteral("csr")).toByteArray(),
                                                                  QStringLiteral("tls-server"), 6)));
         }},
        {QStringLiteral("ca issued"),
         {read},
         ScopeKind::Certificate,
         makeCa,
         [](Services& s, Case& c) { return done(s.certificates().issuedFor(c.vault, c.certificate())); }},
    };
}

} // namespace custos::authzmatrix
