// The operator, group, lockout, audit, token and random rows of the generated authorisation
// matrix (TestAuthorizationMatrixSupport.h); all of them at "/".

#include "TestAuthorizationMatrixSupport.h"

#include "model/services/AuditSettings.h"

#include "model/services/Services.h"

#include <QDir>

namespace custos::authzmatrix {

using namespace custos::model;

namespace {
// An operator of the case's own (`other`).
Outcome<void> anOperator(Services& s, Case& c)
{
    return done(test::await(s.operators().add(c.other(), test::secret(test::kTestPassphrase))));
}

Outcome<void> disabledOperator(Services& s, Case& c)
{
    if (auto made = anOperator(s, c); !made)
        return made;
    return done(test::await(s.operators().setEnabled(c.other(), false)));
}

Outcome<void> group(Services& s, Case& c)
{
    return done(test::await(s.groups().addGroup(c.other())));
}

// A group with the bystander in it.
Outcome<void> groupWithMember(Services& s, Case& c)
{
    if (auto made = group(s, c); !made)
        return made;
    return done(test::await(s.groups().setMember(c.other(), kBystander, false)));
}
} // namespace

QList<MatrixOperation> operatorOperations()
{
    const QString read = QStringLiteral("operators/read");
    const QString write = QStringLiteral("operators/write");
    return {
        {QStringLiteral("operator add"), {write}, ScopeKind::Root, {}, anOperator},
        {QStringLiteral("operator list"),
         {read},
         ScopeKind::Root,
         {},
         [](Services& s, Case&) { return done(s.operators().list()); }},
        {QStringLiteral("operator show"),
         {read},
         ScopeKind::Root,
         {},
         [](Services& s, Case&) { return done(s.operators().show(QStringLiteral("admin"))); }},
        {QStringLiteral("operator disable"),
         {write},
         ScopeKind::Root,
         anOperator,
         [](Services& s, Case& c) { return done(test::await(s.operators().setEnabled(c.other(), false))); }},
        {QStringLiteral("operator enable"),
         {write},
         ScopeKind::Root,
         disabledOperator,
         [](Services& s, Case& c) { return done(test::await(s.operators().setEnabled(c.other(), true))); }},
        {QStringLiteral("operator passwd (reset)"),
         {write},
         ScopeKind::Root,
         anOperator,
         [](Services& s, Case& c) {
             return done(test::await(
                 s.operators().changePassphrase(c.other(), {}, test::secret(QStringLiteral("reset passphrase")))));
         }},
        {QStringLiteral("operator delete"),
         {write},
         ScopeKind::Root,
         anOperator,
         [](Services& s, Case& c) { return done(test::await(s.operators().remove(c.other()))); }},
        {QStringLiteral("operator lockout show"),
         {read},
         ScopeKind::Root,
         {},
         [](Services& s, Case&) { return done(s.operators().lockoutPolicy()); }},
        {QStringLiteral("operator lockout set"),
         {write},
         ScopeKind::Root,
         {},
         [](Services& s, Case&) {
             return done(test::await(s.operators().setLockoutPolicy({5, 15})));
         }},
        {QStringLiteral("operator group add"), {write}, ScopeKind::Root, {}, group},
        {QStringLiteral("operator group member"),
         {write},
         ScopeKind::Root,
         group,
         [](Services& s, Case& c) { return done(test::await(s.groups().setMember(c.other(), kBystander, false))); }},
        {QStringLiteral("operator group member --remove"),
         {write},
         ScopeKind::Root,
         groupWithMember,
         [](Services& s, Case& c) { return done(test::await(s.groups().setMember(c.other(), kBystander, true))); }},
        {QStringLiteral("operator group list"),
         {read},
         ScopeKind::Root,
         {},
         [](Services& s, Case&) { return done(s.groups().list()); }},
    };
}

QList<MatrixOperation> auditTokenOperations()
{
    return {
        {QStringLiteral("audit list"),
         {QStringLiteral("audit/read")},
         ScopeKind::Root,
         {},
         [](Services& s, Case&) { return done(s.audit().list({})); }},
        {QStringLiteral("audit verify"),
         {QStringLiteral("audit/verify")},
         ScopeKind::Root,
         {},
         [](Services& s, Case&) { return done(s.audit().verify()); }},
        {QStringLiteral("audit list --out"),
         {QStringLiteral("audit/read"), QStringLiteral("audit/export")},
         ScopeKind::Root,
         {},
         [](Services& s, Case& c) {
             const QString path = QDir(s.workspace().directory()).filePath(QStringLiteral("export-%1.jsonl").arg(c.id));
             auto render = [](const QList<AuditEvent>& events) { return QByteArray::number(events.size()); };
             return done(test::await(s.audit().exportTo({}, path, QStringLiteral("jsonl"), render)));
         }},
        {QStringLiteral("audit key"),
         {QStringLiteral("audit/read")},
         ScopeKind::Root,
         {},
         [](Services& s, Case&) { return done(s.audit().auditKey()); }},
        {QStringLiteral("audit archive"),
         {QStringLiteral("audit/archive")},
         ScopeKind::Root,
         {},
         [](Services& s, Case& c) {
             const QString path =
                 QDir(s.workspace().directory()).filePath(QStringLiteral("archive-%1.jsonl").arg(c.id));
             return done(test::await(s.audit().archive(QDateTime::currentDateTimeUtc().addSecs(1), path)));
         }},
        {QStringLiteral("audit checkpoints show"),
         {QStringLiteral("audit/read")},
         ScopeKind::Root,
         {},
         [](Services& s, Case&) { return done(auditCheckpointInterval(s.path())); }},
        {QStringLiteral("audit checkpoints set"),
         {QStringLiteral("audit/archive")},
         ScopeKind::Root,
         {},
         [](Services& s, Case&) { return done(test::await(setAuditCheckpointInterval(s.path(), 1000))); }},
        {QStringLiteral("sd status"),
         {QStringLiteral("workspace/read")},
         ScopeKind::Root,
         {},
         [](Services& s, Case&) { return done(s.securityDomain().status()); }},
        {QStringLiteral("sd download"),
         {QStringLiteral("securitydomain/download/action")},
         ScopeKind::Root,
         {},
         [](Services& s, Case& c) {
             SecurityDomainDownloadRequest request;
             for (int i = 0; i < 3; ++i)
                 request.certificates << test::custodianCertificate(i);
             request.quorum = 2;
             request.outPath = QDir(s.workspace().directory()).filePath(QStringLiteral("sd-%1.json").arg(c.id));
             return done(test::await(s.securityDomain().download(request)));
         }},
        {QStringLiteral("status"),
         {QStringLiteral("workspace/read")},
         ScopeKind::Root,
         {},
         [](Services& s, Case&) { return done(s.status()); }},
        {QStringLiteral("token info"),
         {QStringLiteral("workspace/read")},
         ScopeKind::Root,
         {},
         [](Services& s, Case&) { return done(test::await(s.tokens().info())); }},
        {QStringLiteral("token mechanisms"),
         {QStringLiteral("workspace/read")},
         ScopeKind::Root,
         {},
         [](Services& s, Case&) { return done(test::await(s.tokens().mechanisms())); }},
        {QStringLiteral("rng"),
         {QStringLiteral("rng/action")},
         ScopeKind::Root,
         {},
         [](Services& s, Case&) { return done(test::await(s.tokens().random(32))); }},
    };
}

} // namespace custos::authzmatrix
