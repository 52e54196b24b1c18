#include "TestRegistry.h"

#include "model/authz/Permissions.h"

#include <QSet>
#include <QTest>

using namespace custos::model;

// Facts copied from ROLES.md by hand, so a change to the data that drifts from the document fails here.
class TestPermissions : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void allPermissionsFollowRolesMd()
    {
        const QStringList& all = allPermissions();
        QCOMPARE(all.size(), 58);
        QCOMPARE(all.first(), QStringLiteral("securitydomain/download/action"));
        QCOMPARE(all.last(), QStringLiteral("workspace/repair"));
        QCOMPARE(QSet<QString>(all.begin(), all.end()).size(), all.size());
        QCOMPARE(all.indexOf(QStringLiteral("keys/read/action")), 4);
        QCOMPARE(all.indexOf(QStringLiteral("keys/deletedKeys/delete")), 21);
        QCOMPARE(all.indexOf(QStringLiteral("rng/action")), 22);
        for (const char* permission : {"securitydomain/transferkey/read",
                                       "keys/write/action",
                                       "keys/rotate/action",
                                       "keys/create",
                                       "keys/delete",
                                       "keys/import/action",
                                       "keys/export/action",
                                       "keys/backup/action",
                                       "keys/restore/action",
                                       "keys/encrypt/action",
                                       "keys/decrypt/action",
                                       "keys/wrap/action",
                                       "keys/unwrap/action",
                                       "keys/sign/action",
                                       "keys/verify/action",
                                       "keys/deletedKeys/read/action",
                                       "keys/deletedKeys/recover/action",
                                       "roleAssignments/read/action",
                                       "roleAssignments/write/action",
                                       "roleAssignments/delete/action",
                                       "roleDefinitions/read/action",
                                       "roleDefinitions/write/action",
                                       "roleDefinitions/delete/action",
                                       "backup/start/action",
                                       "backup/status/action",
                                       "restore/start/action",
                                       "restore/status/action",
                                       "vaults/read",
                                       "vaults/write",
                                       "vaults/delete",
                                       "vaults/deletedVaults/read",
                                       "vaults/deletedVaults/recover",
                                       "vaults/deletedVaults/delete",
                                       "certificates/read",
                                       "certificates/write",
                                       "certificates/delete",
                                       "certificates/export",
                                       "certificates/ca",
                                       "certificates/deletedCertificates/read",
                                       "certificates/deletedCertificates/recover",
                                       "certificates/deletedCertificates/delete",
                                       "audit/read",
                                       "audit/export",
                                       "audit/verify",
                                       "audit/archive",
                                       "audit/forward",
                                       "operators/read",
                                       "operators/write",
                                       "quorum/read",
                                       "quorum/write",
                                       "workspace/read"}) {
            QVERIFY2(all.contains(QString::fromLatin1(permission)), permission);
        }
    }

    void builtInRolesInOrder()
    {
        QStringList names;
        for (const RoleDefinition& role : builtInRoles()) {
            names << role.name;
            QVERIFY(role.builtIn);
            QVERIFY(!role.description.isEmpty());
        }
        QCOMPARE(names, (QStringList{QStringLiteral("Administrator"), QStringLiteral("Crypto Officer"),
                                     QStringLiteral("Crypto User"), QStringLiteral("Policy Administrator"),
                                     QStringLiteral("Crypto Auditor"), QStringLiteral("Crypto Service Encryption User"),
                                     QStringLiteral("Backup User"), QStringLiteral("Restore User"),
                                     QStringLiteral("Certificates Officer"), QStringLiteral("Certificate User")}));
    }

    void everyPatternMatchesSomething()
    {
        for (const RoleDefinition& role : builtInRoles()) {
            for (const QStringList* patterns : {&role.actions, &role.notActions}) {
                for (const QString& pattern : *patterns) {
                    QVERIFY2(isValidPermissionPattern(pattern), qPrintable(role.name + QStringLiteral(": ") + pattern));
                }
            }
            QVERIFY2(!effectivePermissions(role).isEmpty(), qPrintable(role.name));
        }
        QVERIFY(!isValidPermissionPattern(QStringLiteral("keys/launch/action")));
        QVERIFY(!isValidPermissionPattern(QStringLiteral("nothing/*")));
    }

    void roleGrants_data()
    {
        QTest::addColumn<QString>("role");
        QTest::addColumn<QStringList>("grants");
        QTest::addColumn<QStringList>("refuses");
        auto l = [](std::initializer_list<const char*> items) {
            QStringList out;
            for (const char* item : items)
                out << QString::fromLatin1(item);
            return out;
        };
        QTest::newRow("Administrator") << QStringLiteral("Administrator")
                                       << l({"securitydomain/download/action",
                                             "securitydomain/upload/action",
                                             "securitydomain/transferkey/read",
                                             "backup/start/action",
                                             "backup/status/action",
                                             "restore/start/action",
                                             "restore/status/action",
                                             "roleAssignments/write/action",
                                             "roleDefinitions/delete/action",
                                             "vaults/read",
                                             "vaults/write",
                                             "vaults/delete",
                                             "vaults/deletedVaults/read",
                                             "vaults/deletedVaults/recover",
                                             "operators/write",
                                             "quorum/write",
                                             "audit/read",
                                             "audit/export",
                                             "audit/verify",
                                             "audit/archive",
                                             "audit/forward",
                                             "workspace/read",
                                             "workspace/repair"})
                                       << l({"keys/sign/action", "keys/read/action", "keys/create",
                                             "keys/backup/action", "rng/action", "vaults/deletedVaults/delete",
                                             "certificates/read", "certificates/write", "keys/deletedKeys/delete"});
        QTest::newRow("Crypto Officer") << QStringLiteral("Crypto Officer")
                                        << l({"roleAssignments/read/action", "roleAssignments/write/action",
                                              "roleDefinitions/write/action", "keys/deletedKeys/read/action",
                                              "keys/deletedKeys/recover/action", "keys/deletedKeys/delete",
                                              "keys/export/action", "vaults/deletedVaults/read",
                                              "vaults/deletedVaults/delete", "certificates/deletedCertificates/read",
                                              "certificates/deletedCertificates/recover",
                                              "certificates/deletedCertificates/delete"})
                                        << l({"keys/sign/action", "keys/create", "keys/read/action", "vaults/read",
                                              "vaults/write", "vaults/deletedVaults/recover", "certificates/read",
                                              "certificates/write", "audit/read", "operators/write", "rng/action"});
        QTest::newRow("Crypto User") << QStringLiteral("Crypto User")
                                     << l({"keys/read/action", "keys/write/action", "keys/rotate/action", "keys/create",
                                           "keys/delete", "keys/import/action", "keys/backup/action",
                                           "keys/restore/action", "keys/encrypt/action", "keys/decrypt/action",
                                           "keys/wrap/action", "keys/unwrap/action", "keys/sign/action",
                                           "keys/verify/action", "rng/action", "roleAssignments/read/action",
                                           "roleDefinitions/read/action", "vaults/read"})
                                     << l({"keys/export/action", "keys/deletedKeys/delete",
                                           "keys/deletedKeys/read/action", "keys/deletedKeys/recover/action",
                                           "roleAssignments/write/action", "vaults/write", "certificates/read",
                                           "audit/read", "backup/start/action"});
        QTest::newRow("Policy Administrator")
            << QStringLiteral("Policy Administrator")
            << l({"roleAssignments/read/action", "roleAssignments/write/action", "roleAssignments/delete/action",
                  "roleDefinitions/read/action", "roleDefinitions/write/action", "roleDefinitions/delete/action"})
            << l({"keys/read/action", "vaults/read", "operators/write", "audit/read"});
        QTest::newRow("Crypto Auditor") << QStringLiteral("Crypto Auditor")
                                        << l({"keys/read/action", "keys/deletedKeys/read/action", "certificates/read",
                                              "vaults/read", "vaults/deletedVaults/read", "roleAssignments/read/action",
                                              "roleDefinitions/read/action", "audit/read", "audit/export",
                                              "audit/verify", "operators/read", "quorum/read", "workspace/read"})
                                        << l({"audit/archive", "audit/forward", "keys/sign/action",
                                              "keys/export/action", "certificates/export", "operators/write",
                                              "quorum/write", "workspace/repair", "roleAssignments/write/action",
                                              "vaults/write"});
        QTest::newRow("Crypto Service Encryption User")
            << QStringLiteral("Crypto Service Encryption User")
            << l({"keys/read/action", "keys/wrap/action", "keys/unwrap/action"})
            << l({"keys/encrypt/action", "keys/decrypt/action", "keys/sign/action", "vaults/read"});
        QTest::newRow("Backup User") << QStringLiteral("Backup User")
                                     << l({"backup/start/action", "backup/status/action", "keys/backup/action"})
                                     << l({"restore/start/action", "restore/status/action", "keys/restore/action",
                                           "keys/read/action"});
        QTest::newRow("Restore User") << QStringLiteral("Restore User")
                                      << l({"restore/start/action", "restore/status/action", "keys/restore/action"})
                                      << l({"backup/start/action", "backup/status/action", "keys/backup/action"});
        QTest::newRow("Certificates Officer")
            << QStringLiteral("Certificates Officer")
            << l({"certificates/read", "certificates/write", "certificates/delete", "certificates/export",
                  "certificates/ca", "certificates/deletedCertificates/read",
                  "certificates/deletedCertificates/recover", "certificates/deletedCertificates/delete",
                  "keys/read/action", "vaults/read"})
            << l({"keys/sign/action", "keys/create", "keys/export/action", "vaults/write"});
        QTest::newRow("Certificate User")
            << QStringLiteral("Certificate User") << l({"certificates/read", "vaults/read"})
            << l({"certificates/write", "certificates/export", "keys/read/action"});
    }

    void roleGrants()
    {
        QFETCH(QString, role);
        QFETCH(QStringList, grants);
        QFETCH(QStringList, refuses);
        const RoleDefinition* definition = findBuiltInRole(role);
        QVERIFY(definition);
        const QStringList effective = effectivePermissions(*definition);
        for (const QString& permission : grants) {
            QVERIFY2(allPermissions().contains(permission), qPrintable(permission));
            QVERIFY2(custos::model::roleGrants(*definition, permission),
                     qPrintable(role + QStringLiteral(" must grant ") + permission));
            QVERIFY(effective.contains(permission));
        }
        for (const QString& permission : refuses) {
            QVERIFY2(allPermissions().contains(permission), qPrintable(permission));
            QVERIFY2(!custos::model::roleGrants(*definition, permission),
                     qPrintable(role + QStringLiteral(" must not grant ") + permission));
            QVERIFY(!effective.contains(permission));
        }
    }

    void exactEffectiveSets()
    {
        // The small roles in full: nothing more than ROLES.md lists.
        QCOMPARE(effectivePermissions(*findBuiltInRole(QStringLiteral("Certificate User"))),
                 (QStringList{QStringLiteral("vaults/read"), QStringLiteral("certificates/read")}));
        QCOMPARE(effectivePermissions(*findBuiltInRole(QStringLiteral("Crypto User"))).size(), 18);
        QCOMPARE(effectivePermissions(*findBuiltInRole(QStringLiteral("Crypto Auditor"))).size(), 13);
        QCOMPARE(effectivePermissions(*findBuiltInRole(QStringLiteral("Administrator"))).size(), 30);
        QCOMPARE(effectivePermissions(*findBuiltInRole(QStringLiteral("Crypto Officer"))).size(), 15);
        QCOMPARE(effectivePermissions(*findBuiltInRole(QStringLiteral("Certificates Officer"))).size(), 10);
    }

    void wildcards()
    {
        QVERIFY(permissionMatches(QStringLiteral("keys/*"), QStringLiteral("keys/sign/action")));
        QVERIFY(permissionMatches(QStringLiteral("keys/*"), QStringLiteral("keys/deletedKeys/read/action")));
        QVERIFY(permissionMatches(QStringLiteral("backup/*"), QStringLiteral("backup/start/action")));
        QVERIFY(permissionMatches(QStringLiteral("backup/*"), QStringLiteral("backup/status/action")));
        QVERIFY(!permissionMatches(QStringLiteral("backup/*"), QStringLiteral("restore/start/action")));
        QVERIFY(!permissionMatches(QStringLiteral("keys/*"), QStringLiteral("keysx/sign/action")));
        QVERIFY(permissionMatches(QStringLiteral("vaults/read"), QStringLiteral("vaults/read")));
        QVERIFY(!permissionMatches(QStringLiteral("vaults/read"), QStringLiteral("vaults/read/extra")));
        QVERIFY(!permissionMatches(QStringLiteral("vaults/rea"), QStringLiteral("vaults/read")));
        QVERIFY(!permissionMatches(QStringLiteral("keys/*"), QStringLiteral("keys")));
    }

    void findsRolesCaseInsensitively()
    {
        QVERIFY(findBuiltInRole(QStringLiteral("Crypto Officer")));
        QCOMPARE(findBuiltInRole(QStringLiteral("crypto officer"))->name, QStringLiteral("Crypto Officer"));
        QVERIFY(!findBuiltInRole(QStringLiteral("Crypto Service Release User")));
        QVERIFY(!findBuiltInRole(QString()));
    }

    void scopeCovers_data()
    {
        QTest::addColumn<QString>("grant");
        QTest::addColumn<QString>("resource");
        QTest::addColumn<bool>("covers");
        QTest::newRow("root covers root") << "/"
                                          << "/" << true;
        QTest::newRow("root covers vault") << "/"
                                           << "/vaults/a" << true;
        QTest::newRow("root covers key") << "/"
                                         << "/vaults/a/keys/k" << true;
        QTest::newRow("root covers operators") << "/"
                                               << "/operators/alice" << true;
        QTest::newRow("vault covers itself") << "/vaults/a"
                                             << "/vaults/a" << true;
        QTest::newRow("vault covers its key") << "/vaults/a"
                                              << "/vaults/a/keys/k" << true;
        QTest::newRow("vault covers key version") << "/vaults/a"
                                                  << "/vaults/a/keys/k/versions/1" << true;
        QTest::newRow("vault covers its cert") << "/vaults/a"
                                               << "/vaults/a/certificates/c" << true;
        QTest::newRow("vault not a longer name") << "/vaults/a"
                                                 << "/vaults/ab" << false;
        QTest::newRow("vault not another") << "/vaults/a"
                                           << "/vaults/b/keys/k" << false;
        QTest::newRow("vault not root") << "/vaults/a"
                                        << "/" << false;
        QTest::newRow("key not its vault") << "/vaults/a/keys/k"
                                           << "/vaults/a" << false;
        QTest::newRow("key not sibling") << "/vaults/a/keys/k"
                                         << "/vaults/a/keys/k2" << false;
        QTest::newRow("key covers itself") << "/vaults/a/keys/k"
                                           << "/vaults/a/keys/k" << true;
        QTest::newRow("names are case-insensitive") << "/vaults/Payments"
                                                    << "/vaults/payments/keys/k" << true;
        QTest::newRow("empty grant") << ""
                                     << "/vaults/a" << false;
    }

    void scopeCovers()
    {
        QFETCH(QString, grant);
        QFETCH(QString, resource);
        QFETCH(bool, covers);
        QCOMPARE(custos::model::scopeCovers(grant, resource), covers);
    }

    void isValidScope_data()
    {
        QTest::addColumn<QString>("scope");
        QTest::addColumn<bool>("valid");
        const QString v24(24, QLatin1Char('v'));
        const QString k127(127, QLatin1Char('k'));
        QTest::newRow("root") << "/" << true;
        QTest::newRow("vault") << "/vaults/payments" << true;
        QTest::newRow("vault with digits and dash") << "/vaults/pay-01" << true;
        QTest::newRow("vault 3") << "/vaults/abc" << true;
        QTest::newRow("vault 2") << "/vaults/ab" << false;
        QTest::newRow("vault 24") << QStringLiteral("/vaults/") + v24 << true;
        QTest::newRow("vault 25") << QStringLiteral("/vaults/") + v24 + QLatin1Char('v') << false;
        QTest::newRow("key") << "/vaults/payments/keys/signing-key-1" << true;
        QTest::newRow("key 1") << "/vaults/payments/keys/k" << true;
        QTest::newRow("key 127") << QStringLiteral("/vaults/payments/keys/") + k127 << true;
        QTest::newRow("key 128") << QStringLiteral("/vaults/payments/keys/") + k127 + QLatin1Char('k') << false;
        QTest::newRow("certificate") << "/vaults/payments/certificates/tls-web" << true;
        QTest::newRow("empty") << "" << false;
        QTest::newRow("no slash") << "vaults/payments" << false;
        QTest::newRow("trailing slash") << "/vaults/payments/" << false;
        QTest::newRow("vaults alone") << "/vaults" << false;
        QTest::newRow("keys alone") << "/vaults/payments/keys" << false;
        QTest::newRow("empty key") << "/vaults/payments/keys/" << false;
        QTest::newRow("underscore") << "/vaults/pay_ments" << false;
        QTest::newRow("dot") << "/vaults/payments/keys/a.b" << false;
        QTest::newRow("space") << "/vaults/pay ments" << false;
        QTest::newRow("non-ASCII") << QStringLiteral("/vaults/z\u00fcrich") << false;
        QTest::newRow("versions") << "/vaults/payments/keys/k/versions/1" << false;
        QTest::newRow("secrets") << "/vaults/payments/secrets/s" << false;
        QTest::newRow("operators") << "/operators/alice" << false;
        QTest::newRow("double slash") << "//vaults/payments" << false;
        QTest::newRow("newline") << "/vaults/payments\n" << false;
    }

    void isValidScope()
    {
        QFETCH(QString, scope);
        QFETCH(bool, valid);
        QCOMPARE(custos::model::isValidScope(scope), valid);
    }

    void initialOperatorRoles()
    {
        QCOMPARE(custos::model::initialOperatorRoles(),
                 (QStringList{QStringLiteral("Administrator"), QStringLiteral("Crypto Officer"),
                              QStringLiteral("Crypto User"), QStringLiteral("Certificates Officer"),
                              QStringLiteral("Crypto Auditor")}));
        for (const QString& name : custos::model::initialOperatorRoles())
            QVERIFY(findBuiltInRole(name));
    }
};

CUSTOS_REGISTER_TEST(TestPermissions)
#include "TestPermissions.moc"
