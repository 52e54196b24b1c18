#pragma once

#include "AuditEvent.h"

#include <QByteArray>
#include <QString>

namespace custos::model {

// The export and SIEM formats of audit events (issue 6), shared by `audit list`, the GUI's export
// and `audit forward`. Pure functions of an event; none of them reads the database.
//
// CSV (RFC 4180): header + one record per event, CRLF line ends, a field quoted when it holds a
// comma, a quote, CR or LF, quotes doubled. Approvers joined with ';', details as compact JSON.
//
// CEF (ArcSight Common Event Format, rev 25), one line per event:
//   CEF:0|Custos|Custos|<version>|<operation>|<operation> <result>|<severity>|<extension>
// Header fields escape '\' and '|'; CR and LF, which the header cannot carry, become a space (the
// operation is also `act`, unchanged). Extension values escape '\' and '=', and CR/LF as "\r"/"\n".
// Severity: Success 3, Failed 5, Denied 7 (a denial is what a SOC looks for first). Mapping:
//   rt = time (ms since the epoch, UTC)   externalId = seq          act = operation
//   suser = operator                      outcome = Success|Denied|Failed
//   reason = reason                       dvchost = workstation     msg = details (compact JSON)
//   cs1 resource, cs2 justification, cs3 correlationId, cs4 approvers (';'-joined), cs5 hash,
//   cs6 osUser, each with its csNLabel. Keys with an empty value are left out. Text stays UTF-8.
//
// Syslog (RFC 5424) with the CEF line as MSG:
//   <PRI>1 TIMESTAMP HOSTNAME custos PROCID MSGID [custos@32473 seq="N"] MSG
// facility authpriv (10); severity Success 6 (informational), Failed 5 (notice), Denied 4
// (warning); TIMESTAMP the event's time in UTC with milliseconds; HOSTNAME the workstation and
// MSGID the operation, both cut to printable ASCII (others become '_', at most 255 and 32
// characters; "-" when empty); SD-PARAM values escape '"', '\' and ']'. A MSG that is not pure
// ASCII starts with the UTF-8 BOM, as RFC 5424 asks. TCP framing: RFC 6587 octet counting.
class AuditFormats
{
public:
    static QString csvHeader();                      // ends with CRLF
    static QString csvLine(const AuditEvent& event); // one record, ends with CRLF
    static QString csvField(const QString& text);

    static QString cefLine(const AuditEvent& event); // no line end
    static int cefSeverity(AuditResult result);
    static QString cefHeaderEscape(const QString& text);
    static QString cefExtensionEscape(const QString& text);

    static constexpr int kSyslogFacility = 10; // authpriv
    static constexpr const char* kSdId = "custos@32473";
    static int syslogSeverity(AuditResult result);
    // The RFC 5424 message (without framing). `procId` empty: "-".
    static QByteArray syslogMessage(const AuditEvent& event, const QString& procId = {});
    static QString sdParamEscape(const QString& text);
    static QString printableAscii(const QString& text, int maxLength); // "-" when empty
    static QByteArray octetCounted(const QByteArray& message);         // RFC 6587: "LEN SP MSG"
};

} // namespace custos::model
