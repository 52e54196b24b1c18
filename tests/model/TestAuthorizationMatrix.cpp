#include "TestRegistry.h"
#include "TestWorkspace.h"

#include "model/authz/Permissions.h"
#include "model/services/ServicePath.h"
#include "model/session/Session.h"

#include <QTemporaryDir>
#include <QTest>

#include <functional>

using namespace custos;
using namespace custos::model;

namespace {
// Every vault operation, the permission ROLES.md ties to it, the state the vault must be in
// before it, and the call itself.
struct VaultOperation
{
    const char* name;
    const char* permission;
    enum class Before { Absent, Active, Deleted } before;
    std::function<bool(Services&, const QString&, Error*)> call;
};

template <typename T>
bool succeeded(Outcome<T> outcome, Error* error)
{
    if (!outcome)
        *error = outcome.error();
    return outcome.ok();
}

const QList<VaultOperation>& vaultOperations()
{
    static const QList<VaultOperation> operations{
        {"create", "vaults/write", VaultOperation::Before::Absent,
         [](Services& s, const QString& v, Error* e) { return succeeded(test::await(s.vaults().create({v})), e); }},
        {"update", "vaults/write", VaultOperation::Before::Active,
         [](Services& s, const QString& v, Error* e) {
             return succeeded(test::await(s.vaults().updateTags(v, {{QStringLiteral("env"), QStringLiteral("prod")}})),
                              e);
         }},
        {"show", "vaults/read", VaultOperation::Before::Active,
         [](Services& s, const QString& v, Error* e) { return succeeded(s.vaults().show(v), e); }},
        {"delete", "vaults/delete", VaultOperation::Before::Active,
         [](Services& s, const QString& v, Error* e) { return succeeded(test::await(s.vaults().remove(v)), e); }},
        {"show-deleted", "vaults/deletedVaults/read", VaultOperation::Before::Deleted,
         [](Services& s, const QString& v, Error* e) { return succeeded(s.vaults().show(v), e); }},
        {"recover", "vaults/deletedVaults/recover", VaultOperation::Before::Deleted,
         [](Services& s, const QString& v, Error* e) { return succeeded(test::await(s.vaults().recover(v)), e); }},
        {"purge", "vaults/deletedVaults/delete", VaultOperation::Before::Deleted,
         [](Services& s, const QString& v, Error* e) { return succeeded(test::await(s.vaults().purge(v)), e); }},
    };
    return operations;
}

enum class ScopeKind { Root, Vault, OtherVault };
QString scopeFor(ScopeKind kind, const QString& vault)
{
    switch (kind) {
    case ScopeKind::Root:
        return QStringLiteral("/");
    case ScopeKind::Vault:
        return QStringLiteral("/vaults/") + vault;
    case ScopeKind::OtherVault:
        return QStringLiteral("/vaults/elsewhere");
    }
    return {};
}
} // namespace

// Generated from the role definitions: every vault operation x every built-in role x a grant at
// "/", at the vault, and at another vault. The expectation is derived from the data (roleGrants
// and scopeCovers), the outcome from the real service path.
class TestAuthorizationMatrix : public QObject
{
    Q_OBJECT
private:
    std::unique_ptr<QTemporaryDir> m_tmp;
    std::unique_ptr<test::ReadyWorkspace> m_ready;
    int m_case = 0;

private Q_SLOTS:
    void initTestCase()
    {
        m_tmp = std::make_unique<QTemporaryDir>();
        m_ready = test::makeReadyWorkspace(m_tmp->filePath(QStringLiteral("ws")));
        QVERIFY(m_ready);
        // One operator per built-in role; assignments are added and removed per case.
        for (const RoleDefinition& role : builtInRoles()) {
            const QString name = QStringLiteral("op-") + QString(role.name).replace(QLatin1Char(' '), QLatin1Char('-'));
            auto added = test::await(m_ready->services->operators().add(name, test::secret(test::kTestPassphrase)));
            QVERIFY2(added, qPrintable(added ? QString() : added.error().message));
        }
    }
    void cleanupTestCase()
    {
        m_ready.reset();
        m_tmp.reset();
    }

    void vaultOperationsFollowTheRoleDefinitions_data()
    {
        QTest::addColumn<QString>("role");
        QTest::addColumn<int>("operation");
        QTest::addColumn<int>("scopeKind");
        for (const RoleDefinition& role : builtInRoles()) {
            for (int op = 0; op < vaultOperations().size(); ++op) {
                for (int kind : {int(ScopeKind::Root), int(ScopeKind::Vault), int(ScopeKind::OtherVault)}) {
                    const QByteArray tag = role.name.toUtf8() + " " + vaultOperations()[op].name + " @" +
                                           QByteArray(kind == 0   ? "root"
                                                      : kind == 1 ? "vault"
                                                                  : "other");
                    QTest::newRow(tag.constData()) << role.name << op << kind;
                }
            }
        }
    }

    void vaultOperationsFollowTheRoleDefinitions()
    {
        QFETCH(QString, role);
        QFETCH(int, operation);
        QFETCH(int, scopeKind);
        const VaultOperation& op = vaultOperations()[operation];
        Services& services = *m_ready->services;
        const QString vault = QStringLiteral("case-%1").arg(++m_case);
        const QString principal = QStringLiteral("op-") + QString(role).replace(QLatin1Char(' '), QLatin1Char('-'));
        const QString scope = scopeFor(ScopeKind(scopeKind), vault);

        // Arrange as the first operator (Administrator + Crypto Officer + ...).
        QVERIFY(test::switchOperator(services, QStringLiteral("admin")));
        if (op.before != VaultOperation::Before::Absent)
            QVERIFY(test::await(services.vaults().create({vault})));
        if (op.before == VaultOperation::Before::Deleted)
            QVERIFY(test::await(services.vaults().remove(vault)));
        QVERIFY(test::await(services.roles().assign(principal, role, scope)));

        QVERIFY(test::switchOperator(services, principal));
        const RoleDefinition* definition = findBuiltInRole(role);
        QVERIFY(definition);
        const bool expected = roleGrants(*definition, QLatin1String(op.permission)) &&
                              scopeCovers(scope, QStringLiteral("/vaults/") + vault);
        Error error;
        const bool allowed = op.call(services, vault, &error);
        if (expected) {
            QVERIFY2(allowed, qPrintable(error.message));
        } else {
            QVERIFY(!allowed);
            QCOMPARE(error.kind, ErrorKind::Denied);
            QVERIFY2(error.message.contains(QLatin1String(op.permission)), qPrintable(error.message));
        }

        QVERIFY(test::switchOperator(services, QStringLiteral("admin")));
        QVERIFY(test::await(services.roles().unassign(principal, role, scope)));
    }
};

CUSTOS_REGISTER_TEST(TestAuthorizationMatrix)
#include "TestAuthorizationMatrix.moc"
