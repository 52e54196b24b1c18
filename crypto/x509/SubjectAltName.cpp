#include "SubjectAltName.h"

#include "X509Encoding_p.h"

#include <QStringList>
#include <QUrl>

namespace custos::crypto::x509 {

namespace {
// Why `name` is not a DNS name (empty when it is one). A wildcard is allowed only as the whole
// leftmost label of a name with at least two more labels.
QString dnsNameProblem(const QString& name, bool allowWildcard)
{
    if (name.size() > 253)
        return QStringLiteral("a DNS name has at most 253 characters, this one %1").arg(name.size());
    const QStringList labels = name.split(u'.');
    for (qsizetype i = 0; i < labels.size(); ++i) {
        const QString& label = labels.at(i);
        if (label == QLatin1String("*")) {
            if (!allowWildcard)
                return QStringLiteral("a wildcard is not allowed here");
            if (i != 0)
                return QStringLiteral("a wildcard may only be the whole leftmost label, as in *.example.test");
            if (labels.size() < 3)
                return QStringLiteral("a wildcard needs at least two labels after it, as in *.example.test");
            continue;
        }
        if (label.contains(u'*'))
            return QStringLiteral("a wildcard may only be the whole leftmost label, as in *.example.test");
        if (label.isEmpty())
            return QStringLiteral("empty label (two dots in a row, or a leading or trailing dot)");
        if (label.size() > 63)
            return QStringLiteral("the label '%1' is longer than 63 characters").arg(label);
        for (const QChar c : label) {
            if (c.unicode() > 127)
                return QStringLiteral("non-ASCII characters: use the IDNA form (xn--...)");
            if (!(c.isLetterOrNumber() || c == u'-'))
                return QStringLiteral("'%1' is not allowed: expected letters, digits and hyphens").arg(c);
        }
        if (label.startsWith(u'-') || label.endsWith(u'-'))
            return QStringLiteral("the label '%1' starts or ends with a hyphen").arg(label);
    }
    return {};
}

QString ipProblem(const QString& text, QString* canonical)
{
    const QByteArray bytes = detail::ipAddressBytes(text);
    if (bytes.isEmpty())
        return QStringLiteral("expected an IPv4 address such as 192.0.2.1 or an IPv6 address such as 2001:db8::1");
    *canonical = detail::ipAddressText(bytes);
    return {};
}

QString emailProblem(const QString& text)
{
    const qsizetype at = text.lastIndexOf(u'@');
    if (at <= 0 || at == text.size() - 1)
        return QStringLiteral("expected local@domain");
    for (const QChar c : text.left(at))
        if (c.unicode() <= 32 || c.unicode() > 126 || c == u'@')
            return QStringLiteral("the local part holds '%1': expected printable ASCII without spaces or '@'").arg(c);
    const QString domainProblem = dnsNameProblem(text.mid(at + 1), false);
    if (!domainProblem.isEmpty())
        return QStringLiteral("the domain is not valid: %1").arg(domainProblem);
    return {};
}

QString uriProblem(const QString& text)
{
    for (const QChar c : text)
        if (c.unicode() <= 32 || c.unicode() > 126)
            return QStringLiteral("expected an absolute URI of printable ASCII without spaces");
    const QUrl url(text, QUrl::StrictMode);
    if (!url.isValid() || url.scheme().isEmpty() || url.isRelative())
        return QStringLiteral("expected an absolute URI with a scheme, such as https://example.test/x");
    return {};
}
} // namespace

QString sanKindName(SanKind kind)
{
    switch (kind) {
    case SanKind::Dns:
        return QStringLiteral("dns");
    case SanKind::Ip:
        return QStringLiteral("ip");
    case SanKind::Email:
        return QStringLiteral("email");
    case SanKind::Uri:
        return QStringLiteral("uri");
    }
    return {};
}

QString subjectAltNameText(const SubjectAltName& san)
{
    return sanKindName(san.kind) + u':' + san.value;
}

Outcome<SubjectAltName> parseSubjectAltName(QStringView text)
{
    const auto invalid = [&](const QString& why) {
        return makeError(ErrorKind::Invalid,
                         QStringLiteral("invalid subject alternative name '%1': %2").arg(text, why));
    };
    const qsizetype colon = text.indexOf(u':');
    if (text.trimmed().isEmpty())
        return invalid(QStringLiteral("it is empty: expected dns:, ip:, email: or uri: and a name"));
    const QString prefix = colon < 0 ? QString() : text.left(colon).toString().toLower();
    SubjectAltName san;
    if (prefix == QLatin1String("dns"))
        san.kind = SanKind::Dns;
    else if (prefix == QLatin1String("ip"))
        san.kind = SanKind::Ip;
    else if (prefix == QLatin1String("email"))
        san.kind = SanKind::Email;
    else if (prefix == QLatin1String("uri"))
        san.kind = SanKind::Uri;
    else
        return invalid(QStringLiteral("expected dns:, ip:, email: or uri:"));
    const QString value = text.mid(colon + 1).trimmed().toString();
    if (value.isEmpty())
        return invalid(QStringLiteral("the %1 name is empty").arg(prefix));

    QString problem;
    switch (san.kind) {
    case SanKind::Dns:
        san.value = value.toLower();
        problem = dnsNameProblem(san.value, true);
        break;
    case SanKind::Ip:
        problem = ipProblem(value, &san.value);
        break;
    case SanKind::Email:
        san.value = value;
        problem = emailProblem(value);
        break;
    case SanKind::Uri:
        san.value = value;
        problem = uriProblem(value);
        break;
    }
    if (!problem.isEmpty())
        return invalid(problem);
    return san;
}

} // namespace custos::crypto::x509
