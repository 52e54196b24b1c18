#include "TranscriptPdf.h"

#include <QCoreApplication>
#include <QCryptographicHash>
#include <QDateTime>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLocale>
#include <QPageLayout>
#include <QPageSize>
#include <QPdfWriter>
#include <QTextDocument>

#include <memory>

namespace custos::ui {

namespace {

QString esc(const QString& text)
{
    return text.toHtmlEscaped();
}

QString row(const QString& label, const QString& valueHtml)
{
    return QStringLiteral("<tr><td style=\"padding-right:12px\"><b>%1</b></td><td>%2</td></tr>")
        .arg(esc(label), valueHtml);
}

QString mono(const QString& text)
{
    return QStringLiteral("<span style=\"font-family:monospace\">%1</span>").arg(esc(text));
}

QString ceremonyName(const QString& ceremony)
{
    if (ceremony == QLatin1String("download"))
        return TranscriptPdf::tr("Download (backup of the domain key)");
    if (ceremony == QLatin1String("rotate"))
        return TranscriptPdf::tr("Rotation (new domain key)");
    if (ceremony == QLatin1String("restore"))
        return TranscriptPdf::tr("Restore");
    return ceremony;
}

QString readableDate(const QString& iso)
{
    const QDateTime time = QDateTime::fromString(iso, Qt::ISODateWithMs);
    if (!time.isValid())
        return esc(iso);
    return QStringLiteral("%1 (%2)").arg(esc(QLocale().toString(time.toLocalTime(), QLocale::LongFormat)), mono(iso));
}

QString custodiansTable(const QJsonArray& custodians)
{
    QString html =
        QStringLiteral("<table cellspacing=\"0\" cellpadding=\"2\" border=\"1\"><tr><th>#</th><th>%1</th>"
                       "<th>%2</th></tr>")
            .arg(esc(TranscriptPdf::tr("Holder")), esc(TranscriptPdf::tr("Certificate thumbprint (x5t#S256)")));
    for (int i = 0; i < custodians.size(); ++i) {
        const QJsonObject custodian = custodians.at(i).toObject();
        html += QStringLiteral("<tr><td>%1</td><td>%2</td><td>%3</td></tr>")
                    .arg(i + 1)
                    .arg(esc(custodian.value(QStringLiteral("holder")).toString()),
                         mono(custodian.value(QStringLiteral("x5t_256")).toString()));
    }
    return html + QStringLiteral("</table>");
}

QString stepsTable(const QJsonArray& steps)
{
    QString html = QStringLiteral("<table cellspacing=\"0\" cellpadding=\"2\" border=\"1\"><tr><th>%1</th><th>%2</th>"
                                  "<th>%3</th></tr>")
                       .arg(esc(TranscriptPdf::tr("Time (UTC)")), esc(TranscriptPdf::tr("Step")),
                            esc(TranscriptPdf::tr("Result")));
    for (const QJsonValue& value : steps) {
        const QJsonObject step = value.toObject();
        html += QStringLiteral("<tr><td>%1</td><td>%2</td><td>%3</td></tr>")
                    .arg(mono(step.value(QStringLiteral("time")).toString()),
                         esc(step.value(QStringLiteral("step")).toString()),
                         esc(step.value(QStringLiteral("result")).toString()));
    }
    return html + QStringLiteral("</table>");
}

// A member this renderer has no label for still appears, as its JSON.
QString genericValue(const QJsonValue& value)
{
    if (value.isString())
        return esc(value.toString());
    if (value.isDouble())
        return esc(QString::number(value.toDouble()));
    if (value.isBool())
        return esc(value.toBool() ? QStringLiteral("true") : QStringLiteral("false"));
    if (value.isArray())
        return mono(QString::fromUtf8(QJsonDocument(value.toArray()).toJson(QJsonDocument::Compact)));
    if (value.isObject())
        return mono(QString::fromUtf8(QJsonDocument(value.toObject()).toJson(QJsonDocument::Compact)));
    return {};
}

QString hashOf(const model::CeremonyTranscript& transcript)
{
    if (!transcript.sha256.isEmpty())
        return transcript.sha256;
    return QString::fromLatin1(QCryptographicHash::hash(transcript.json, QCryptographicHash::Sha256).toHex());
}

} // namespace

QString TranscriptPdf::groupedHash(const QString& sha256)
{
    QStringList groups;
    for (int i = 0; i < sha256.size(); i += 8)
        groups << sha256.mid(i, 8);
    return groups.join(QLatin1Char(' '));
}

QTextDocument* TranscriptPdf::document(const model::CeremonyTranscript& transcript)
{
    const QJsonObject json = QJsonDocument::fromJson(transcript.json).object();
    const QString hash = hashOf(transcript);
    QString html = QStringLiteral("<html><body>");
    html += QStringLiteral("<h1>%1</h1>").arg(esc(tr("Security-domain ceremony transcript")));
    html += QStringLiteral("<p>%1</p>")
                .arg(esc(tr("The signed JSON file of this ceremony has the SHA-256 printed below. Keep this paper "
                            "with the ceremony records; it matches the JSON file and its signature by the "
                            "workspace's audit key.")));
    html += QStringLiteral("<table cellspacing=\"0\" cellpadding=\"3\">");
    QStringList handled;
    auto take = [&](const char* key) {
        handled << QLatin1String(key);
        return json.value(QLatin1String(key));
    };
    html += row(tr("Ceremony"), esc(ceremonyName(take("ceremony").toString())));
    html += row(tr("Format"), mono(take("format").toString()));
    html += row(tr("Date"), readableDate(take("date").toString()));
    html += row(tr("Workspace"), QStringLiteral("%1 (%2)").arg(esc(take("workspaceName").toString()),
                                                               mono(take("workspaceId").toString())));
    html += row(tr("Workstation"), esc(take("workstation").toString()));
    html += row(tr("Operator"), esc(take("operator").toString()));
    QStringList witnesses;
    for (const QJsonValue& witness : take("witnesses").toArray())
        witnesses << witness.toString();
    html += row(tr("Witnesses"), witnesses.isEmpty() ? esc(tr("none")) : esc(witnesses.join(QStringLiteral(", "))));
    const int required = take("required").toInt();
    const int count = take("custodianCount").toInt();
    html += row(tr("Quorum"), esc(tr("%1 of %2 custodians").arg(required).arg(count)));
    html += row(tr("Security-domain file SHA-256"), mono(take("fileSha256").toString()));
    html += row(tr("Domain key ID"), mono(take("domainKeyId").toString()));
    html += row(tr("Audit key fingerprint"), mono(take("auditKeyFingerprint").toString()));
    const QJsonArray custodians = take("custodians").toArray();
    const QJsonArray steps = take("steps").toArray();
    for (auto it = json.begin(); it != json.end(); ++it) {
        if (!handled.contains(it.key()))
            html += row(it.key(), genericValue(it.value()));
    }
    html += QStringLiteral("</table>");
    html += QStringLiteral("<h2>%1</h2>").arg(esc(tr("Custodians"))) + custodiansTable(custodians);
    html += QStringLiteral("<h2>%1</h2>").arg(esc(tr("Steps"))) + stepsTable(steps);
    html += QStringLiteral("<h2>%1</h2>").arg(esc(tr("SHA-256 of the transcript JSON")));
    html += QStringLiteral("<p style=\"font-family:monospace; font-size:20pt; font-weight:bold\">%1</p>")
                .arg(esc(groupedHash(hash)));
    html += QStringLiteral("<p style=\"font-family:monospace\">%1</p>").arg(esc(hash));
    html += QStringLiteral("<p>%1</p>")
                .arg(esc(tr("Check: sha256sum TRANSCRIPT.json, then custosctl sd transcript verify TRANSCRIPT.json "
                            "--key AUDIT.pem")));
    html += QStringLiteral("</body></html>");

    auto* document = new QTextDocument;
    document->setHtml(html);
    return document;
}

void TranscriptPdf::render(const model::CeremonyTranscript& transcript, QPagedPaintDevice* device)
{
    std::unique_ptr<QTextDocument> document(TranscriptPdf::document(transcript));
    document->print(device);
}

bool TranscriptPdf::write(const model::CeremonyTranscript& transcript, const QString& path, QString* error)
{
    {
        QPdfWriter writer(path);
        writer.setTitle(tr("Security-domain ceremony transcript"));
        writer.setCreator(QStringLiteral("Custos"));
        writer.setPageSize(QPageSize(QPageSize::A4));
        writer.setPageMargins(QMarginsF(20, 20, 20, 20), QPageLayout::Millimeter);
        render(transcript, &writer);
    }
    // QPdfWriter reports no errors: an unwritable path leaves no file.
    if (QFileInfo(path).size() <= 0) {
        if (error)
            *error = tr("cannot write %1").arg(path);
        return false;
    }
    return true;
}

} // namespace custos::ui
