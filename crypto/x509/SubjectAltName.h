#pragma once

// Subject alternative names as the CLI and the issue wizard take them: "dns:web01.example.test",
// "ip:127.0.0.1", "ip:2001:db8::1", "email:ops@example.test", "uri:https://example.test/x".

#include "crypto/Outcome.h"

#include <QList>
#include <QString>
#include <QStringView>

namespace custos::crypto::x509 {

enum class SanKind { Dns, Ip, Email, Uri };

struct SubjectAltName
{
    SanKind kind = SanKind::Dns;
    QString value; // canonical: DNS lower-case, IP as QHostAddress prints it

    bool operator==(const SubjectAltName&) const = default;
};

// Rules (each refusal names the SAN and what was expected): non-empty; DNS names are LDH labels of
// 1-63 characters, at most 253 in all, with a wildcard only as the whole leftmost label of a name
// with at least two more labels ("*.example.test"; not "a*.example.test", "www.*.test", "*.test");
// IPs are IPv4 or IPv6 literals; email is local@domain with a valid domain; URI has a scheme and is
// absolute. Unknown prefix: "expected dns:, ip:, email: or uri:".
Outcome<SubjectAltName> parseSubjectAltName(QStringView text);
QString subjectAltNameText(const SubjectAltName& san); // "dns:web01.example.test"
QString sanKindName(SanKind kind);                      // "dns", "ip", "email", "uri"

} // namespace custos::crypto::x509
