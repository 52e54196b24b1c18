#include "AuditFormats.h"

#include <QJsonDocument>
#include <QStringList>

namespace custos::model {

namespace {

// The columns of csv, in CLI.md's order of audit fields.
const QStringList kCsvColumns{
    QStringLiteral("seq"),           QStringLiteral("time"),        QStringLiteral("operator"),
    QStringLiteral("approvers"),     QStringLiteral("operation"),   QStringLiteral("resource"),
    QStringLiteral("result"),        QStringLiteral("reason"),      QStringLiteral("justification"),
    QStringLiteral("correlationId"), QStringLiteral("workstation"), QStringLiteral("osUser"),
    QStringLiteral("version"),       QStringLiteral("details"),     QStringLiteral("prevHash"),
    QStringLiteral("hash")};

QString compactJson(const QJsonObject& object)
{
    return QString::fromUtf8(QJsonDocument(object).toJson(QJsonDocument::Compact));
}

QString utcTime(const AuditEvent& event)
{
    return event.time.toUTC().toString(Qt::ISODateWithMs);
}

} // namespace

QString AuditFormats::csvHeader()
{
    return kCsvColumns.join(QLatin1Char(',')) + QStringLiteral("\r\n");
}

QString AuditFormats::csvField(const QString& text)
{
    if (!text.contains(QLatin1Char(',')) && !text.contains(QLatin1Char('"')) && !text.contains(QLatin1Char('\n')) &&
        !text.contains(QLatin1Char('\r')))
        return text;
    QString quoted = text;
    quoted.replace(QLatin1Char('"'), QStringLiteral("\"\""));
    return QLatin1Char('"') + quoted + QLatin1Char('"');
}

QString AuditFormats::csvLine(const AuditEvent& e)
{
    const QStringList fields{QString::number(e.seq),
                             utcTime(e),
                             e.operatorName,
                             e.approvers.join(QLatin1Char(';')),
                             e.operation,
                             e.resource,
                             auditResultName(e.result),
                             e.reason,
                             e.justification,
                             e.correlationId,
                             e.workstation,
                             e.osUser,
                             e.version,
                             compactJson(e.details),
                             e.prevHash,
                             e.hash};
    QStringList quoted;
    quoted.reserve(fields.size());
    for (const QString& f : fields)
        quoted << csvField(f);
    return quoted.join(QLatin1Char(',')) + QStringLiteral("\r\n");
}

int AuditFormats::cefSeverity(AuditResult result)
{
    switch (result) {
    case AuditResult::Success:
        return 3;
    case AuditResult::Failed:
        return 5;
    case AuditResult::Denied:
        return 7;
    }
    return 5;
}

QString AuditFormats::cefHeaderEscape(const QString& text)
{
    QString out;
    out.reserve(text.size());
    for (const QChar c : text) {
        if (c == QLatin1Char('\\') || c == QLatin1Char('|'))
            out += QLatin1Char('\\');
        out += (c == QLatin1Char('\r') || c == QLatin1Char('\n')) ? QLatin1Char(' ') : c;
    }
    return out;
}

QString AuditFormats::cefExtensionEscape(const QString& text)
{
    QString out;
    out.reserve(text.size());
    for (const QChar c : text) {
        if (c == QLatin1Char('\\'))
            out += QStringLiteral("\\\\");
        else if (c == QLatin1Char('='))
            out += QStringLiteral("\\=");
        else if (c == QLatin1Char('\n'))
            out += QStringLiteral("\\n");
        else if (c == QLatin1Char('\r'))
            out += QStringLiteral("\\r");
        else
            out += c;
    }
    return out;
}

QString AuditFormats::cefLine(const AuditEvent& e)
{
    const QString result = auditResultName(e.result);
    QStringList header{QStringLiteral("CEF:0"),
                       QStringLiteral("Custos"),
                       QStringLiteral("Custos"),
                       cefHeaderEscape(e.version),
                       cefHeaderEscape(e.operation),
                       cefHeaderEscape(e.operation + QLatin1Char(' ') + result),
                       QString::number(cefSeverity(e.result))};

    QStringList extension;
    auto add = [&extension](const char* key, const QString& value) {
        if (!value.isEmpty())
            extension << QString::fromLatin1(key) + QLatin1Char('=') + cefExtensionEscape(value);
    };
    auto custom = [&add](int n, const char* label, const QString& value) {
        if (value.isEmpty())
            return;
        add(QStringLiteral("cs%1Label").arg(n).toLatin1().constData(), QString::fromLatin1(label));
        add(QStringLiteral("cs%1").arg(n).toLatin1().constData(), value);
    };
    add("rt", QString::number(e.time.toMSecsSinceEpoch()));
    add("externalId", QString::number(e.seq));
    add("act", e.operation);
    add("suser", e.operatorName);
    add("outcome", result);
    add("reason", e.reason);
    add("dvchost", e.workstation);
    custom(1, "resource", e.resource);
    custom(2, "justification", e.justification);
    custom(3, "correlationId", e.correlationId);
    custom(4, "approvers", e.approvers.join(QLatin1Char(';')));
    custom(5, "hash", e.hash);
    custom(6, "osUser", e.osUser);
    if (!e.details.isEmpty())
        add("msg", compactJson(e.details));
    return header.join(QLatin1Char('|')) + QLatin1Char('|') + extension.join(QLatin1Char(' '));
}

int AuditFormats::syslogSeverity(AuditResult result)
{
    switch (result) {
    case AuditResult::Success:
        return 6;
    case AuditResult::Failed:
        return 5;
    case AuditResult::Denied:
        return 4;
    }
    return 5;
}

QString AuditFormats::sdParamEscape(const QString& text)
{
    QString out;
    out.reserve(text.size());
    for (const QChar c : text) {
        if (c == QLatin1Char('"') || c == QLatin1Char('\\') || c == QLatin1Char(']'))
            out += QLatin1Char('\\');
        out += c;
    }
    return out;
}

QString AuditFormats::printableAscii(const QString& text, int maxLength)
{
    QString out;
    for (const QChar c : text) {
        if (out.size() >= maxLength)
            break;
        out += (c.unicode() >= 33 && c.unicode() <= 126) ? c : QLatin1Char('_');
    }
    return out.isEmpty() ? QStringLiteral("-") : out;
}

QByteArray AuditFormats::syslogMessage(const AuditEvent& e, const QString& procId)
{
    const int pri = kSyslogFacility * 8 + syslogSeverity(e.result);
    const QString head =
        QStringLiteral("<%1>1 %2 %3 custos %4 %5 [%6 seq=\"%7\"] ")
            .arg(pri)
            .arg(utcTime(e), printableAscii(e.workstation, 255), printableAscii(procId, 128),
                 printableAscii(e.operation, 32), QString::fromLatin1(kSdId), sdParamEscape(QString::number(e.seq)));
    const QByteArray msg = cefLine(e).toUtf8();
    bool ascii = true;
    for (const char c : msg) {
        if (static_cast<unsigned char>(c) >= 0x80) {
            ascii = false;
            break;
        }
    }
    return head.toLatin1() + (ascii ? QByteArray() : QByteArrayLiteral("\xEF\xBB\xBF")) + msg;
}

QByteArray AuditFormats::octetCounted(const QByteArray& message)
{
    return QByteArray::number(message.size()) + ' ' + message;
}

} // namespace custos::model
