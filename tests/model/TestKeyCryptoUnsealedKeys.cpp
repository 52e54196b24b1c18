#include "TestRegistry.h"

#include "OutcomeText.h"
#include "crypto/keys/software/SoftwareKey.h"
#include "model/session/UnsealedKeys.h"

#include <QTest>

#include <memory>

using namespace custos;
using namespace custos::model;

// The session's cache of unsealed software keys: a key unsealed before a logout is not kept after it.
class TestKeyCryptoUnsealedKeys : public QObject
{
    Q_OBJECT
private:
    static std::shared_ptr<const crypto::SoftwareKey> ecKey()
    {
        auto key = crypto::SoftwareKey::generateEc(QStringLiteral("P-256"));
        return key ? std::make_shared<const crypto::SoftwareKey>(key.take()) : nullptr;
    }

private Q_SLOTS:
    void keepsFirstInsert()
    {
        UnsealedKeys keys;
        auto first = ecKey();
        auto second = ecKey();
        QVERIFY(first && second);
        QCOMPARE(keys.insert(QStringLiteral("v1"), first, keys.generation()), first);
        // Another thread unsealed the same version meanwhile: the stored one wins.
        QCOMPARE(keys.insert(QStringLiteral("v1"), second, keys.generation()), first);
        QCOMPARE(keys.find(QStringLiteral("v1")), first);
        QCOMPARE(keys.size(), 1);
        keys.remove(QStringLiteral("v1"));
        QVERIFY(!keys.find(QStringLiteral("v1")));
    }

    void clearWipesAndRefusesStaleInserts()
    {
        UnsealedKeys keys;
        auto key = ecKey();
        QVERIFY(key);
        const quint64 before = keys.generation();
        keys.insert(QStringLiteral("v1"), key, before);
        std::weak_ptr<const crypto::SoftwareKey> watch = key;
        key.reset();
        keys.clear();
        QCOMPARE(keys.size(), 0);
        QVERIFY(watch.expired()); // freed (SoftwareKey clears its private parts) once nobody uses it
        // Unsealed before the clear, finished after it: usable by its operation, not kept.
        auto late = ecKey();
        QCOMPARE(keys.insert(QStringLiteral("v2"), late, before), late);
        QCOMPARE(keys.size(), 0);
        QVERIFY(!keys.find(QStringLiteral("v2")));
    }
};

CUSTOS_REGISTER_TEST(TestKeyCryptoUnsealedKeys)
#include "TestKeyCryptoUnsealedKeys.moc"
