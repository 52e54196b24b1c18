#include "KeyImportSupport_p.h"

#include "crypto/import/KeyFile.h"
#include "model/services/KeyService.h"

#include <QCoreApplication>
#include <QFile>
#include <QFileInfo>
#include <QFormLayout>
#include <QLabel>
#include <QRegularExpression>

namespace custos::ui::keyimport {

namespace {
// The wizard's translation context for these shared texts.
struct Text
{
    Q_DECLARE_TR_FUNCTIONS(custos::ui::KeyImportWizard)
};
} // namespace

const OperationText kOperations[6] = {
    {"sign", QT_TRANSLATE_NOOP("custos::ui::KeyImportWizard", "&Sign")},
    {"verify", QT_TRANSLATE_NOOP("custos::ui::KeyImportWizard", "Ver&ify")},
    {"encrypt", QT_TRANSLATE_NOOP("custos::ui::KeyImportWizard", "En&crypt")},
    {"decrypt", QT_TRANSLATE_NOOP("custos::ui::KeyImportWizard", "&Decrypt")},
    {"wrapKey", QT_TRANSLATE_NOOP("custos::ui::KeyImportWizard", "&Wrap key")},
    {"unwrapKey", QT_TRANSLATE_NOOP("custos::ui::KeyImportWizard", "&Unwrap key")},
};

QByteArray readSourceFile(const QString& path, QString* error)
{
    const QFileInfo info(path);
    if (!info.exists()) {
        *error = Text::tr("File '%1' does not exist.").arg(path);
        return {};
    }
    if (!info.isFile()) {
        *error = Text::tr("'%1' is not a regular file: expected a key file.").arg(path);
        return {};
    }
    if (info.size() > crypto::import::kMaxKeyFileBytes) {
        *error = Text::tr("File '%1' has %2 bytes: expected a key file of at most 16 MiB.").arg(path).arg(info.size());
        return {};
    }
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly)) {
        *error = Text::tr("Cannot read '%1': %2").arg(path, file.errorString());
        return {};
    }
    error->clear();
    return file.readAll();
}

QString defaultKeyName(const QString& text)
{
    QString base = text;
    const QFileInfo info(text);
    if (text.contains(QLatin1Char('.')) && !text.contains(QLatin1Char(' ')))
        base = info.completeBaseName();
    static const QRegularExpression invalid(QStringLiteral("[^A-Za-z0-9]+"));
    base.replace(invalid, QStringLiteral("-"));
    while (base.startsWith(QLatin1Char('-')))
        base.remove(0, 1);
    while (base.endsWith(QLatin1Char('-')))
        base.chop(1);
    base.truncate(127);
    if (base.isEmpty() || !model::KeyService::isValidName(base))
        return QStringLiteral("imported-key");
    return base;
}

QStringList operationsFor(crypto::KeyKind kind, bool publicOnly)
{
    QStringList ops;
    switch (kind) {
    case crypto::KeyKind::Rsa:
        ops = {QStringLiteral("sign"),    QStringLiteral("verify"),  QStringLiteral("encrypt"),
               QStringLiteral("decrypt"), QStringLiteral("wrapKey"), QStringLiteral("unwrapKey")};
        break;
    case crypto::KeyKind::Ec:
        ops = {QStringLiteral("sign"), QStringLiteral("verify")};
        break;
    case crypto::KeyKind::Aes:
        ops = {QStringLiteral("encrypt"), QStringLiteral("decrypt"), QStringLiteral("wrapKey"),
               QStringLiteral("unwrapKey")};
        break;
    }
    if (publicOnly) {
        const QStringList allowed = {QStringLiteral("verify"), QStringLiteral("encrypt"), QStringLiteral("wrapKey")};
        QStringList narrowed;
        for (const QString& op : ops) {
            if (allowed.contains(op))
                narrowed << op;
        }
        return narrowed;
    }
    return ops;
}

QString keyTypeText(const model::KeyImportCandidate& candidate)
{
    switch (candidate.kind) {
    case crypto::KeyKind::Rsa:
        return QStringLiteral("RSA %1").arg(candidate.size);
    case crypto::KeyKind::Ec:
        return QStringLiteral("EC %1").arg(candidate.curve);
    case crypto::KeyKind::Aes:
        return QStringLiteral("AES %1").arg(candidate.size);
    }
    return {};
}

QString candidateDetails(const model::KeyImportCandidate& c)
{
    auto row = [](const QString& label, const QString& value) {
        return QStringLiteral("<tr><td><b>%1</b></td><td>%2</td></tr>").arg(label.toHtmlEscaped(), value);
    };
    QString html = QStringLiteral("<table cellspacing=\"4\">");
    html += row(Text::tr("Type:"),
                keyTypeText(c).toHtmlEscaped() +
                    (c.publicOnly ? Text::tr(" (public key only: verify-only)").toHtmlEscaped() : QString()));
    if (!c.fingerprint.isEmpty())
        html += row(Text::tr("SHA-256 fingerprint:"), QStringLiteral("<tt>%1</tt>").arg(c.fingerprint.toHtmlEscaped()));
    if (!c.certificateSubject.isEmpty()) {
        html += row(Text::tr("Certificate subject:"), c.certificateSubject.toHtmlEscaped());
        html += row(Text::tr("Issuer:"), c.certificateIssuer.toHtmlEscaped());
        html += row(Text::tr("Expires:"),
                    c.certificateNotAfter.toUTC().toString(QStringLiteral("yyyy-MM-dd HH:mm 'UTC'")).toHtmlEscaped());
    }
    if (!c.chainSubjects.isEmpty())
        html += row(Text::tr("Chain:"), c.chainSubjects.join(QStringLiteral(" → ")).toHtmlEscaped());
    if (!c.keyOps.isEmpty())
        html += row(Text::tr("Operations:"), c.keyOps.join(QStringLiteral(", ")).toHtmlEscaped());
    for (const model::KeyImportDuplicate& d : c.duplicates) {
        html += row(Text::tr("Already in:"),
                    Text::tr("vault '%1', key '%2', version %3%4")
                        .arg(d.vault, d.name, d.versionId, d.deleted ? Text::tr(" (deleted)") : QString())
                        .toHtmlEscaped());
    }
    html += QStringLiteral("</table>");
    return html;
}

QLabel* addBuddyRow(QFormLayout* form, QWidget* parent, const QString& text, QWidget* field)
{
    auto* label = new QLabel(text, parent);
    label->setBuddy(field);
    form->addRow(label, field);
    return label;
}

} // namespace custos::ui::keyimport
