#include "TestRegistry.h"

#include "model/audit/AuditFormats.h"

#include <QJsonDocument>
#include <QNetworkDatagram>
#include <QProcess>
#include <QRegularExpression>
#include <QStandardPaths>
#include <QTest>
#include <QUdpSocket>

#include <algorithm>

using namespace custos;
using namespace custos::model;

namespace {

// Each one breaks a naive writer of at least one of the formats.
const QStringList kHostile{
    QStringLiteral("plain"),
    QStringLiteral("comma, inside"),
    QStringLiteral("\"quoted\" and \"\""),
    QStringLiteral("line1\r\nline2\nline3\rend"),
    QStringLiteral("pipe|and||pipes|"),
    QStringLiteral("back\\slash\\\\ and trailing\\"),
    QStringLiteral("k=v a=b =start end="),
    QStringLiteral("sd ] \" \\ chars"),
    QStringLiteral("caf\u00e9 \u65e5\u672c \U0001F600"),
    QStringLiteral(" leading and trailing spaces "),
    QStringLiteral("mixed ,\"|\\=\r\n\u00e9 x=y"),
};

AuditEvent hostileEvent(int i)
{
    const auto h = [i](int offset) { return kHostile.at((i + offset) % kHostile.size()); };
    AuditEvent e;
    e.seq = 1000 + i;
    e.time = QDateTime::fromMSecsSinceEpoch(1'795'326'695'123 + i, Qt::UTC);
    e.operatorName = h(0);
    e.approvers = {h(1).remove(QLatin1Char(';')), h(2).remove(QLatin1Char(';'))};
    e.operation = h(3);
    e.resource = QStringLiteral("/vaults/") + h(4);
    e.result = AuditResult(i % 3);
    e.reason = h(5);
    e.justification = h(6);
    e.correlationId = h(7);
    e.workstation = h(8);
    e.osUser = h(9);
    e.version = h(10);
    e.details = QJsonObject{{QStringLiteral("note"), h(1)}, {h(2), h(3)}, {QStringLiteral("size"), 2048}};
    e.prevHash = QString(64, QLatin1Char('a'));
    e.hash = h(4); // not a real hash: the formats copy it verbatim
    return e;
}

QString compact(const QJsonObject& o)
{
    return QString::fromUtf8(QJsonDocument(o).toJson(QJsonDocument::Compact));
}

// An independent RFC 4180 reader: records of fields, CRLF between records.
QList<QStringList> parseCsv(const QString& text, QString* error)
{
    QList<QStringList> records;
    QStringList record;
    QString field;
    qsizetype i = 0;
    const qsizetype n = text.size();
    while (i < n) {
        if (text.at(i) == QLatin1Char('"')) {
            ++i;
            for (;;) {
                if (i >= n) {
                    *error = QStringLiteral("unterminated quoted field");
                    return {};
                }
                if (text.at(i) == QLatin1Char('"')) {
                    if (i + 1 < n && text.at(i + 1) == QLatin1Char('"')) {
                        field += QLatin1Char('"');
                        i += 2;
                        continue;
                    }
                    ++i;
                    break;
                }
                field += text.at(i++);
            }
        } else {
            while (i < n && text.at(i) != QLatin1Char(',') && text.at(i) != QLatin1Char('\r')) {
                if (text.at(i) == QLatin1Char('"') || text.at(i) == QLatin1Char('\n')) {
                    *error = QStringLiteral("bare quote or LF in an unquoted field at %1").arg(i);
                    return {};
                }
                field += text.at(i++);
            }
        }
        if (i < n && text.at(i) == QLatin1Char(',')) {
            record << std::exchange(field, {});
            ++i;
        } else if (i + 1 < n && text.mid(i, 2) == QLatin1String("\r\n")) {
            record << std::exchange(field, {});
            records << std::exchange(record, {});
            i += 2;
        } else if (i < n) {
            *error = QStringLiteral("unexpected character after a field at %1").arg(i);
            return {};
        }
    }
    if (!field.isEmpty() || !record.isEmpty()) {
        *error = QStringLiteral("last record without CRLF");
        return {};
    }
    return records;
}

struct Cef
{
    QStringList header; // the seven fields after "CEF:", unescaped
    QMap<QString, QString> extension;
    QString error;
};

// Per the CEF spec: header fields split at unescaped '|' (\| and \\ escaped); the extension is
// key=value pairs separated by spaces, where a key is a word directly followed by an unescaped '='
// and values unescape \\, \=, \n and \r.
Cef parseCef(const QString& line)
{
    Cef cef;
    if (!line.startsWith(QLatin1String("CEF:"))) {
        cef.error = QStringLiteral("no CEF: prefix");
        return cef;
    }
    qsizetype i = 4;
    QString field;
    while (cef.header.size() < 7) {
        if (i >= line.size()) {
            cef.error = QStringLiteral("header ends early");
            return cef;
        }
        const QChar c = line.at(i++);
        if (c == QLatin1Char('\\') && i < line.size() &&
            (line.at(i) == QLatin1Char('\\') || line.at(i) == QLatin1Char('|'))) {
            field += line.at(i++);
        } else if (c == QLatin1Char('|')) {
            cef.header << std::exchange(field, {});
        } else {
            field += c;
        }
    }
    static const QRegularExpression keyAhead(QStringLiteral("^([A-Za-z0-9_]+)="));
    QString key;
    QString value;
    auto startKey = [&](qsizetype at) -> bool {
        const auto m = keyAhead.match(line.mid(at));
        if (!m.hasMatch())
            return false;
        if (!key.isEmpty())
            cef.extension.insert(key, value);
        key = m.captured(1);
        value.clear();
        i = at + m.capturedLength();
        return true;
    };
    if (i < line.size() && !startKey(i)) {
        cef.error = QStringLiteral("extension does not start with a key");
        return cef;
    }
    while (i < line.size()) {
        const QChar c = line.at(i);
        if (c == QLatin1Char('\\') && i + 1 < line.size()) {
            const QChar next = line.at(i + 1);
            value += next == QLatin1Char('n') ? QChar(u'\n') : next == QLatin1Char('r') ? QChar(u'\r') : next;
            i += 2;
        } else if (c == QLatin1Char(' ') && startKey(i + 1)) {
            continue;
        } else if (c == QLatin1Char('=') || c == QLatin1Char('\n') || c == QLatin1Char('\r')) {
            cef.error = QStringLiteral("unescaped '%1' in the value of %2").arg(c).arg(key);
            return cef;
        } else {
            value += c;
            ++i;
        }
    }
    if (!key.isEmpty())
        cef.extension.insert(key, value);
    return cef;
}

QString headerForm(QString text)
{
    return text.replace(QLatin1Char('\r'), QLatin1Char(' ')).replace(QLatin1Char('\n'), QLatin1Char(' '));
}

// RFC 5424 SD-PARAM value reader: \" \\ \] are escapes, any other backslash stays.
QString sdUnescape(const QString& value)
{
    QString out;
    for (qsizetype i = 0; i < value.size(); ++i) {
        if (value.at(i) == QLatin1Char('\\') && i + 1 < value.size() &&
            QStringLiteral("\"\\]").contains(value.at(i + 1)))
            ++i;
        out += value.at(i);
    }
    return out;
}

QString asciiForm(const QString& text, int max)
{
    QString out;
    for (QChar c : text) {
        if (out.size() == max)
            break;
        out += (c.unicode() > 32 && c.unicode() < 127) ? c : QLatin1Char('_');
    }
    return out.isEmpty() ? QStringLiteral("-") : out;
}

} // namespace

// CSV, CEF and RFC 5424 rendering of hostile strings in every field, read back by independent parsers.
class TestAuditFormats : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void csvRoundTrip()
    {
        QString text = AuditFormats::csvHeader();
        QList<AuditEvent> events;
        for (int i = 0; i < kHostile.size(); ++i) {
            events << hostileEvent(i);
            text += AuditFormats::csvLine(events.last());
        }
        QString error;
        const QList<QStringList> records = parseCsv(text, &error);
        QVERIFY2(error.isEmpty(), qPrintable(error));
        QCOMPARE(records.size(), events.size() + 1);
        QCOMPARE(records.first().join(QLatin1Char(',')),
                 QStringLiteral("seq,time,operator,approvers,operation,resource,result,reason,justification,"
                                "correlationId,workstation,osUser,version,details,prevHash,hash"));
        for (int i = 0; i < events.size(); ++i) {
            const AuditEvent& e = events.at(i);
            const QStringList expected{QString::number(e.seq),
                                       e.time.toString(Qt::ISODateWithMs),
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
                                       compact(e.details),
                                       e.prevHash,
                                       e.hash};
            const QStringList& got = records.at(i + 1);
            QCOMPARE(got.size(), expected.size());
            for (int f = 0; f < expected.size(); ++f)
                QCOMPARE(got.at(f), expected.at(f));
            QCOMPARE(QJsonDocument::fromJson(got.at(13).toUtf8()).object(), e.details);
        }
        QVERIFY(records.at(1).at(0) == QLatin1String("1000")); // unquoted when nothing needs it
        QVERIFY(AuditFormats::csvLine(events.at(1)).contains(QStringLiteral(",\"comma, inside\",")));
        QCOMPARE(AuditFormats::csvField(QStringLiteral("a\"b")), QStringLiteral("\"a\"\"b\""));
    }

    void cefRoundTrip()
    {
        for (int i = 0; i < kHostile.size(); ++i) {
            const AuditEvent e = hostileEvent(i);
            const QString line = AuditFormats::cefLine(e);
            QVERIFY2(!line.contains(QLatin1Char('\n')) && !line.contains(QLatin1Char('\r')), qPrintable(line));
            const Cef cef = parseCef(line);
            QVERIFY2(cef.error.isEmpty(), qPrintable(cef.error + QStringLiteral(" in ") + line));
            const QString result = auditResultName(e.result);
            QCOMPARE(cef.header, (QStringList{QStringLiteral("0"), QStringLiteral("Custos"), QStringLiteral("Custos"),
                                              headerForm(e.version), headerForm(e.operation),
                                              headerForm(e.operation + QLatin1Char(' ') + result),
                                              QString::number(AuditFormats::cefSeverity(e.result))}));
            const QMap<QString, QString> expected{
                {QStringLiteral("rt"), QString::number(e.time.toMSecsSinceEpoch())},
                {QStringLiteral("externalId"), QString::number(e.seq)},
                {QStringLiteral("act"), e.operation},
                {QStringLiteral("suser"), e.operatorName},
                {QStringLiteral("outcome"), result},
                {QStringLiteral("reason"), e.reason},
                {QStringLiteral("dvchost"), e.workstation},
                {QStringLiteral("cs1Label"), QStringLiteral("resource")},
                {QStringLiteral("cs1"), e.resource},
                {QStringLiteral("cs2Label"), QStringLiteral("justification")},
                {QStringLiteral("cs2"), e.justification},
                {QStringLiteral("cs3Label"), QStringLiteral("correlationId")},
                {QStringLiteral("cs3"), e.correlationId},
                {QStringLiteral("cs4Label"), QStringLiteral("approvers")},
                {QStringLiteral("cs4"), e.approvers.join(QLatin1Char(';'))},
                {QStringLiteral("cs5Label"), QStringLiteral("hash")},
                {QStringLiteral("cs5"), e.hash},
                {QStringLiteral("cs6Label"), QStringLiteral("osUser")},
                {QStringLiteral("cs6"), e.osUser},
                {QStringLiteral("msg"), compact(e.details)},
            };
            QCOMPARE(cef.extension.keys(), expected.keys());
            for (auto it = expected.begin(); it != expected.end(); ++it)
                QCOMPARE(cef.extension.value(it.key()), it.value());
        }
    }

    void cefDetails()
    {
        AuditEvent e = hostileEvent(0);
        e.result = AuditResult::Denied;
        e.operation = QStringLiteral("KeySign");
        e.version = QStringLiteral("0.1.0");
        e.reason.clear();
        const QString line = AuditFormats::cefLine(e);
        QVERIFY2(line.startsWith(QStringLiteral("CEF:0|Custos|Custos|0.1.0|KeySign|KeySign Denied|7|rt=")),
                 qPrintable(line));
        QVERIFY(!line.contains(QStringLiteral(" reason="))); // empty values are left out
        QCOMPARE(AuditFormats::cefSeverity(AuditResult::Success), 3);
        QCOMPARE(AuditFormats::cefSeverity(AuditResult::Failed), 5);
        QCOMPARE(AuditFormats::cefHeaderEscape(QStringLiteral("a|b\\c")), QStringLiteral("a\\|b\\\\c"));
        QCOMPARE(AuditFormats::cefExtensionEscape(QStringLiteral("a=b\\c\r\nd|e")),
                 QStringLiteral("a\\=b\\\\c\\r\\nd|e"));
        QVERIFY(line.toUtf8().contains("caf\xc3\xa9 \xe6\x97\xa5\xe6\x9c\xac \xf0\x9f\x98\x80")); // UTF-8 kept
    }

    void syslogHeader()
    {
        static const QRegularExpression form(
            QStringLiteral("^<(\\d+)>1 (\\S+) (\\S+) (\\S+) (\\S+) (\\S+) \\[custos@32473 "
                           "seq=\"((?:[^\"\\\\\\]]|\\\\.)*)\"\\] (.*)$"),
            QRegularExpression::DotMatchesEverythingOption);
        for (int i = 0; i < kHostile.size(); ++i) {
            const AuditEvent e = hostileEvent(i);
            const QByteArray message = AuditFormats::syslogMessage(e, QStringLiteral("4242"));
            const QString text = QString::fromUtf8(message);
            const auto m = form.match(text);
            QVERIFY2(m.hasMatch(), message.constData());
            const int severity = e.result == AuditResult::Success ? 6 : e.result == AuditResult::Failed ? 5 : 4;
            QCOMPARE(m.captured(1).toInt(), 10 * 8 + severity);
            QCOMPARE(m.captured(2), e.time.toString(Qt::ISODateWithMs));
            QVERIFY(m.captured(2).endsWith(QLatin1Char('Z')));
            QCOMPARE(m.captured(3), asciiForm(e.workstation, 255));
            QCOMPARE(m.captured(4), QStringLiteral("custos"));
            QCOMPARE(m.captured(5), QStringLiteral("4242"));
            QCOMPARE(m.captured(6), asciiForm(e.operation, 32));
            QCOMPARE(sdUnescape(m.captured(7)), QString::number(e.seq));
            const QByteArray cef = AuditFormats::cefLine(e).toUtf8();
            const bool ascii = std::all_of(cef.begin(), cef.end(), [](char c) { return uchar(c) < 0x80; });
            const QByteArray tail = message.mid(message.size() - cef.size() - (ascii ? 0 : 3));
            QCOMPARE(tail, (ascii ? QByteArray() : QByteArrayLiteral("\xEF\xBB\xBF")) + cef);
            // Header fields are printable ASCII only, whatever the event held.
            const QByteArray head = message.left(message.indexOf("[custos@"));
            for (char c : head)
                QVERIFY2(c == ' ' || (c > 32 && c < 127), head.constData());
        }
        AuditEvent e = hostileEvent(0);
        e.operation = QString(40, QLatin1Char('X'));
        e.workstation.clear();
        const QByteArray message = AuditFormats::syslogMessage(e);
        QVERIFY2(message.contains(" - custos - " + QByteArray(32, 'X') + " [custos@32473"), message.constData());
    }

    void sdParamEscaping()
    {
        QCOMPARE(AuditFormats::sdParamEscape(QStringLiteral("a\"b\\c]d")), QStringLiteral("a\\\"b\\\\c\\]d"));
        for (const QString& s : kHostile)
            QCOMPARE(sdUnescape(AuditFormats::sdParamEscape(s)), s);
    }

    void octetCounting()
    {
        const AuditEvent e = hostileEvent(8); // non-ASCII: the count is in bytes, not characters
        const QByteArray message = AuditFormats::syslogMessage(e);
        const QByteArray framed = AuditFormats::octetCounted(message);
        const qsizetype space = framed.indexOf(' ');
        QCOMPARE(framed.left(space).toLongLong(), qint64(message.size()));
        QCOMPARE(framed.mid(space + 1), message);
        QVERIFY(message.size() > QString::fromUtf8(message).size());
    }

    // util-linux's logger writes the same RFC 5424 shape for the same fields (it adds a
    // timeQuality element and its own time and host, which are left out of the comparison).
    void loggerInterop()
    {
        const QString logger = QStandardPaths::findExecutable(QStringLiteral("logger"));
        if (logger.isEmpty())
            QSKIP("util-linux logger not installed");
        QUdpSocket receiver;
        QVERIFY(receiver.bind(QHostAddress::LocalHost, 0));
        AuditEvent e; // short (logger cuts messages at 1 KiB) and ASCII (logger adds no BOM)
        e.seq = 77;
        e.time = QDateTime::currentDateTimeUtc();
        e.operatorName = QStringLiteral("al|ice");
        e.operation = QStringLiteral("KeySign");
        e.resource = QStringLiteral("/vaults/v/keys/k=1");
        e.justification = QStringLiteral("CHG \\ 7 [x] \"y\"");
        e.workstation = QStringLiteral("paw-01");
        e.version = QStringLiteral("0.1.0");
        e.details = QJsonObject{{QStringLiteral("alg"), QStringLiteral("RS256")}};
        for (AuditResult result : {AuditResult::Success, AuditResult::Failed, AuditResult::Denied}) {
            e.result = result;
            const QString priority = result == AuditResult::Success  ? QStringLiteral("authpriv.info")
                                     : result == AuditResult::Failed ? QStringLiteral("authpriv.notice")
                                                                     : QStringLiteral("authpriv.warning");
            const QString cef = AuditFormats::cefLine(e);
            QProcess p;
            p.start(logger,
                    {QStringLiteral("--rfc5424"), QStringLiteral("-n"), QStringLiteral("127.0.0.1"),
                     QStringLiteral("-P"), QString::number(receiver.localPort()), QStringLiteral("-d"),
                     QStringLiteral("-p"), priority, QStringLiteral("-t"), QStringLiteral("custos"),
                     QStringLiteral("--msgid"), e.operation, QStringLiteral("--sd-id"), QStringLiteral("custos@32473"),
                     QStringLiteral("--sd-param"), QStringLiteral("seq=\"%1\"").arg(e.seq), cef});
            QVERIFY(p.waitForFinished(10000));
            QCOMPARE(p.exitCode(), 0);
            QTRY_VERIFY_WITH_TIMEOUT(receiver.hasPendingDatagrams(), 5000);
            const QByteArray reference = receiver.receiveDatagram().data();
            const QByteArray ours = AuditFormats::syslogMessage(e);
            const auto fields = [](const QByteArray& m) {
                QList<QByteArray> parts = m.split(' ');
                QByteArray rest = m.mid(m.indexOf("[custos@32473"));
                return QList<QByteArray>{parts.value(0), parts.value(3), parts.value(5), rest};
            };
            QCOMPARE(fields(ours), fields(reference));
        }
    }
};

CUSTOS_REGISTER_TEST(TestAuditFormats)
#include "TestAuditFormats.moc"
