#pragma once

// The ceremony record (issue 7): JSON with a detached ECDSA signature by the audit key, so a paper
// file that carries the JSON's SHA-256 can be checked later without the workspace.

#include "SecurityDomainService.h"

namespace custos::crypto {
class Token;
}

namespace custos::model {

struct TranscriptContent
{
    QString ceremony; // "download" | "rotate" | "restore"
    QString workspaceId;
    QString workspaceName;
    QDateTime date;
    QString operatorName;
    QStringList witnesses;
    QList<CustodianRecord> custodians;
    int required = 0;
    int custodianCount = 0;
    QString fileSha256;
    QString domainKeyId;
    QList<CeremonyStep> steps;
};

// Compact JSON in the documented member set; signed on the token (the audit key must exist).
Outcome<CeremonyTranscript> signTranscript(crypto::Token& token, const TranscriptContent& content);

} // namespace custos::model
