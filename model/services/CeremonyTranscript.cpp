#include "CeremonyTranscript_p.h"

#include "AuditRecorder.h"
#include "crypto/Digest.h"
#include "model/audit/AuditKey.h"

#include <QJsonArray>
#include <QJsonDocument>

namespace custos::model {

namespace {
QString isoTime(const QDateTime& t)
{
    return t.toUTC().toString(Qt::ISODateWithMs);
}
} // namespace

Outcome<CeremonyTranscript> signTranscript(crypto::Token& token, const TranscriptContent& c)
{
    auto publicKey = auditPublicKeyDer(token);
    if (!publicKey)
        return publicKey.error();
    QJsonArray custodians;
    for (const CustodianRecord& r : c.custodians)
        custodians.append(QJsonObject{{QStringLiteral("holder"), r.holder}, {QStringLiteral("x5t_256"), r.x5t256}});
    QJsonArray steps;
    for (const CeremonyStep& s : c.steps)
        steps.append(QJsonObject{{QStringLiteral("time"), isoTime(s.time)},
                                 {QStringLiteral("step"), s.step},
                                 {QStringLiteral("result"), s.result}});
    QJsonObject o;
    o.insert(QStringLiteral("format"), QStringLiteral("custos-ceremony-transcript-1"));
    o.insert(QStringLiteral("ceremony"), c.ceremony);
    o.insert(QStringLiteral("workspaceId"), c.workspaceId);
    o.insert(QStringLiteral("workspaceName"), c.workspaceName);
    o.insert(QStringLiteral("date"), isoTime(c.date));
    o.insert(QStringLiteral("workstation"), workstationName());
    o.insert(QStringLiteral("operator"), c.operatorName);
    o.insert(QStringLiteral("witnesses"), QJsonArray::fromStringList(c.witnesses));
    o.insert(QStringLiteral("custodians"), custodians);
    o.insert(QStringLiteral("required"), c.required);
    o.insert(QStringLiteral("custodianCount"), c.custodianCount);
    o.insert(QStringLiteral("fileSha256"), c.fileSha256);
    o.insert(QStringLiteral("domainKeyId"), c.domainKeyId);
    o.insert(QStringLiteral("auditKeyFingerprint"), auditKeyFingerprint(publicKey.value()));
    o.insert(QStringLiteral("steps"), steps);

    CeremonyTranscript t;
    t.json = QJsonDocument(o).toJson(QJsonDocument::Compact) + '\n';
    auto signature = signWithAuditKey(token, t.json);
    if (!signature)
        return signature.error();
    t.signature = signature.value();
    t.sha256 = QString::fromLatin1(crypto::sha256(t.json).toHex());
    return t;
}

} // namespace custos::model
