#include "TestRegistry.h"

#include "model/domain/IsoDuration.h"
#include "model/domain/KeyRotationPolicy.h"

#include <QTest>

using namespace custos::model;

class TestIsoDuration : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void validity_data()
    {
        QTest::addColumn<QString>("text");
        QTest::addColumn<bool>("valid");
        QTest::newRow("days") << QStringLiteral("P90D") << true;
        QTest::newRow("year") << QStringLiteral("P1Y") << true;
        QTest::newRow("hours") << QStringLiteral("PT12H") << true;
        QTest::newRow("all parts") << QStringLiteral("P1Y2M3W4DT5H6M7S") << true;
        QTest::newRow("empty") << QString() << false;
        QTest::newRow("only P") << QStringLiteral("P") << false;
        QTest::newRow("T without time") << QStringLiteral("P1DT") << false;
        QTest::newRow("lowercase") << QStringLiteral("p90d") << false;
        QTest::newRow("fraction") << QStringLiteral("P1.5D") << false;
        QTest::newRow("negative") << QStringLiteral("-P1D") << false;
        QTest::newRow("wrong order") << QStringLiteral("P1D1Y") << false;
        QTest::newRow("words") << QStringLiteral("90 days") << false;
    }
    void validity()
    {
        QFETCH(QString, text);
        QFETCH(bool, valid);
        QCOMPARE(IsoDuration::isValid(text), valid);
        QCOMPARE(IsoDuration::apply(text, QDateTime::currentDateTimeUtc()).has_value(), valid);
    }

    void calendarArithmetic()
    {
        const QDateTime jan31(QDate(2026, 1, 31), QTime(10, 0), Qt::UTC);
        QCOMPARE(*IsoDuration::apply(QStringLiteral("P1M"), jan31),
                 QDateTime(QDate(2026, 2, 28), QTime(10, 0), Qt::UTC));
        QCOMPARE(*IsoDuration::apply(QStringLiteral("P90D"), jan31), jan31.addDays(90));
        QCOMPARE(*IsoDuration::apply(QStringLiteral("P1Y"), jan31),
                 QDateTime(QDate(2027, 1, 31), QTime(10, 0), Qt::UTC));
        QCOMPARE(*IsoDuration::apply(QStringLiteral("P2W"), jan31), jan31.addDays(14));
        QCOMPARE(*IsoDuration::apply(QStringLiteral("PT12H30M"), jan31), jan31.addSecs(12 * 3600 + 30 * 60));
        QCOMPARE(*IsoDuration::apply(QStringLiteral("P30D"), jan31, -1), jan31.addDays(-30));
        QVERIFY(IsoDuration::rule().contains(QStringLiteral("P90D")));
    }

    void policyProblems_data()
    {
        QTest::addColumn<QString>("expiry");
        QTest::addColumn<QString>("after");
        QTest::addColumn<QString>("before");
        QTest::addColumn<QString>("problem"); // empty: valid
        QTest::newRow("valid after create") << QString() << QStringLiteral("P30D") << QString() << QString();
        QTest::newRow("valid before expiry")
            << QStringLiteral("P1Y") << QString() << QStringLiteral("P30D") << QString();
        QTest::newRow("bad expiry") << QStringLiteral("1 year") << QString() << QString()
                                    << QStringLiteral("invalid expiryTime '1 year': expected an ISO 8601 duration");
        QTest::newRow("no trigger") << QString() << QString() << QString()
                                    << QStringLiteral("set exactly one of timeAfterCreate and timeBeforeExpiry");
        QTest::newRow("two triggers") << QStringLiteral("P1Y") << QStringLiteral("P1D") << QStringLiteral("P1D")
                                      << QStringLiteral("set exactly one of timeAfterCreate and timeBeforeExpiry");
        QTest::newRow("bad after") << QString() << QStringLiteral("P1X") << QString()
                                   << QStringLiteral("invalid timeAfterCreate 'P1X': expected an ISO 8601 duration");
        QTest::newRow("before without expiry") << QString() << QString() << QStringLiteral("P30D")
                                               << QStringLiteral("timeBeforeExpiry needs the policy's expiryTime");
    }
    void policyProblems()
    {
        QFETCH(QString, expiry);
        QFETCH(QString, after);
        QFETCH(QString, before);
        QFETCH(QString, problem);
        KeyRotationPolicy policy;
        policy.expiryTime = expiry;
        policy.actions << KeyLifetimeAction{KeyLifetimeAction::Kind::Rotate, after, before};
        const QString found = keyRotationPolicyProblem(policy);
        if (problem.isEmpty())
            QVERIFY2(found.isEmpty(), qPrintable(found));
        else
            QVERIFY2(found.contains(problem), qPrintable(found));
    }

    void policyJsonRoundTrip()
    {
        KeyRotationPolicy policy;
        policy.expiryTime = QStringLiteral("P1Y");
        policy.actions << KeyLifetimeAction{KeyLifetimeAction::Kind::Rotate, QStringLiteral("P90D"), {}}
                       << KeyLifetimeAction{KeyLifetimeAction::Kind::Notify, {}, QStringLiteral("P30D")};
        const QJsonObject json = keyRotationPolicyToJson(policy);
        QCOMPARE(json.value(QStringLiteral("attributes")).toObject().value(QStringLiteral("expiryTime")).toString(),
                 QStringLiteral("P1Y"));
        QCOMPARE(keyRotationPolicyFromJson(json), policy);
        QCOMPARE(keyRotationPolicyFromJson({}), KeyRotationPolicy{});
    }

    void dueTimes()
    {
        const QDateTime created(QDate(2026, 1, 1), QTime(0, 0), Qt::UTC);
        KeyRotationPolicy policy;
        policy.expiryTime = QStringLiteral("P1Y");
        const KeyLifetimeAction rotate{KeyLifetimeAction::Kind::Rotate, QStringLiteral("P90D"), {}};
        const KeyLifetimeAction notify{KeyLifetimeAction::Kind::Notify, {}, QStringLiteral("P30D")};
        QCOMPARE(*lifetimeActionDueAt(policy, rotate, created, {}), created.addDays(90));
        // No version expiry: counted back from created + expiryTime.
        QCOMPARE(*lifetimeActionDueAt(policy, notify, created, {}), created.addYears(1).addDays(-30));
        // The version's own expiry wins.
        const QDateTime expires = created.addDays(60);
        QCOMPARE(*lifetimeActionDueAt(policy, notify, created, expires), expires.addDays(-30));
        policy.expiryTime.clear();
        QVERIFY(!lifetimeActionDueAt(policy, notify, created, {}));
    }
};

CUSTOS_REGISTER_TEST(TestIsoDuration)
#include "TestIsoDuration.moc"
