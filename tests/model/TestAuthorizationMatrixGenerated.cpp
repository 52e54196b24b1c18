#include "TestAuthorizationMatrixSupport.h"
#include "TestRegistry.h"

#include <QElapsedTimer>
#include <QTemporaryDir>
#include <QTest>

using namespace custos;
using namespace custos::authzmatrix;

// Issue 5 "Tests": every service operation (keys with their crypto use and deleted keys,
// certificates and CAs, role definitions and assignments, access reports, operators and groups,
// audit, token, rng; vaults: TestAuthorizationMatrix) x every built-in role x granted at "/" and
// at one vault, with resources inside and outside the grant. One workspace per role.
class TestAuthorizationMatrixGenerated : public QObject
{
    Q_OBJECT
private:
    static QList<MatrixOperation> everyOperation()
    {
        return keyOperations() + certificateOperations() + roleOperations() + operatorOperations() +
               auditTokenOperations();
    }

private Q_SLOTS:
    void everyOperationFollowsTheRoleDefinitions_data()
    {
        QTest::addColumn<QString>("role");
        for (const model::RoleDefinition& role : model::builtInRoles())
            QTest::newRow(role.name.toUtf8().constData()) << role.name;
    }

    void everyOperationFollowsTheRoleDefinitions()
    {
        QFETCH(QString, role);
        QTemporaryDir tmp;
        QElapsedTimer timer;
        timer.start();
        MatrixTally tally;
        const QList<MatrixOperation> operations = everyOperation();
        const QStringList mismatches = runMatrix(role, operations, tmp.filePath(QStringLiteral("ws")), &tally);
        qInfo("%s: %d operations, %d calls (%d allowed, %d denied) in %lld ms", qPrintable(role),
              int(operations.size()), tally.calls, tally.allowed, tally.denied, timer.elapsed());
        QVERIFY2(mismatches.isEmpty(), qPrintable(mismatches.join(QLatin1Char('\n'))));
        // Every operation ran for both operators (a root operation twice, the others three times),
        // and every role is allowed something and denied something.
        QVERIFY(tally.calls >= 2 * operations.size());
        QVERIFY(tally.allowed > 0);
        QVERIFY(tally.denied > 0);
    }

    // The table itself: every permission ROLES.md has for these areas is exercised by some row,
    // so a permission cannot silently drop out of the matrix.
    void theTableCoversThePermissions()
    {
        QSet<QString> covered;
        for (const MatrixOperation& op : everyOperation()) {
            for (const QString& permission : op.permissions)
                covered.insert(permission);
        }
        // No service operation needs these yet; the check reports one that gets an operation, so it
        // joins the table (keys/import/action joined with `key import`, issue 8).
        const QStringList noOperationYet;
        QStringList uncovered;
        for (const QString& permission : model::allPermissions()) {
            if (noOperationYet.contains(permission)) {
                QVERIFY2(!covered.contains(permission),
                         qPrintable(permission + QStringLiteral(" has an operation now")));
                continue;
            }
            const bool inScope =
                permission.startsWith(QLatin1String("keys/")) ||
                permission.startsWith(QLatin1String("certificates/")) || permission.startsWith(QLatin1String("role")) ||
                permission.startsWith(QLatin1String("operators/")) || permission == QLatin1String("rng/action") ||
                permission == QLatin1String("workspace/read") || permission == QLatin1String("audit/read") ||
                permission == QLatin1String("audit/export") || permission == QLatin1String("audit/verify");
            if (inScope && !covered.contains(permission))
                uncovered << permission;
        }
        QVERIFY2(uncovered.isEmpty(), qPrintable(uncovered.join(QStringLiteral(", "))));
    }
};

CUSTOS_REGISTER_TEST(TestAuthorizationMatrixGenerated)
#include "TestAuthorizationMatrixGenerated.moc"
