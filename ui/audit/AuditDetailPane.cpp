#include "AuditDetailPane.h"

#include "AuditResultStyle.h"
#include "model/itemmodels/AuditEventModel.h"

#include <QJsonDocument>
#include <QUrl>

namespace custos::ui {

namespace {

const QString kResourceScheme = QStringLiteral("custos-resource");

QString row(const QString& label, const QString& valueHtml)
{
    return QStringLiteral("<tr><th align=\"left\" valign=\"top\">%1</th><td>%2</td></tr>")
        .arg(label.toHtmlEscaped(), valueHtml);
}

QString plain(const QString& text)
{
    return text.toHtmlEscaped();
}

QString mono(const QString& text)
{
    return QStringLiteral("<code>%1</code>").arg(text.toHtmlEscaped());
}

} // namespace

AuditDetailPane::AuditDetailPane(QWidget* parent) : QTextBrowser(parent)
{
    setObjectName(QStringLiteral("auditDetailPane"));
    setAccessibleName(tr("Event details"));
    setOpenLinks(false);
    setOpenExternalLinks(false);
    setTextInteractionFlags(Qt::TextBrowserInteraction | Qt::LinksAccessibleByKeyboard);
    connect(this, &QTextBrowser::anchorClicked, this, [this](const QUrl& url) {
        if (url.scheme() == kResourceScheme && m_event)
            Q_EMIT resourceActivated(m_event->resource);
    });
    setEvent(std::nullopt);
}

void AuditDetailPane::setEvent(const std::optional<model::AuditEvent>& event)
{
    m_event = event;
    if (!event) {
        setHtml(QStringLiteral("<p>%1</p>").arg(tr("Select an event to see all of its fields.").toHtmlEscaped()));
        return;
    }
    const model::AuditEvent& e = *event;
    QString html = QStringLiteral("<table cellspacing=\"2\" cellpadding=\"2\">");
    html += row(tr("Sequence"), plain(QString::number(e.seq)));
    html += row(tr("Time"), plain(model::AuditEventModel::timeText(e.time)));
    html += row(tr("Operator"), plain(e.operatorName.isEmpty() ? tr("(none)") : e.operatorName));
    html += row(tr("Approvers"), plain(e.approvers.isEmpty() ? tr("(none)") : e.approvers.join(QStringLiteral(", "))));
    html += row(tr("Operation"), plain(e.operation));
    // A link only to something Custos can show; the text is the resource id either way.
    QUrl link;
    link.setScheme(kResourceScheme);
    link.setPath(e.resource);
    html +=
        row(tr("Resource"), QStringLiteral("<a href=\"%1\">%2</a>")
                                .arg(link.toString(QUrl::FullyEncoded).toHtmlEscaped(), e.resource.toHtmlEscaped()));
    html += row(tr("Result"), QStringLiteral("<b style=\"color:%1\">%2</b>")
                                  .arg(auditResultColour(e.result).name(), plain(AuditResultStyle::text(e.result))));
    html += row(tr("Reason"), plain(e.reason));
    html += row(tr("Justification"), plain(e.justification));
    html += row(tr("Correlation id"), mono(e.correlationId));
    html += row(tr("Workstation"), plain(e.workstation));
    html += row(tr("OS user"), plain(e.osUser));
    html += row(tr("Custos version"), plain(e.version));
    html += row(tr("Encoding"), plain(QString::number(e.encoding)));
    html += row(tr("Previous hash"), mono(e.prevHash));
    html += row(tr("Hash"), mono(e.hash));
    html += QStringLiteral("</table>");
    html += QStringLiteral("<p><b>%1</b></p><pre>%2</pre>")
                .arg(tr("Details").toHtmlEscaped(),
                     QString::fromUtf8(QJsonDocument(e.details).toJson(QJsonDocument::Indented)).toHtmlEscaped());
    setHtml(html);
}

} // namespace custos::ui
