#include "TestKeyLifecycleFixture.h"
#include "TestRegistry.h"

#include "crypto/Random.h"
#include "model/domain/IsoDuration.h"

#include <QTest>

using namespace custos;
using namespace custos::model;
using crypto::KeyKind;

// Rotation, `key set`, the rotation policy and its due actions.
class TestKeyLifecycle : public QObject
{
    Q_OBJECT
private:
    test::KeyLifecycleFixture f;

    static KeyRotationPolicy policyOf(const QString& expiry, QList<KeyLifetimeAction> actions)
    {
        KeyRotationPolicy p;
        p.expiryTime = expiry;
        p.actions = std::move(actions);
        return p;
    }

private Q_SLOTS:
    void init() { QVERIFY(f.setUp()); }
    void cleanup() { f.tearDown(); }

    void rotateMakesANewCurrentVersion_data()
    {
        QTest::addColumn<QString>("vault");
        QTest::addColumn<int>("kty");
        QTest::newRow("hsm EC") << QStringLiteral("hsm-vault") << int(KeyKind::Ec);
        QTest::newRow("software RSA") << QStringLiteral("soft-vault") << int(KeyKind::Rsa);
        QTest::newRow("hsm oct") << QStringLiteral("hsm-vault") << int(KeyKind::Aes);
    }
    void rotateMakesANewCurrentVersion()
    {
        QFETCH(QString, vault);
        QFETCH(int, kty);
        auto created = f.create(vault, QStringLiteral("k"), KeyKind(kty));
        QVERIFY2(created, errorText(created).constData());
        const KeyVersion first = created->currentVersion;
        // The policy's expiry time goes to new versions.
        QVERIFY(test::await(f.keys().setPolicy(vault, QStringLiteral("k"), policyOf(QStringLiteral("P30D"), {}))));

        const QDateTime before = QDateTime::currentDateTimeUtc();
        auto rotated = test::await(f.keys().rotate(vault, QStringLiteral("k")));
        QVERIFY2(rotated, errorText(rotated).constData());
        const KeyVersion second = rotated->currentVersion;
        QCOMPARE(second.seq, 2);
        QVERIFY(second.id != first.id);
        QCOMPARE(rotated->kty, created->kty);
        QCOMPARE(rotated->size, created->size);
        QCOMPARE(rotated->curve, created->curve);
        QCOMPARE(rotated->protection, created->protection);
        QCOMPARE(rotated->keyOps, created->keyOps);
        if (KeyKind(kty) != KeyKind::Aes) {
            QVERIFY(!second.publicKeyDer.isEmpty());
            QVERIFY(second.publicKeyDer != first.publicKeyDer);
        }
        QVERIFY(second.expires.isValid());
        QVERIFY(second.expires >= before.addDays(30).addSecs(-1));
        QVERIFY(second.expires <= QDateTime::currentDateTimeUtc().addDays(30).addSecs(1));

        // The old version stays, with its own attributes; show gives the new one.
        auto versions = f.keys().versions(vault, QStringLiteral("k"));
        QVERIFY(versions);
        QCOMPARE(versions->size(), 2);
        QCOMPARE(versions->at(0).id, first.id);
        QCOMPARE(versions->at(0).publicKeyDer, first.publicKeyDer);
        QVERIFY(!versions->at(0).expires.isValid());
        QCOMPARE(f.keys().show(vault, QStringLiteral("k"))->currentVersion.id, second.id);
        if (vault == QStringLiteral("hsm-vault")) {
            QVERIFY(f.tokenHolds(first.id));
            QVERIFY(f.tokenHolds(second.id));
        } else {
            auto sealed = KeyStore(f.db()).sealedPrivate(second.id);
            QVERIFY(sealed && sealed.value());
        }
        auto event = f.lastEvent(QStringLiteral("KeyRotate"));
        QVERIFY(event);
        QCOMPARE(event->result, AuditResult::Success);
        QCOMPARE(event->details.value(QStringLiteral("version")).toString(), second.id);
        QCOMPARE(event->details.value(QStringLiteral("previousVersion")).toString(), first.id);
        QCOMPARE(f.count(QStringLiteral("intents")), 0);
    }

    void rotateRefusesMissingAndDeletedKeys()
    {
        auto missing = test::await(f.keys().rotate(QStringLiteral("hsm-vault"), QStringLiteral("nope")));
        QVERIFY(!missing);
        QCOMPARE(missing.error().kind, ErrorKind::NotFound);
        QVERIFY(f.create(QStringLiteral("hsm-vault"), QStringLiteral("k"), KeyKind::Ec));
        QVERIFY(test::await(f.keys().remove(QStringLiteral("hsm-vault"), QStringLiteral("k"))));
        auto deleted = test::await(f.keys().rotate(QStringLiteral("hsm-vault"), QStringLiteral("k")));
        QVERIFY(!deleted);
        QVERIFY2(deleted.error().message.contains(QStringLiteral("is deleted")), errorText(deleted).constData());
        auto event = f.lastEvent(QStringLiteral("KeyRotate"));
        QVERIFY(event);
        QCOMPARE(event->result, AuditResult::Failed);
    }

    void rotateDatabaseFailureUndoesTheTokenObject()
    {
        QVERIFY(f.create(QStringLiteral("hsm-vault"), QStringLiteral("k"), KeyKind::Ec));
        QVERIFY(f.exec(QStringLiteral("CREATE TRIGGER key_versions_blocked BEFORE INSERT ON key_versions "
                                      "BEGIN SELECT RAISE(ABORT, 'simulated key version failure'); END")));
        auto failed = test::await(f.keys().rotate(QStringLiteral("hsm-vault"), QStringLiteral("k")));
        QVERIFY(f.exec(QStringLiteral("DROP TRIGGER key_versions_blocked")));
        QVERIFY(!failed);
        QVERIFY2(failed.error().message.contains(QStringLiteral("simulated key version failure")),
                 errorText(failed).constData());
        auto event = f.lastEvent(QStringLiteral("KeyRotate"));
        QVERIFY(event);
        QCOMPARE(event->result, AuditResult::Failed);
        const QString versionId = event->details.value(QStringLiteral("version")).toString();
        QCOMPARE(versionId.size(), 32);
        QVERIFY(!f.tokenHolds(versionId));
        QCOMPARE(f.count(QStringLiteral("key_versions")), 1);
        QCOMPARE(f.count(QStringLiteral("intents")), 0);
        QCOMPARE(f.keys().show(QStringLiteral("hsm-vault"), QStringLiteral("k"))->currentVersion.seq, 1);
    }

    void rotateTokenFailureLeavesNoRow()
    {
        QVERIFY(f.create(QStringLiteral("hsm-vault"), QStringLiteral("k"), KeyKind::Ec));
        const QString forced = crypto::randomId();
        auto made = f.onToken([forced](crypto::Token& token) -> Outcome<void> {
            crypto::KeyGenSpec spec;
            spec.kind = KeyKind::Aes;
            spec.id = QByteArray::fromHex(forced.toLatin1());
            spec.label = QStringLiteral("squatter");
            spec.bits = 128;
            auto generated = token.generateKey(spec);
            if (!generated)
                return generated.error();
            return {};
        });
        QVERIFY2(made, errorText(made).constData());
        f.keys().setVersionIdSource([forced]() { return forced; });
        auto failed = test::await(f.keys().rotate(QStringLiteral("hsm-vault"), QStringLiteral("k")));
        f.keys().setVersionIdSource({});
        QVERIFY(!failed);
        QVERIFY2(failed.error().message.contains(QStringLiteral("already holds objects")),
                 errorText(failed).constData());
        QCOMPARE(f.count(QStringLiteral("key_versions")), 1);
        QCOMPARE(f.count(QStringLiteral("intents")), 0);
        QVERIFY(f.tokenHolds(forced));
        QVERIFY(f.chainIntact());
    }

    void updateChangesVersionAttributes()
    {
        auto created = f.create(QStringLiteral("hsm-vault"), QStringLiteral("k"), KeyKind::Rsa);
        QVERIFY2(created, errorText(created).constData());
        const QString first = created->currentVersion.id;
        auto rotated = test::await(f.keys().rotate(QStringLiteral("hsm-vault"), QStringLiteral("k")));
        QVERIFY(rotated);

        // The old version, by id: disabled, with tags and a validity window.
        KeyUpdateRequest r;
        r.vault = QStringLiteral("hsm-vault");
        r.name = QStringLiteral("k");
        r.versionId = first;
        r.enabled = false;
        const QDateTime notBefore(QDate(2030, 1, 1), QTime(0, 0), Qt::UTC);
        r.notBefore = notBefore;
        r.expires = notBefore.addYears(1);
        r.tags = QMap<QString, QString>{{QStringLiteral("env"), QStringLiteral("prod")}};
        r.allowRsa15 = true;
        auto updated = test::await(f.keys().update(r));
        QVERIFY2(updated, errorText(updated).constData());
        QCOMPARE(updated->id, first);
        QVERIFY(!updated->enabled);

        auto read = f.keys().version(QStringLiteral("hsm-vault"), QStringLiteral("k"), first);
        QVERIFY2(read, errorText(read).constData());
        QVERIFY(!read->enabled);
        QCOMPARE(read->notBefore, notBefore);
        QCOMPARE(read->expires, notBefore.addYears(1));
        QCOMPARE(read->tags.value(QStringLiteral("env")), QStringLiteral("prod"));
        auto key = f.keys().show(QStringLiteral("hsm-vault"), QStringLiteral("k"));
        QVERIFY(key->allowRsa15);
        QVERIFY(key->currentVersion.enabled); // the current version was not touched

        // Empty version id: the current one; an invalid QDateTime clears the expiry.
        KeyUpdateRequest current;
        current.vault = r.vault;
        current.name = r.name;
        current.expires = QDateTime();
        current.enabled = false;
        auto changed = test::await(f.keys().update(current));
        QVERIFY2(changed, errorText(changed).constData());
        QCOMPARE(changed->id, rotated->currentVersion.id);
        QVERIFY(!f.keys().show(QStringLiteral("hsm-vault"), QStringLiteral("k"))->currentVersion.enabled);

        auto event = f.lastEvent(QStringLiteral("KeyUpdate"));
        QVERIFY(event);
        QCOMPARE(event->result, AuditResult::Success);
        QCOMPARE(event->details.value(QStringLiteral("version")).toString(), rotated->currentVersion.id);
    }

    void updateRefusesBadInput()
    {
        QVERIFY(f.create(QStringLiteral("hsm-vault"), QStringLiteral("k"), KeyKind::Ec));
        KeyUpdateRequest r;
        r.vault = QStringLiteral("hsm-vault");
        r.name = QStringLiteral("k");
        r.versionId = QStringLiteral("00112233445566778899aabbccddeeff");
        r.enabled = false;
        auto unknown = test::await(f.keys().update(r));
        QVERIFY(!unknown);
        QCOMPARE(unknown.error().kind, ErrorKind::NotFound);
        QVERIFY2(unknown.error().message.contains(r.versionId), errorText(unknown).constData());
        QCOMPARE(f.keys().version(r.vault, r.name, r.versionId).error().kind, ErrorKind::NotFound);

        r.versionId.clear();
        const QDateTime t(QDate(2030, 1, 1), QTime(0, 0), Qt::UTC);
        r.notBefore = t;
        r.expires = t.addDays(-1);
        auto inverted = test::await(f.keys().update(r));
        QVERIFY(!inverted);
        QCOMPARE(inverted.error().kind, ErrorKind::Invalid);
        QVERIFY2(inverted.error().message.contains(QStringLiteral("expected an expiry after the not-before")),
                 errorText(inverted).constData());

        KeyUpdateRequest rsa15;
        rsa15.vault = r.vault;
        rsa15.name = r.name;
        rsa15.allowRsa15 = true;
        auto notRsa = test::await(f.keys().update(rsa15));
        QVERIFY(!notRsa);
        QVERIFY2(notRsa.error().message.contains(QStringLiteral("only to RSA keys")), errorText(notRsa).constData());
        QVERIFY(f.keys().show(r.vault, r.name)->currentVersion.enabled); // nothing changed
        QCOMPARE(f.lastEvent(QStringLiteral("KeyUpdate"))->result, AuditResult::Failed);
    }

    void policyIsValidatedAndStored()
    {
        QVERIFY(f.create(QStringLiteral("hsm-vault"), QStringLiteral("k"), KeyKind::Ec));
        QCOMPARE(f.keys().policy(QStringLiteral("hsm-vault"), QStringLiteral("k")).value(), KeyRotationPolicy{});

        auto bad = test::await(f.keys().setPolicy(QStringLiteral("hsm-vault"), QStringLiteral("k"),
                                                  policyOf(QStringLiteral("90 days"), {})));
        QVERIFY(!bad);
        QCOMPARE(bad.error().kind, ErrorKind::Invalid);
        QVERIFY2(bad.error().message.contains(QStringLiteral("expiryTime")) &&
                     bad.error().message.contains(IsoDuration::rule()),
                 errorText(bad).constData());
        auto noExpiry = test::await(f.keys().setPolicy(
            QStringLiteral("hsm-vault"), QStringLiteral("k"),
            policyOf({}, {KeyLifetimeAction{KeyLifetimeAction::Kind::Notify, {}, QStringLiteral("P30D")}})));
        QVERIFY(!noExpiry);
        QVERIFY2(noExpiry.error().message.contains(QStringLiteral("needs the policy's expiryTime")),
                 errorText(noExpiry).constData());
        auto both = test::await(f.keys().setPolicy(
            QStringLiteral("hsm-vault"), QStringLiteral("k"),
            policyOf(QStringLiteral("P1Y"), {KeyLifetimeAction{KeyLifetimeAction::Kind::Rotate, QStringLiteral("P1D"),
                                                               QStringLiteral("P1D")}})));
        QVERIFY(!both);
        QVERIFY2(both.error().message.contains(QStringLiteral("exactly one of")), errorText(both).constData());
        QCOMPARE(f.lastEvent(QStringLiteral("KeyPolicySet"))->result, AuditResult::Failed);

        const KeyRotationPolicy good = policyOf(
            QStringLiteral("P1Y"), {KeyLifetimeAction{KeyLifetimeAction::Kind::Rotate, QStringLiteral("P90D"), {}},
                                    KeyLifetimeAction{KeyLifetimeAction::Kind::Notify, {}, QStringLiteral("P30D")}});
        auto set = test::await(f.keys().setPolicy(QStringLiteral("hsm-vault"), QStringLiteral("k"), good));
        QVERIFY2(set, errorText(set).constData());
        QCOMPARE(f.keys().policy(QStringLiteral("hsm-vault"), QStringLiteral("k")).value(), good);
        QCOMPARE(f.keys().show(QStringLiteral("hsm-vault"), QStringLiteral("k"))->policy, good);
        QCOMPARE(f.lastEvent(QStringLiteral("KeyPolicySet"))->result, AuditResult::Success);
    }

    void dueActionsFollowTheClock()
    {
        auto rotating = f.create(QStringLiteral("hsm-vault"), QStringLiteral("rotating"), KeyKind::Ec);
        auto notifying = f.create(QStringLiteral("soft-vault"), QStringLiteral("notifying"), KeyKind::Ec);
        QVERIFY(rotating && notifying);
        QVERIFY(f.create(QStringLiteral("hsm-vault"), QStringLiteral("quiet"), KeyKind::Ec));
        QVERIFY(test::await(f.keys().setPolicy(
            QStringLiteral("hsm-vault"), QStringLiteral("rotating"),
            policyOf({}, {KeyLifetimeAction{KeyLifetimeAction::Kind::Rotate, QStringLiteral("P90D"), {}}}))));
        QVERIFY(test::await(f.keys().setPolicy(
            QStringLiteral("soft-vault"), QStringLiteral("notifying"),
            policyOf(QStringLiteral("P1Y"),
                     {KeyLifetimeAction{KeyLifetimeAction::Kind::Notify, {}, QStringLiteral("P30D")}}))));

        auto none = f.keys().due();
        QVERIFY2(none, errorText(none).constData());
        QCOMPARE(none->size(), 0);

        // 100 days on: the rotation is due; the notification (one year less 30 days) is not.
        const QDateTime start = QDateTime::currentDateTimeUtc();
        f.path().setClock([start]() { return start.addDays(100); });
        auto due = f.keys().due();
        QVERIFY(due);
        QCOMPARE(due->size(), 1);
        QCOMPARE(due->at(0).key.name, QStringLiteral("rotating"));
        QCOMPARE(due->at(0).action.kind, KeyLifetimeAction::Kind::Rotate);
        QVERIFY2(due->at(0).description.startsWith(QStringLiteral("rotate: P90D after creation")),
                 qPrintable(due->at(0).description));

        // 340 days on: both; rotate first (due earlier).
        f.path().setClock([start]() { return start.addDays(340); });
        due = f.keys().due();
        QVERIFY(due);
        QCOMPARE(due->size(), 2);
        QCOMPARE(due->at(0).key.name, QStringLiteral("rotating"));
        QCOMPARE(due->at(1).key.name, QStringLiteral("notifying"));

        auto results = test::await(f.keys().applyDue());
        QCOMPARE(results.size(), 2);
        for (const KeyDueResult& r : results)
            QVERIFY2(r.done, qPrintable(r.message));
        QVERIFY2(results.at(0).message.startsWith(QStringLiteral("rotated to version")),
                 qPrintable(results.at(0).message));
        QCOMPARE(results.at(1).message, QStringLiteral("notified"));
        auto now = f.keys().show(QStringLiteral("hsm-vault"), QStringLiteral("rotating"));
        QCOMPARE(now->currentVersion.seq, 2);
        QCOMPARE(now->currentVersion.created, start.addDays(340).toUTC());
        auto notice = f.lastEvent(QStringLiteral("KeyNearExpiry"));
        QVERIFY(notice);
        QCOMPARE(notice->result, AuditResult::Success);
        QCOMPARE(notice->details.value(QStringLiteral("version")).toString(), notifying->currentVersion.id);
        QVERIFY(notice->resource.endsWith(notifying->currentVersion.id));

        // Nothing is due any more: the rotation made a new version, the notify was once per version.
        due = f.keys().due();
        QVERIFY(due);
        QCOMPARE(due->size(), 0);
        QCOMPARE(test::await(f.keys().applyDue()).size(), 0);
        AuditFilter filter;
        filter.operation = QStringLiteral("KeyNearExpiry");
        QCOMPARE(AuditLog(f.db()).list(filter)->size(), 1);

        // A rotation of the notifying key gives a new version, which is notified on its own time.
        QVERIFY(test::await(f.keys().rotate(QStringLiteral("soft-vault"), QStringLiteral("notifying"))));
        f.path().setClock([start]() { return start.addDays(340 + 340); });
        due = f.keys().due();
        QVERIFY(due);
        bool notifyAgain = false;
        for (const KeyDueItem& item : due.value())
            notifyAgain = notifyAgain || item.key.name == QStringLiteral("notifying");
        QVERIFY(notifyAgain);
    }

    void permissionsAreEnforcedAndDenialsAudited()
    {
        QVERIFY(f.create(QStringLiteral("hsm-vault"), QStringLiteral("k"), KeyKind::Ec));
        QVERIFY(test::addOperatorWithRoles(*f.ready->services, QStringLiteral("auditor"),
                                           {QStringLiteral("Crypto Auditor")}));
        QVERIFY(test::switchOperator(*f.ready->services, QStringLiteral("auditor")));
        auto rotate = test::await(f.keys().rotate(QStringLiteral("hsm-vault"), QStringLiteral("k")));
        QVERIFY(!rotate);
        QCOMPARE(rotate.error().kind, ErrorKind::Denied);
        QVERIFY2(rotate.error().message.contains(QStringLiteral("keys/rotate/action")), errorText(rotate).constData());
        auto event = f.lastEvent(QStringLiteral("KeyRotate"));
        QVERIFY(event);
        QCOMPARE(event->result, AuditResult::Denied);
        QCOMPARE(f.count(QStringLiteral("key_versions")), 1);

        KeyUpdateRequest r;
        r.vault = QStringLiteral("hsm-vault");
        r.name = QStringLiteral("k");
        r.enabled = false;
        auto update = test::await(f.keys().update(r));
        QVERIFY(!update);
        QCOMPARE(update.error().kind, ErrorKind::Denied);
        QCOMPARE(f.lastEvent(QStringLiteral("KeyUpdate"))->result, AuditResult::Denied);
        auto policy = test::await(f.keys().setPolicy(QStringLiteral("hsm-vault"), QStringLiteral("k"), {}));
        QCOMPARE(policy.error().kind, ErrorKind::Denied);
        auto remove = test::await(f.keys().remove(QStringLiteral("hsm-vault"), QStringLiteral("k")));
        QCOMPARE(remove.error().kind, ErrorKind::Denied);
        QCOMPARE(f.lastEvent(QStringLiteral("KeyDelete"))->result, AuditResult::Denied);
        auto backup = test::await(f.keys().backup(QStringLiteral("hsm-vault"), QStringLiteral("k")));
        QCOMPARE(backup.error().kind, ErrorKind::Denied);
        QCOMPARE(f.lastEvent(QStringLiteral("KeyBackup"))->result, AuditResult::Denied);

        // Reads are fine for an auditor, and not audited.
        const int events = f.count(QStringLiteral("audit_events"));
        QVERIFY(f.keys().policy(QStringLiteral("hsm-vault"), QStringLiteral("k")));
        QVERIFY(f.keys().version(QStringLiteral("hsm-vault"), QStringLiteral("k"), {}));
        QVERIFY(f.keys().due());
        QVERIFY(f.keys().listDeleted(QStringLiteral("hsm-vault")));
        QCOMPARE(f.count(QStringLiteral("audit_events")), events);
        QVERIFY(f.chainIntact());
    }
};

CUSTOS_REGISTER_TEST(TestKeyLifecycle)
#include "TestKeyLifecycle.moc"
