#include "OutcomeText.h"
#include "TestRegistry.h"
#include "TestWorkspace.h"

#include "crypto/Digest.h"
#include "crypto/x509/CertificateInfo.h"
#include "model/services/GlobalSearch.h"
#include "model/services/ServicePath.h"
#include "model/session/Session.h"

#include <QElapsedTimer>
#include <QSqlQuery>
#include <QTemporaryDir>
#include <QTest>

#include <memory>

using namespace custos;
using namespace custos::model;
using Kind = SearchHit::Kind;
using Match = SearchHit::Match;
using Field = SearchHit::Field;

namespace {

// "ABCDEF" -> "AB:CD:EF"
QString withColons(const QString& hex)
{
    QStringList pairs;
    for (int i = 0; i < hex.size(); i += 2)
        pairs << hex.mid(i, 2);
    return pairs.join(QLatin1Char(':'));
}

const SearchHit* findHit(const QList<SearchHit>& hits, Kind kind, const QString& name)
{
    for (const SearchHit& hit : hits) {
        if (hit.kind == kind && hit.name == name)
            return &hit;
    }
    return nullptr;
}

QString describe(const QList<SearchHit>& hits)
{
    QStringList lines;
    for (const SearchHit& h : hits)
        lines << QStringLiteral("%1 %2/%3 %4 %5 '%6'")
                     .arg(searchKindName(h.kind), h.vault, h.name, searchFieldName(h.field))
                     .arg(int(h.match))
                     .arg(h.matchedText);
    return lines.join(QStringLiteral("; "));
}

} // namespace

// Ctrl+K's model side: every kind found by every field, ranked, limited, filtered by what the
// operator may read, with LIKE's wildcards taken literally, and fast over 10,000 keys.
class TestGlobalSearch : public QObject
{
    Q_OBJECT
private:
    std::unique_ptr<QTemporaryDir> m_tmp;
    std::unique_ptr<test::ReadyWorkspace> m_ready;
    KeyRecord m_signingKey;
    CertificateRecord m_web;

    Services& services() { return *m_ready->services; }
    Database& db() { return m_ready->workspace->database(); }

    QList<SearchHit> search(const QString& text, int limit = 50)
    {
        auto hits = globalSearch(services(), text, limit);
        if (!hits) {
            qWarning("search '%s' failed: %s", qPrintable(text), qPrintable(hits.error().message));
            return {};
        }
        return hits.value();
    }

    bool exec(const QString& sql)
    {
        QSqlQuery query(db().connection());
        if (query.exec(sql))
            return true;
        qWarning("%s", qPrintable(sql));
        return false;
    }

private Q_SLOTS:
    void init()
    {
        m_tmp = std::make_unique<QTemporaryDir>();
        m_ready = test::makeReadyWorkspace(m_tmp->filePath(QStringLiteral("ws")));
        QVERIFY(m_ready);
        VaultCreateRequest alpha(QStringLiteral("alpha"));
        alpha.protection = Protection::Software;
        alpha.tags = {{QStringLiteral("env"), QStringLiteral("prod")},
                      {QStringLiteral("note"), QStringLiteral("50%_off")}};
        auto createdAlpha = test::await(services().vaults().create(alpha));
        QVERIFY2(createdAlpha, errorText(createdAlpha));
        VaultCreateRequest bravo(QStringLiteral("bravo"));
        bravo.protection = Protection::Software;
        bravo.tags = {{QStringLiteral("note"), QStringLiteral("50xyoff")}};
        auto createdBravo = test::await(services().vaults().create(bravo));
        QVERIFY2(createdBravo, errorText(createdBravo));

        KeyCreateRequest signing;
        signing.vault = QStringLiteral("alpha");
        signing.name = QStringLiteral("signing-key");
        signing.kty = crypto::KeyKind::Ec;
        signing.tags = {{QStringLiteral("team"), QStringLiteral("payments")}};
        auto key = test::await(services().keys().create(signing));
        QVERIFY2(key, errorText(key));
        m_signingKey = key.value();
        KeyCreateRequest other;
        other.vault = QStringLiteral("bravo");
        other.name = QStringLiteral("bravo-key");
        other.kty = crypto::KeyKind::Ec;
        auto otherKey = test::await(services().keys().create(other));
        QVERIFY2(otherKey, errorText(otherKey));

        CertificateIssueRequest web;
        web.vault = QStringLiteral("alpha");
        web.name = QStringLiteral("web01");
        web.issuer = QStringLiteral("Self");
        web.subject = QStringLiteral("CN=web01.example.test, O=Custos Search");
        web.subjectAltNames = {QStringLiteral("dns:web01.example.test"), QStringLiteral("ip:192.0.2.7")};
        auto certificate = test::await(services().certificates().issue(web));
        QVERIFY2(certificate, errorText(certificate));
        m_web = certificate.value();
    }
    void cleanup()
    {
        m_ready.reset();
        m_tmp.reset();
    }

    void vaultsByNameAndTag()
    {
        auto hits = search(QStringLiteral("ALPHA"));
        QVERIFY2(!hits.isEmpty(), qPrintable(describe(hits)));
        QCOMPARE(hits.first().kind, Kind::Vault);
        QCOMPARE(hits.first().name, QStringLiteral("alpha"));
        QCOMPARE(hits.first().match, Match::Exact);
        QCOMPARE(hits.first().resource, QStringLiteral("/vaults/alpha"));

        hits = search(QStringLiteral("env=prod"));
        const SearchHit* byTag = findHit(hits, Kind::Vault, QStringLiteral("alpha"));
        QVERIFY2(byTag, qPrintable(describe(hits)));
        QCOMPARE(byTag->field, Field::Tag);
        QCOMPARE(byTag->match, Match::Exact);
        QCOMPARE(byTag->matchedText, QStringLiteral("env=prod"));
        hits = search(QStringLiteral("pro"));
        byTag = findHit(hits, Kind::Vault, QStringLiteral("alpha"));
        QVERIFY2(byTag && byTag->match == Match::Prefix, qPrintable(describe(hits)));
    }

    void keysByNameTagAndFingerprint()
    {
        auto hits = search(QStringLiteral("signing-key"));
        QVERIFY2(!hits.isEmpty(), qPrintable(describe(hits)));
        QCOMPARE(hits.first().kind, Kind::Key);
        QCOMPARE(hits.first().vault, QStringLiteral("alpha"));
        QCOMPARE(hits.first().match, Match::Exact);
        QCOMPARE(hits.first().resource, QStringLiteral("/vaults/alpha/keys/signing-key"));

        hits = search(QStringLiteral("payments"));
        const SearchHit* byTag = findHit(hits, Kind::Key, QStringLiteral("signing-key"));
        QVERIFY2(byTag && byTag->field == Field::Tag, qPrintable(describe(hits)));
        QCOMPARE(byTag->matchedText, QStringLiteral("team=payments"));

        // A tag of the current version (`key set --tags`) counts too.
        KeyUpdateRequest update;
        update.vault = QStringLiteral("bravo");
        update.name = QStringLiteral("bravo-key");
        update.tags = QMap<QString, QString>{{QStringLiteral("owner"), QStringLiteral("ops-desk")}};
        auto updated = test::await(services().keys().update(update));
        QVERIFY2(updated, errorText(updated));
        hits = search(QStringLiteral("ops-desk"));
        QVERIFY2(findHit(hits, Kind::Key, QStringLiteral("bravo-key")), qPrintable(describe(hits)));

        const QString fingerprint =
            QString::fromLatin1(crypto::sha256(m_signingKey.currentVersion.publicKeyDer).toHex());
        hits = search(withColons(fingerprint.toUpper()));
        QVERIFY2(!hits.isEmpty(), qPrintable(describe(hits)));
        QCOMPARE(hits.first().kind, Kind::Key);
        QCOMPARE(hits.first().name, QStringLiteral("signing-key"));
        QCOMPARE(hits.first().field, Field::Fingerprint);
        QCOMPARE(hits.first().match, Match::Exact);
        hits = search(fingerprint.left(10));
        const SearchHit* byPrefix = findHit(hits, Kind::Key, QStringLiteral("signing-key"));
        QVERIFY2(byPrefix && byPrefix->match == Match::Prefix && byPrefix->field == Field::Fingerprint,
                 qPrintable(describe(hits)));
    }

    void certificatesByEveryField()
    {
        auto hits = search(QStringLiteral("web01"));
        const SearchHit* byName = findHit(hits, Kind::Certificate, QStringLiteral("web01"));
        QVERIFY2(byName && byName->match == Match::Exact && byName->field == Field::Name, qPrintable(describe(hits)));
        QCOMPARE(byName->resource, QStringLiteral("/vaults/alpha/certificates/web01"));

        hits = search(QStringLiteral("custos search"));
        const SearchHit* bySubject = findHit(hits, Kind::Certificate, QStringLiteral("web01"));
        QVERIFY2(bySubject && bySubject->field == Field::Subject && bySubject->match == Match::Contains,
                 qPrintable(describe(hits)));
        QVERIFY(bySubject->matchedText.contains(QStringLiteral("CN=web01.example.test")));

        hits = search(QStringLiteral("WEB01.example.test"));
        const SearchHit* bySan = findHit(hits, Kind::Certificate, QStringLiteral("web01"));
        QVERIFY2(bySan && bySan->field == Field::SubjectAltName && bySan->match == Match::Exact,
                 qPrintable(describe(hits)));
        QCOMPARE(bySan->matchedText, QStringLiteral("dns:web01.example.test"));
        hits = search(QStringLiteral("192.0.2.7"));
        QVERIFY2(findHit(hits, Kind::Certificate, QStringLiteral("web01")), qPrintable(describe(hits)));

        auto info = crypto::x509::inspectCertificate(m_web.currentVersion.der);
        QVERIFY2(info, errorText(info));
        const QString sha256 = QString::fromLatin1(info->sha256Fingerprint.toHex());
        hits = search(crypto::x509::colonHex(info->sha256Fingerprint));
        const SearchHit* byFingerprint = findHit(hits, Kind::Certificate, QStringLiteral("web01"));
        QVERIFY2(byFingerprint && byFingerprint->field == Field::Fingerprint && byFingerprint->match == Match::Exact,
                 qPrintable(describe(hits)));
        hits = search(sha256.mid(20, 12));
        byFingerprint = findHit(hits, Kind::Certificate, QStringLiteral("web01"));
        QVERIFY2(byFingerprint && byFingerprint->match == Match::Contains, qPrintable(describe(hits)));

        const QString serial = m_web.currentVersion.serialHex;
        QVERIFY(serial.size() >= 8);
        for (const QString& text : {serial, serial.toLower(), withColons(serial)}) {
            hits = search(text);
            const SearchHit* bySerial = findHit(hits, Kind::Certificate, QStringLiteral("web01"));
            QVERIFY2(bySerial && bySerial->field == Field::Serial && bySerial->match == Match::Exact,
                     qPrintable(text + QStringLiteral(": ") + describe(hits)));
            QCOMPARE(bySerial->matchedText, serial);
        }

        // Certificates have no tags of their own: their key's count.
        QVERIFY(
            exec(QStringLiteral("UPDATE keys SET tags = '{\"owner\":\"web-team\"}' WHERE id = %1").arg(m_web.keyId)));
        hits = search(QStringLiteral("web-team"));
        const SearchHit* byTag = findHit(hits, Kind::Certificate, QStringLiteral("web01"));
        QVERIFY2(byTag && byTag->field == Field::Tag, qPrintable(describe(hits)));
    }

    void operatorsAndRoles()
    {
        auto added = test::await(services().operators().add(QStringLiteral("dave"), test::secret(test::kTestPassphrase),
                                                            QStringLiteral("Dave Example")));
        QVERIFY2(added, errorText(added));
        RoleDefinition custom;
        custom.name = QStringLiteral("Ticket Reader");
        custom.description = QStringLiteral("reads keys for the help desk");
        custom.actions = {QStringLiteral("keys/read/action")};
        custom.builtIn = false;
        auto created = test::await(services().roles().createRole(custom));
        QVERIFY2(created, errorText(created));

        auto hits = search(QStringLiteral("dave"));
        QVERIFY2(!hits.isEmpty(), qPrintable(describe(hits)));
        QCOMPARE(hits.first().kind, Kind::Operator);
        QCOMPARE(hits.first().match, Match::Exact);
        QCOMPARE(hits.first().resource, QStringLiteral("/operators/dave"));
        hits = search(QStringLiteral("example"));
        const SearchHit* byDisplayName = findHit(hits, Kind::Operator, QStringLiteral("dave"));
        QVERIFY2(byDisplayName && byDisplayName->field == Field::DisplayName, qPrintable(describe(hits)));

        hits = search(QStringLiteral("crypto auditor"));
        QVERIFY2(!hits.isEmpty(), qPrintable(describe(hits)));
        QCOMPARE(hits.first().kind, Kind::Role);
        QCOMPARE(hits.first().name, QStringLiteral("Crypto Auditor"));
        QCOMPARE(hits.first().match, Match::Exact);
        hits = search(QStringLiteral("help desk"));
        const SearchHit* byDescription = findHit(hits, Kind::Role, QStringLiteral("Ticket Reader"));
        QVERIFY2(byDescription && byDescription->field == Field::Description, qPrintable(describe(hits)));
        hits = search(QStringLiteral("ticket"));
        QVERIFY2(findHit(hits, Kind::Role, QStringLiteral("Ticket Reader")), qPrintable(describe(hits)));
    }

    void rankedAndLimited()
    {
        VaultCreateRequest vault(QStringLiteral("web"));
        vault.protection = Protection::Software;
        QVERIFY(test::await(services().vaults().create(vault)));
        for (const QString& name : {QStringLiteral("my-web-key"), QStringLiteral("webserver")}) {
            KeyCreateRequest request;
            request.vault = QStringLiteral("web");
            request.name = name;
            request.kty = crypto::KeyKind::Ec;
            auto key = test::await(services().keys().create(request));
            QVERIFY2(key, errorText(key));
        }
        const auto hits = search(QStringLiteral("WEB"));
        QVERIFY2(hits.size() >= 4, qPrintable(describe(hits)));
        QCOMPARE(hits.at(0).name, QStringLiteral("web"));
        QCOMPARE(hits.at(0).match, Match::Exact);
        QList<Match> order;
        for (const SearchHit& hit : hits)
            order << hit.match;
        QVERIFY2(std::is_sorted(order.begin(), order.end()), qPrintable(describe(hits)));
        auto indexOf = [&hits](Kind kind, const QString& name) {
            for (int i = 0; i < hits.size(); ++i) {
                if (hits.at(i).kind == kind && hits.at(i).name == name)
                    return i;
            }
            return -1;
        };
        const int prefix = indexOf(Kind::Key, QStringLiteral("webserver"));
        const int contains = indexOf(Kind::Key, QStringLiteral("my-web-key"));
        QVERIFY2(prefix > 0 && contains > prefix, qPrintable(describe(hits)));
        QCOMPARE(hits.at(prefix).match, Match::Prefix);
        QCOMPARE(hits.at(contains).match, Match::Contains);

        const auto limited = search(QStringLiteral("web"), 2);
        QCOMPARE(limited.size(), 2);
        QCOMPARE(limited.at(0).name, hits.at(0).name);
        QVERIFY(search(QStringLiteral("   ")).isEmpty());
    }

    void onlyWhatTheOperatorMayRead()
    {
        QVERIFY(test::addOperatorWithRoles(services(), QStringLiteral("eve"), {QStringLiteral("Crypto User")},
                                           QStringLiteral("/vaults/alpha")));
        QVERIFY(test::switchOperator(services(), QStringLiteral("eve")));
        auto hits = search(QStringLiteral("key"));
        QVERIFY2(findHit(hits, Kind::Key, QStringLiteral("signing-key")), qPrintable(describe(hits)));
        QVERIFY2(!findHit(hits, Kind::Key, QStringLiteral("bravo-key")), qPrintable(describe(hits)));
        hits = search(QStringLiteral("bravo"));
        QVERIFY2(hits.isEmpty(), qPrintable(describe(hits)));
        hits = search(QStringLiteral("alpha"));
        QVERIFY2(findHit(hits, Kind::Vault, QStringLiteral("alpha")), qPrintable(describe(hits)));
        // No certificates/read, no operators/read, and roleDefinitions/read only below "/".
        hits = search(QStringLiteral("web01"));
        QVERIFY2(!findHit(hits, Kind::Certificate, QStringLiteral("web01")), qPrintable(describe(hits)));
        QVERIFY2(search(QStringLiteral("admin")).isEmpty(), qPrintable(describe(search(QStringLiteral("admin")))));
        QVERIFY2(search(QStringLiteral("Crypto Auditor")).isEmpty(), "roles need roleDefinitions/read at /");

        services().session().logout();
        auto denied = globalSearch(services(), QStringLiteral("alpha"), 10);
        QVERIFY(!denied);
        QCOMPARE(denied.error().kind, ErrorKind::Denied);
    }

    void likeWildcardsAreLiteral()
    {
        // "50%_off" (alpha) and "50xyoff" (bravo): as LIKE wildcards "0%_o" would match both.
        auto hits = search(QStringLiteral("0%_o"));
        QVERIFY2(findHit(hits, Kind::Vault, QStringLiteral("alpha")), qPrintable(describe(hits)));
        QVERIFY2(!findHit(hits, Kind::Vault, QStringLiteral("bravo")), qPrintable(describe(hits)));
        hits = search(QStringLiteral("%"));
        QCOMPARE(hits.size(), 1);
        QCOMPARE(hits.first().name, QStringLiteral("alpha"));
        QVERIFY2(search(QStringLiteral("_")).size() == 1, qPrintable(describe(search(QStringLiteral("_")))));
        QVERIFY(search(QStringLiteral("\\")).isEmpty());
    }

    void tenThousandKeys()
    {
        VaultCreateRequest bulk(QStringLiteral("bulk"));
        bulk.protection = Protection::Software;
        QVERIFY(test::await(services().vaults().create(bulk)));
        // Rows straight into the store: 10,000 real key creations would take minutes.
        QVERIFY(exec(QStringLiteral(
            "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 10000)"
            " INSERT INTO keys(vault_id, name, kty, curve, protection, exportable, key_ops, tags, created, updated)"
            " SELECT (SELECT id FROM vaults WHERE name = 'bulk'), printf('key-%05d', i), 'EC', 'P-256', 'software', 0,"
            " '[\"sign\",\"verify\"]', CASE WHEN i % 100 = 0 THEN '{\"batch\":\"hundreds\"}' ELSE '{}' END, 0, 0 FROM "
            "n")));
        QVERIFY(exec(QStringLiteral("INSERT INTO key_versions(id, key_id, seq, created, updated, public_key)"
                                    " SELECT lower(hex(randomblob(16))), id, 1, 0, 0, randomblob(91) FROM keys"
                                    " WHERE vault_id = (SELECT id FROM vaults WHERE name = 'bulk')")));
        QSqlQuery query(db().connection());
        QVERIFY(query.exec(QStringLiteral("SELECT v.public_key FROM key_versions v JOIN keys k ON k.id = v.key_id"
                                          " WHERE k.name = 'key-05000'")));
        QVERIFY(query.next());
        const QString fingerprint = QString::fromLatin1(crypto::sha256(query.value(0).toByteArray()).toHex());
        query.finish();

        QElapsedTimer timer;
        timer.start();
        auto hits = search(QStringLiteral("key-09999"));
        const qint64 byName = timer.restart();
        QVERIFY2(!hits.isEmpty(), qPrintable(describe(hits)));
        QCOMPARE(hits.first().name, QStringLiteral("key-09999"));
        QCOMPARE(hits.first().match, Match::Exact);
        hits = search(QStringLiteral("key-0"));
        const qint64 broad = timer.restart();
        QCOMPARE(hits.size(), 50);
        hits = search(QStringLiteral("hundreds"), 500);
        QCOMPARE(hits.size(), 100);
        hits = search(fingerprint.left(16));
        const qint64 byFingerprint = timer.restart();
        const SearchHit* found = findHit(hits, Kind::Key, QStringLiteral("key-05000"));
        QVERIFY2(found && found->field == Field::Fingerprint, qPrintable(describe(hits)));
        qInfo("10,000 keys: by name %lld ms, broad %lld ms, by fingerprint %lld ms", byName, broad, byFingerprint);
        // Generous for a sanitizer build on a shared machine; a per-row query would take far longer.
        QVERIFY2(byName < 3000 && broad < 3000 && byFingerprint < 3000, "the search is too slow for 10,000 keys");
    }
};

CUSTOS_REGISTER_TEST(TestGlobalSearch)
#include "TestGlobalSearch.moc"
