// Distinguished names, subject alternative names, certificate profiles and revocation reasons: the
// parsers of what admins type, with every refusal.
#include "TestRegistry.h"

#include "OutcomeText.h"

#include "crypto/x509/CertificateProfile.h"
#include "crypto/x509/DistinguishedName.h"
#include "crypto/x509/RevocationList.h"
#include "crypto/x509/SubjectAltName.h"

#include <QTest>

#include <openssl/x509.h>

using namespace custos;
using namespace custos::crypto;
using namespace custos::crypto::x509;

class TestX509Names : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void distinguishedNameRoundTrip_data()
    {
        QTest::addColumn<QString>("typed");
        QTest::addColumn<QString>("shown");
        QTest::newRow("simple") << "CN=web01.example.test, O=Example Ltd, C=DE"
                                << "CN=web01.example.test, O=Example Ltd, C=DE";
        QTest::newRow("types case-insensitive, spaces trimmed") << "cn = web01 ,o=Example,c=de"
                                                                << "CN=web01, O=Example, C=de";
        QTest::newRow("escaped comma") << "CN=Doe\\, John, O=Example"
                                       << "CN=Doe\\, John, O=Example";
        QTest::newRow("every type")
            << "CN=a, OU=b, O=c, L=d, ST=e, STREET=f, DC=g, SERIALNUMBER=1, emailAddress=x@example.test, UID=u, C=DE"
            << "CN=a, OU=b, O=c, L=d, ST=e, STREET=f, DC=g, SERIALNUMBER=1, emailAddress=x@example.test, UID=u, C=DE";
        QTest::newRow("UTF-8") << QStringLiteral("CN=M\u00fcller, O=\u00c9tude")
                               << QStringLiteral("CN=M\u00fcller, O=\u00c9tude");
        QTest::newRow("equals sign in a value") << "CN=a=b"
                                                << "CN=a=b";
    }

    void distinguishedNameRoundTrip()
    {
        QFETCH(QString, typed);
        QFETCH(QString, shown);
        auto der = parseDistinguishedName(typed);
        QVERIFY2(der.ok(), errorText(der).constData());
        auto text = distinguishedNameText(der.value());
        QVERIFY2(text.ok(), errorText(text).constData());
        QCOMPARE(text.value(), shown);
        auto again = parseDistinguishedName(text.value());
        QVERIFY2(again.ok(), errorText(again).constData());
        QCOMPARE(again.value(), der.value());
    }

    void distinguishedNameDerOrder()
    {
        // RFC 4514: the text starts with the most specific RDN, the DER sequence with the least.
        auto der = parseDistinguishedName(u"CN=web01, O=Example, C=DE");
        QVERIFY2(der.ok(), errorText(der).constData());
        const auto* p = reinterpret_cast<const unsigned char*>(der->constData());
        X509_NAME* name = d2i_X509_NAME(nullptr, &p, static_cast<long>(der->size()));
        QVERIFY(name);
        QCOMPARE(X509_NAME_entry_count(name), 3);
        QCOMPARE(OBJ_obj2nid(X509_NAME_ENTRY_get_object(X509_NAME_get_entry(name, 0))), NID_countryName);
        QCOMPARE(OBJ_obj2nid(X509_NAME_ENTRY_get_object(X509_NAME_get_entry(name, 2))), NID_commonName);
        X509_NAME_free(name);
    }

    void distinguishedNameRefusals_data()
    {
        QTest::addColumn<QString>("typed");
        QTest::addColumn<QString>("message");
        QTest::newRow("empty") << ""
                               << "the subject is empty";
        QTest::newRow("empty value") << "CN="
                                     << "invalid subject 'CN=': the value of CN is empty";
        QTest::newRow("unknown type")
            << "XX=1"
            << "unknown attribute 'XX' in the subject: expected CN, O, OU, C, L, ST, STREET, DC, "
               "SERIALNUMBER, emailAddress or UID";
        QTest::newRow("no equals sign") << "CN=a, web01"
                                        << "'web01' is not TYPE=value";
        QTest::newRow("country of three letters") << "CN=a, C=DEU"
                                                  << "C must be a two-letter country code";
        QTest::newRow("lone backslash") << "CN=a\\"
                                        << "lone backslash";
        QTest::newRow("CN over 64 characters") << "CN=" + QString(65, u'a') << "the value of CN is not allowed";
        QTest::newRow("non-ASCII email") << QStringLiteral("emailAddress=m\u00fc@example.test")
                                         << "the value of emailAddress is not allowed";
    }

    void distinguishedNameRefusals()
    {
        QFETCH(QString, typed);
        QFETCH(QString, message);
        auto der = parseDistinguishedName(typed);
        QVERIFY(!der.ok());
        QCOMPARE(der.error().kind, ErrorKind::Invalid);
        QVERIFY2(der.error().message.contains(message), qPrintable(der.error().message));
    }

    void distinguishedNameTextRefusesBadDer()
    {
        auto text = distinguishedNameText(QByteArray("\x30\x05\x31\x03", 4));
        QVERIFY(!text.ok());
        QCOMPARE(text.error().kind, ErrorKind::Invalid);
        QVERIFY2(text.error().message.startsWith(QLatin1String("not a DER distinguished name")),
                 qPrintable(text.error().message));
    }

    void subjectAltNames_data()
    {
        QTest::addColumn<QString>("typed");
        QTest::addColumn<int>("kind");
        QTest::addColumn<QString>("value");
        QTest::newRow("dns lower-cased") << "dns:WEB01.Example.Test" << int(SanKind::Dns) << "web01.example.test";
        QTest::newRow("prefix case-insensitive")
            << "DNS:web01.example.test" << int(SanKind::Dns) << "web01.example.test";
        QTest::newRow("wildcard") << "dns:*.example.test" << int(SanKind::Dns) << "*.example.test";
        QTest::newRow("single label") << "dns:localhost" << int(SanKind::Dns) << "localhost";
        QTest::newRow("ipv4") << "ip:127.0.0.1" << int(SanKind::Ip) << "127.0.0.1";
        QTest::newRow("ipv6 canonical") << "ip:2001:DB8:0:0::1" << int(SanKind::Ip) << "2001:db8::1";
        QTest::newRow("email") << "email:ops@example.test" << int(SanKind::Email) << "ops@example.test";
        QTest::newRow("uri") << "uri:https://example.test/x" << int(SanKind::Uri) << "https://example.test/x";
        QTest::newRow("urn") << "uri:urn:uuid:6e8bc430-9c3a-11d9-9669-0800200c9a66" << int(SanKind::Uri)
                             << "urn:uuid:6e8bc430-9c3a-11d9-9669-0800200c9a66";
    }

    void subjectAltNames()
    {
        QFETCH(QString, typed);
        QFETCH(int, kind);
        QFETCH(QString, value);
        auto san = parseSubjectAltName(typed);
        QVERIFY2(san.ok(), errorText(san).constData());
        QCOMPARE(int(san->kind), kind);
        QCOMPARE(san->value, value);
        QCOMPARE(subjectAltNameText(san.value()), sanKindName(san->kind) + u':' + value);
        auto again = parseSubjectAltName(subjectAltNameText(san.value()));
        QVERIFY2(again.ok(), errorText(again).constData());
        QVERIFY(again.value() == san.value());
    }

    void subjectAltNameRefusals_data()
    {
        QTest::addColumn<QString>("typed");
        QTest::addColumn<QString>("message");
        QTest::newRow("empty") << ""
                               << "it is empty";
        QTest::newRow("empty dns") << "dns:"
                                   << "the dns name is empty";
        QTest::newRow("unknown prefix") << "host:web01"
                                        << "expected dns:, ip:, email: or uri:";
        QTest::newRow("no prefix") << "web01.example.test"
                                   << "expected dns:, ip:, email: or uri:";
        QTest::newRow("ip out of range") << "ip:999.1.1.1"
                                         << "expected an IPv4 address";
        QTest::newRow("ip short form") << "ip:127.1"
                                       << "expected an IPv4 address";
        QTest::newRow("ip with prefix length") << "ip:10.0.0.0/8"
                                               << "expected an IPv4 address";
        QTest::newRow("ip name") << "ip:web01"
                                 << "expected an IPv4 address";
        QTest::newRow("wildcard inside a label") << "dns:a*.example.test"
                                                 << "whole leftmost label";
        QTest::newRow("wildcard not leftmost") << "dns:www.*.test"
                                               << "whole leftmost label";
        QTest::newRow("wildcard over a TLD") << "dns:*.test"
                                             << "at least two labels after it";
        QTest::newRow("double dot") << "dns:a..example.test"
                                    << "empty label";
        QTest::newRow("trailing dot") << "dns:example.test."
                                      << "empty label";
        QTest::newRow("leading hyphen") << "dns:-a.example.test"
                                        << "starts or ends with a hyphen";
        QTest::newRow("underscore") << "dns:a_b.example.test"
                                    << "'_' is not allowed";
        QTest::newRow("label too long") << "dns:" + QString(64, u'a') + ".test"
                                        << "longer than 63 characters";
        QTest::newRow("name too long") << "dns:" + QStringList(5, QString(60, u'a')).join(u'.') + ".test"
                                       << "at most 253 characters";
        QTest::newRow("non-ASCII dns") << QStringLiteral("dns:m\u00fcller.example.test") << "xn--";
        QTest::newRow("email without @") << "email:ops.example.test"
                                         << "expected local@domain";
        QTest::newRow("email with a bad domain") << "email:ops@example..test"
                                                 << "the domain is not valid";
        QTest::newRow("relative uri") << "uri:example.test/x"
                                      << "expected an absolute URI";
        QTest::newRow("uri with a space") << "uri:https://example.test/a b"
                                          << "printable ASCII without spaces";
    }

    void subjectAltNameRefusals()
    {
        QFETCH(QString, typed);
        QFETCH(QString, message);
        auto san = parseSubjectAltName(typed);
        QVERIFY(!san.ok());
        QCOMPARE(san.error().kind, ErrorKind::Invalid);
        QVERIFY2(san.error().message.startsWith(QStringLiteral("invalid subject alternative name '%1': ").arg(typed)),
                 qPrintable(san.error().message));
        QVERIFY2(san.error().message.contains(message), qPrintable(san.error().message));
    }

    void profiles_data()
    {
        QTest::addColumn<QString>("name");
        QTest::addColumn<int>("keyKind");
        QTest::addColumn<QStringList>("keyUsages");
        QTest::addColumn<QStringList>("extendedKeyUsages");
        QTest::newRow("tls-server RSA") << "tls-server" << int(KeyKind::Rsa)
                                        << QStringList{"digitalSignature", "keyEncipherment"}
                                        << QStringList{"serverAuth"};
        QTest::newRow("tls-server EC") << "tls-server" << int(KeyKind::Ec) << QStringList{"digitalSignature"}
                                       << QStringList{"serverAuth"};
        QTest::newRow("tls-client") << "tls-client" << int(KeyKind::Rsa) << QStringList{"digitalSignature"}
                                    << QStringList{"clientAuth"};
        QTest::newRow("tls-server-client EC")
            << "tls-server-client" << int(KeyKind::Ec) << QStringList{"digitalSignature"}
            << QStringList{"serverAuth", "clientAuth"};
        QTest::newRow("code-signing") << "code-signing" << int(KeyKind::Ec) << QStringList{"digitalSignature"}
                                      << QStringList{"codeSigning"};
    }

    void profiles()
    {
        QFETCH(QString, name);
        QFETCH(int, keyKind);
        QFETCH(QStringList, keyUsages);
        QFETCH(QStringList, extendedKeyUsages);
        auto profile = certificateProfile(name, KeyKind(keyKind));
        QVERIFY2(profile.ok(), errorText(profile).constData());
        QCOMPARE(profile->name, name);
        QCOMPARE(profile->keyUsages, keyUsages);
        QCOMPARE(profile->extendedKeyUsages, extendedKeyUsages);
        QVERIFY(profileNames().contains(name));
    }

    void customProfile()
    {
        auto profile = certificateProfile(QStringLiteral("custom"), KeyKind::Ec, {"digitalsignature", "keyAgreement"},
                                          {"emailProtection", "timeStamping", "emailProtection"});
        QVERIFY2(profile.ok(), errorText(profile).constData());
        QCOMPARE(profile->keyUsages, (QStringList{"digitalSignature", "keyAgreement"}));
        QCOMPARE(profile->extendedKeyUsages, (QStringList{"emailProtection", "timeStamping"}));

        auto onlyEku = certificateProfile(QStringLiteral("custom"), KeyKind::Rsa, {}, {"OCSPSigning"});
        QVERIFY2(onlyEku.ok(), errorText(onlyEku).constData());
        QVERIFY(onlyEku->keyUsages.isEmpty());
    }

    void profileRefusals_data()
    {
        QTest::addColumn<QString>("name");
        QTest::addColumn<int>("keyKind");
        QTest::addColumn<QStringList>("keyUsages");
        QTest::addColumn<QStringList>("extendedKeyUsages");
        QTest::addColumn<QString>("message");
        QTest::newRow("unknown profile") << "web" << int(KeyKind::Ec) << QStringList() << QStringList()
                                         << "unknown certificate profile 'web': expected tls-server";
        QTest::newRow("lists without custom") << "tls-server" << int(KeyKind::Ec) << QStringList{"digitalSignature"}
                                              << QStringList() << "--ku/--eku need --profile custom";
        QTest::newRow("custom without usages") << "custom" << int(KeyKind::Ec) << QStringList() << QStringList()
                                               << "at least one key usage or extended key usage";
        QTest::newRow("unknown key usage") << "custom" << int(KeyKind::Ec) << QStringList{"signing"} << QStringList()
                                           << "unknown key usage 'signing': expected digitalSignature";
        QTest::newRow("unknown extended key usage")
            << "custom" << int(KeyKind::Ec) << QStringList() << QStringList{"webServer"}
            << "unknown extended key usage 'webServer': expected serverAuth";
        QTest::newRow("AES key") << "tls-server" << int(KeyKind::Aes) << QStringList() << QStringList()
                                 << "needs an RSA or EC key";
    }

    void profileRefusals()
    {
        QFETCH(QString, name);
        QFETCH(int, keyKind);
        QFETCH(QStringList, keyUsages);
        QFETCH(QStringList, extendedKeyUsages);
        QFETCH(QString, message);
        auto profile = certificateProfile(name, KeyKind(keyKind), keyUsages, extendedKeyUsages);
        QVERIFY(!profile.ok());
        QCOMPARE(profile.error().kind, ErrorKind::Invalid);
        QVERIFY2(profile.error().message.contains(message), qPrintable(profile.error().message));
    }

    void revocationReasons()
    {
        const QStringList names = revocationReasonNames();
        QCOMPARE(names.size(), 10);
        QCOMPARE(names.at(2), QStringLiteral("cACompromise"));
        for (const QString& name : names) {
            auto reason = parseRevocationReason(name.toUpper());
            QVERIFY2(reason.ok(), errorText(reason).constData());
            QCOMPARE(revocationReasonName(reason.value()), name);
        }
        QCOMPARE(parseRevocationReason(u"removefromcrl").value(), RevocationReason::RemoveFromCrl);
        auto unknown = parseRevocationReason(u"lost");
        QVERIFY(!unknown.ok());
        QVERIFY2(unknown.error().message.contains(QLatin1String("expected unspecified, keyCompromise")),
                 qPrintable(unknown.error().message));
    }
};

CUSTOS_REGISTER_TEST(TestX509Names)
#include "TestX509Names.moc"
