#include "GlobalSearch.h"

#include "ServicePath.h"
#include "Services.h"
#include "crypto/Digest.h"
#include "crypto/x509/CertificateInfo.h"
#include "model/authz/Permissions.h"
#include "model/domain/CertificatePolicy.h"
#include "model/session/Session.h"
#include "model/store/Database.h"

#include <QHash>
#include <QJsonDocument>
#include <QJsonObject>
#include <QMutex>
#include <QMutexLocker>
#include <QSqlError>
#include <QSqlQuery>
#include <QVariant>

#include <algorithm>
#include <optional>
#include <utility>

namespace custos::model {

namespace {

using Match = SearchHit::Match;
using Field = SearchHit::Field;
using Kind = SearchHit::Kind;

// A partial fingerprint or serial shorter than this matches too much to be meant as one.
constexpr int kMinHexDigits = 4;
// Parsed certificates kept per process (versions never change once issued); cleared when full.
constexpr int kCertificateCacheLimit = 100000;

struct Needle
{
    QString text;    // trimmed
    QString hex;     // lower-case hex digits when the text is hex with optional ':', ' ' or '-'; else empty
    QString pattern; // LIKE '%text%' with %, _ and \ escaped
    bool hexScan() const { return hex.size() >= kMinHexDigits; }
};

QString escapeLike(const QString& text)
{
    QString escaped;
    escaped.reserve(text.size() + 8);
    for (const QChar c : text) {
        if (c == QLatin1Char('\\') || c == QLatin1Char('%') || c == QLatin1Char('_'))
            escaped += QLatin1Char('\\');
        escaped += c;
    }
    return escaped;
}

QString hexDigits(const QString& text)
{
    QString hex;
    hex.reserve(text.size());
    for (const QChar c : text) {
        if (c == QLatin1Char(':') || c == QLatin1Char(' ') || c == QLatin1Char('-'))
            continue;
        const bool digit = c >= QLatin1Char('0') && c <= QLatin1Char('9');
        const bool letter =
            (c >= QLatin1Char('a') && c <= QLatin1Char('f')) || (c >= QLatin1Char('A') && c <= QLatin1Char('F'));
        if (!digit && !letter)
            return {};
        hex += c.toLower();
    }
    return hex;
}

Needle makeNeedle(const QString& text)
{
    Needle n;
    n.text = text.trimmed();
    n.hex = hexDigits(n.text);
    n.pattern = QLatin1Char('%') + escapeLike(n.text) + QLatin1Char('%');
    return n;
}

std::optional<Match> matchText(const QString& value, const QString& needle)
{
    if (value.isEmpty())
        return std::nullopt;
    if (value.compare(needle, Qt::CaseInsensitive) == 0)
        return Match::Exact;
    if (value.startsWith(needle, Qt::CaseInsensitive))
        return Match::Prefix;
    if (value.contains(needle, Qt::CaseInsensitive))
        return Match::Contains;
    return std::nullopt;
}

// `value`: lower-case hex without separators.
std::optional<Match> matchHex(const QString& value, const Needle& needle)
{
    if (value.isEmpty() || needle.hex.isEmpty())
        return std::nullopt;
    if (value == needle.hex)
        return Match::Exact;
    if (!needle.hexScan())
        return std::nullopt;
    if (value.startsWith(needle.hex))
        return Match::Prefix;
    if (value.contains(needle.hex))
        return Match::Contains;
    return std::nullopt;
}

// The best way one object matched so far.
struct Best
{
    std::optional<Match> match;
    Field field = Field::Name;
    QString text;

    void offer(std::optional<Match> m, Field f, const QString& matched)
    {
        if (!m)
            return;
        if (!match || std::pair(*m, f) < std::pair(*match, field)) {
            match = m;
            field = f;
            text = matched;
        }
    }
};

QMap<QString, QString> decodeTags(const QString& json)
{
    QMap<QString, QString> tags;
    if (json.size() <= 2) // "{}"
        return tags;
    const QJsonObject object = QJsonDocument::fromJson(json.toUtf8()).object();
    for (auto it = object.constBegin(); it != object.constEnd(); ++it)
        tags.insert(it.key(), it.value().toString());
    return tags;
}

void offerTags(Best& best, const QString& tagsJson, const QString& needle)
{
    const QMap<QString, QString> tags = decodeTags(tagsJson);
    for (auto it = tags.cbegin(); it != tags.cend(); ++it) {
        const QString pair = it.key() + QLatin1Char('=') + it.value();
        best.offer(matchText(pair, needle), Field::Tag, pair);
        best.offer(matchText(it.key(), needle), Field::Tag, pair);
        best.offer(matchText(it.value(), needle), Field::Tag, pair);
    }
}

// "tags matches the pattern" in SQL: any key, value or "key=value"; binds the pattern three times.
QString tagCondition(const QString& column)
{
    return QStringLiteral("EXISTS (SELECT 1 FROM json_each(%1) t WHERE t.key LIKE ? ESCAPE '\\'"
                          " OR t.value LIKE ? ESCAPE '\\' OR (t.key || '=' || t.value) LIKE ? ESCAPE '\\')")
        .arg(column);
}

void bindTagPattern(QSqlQuery& query, const Needle& needle)
{
    for (int i = 0; i < 3; ++i)
        query.addBindValue(needle.pattern);
}

Error queryError(const QSqlQuery& query, const char* what)
{
    return makeError(ErrorKind::Failed,
                     QStringLiteral("search of %1 failed: %2").arg(QLatin1String(what), query.lastError().text()));
}

SearchHit makeHit(Kind kind, const QString& vault, const QString& name, const Best& best, const QString& resource)
{
    SearchHit hit;
    hit.kind = kind;
    hit.vault = vault;
    hit.name = name;
    hit.match = *best.match;
    hit.field = best.field;
    hit.matchedText = best.text;
    hit.resource = resource;
    return hit;
}

Outcome<void> searchVaults(Services& services, const Needle& needle, QList<SearchHit>& hits)
{
    const auto mayRead = services.path().allowedScopes(QStringLiteral("vaults/read"));
    QSqlQuery query(services.path().database().connection());
    query.setForwardOnly(true);
    query.prepare(QStringLiteral("SELECT v.name, v.tags FROM vaults v WHERE v.deleted IS NULL"
                                 " AND (v.name LIKE ? ESCAPE '\\' OR %1)")
                      .arg(tagCondition(QStringLiteral("v.tags"))));
    query.addBindValue(needle.pattern);
    bindTagPattern(query, needle);
    if (!query.exec())
        return queryError(query, "vaults");
    while (query.next()) {
        const QString name = query.value(0).toString();
        const QString resource = QStringLiteral("/vaults/") + name;
        if (!mayRead(resource))
            continue;
        Best best;
        best.offer(matchText(name, needle.text), Field::Name, name);
        offerTags(best, query.value(1).toString(), needle.text);
        if (best.match)
            hits << makeHit(Kind::Vault, name, name, best, resource);
    }
    return {};
}

// Keys: names and tags through LIKE; a hex needle scans the current versions' public keys too (a
// SHA-256 each, only for keys the operator may read).
Outcome<void> searchKeys(Services& services, const Needle& needle, QList<SearchHit>& hits)
{
    const auto mayRead = services.path().allowedScopes(QStringLiteral("keys/read/action"));
    QSqlQuery query(services.path().database().connection());
    query.setForwardOnly(true);
    // The key's tags and its current version's (`key set --tags` tags versions, as Key Vault does).
    const bool hexScan = needle.hexScan();
    QString sql = QStringLiteral("SELECT k.name, vt.name, k.tags, kv.tags, %1 FROM keys k"
                                 " JOIN vaults vt ON vt.id = k.vault_id LEFT JOIN key_versions kv ON kv.key_id = k.id"
                                 " AND kv.seq = (SELECT MAX(seq) FROM key_versions WHERE key_id = k.id)"
                                 " WHERE k.deleted IS NULL AND vt.deleted IS NULL")
                      .arg(hexScan ? QStringLiteral("kv.public_key") : QStringLiteral("NULL"));
    if (!hexScan)
        sql += QStringLiteral(" AND (k.name LIKE ? ESCAPE '\\' OR %1 OR %2)")
                   .arg(tagCondition(QStringLiteral("k.tags")), tagCondition(QStringLiteral("kv.tags")));
    query.prepare(sql);
    if (!hexScan) {
        query.addBindValue(needle.pattern);
        bindTagPattern(query, needle);
        bindTagPattern(query, needle);
    }
    if (!query.exec())
        return queryError(query, "keys");
    while (query.next()) {
        const QString name = query.value(0).toString();
        const QString vault = query.value(1).toString();
        const QString resource = KeyRecord::keyResourceId(vault, name);
        if (!mayRead(resource))
            continue;
        Best best;
        best.offer(matchText(name, needle.text), Field::Name, name);
        offerTags(best, query.value(2).toString(), needle.text);
        offerTags(best, query.value(3).toString(), needle.text);
        if (hexScan) {
            const QByteArray publicKey = query.value(4).toByteArray();
            if (!publicKey.isEmpty()) {
                const QString fingerprint = QString::fromLatin1(crypto::sha256(publicKey).toHex());
                best.offer(matchHex(fingerprint, needle), Field::Fingerprint, fingerprint);
            }
        }
        if (best.match)
            hits << makeHit(Kind::Key, vault, name, best, resource);
    }
    return {};
}

// What a certificate version says that search looks at, parsed once per version per process.
struct CertificateText
{
    QString subject;
    QStringList sanTexts;  // "dns:web01.example.test"
    QStringList sanValues; // "web01.example.test"
    QString sha256;        // lower-case hex
};

class CertificateTextCache
{
public:
    std::optional<CertificateText> find(const QString& versionId)
    {
        QMutexLocker lock(&m_mutex);
        auto it = m_texts.constFind(versionId);
        if (it == m_texts.constEnd())
            return std::nullopt;
        return *it;
    }
    void insert(const QString& versionId, const CertificateText& text)
    {
        QMutexLocker lock(&m_mutex);
        if (m_texts.size() >= kCertificateCacheLimit)
            m_texts.clear();
        m_texts.insert(versionId, text);
    }

private:
    QMutex m_mutex;
    QHash<QString, CertificateText> m_texts;
};

CertificateTextCache& certificateTextCache()
{
    static CertificateTextCache cache;
    return cache;
}

std::optional<CertificateText> certificateText(Database& db, const QString& versionId)
{
    if (auto cached = certificateTextCache().find(versionId))
        return cached;
    QSqlQuery query(db.connection());
    query.prepare(QStringLiteral("SELECT der FROM certificate_versions WHERE id = ?"));
    query.addBindValue(versionId);
    if (!query.exec() || !query.next())
        return std::nullopt;
    const QByteArray der = query.value(0).toByteArray();
    auto info = crypto::x509::inspectCertificate(der);
    if (!info)
        return std::nullopt;
    CertificateText text;
    text.subject = info->subject;
    for (const crypto::x509::SubjectAltName& san : info->subjectAltNames) {
        text.sanTexts << crypto::x509::subjectAltNameText(san);
        text.sanValues << san.value;
    }
    text.sha256 = QString::fromLatin1(info->sha256Fingerprint.toHex());
    certificateTextCache().insert(versionId, text);
    return text;
}

// Certificates: the subject, SANs and fingerprint live in the DER, so every certificate the
// operator may read is looked at (each version's DER parsed once, then cached).
Outcome<void> searchCertificates(Services& services, const Needle& needle, QList<SearchHit>& hits)
{
    const auto mayRead = services.path().allowedScopes(QStringLiteral("certificates/read"));
    Database& db = services.path().database();
    QSqlQuery query(db.connection());
    query.setForwardOnly(true);
    query.prepare(
        QStringLiteral("SELECT c.name, vt.name, k.tags, cv.id, cv.serial, (cv.der IS NOT NULL AND length(cv.der) > 0),"
                       " CASE WHEN cv.der IS NULL OR length(cv.der) = 0 THEN c.policy END"
                       " FROM certificates c JOIN vaults vt ON vt.id = c.vault_id LEFT JOIN keys k ON k.id = c.key_id"
                       " LEFT JOIN certificate_versions cv ON cv.certificate_id = c.id"
                       " AND cv.seq = (SELECT MAX(seq) FROM certificate_versions WHERE certificate_id = c.id)"
                       " WHERE c.deleted IS NULL AND vt.deleted IS NULL"));
    if (!query.exec())
        return queryError(query, "certificates");
    // Collected first: certificateText may query the same connection.
    struct Row
    {
        QString name, vault, tags, versionId, serial, policy;
        bool issued = false;
    };
    QList<Row> rows;
    while (query.next()) {
        Row row{query.value(0).toString(), query.value(1).toString(), query.value(2).toString(),
                query.value(3).toString(), query.value(4).toString(), query.value(6).toString(),
                query.value(5).toBool()};
        if (mayRead(CertificateRecord::certificateResourceId(row.vault, row.name)))
            rows << row;
    }
    query.finish();
    for (const Row& row : std::as_const(rows)) {
        Best best;
        best.offer(matchText(row.name, needle.text), Field::Name, row.name);
        offerTags(best, row.tags, needle.text);
        best.offer(matchHex(row.serial.toLower(), needle), Field::Serial, row.serial);
        if (row.issued) {
            if (auto text = certificateText(db, row.versionId)) {
                best.offer(matchText(text->subject, needle.text), Field::Subject, text->subject);
                for (int i = 0; i < text->sanTexts.size(); ++i) {
                    best.offer(matchText(text->sanTexts.at(i), needle.text), Field::SubjectAltName,
                               text->sanTexts.at(i));
                    best.offer(matchText(text->sanValues.at(i), needle.text), Field::SubjectAltName,
                               text->sanTexts.at(i));
                }
                best.offer(matchHex(text->sha256, needle), Field::Fingerprint, text->sha256);
            }
        } else if (!row.policy.isEmpty()) {
            // Pending (a CSR waits for its CA): what the policy asks for.
            const CertificatePolicy policy =
                certificatePolicyFromJson(QJsonDocument::fromJson(row.policy.toUtf8()).object());
            best.offer(matchText(policy.subject, needle.text), Field::Subject, policy.subject);
            for (const QString& san : policy.subjectAltNames) {
                best.offer(matchText(san, needle.text), Field::SubjectAltName, san);
                best.offer(matchText(san.section(QLatin1Char(':'), 1), needle.text), Field::SubjectAltName, san);
            }
        }
        if (best.match)
            hits << makeHit(Kind::Certificate, row.vault, row.name, best,
                            CertificateRecord::certificateResourceId(row.vault, row.name));
    }
    return {};
}

Outcome<void> searchOperators(Services& services, const Needle& needle, QList<SearchHit>& hits)
{
    if (!services.path().isAllowed(QStringLiteral("operators/read"), QStringLiteral("/")))
        return {};
    QSqlQuery query(services.path().database().connection());
    query.setForwardOnly(true);
    query.prepare(QStringLiteral("SELECT name, display_name FROM operators"
                                 " WHERE name LIKE ? ESCAPE '\\' OR display_name LIKE ? ESCAPE '\\'"));
    query.addBindValue(needle.pattern);
    query.addBindValue(needle.pattern);
    if (!query.exec())
        return queryError(query, "operators");
    while (query.next()) {
        const QString name = query.value(0).toString();
        const QString displayName = query.value(1).toString();
        Best best;
        best.offer(matchText(name, needle.text), Field::Name, name);
        best.offer(matchText(displayName, needle.text), Field::DisplayName, displayName);
        if (best.match)
            hits << makeHit(Kind::Operator, {}, name, best, QStringLiteral("/operators/") + name);
    }
    return {};
}

void offerRole(QList<SearchHit>& hits, const Needle& needle, const QString& name, const QString& description)
{
    Best best;
    best.offer(matchText(name, needle.text), Field::Name, name);
    best.offer(matchText(description, needle.text), Field::Description, description);
    if (best.match)
        hits << makeHit(Kind::Role, {}, name, best, QStringLiteral("/roles/") + name);
}

Outcome<void> searchRoles(Services& services, const Needle& needle, QList<SearchHit>& hits)
{
    if (!services.path().isAllowed(QStringLiteral("roleDefinitions/read/action"), QStringLiteral("/")))
        return {};
    for (const RoleDefinition& role : builtInRoles())
        offerRole(hits, needle, role.name, role.description);
    QSqlQuery query(services.path().database().connection());
    query.setForwardOnly(true);
    query.prepare(QStringLiteral("SELECT name, description FROM role_definitions"
                                 " WHERE name LIKE ? ESCAPE '\\' OR description LIKE ? ESCAPE '\\'"));
    query.addBindValue(needle.pattern);
    query.addBindValue(needle.pattern);
    if (!query.exec())
        return queryError(query, "roles");
    while (query.next())
        offerRole(hits, needle, query.value(0).toString(), query.value(1).toString());
    return {};
}

bool ranksBefore(const SearchHit& a, const SearchHit& b)
{
    if (a.match != b.match)
        return a.match < b.match;
    if (a.field != b.field)
        return a.field < b.field;
    if (a.kind != b.kind)
        return a.kind < b.kind;
    if (const int byVault = a.vault.compare(b.vault, Qt::CaseInsensitive); byVault != 0)
        return byVault < 0;
    return a.name.compare(b.name, Qt::CaseInsensitive) < 0;
}

} // namespace

Outcome<QList<SearchHit>> globalSearch(Services& services, const QString& text, int limit)
{
    if (!services.session().isLoggedIn())
        return makeError(ErrorKind::Denied, QStringLiteral("not logged in"));
    const Needle needle = makeNeedle(text);
    QList<SearchHit> hits;
    if (needle.text.isEmpty() || limit <= 0)
        return hits;
    for (auto search : {searchVaults, searchKeys, searchCertificates, searchOperators, searchRoles}) {
        if (auto searched = search(services, needle, hits); !searched)
            return searched.error();
    }
    const auto end = hits.size() > limit ? hits.begin() + limit : hits.end();
    std::partial_sort(hits.begin(), end, hits.end(), ranksBefore);
    hits.resize(end - hits.begin());
    return hits;
}

QString searchKindName(SearchHit::Kind kind)
{
    switch (kind) {
    case Kind::Vault:
        return QStringLiteral("Vault");
    case Kind::Key:
        return QStringLiteral("Key");
    case Kind::Certificate:
        return QStringLiteral("Certificate");
    case Kind::Operator:
        return QStringLiteral("Operator");
    case Kind::Role:
        return QStringLiteral("Role");
    }
    return {};
}

QString searchFieldName(SearchHit::Field field)
{
    switch (field) {
    case Field::Name:
        return QStringLiteral("name");
    case Field::DisplayName:
        return QStringLiteral("display name");
    case Field::Tag:
        return QStringLiteral("tag");
    case Field::Subject:
        return QStringLiteral("subject");
    case Field::SubjectAltName:
        return QStringLiteral("SAN");
    case Field::Fingerprint:
        return QStringLiteral("fingerprint");
    case Field::Serial:
        return QStringLiteral("serial");
    case Field::Description:
        return QStringLiteral("description");
    }
    return {};
}

} // namespace custos::model
