#include "TestRegistry.h"
#include "TestWorkspace.h"
#include "TokenFaultShim.h"

#include "crypto/pkcs11/Pkcs11Module.h"
#include "model/audit/AuditLog.h"
#include "model/services/KeyCryptoService.h"
#include "model/services/KeyService.h"
#include "model/services/TokenService.h"
#include "model/services/VaultService.h"
#include "model/session/Session.h"

#include <QTemporaryDir>
#include <QTest>

#include <functional>
#include <memory>
#include <optional>

using namespace custos;
using namespace custos::model;

// Issue 10, token faults: every engine call, faulted through the PKCS#11 shim with
// CKR_DEVICE_ERROR, CKR_SESSION_HANDLE_INVALID, CKR_PIN_EXPIRED and CKR_TOKEN_NOT_PRESENT, fails
// with a message naming the condition, the code and the call; its audit event is Failed; nothing is
// half-created; and once the fault clears the same operation succeeds in the same workspace (a
// closed session or a pulled token is replaced by a new, logged-in session).
class TestTokenFaults : public QObject
{
    Q_OBJECT
private:
    test::TokenFaultShim m_shim;
    std::unique_ptr<QTemporaryDir> m_tmp;
    std::unique_ptr<test::ReadyWorkspace> m_ready;
    KeyRecord m_rsa, m_ec, m_aes;
    KeyCiphertext m_rsaCiphertext, m_aesCiphertext;
    QByteArray m_wrapped;
    int m_serial = 0;
    const QString kVault = QStringLiteral("faults");

    Services& services() { return *m_ready->services; }

    std::optional<AuditEvent> lastEvent(const QString& operation)
    {
        AuditFilter filter;
        filter.operation = operation;
        filter.limit = 1;
        auto events = AuditLog(m_ready->workspace->database()).list(filter);
        if (!events || events->isEmpty())
            return std::nullopt;
        return events->last();
    }

    static KeyTarget target(const KeyRecord& key) { return {key.vault, key.name, {}}; }

    static std::shared_ptr<const crypto::SecureBuffer> bytes(const QByteArray& data)
    {
        return std::make_shared<const crypto::SecureBuffer>(data.constData(), static_cast<std::size_t>(data.size()));
    }

    Outcome<KeyRecord> createKey(const QString& name, crypto::KeyKind kind, int size, const QString& curve = {})
    {
        KeyCreateRequest request;
        request.vault = kVault;
        request.name = name;
        request.kty = kind;
        request.size = size;
        request.curve = curve;
        return test::await(services().keys().create(request));
    }

    // Key objects on the token (TokenService::info lists their ids), read with no fault set.
    int tokenKeyObjects()
    {
        auto info = test::await(services().tokens().info());
        return info ? info->keyObjects : -1;
    }

    template <typename T>
    static Outcome<void> voided(const Outcome<T>& outcome)
    {
        return outcome ? Outcome<void>{} : Outcome<void>(outcome.error());
    }

    // One operation by name; `generated` names the key a generation row makes.
    Outcome<void> runOperation(const QString& operation, const QString& generated)
    {
        KeyCryptoService& crypto = services().keyCrypto();
        const QByteArray message("the message signed under a faulty token");
        if (operation == QLatin1String("sign RSA"))
            return voided(test::await(crypto.sign(target(m_rsa), QStringLiteral("PS256"), message, false)));
        if (operation == QLatin1String("sign EC"))
            return voided(test::await(crypto.sign(target(m_ec), QStringLiteral("ES256"), message, false)));
        if (operation == QLatin1String("decrypt RSA"))
            return voided(test::await(crypto.decrypt(target(m_rsa), QStringLiteral("RSA-OAEP-256"), m_rsaCiphertext)));
        if (operation == QLatin1String("encrypt AES"))
            return voided(test::await(crypto.encrypt(target(m_aes), QStringLiteral("A256GCM"), bytes(message))));
        if (operation == QLatin1String("decrypt AES"))
            return voided(test::await(crypto.decrypt(target(m_aes), QStringLiteral("A256GCM"), m_aesCiphertext)));
        if (operation == QLatin1String("wrap AES"))
            return voided(
                test::await(crypto.wrapKey(target(m_aes), QStringLiteral("A256KW"), bytes(QByteArray(32, 'k')))));
        if (operation == QLatin1String("unwrap AES"))
            return voided(test::await(crypto.unwrapKey(target(m_aes), QStringLiteral("A256KW"), m_wrapped)));
        if (operation == QLatin1String("generate RSA"))
            return voided(createKey(generated, crypto::KeyKind::Rsa, 2048));
        if (operation == QLatin1String("generate EC"))
            return voided(createKey(generated, crypto::KeyKind::Ec, 0, QStringLiteral("P-384")));
        if (operation == QLatin1String("generate AES"))
            return voided(createKey(generated, crypto::KeyKind::Aes, 256));
        if (operation == QLatin1String("random"))
            return voided(test::await(services().tokens().random(32)));
        if (operation == QLatin1String("purge"))
            return test::await(services().keys().purge(kVault, generated));
        if (operation == QLatin1String("list objects"))
            return voided(test::await(services().tokens().info()));
        return makeError(ErrorKind::Invalid, QStringLiteral("unknown operation ") + operation);
    }

    // What the admin reads for each condition (Pkcs11Error.cpp).
    static QString conditionPhrase(CK_RV rv)
    {
        switch (rv) {
        case CKR_DEVICE_ERROR:
            return QStringLiteral("the token reported a device error (CKR_DEVICE_ERROR) during ");
        case CKR_SESSION_HANDLE_INVALID:
            return QStringLiteral("the token closed the session (CKR_SESSION_HANDLE_INVALID) during ");
        case CKR_PIN_EXPIRED:
            return QStringLiteral("the token's PIN has expired (CKR_PIN_EXPIRED) during ");
        case CKR_TOKEN_NOT_PRESENT:
            return QStringLiteral("the token is not present (CKR_TOKEN_NOT_PRESENT) during ");
        default:
            return {};
        }
    }

    // A fault that takes the session (or the whole token) with it: the next call needs a new one.
    static bool losesSession(CK_RV rv) { return rv == CKR_SESSION_HANDLE_INVALID || rv == CKR_TOKEN_NOT_PRESENT; }

private Q_SLOTS:
    void initTestCase()
    {
        const QString loaded = m_shim.load();
        QVERIFY2(loaded.isEmpty(), qPrintable(loaded));
        m_tmp = std::make_unique<QTemporaryDir>();
        m_ready = test::makeShimmedWorkspace(m_tmp->filePath(QStringLiteral("ws")));
        QVERIFY(m_ready);
        QVERIFY(m_shim.calls("C_Login") >= 1); // the login went through the shim
        auto vault = test::await(services().vaults().create({kVault}));
        QVERIFY2(vault, errorText(vault).constData());
        auto rsa = createKey(QStringLiteral("rsa"), crypto::KeyKind::Rsa, 2048);
        QVERIFY2(rsa, errorText(rsa).constData());
        m_rsa = rsa.value();
        auto ec = createKey(QStringLiteral("ec"), crypto::KeyKind::Ec, 0, QStringLiteral("P-256"));
        QVERIFY2(ec, errorText(ec).constData());
        m_ec = ec.value();
        auto aes = createKey(QStringLiteral("aes"), crypto::KeyKind::Aes, 256);
        QVERIFY2(aes, errorText(aes).constData());
        m_aes = aes.value();
        const QByteArray plain("ciphertext made before any fault");
        auto rsaCipher =
            test::await(services().keyCrypto().encrypt(target(m_rsa), QStringLiteral("RSA-OAEP-256"), bytes(plain)));
        QVERIFY2(rsaCipher, errorText(rsaCipher).constData());
        m_rsaCiphertext = rsaCipher.value();
        auto aesCipher =
            test::await(services().keyCrypto().encrypt(target(m_aes), QStringLiteral("A256GCM"), bytes(plain)));
        QVERIFY2(aesCipher, errorText(aesCipher).constData());
        m_aesCiphertext = aesCipher.value();
        auto wrapped = test::await(
            services().keyCrypto().wrapKey(target(m_aes), QStringLiteral("A256KW"), bytes(QByteArray(32, 'w'))));
        QVERIFY2(wrapped, errorText(wrapped).constData());
        m_wrapped = wrapped.value();
    }

    void cleanupTestCase()
    {
        m_shim.clear();
        if (m_ready) {
            // Whatever the faults did, the trail is intact.
            auto verified = AuditLog(m_ready->workspace->database()).verify();
            QVERIFY2(verified, errorText(verified).constData());
            QVERIFY2(verified->ok, qPrintable(verified->problem));
        }
        m_ready.reset();
    }

    void cleanup() { m_shim.clear(); }

    void everyEngineCallReportsTheFault_data()
    {
        QTest::addColumn<QString>("operation");
        QTest::addColumn<QString>("function"); // the PKCS#11 call that fails
        QTest::addColumn<QString>("audited");  // its audit event's operation; empty: a read, not audited
        QTest::addColumn<CK_RV>("code");
        const struct
        {
            const char* operation;
            const char* function;
            const char* audited;
        } calls[] = {
            {"sign RSA", "C_Sign", "KeySign"},
            {"sign EC", "C_Sign", "KeySign"},
            {"decrypt RSA", "C_Decrypt", "KeyDecrypt"},
            {"encrypt AES", "C_Encrypt", "KeyEncrypt"},
            {"decrypt AES", "C_Decrypt", "KeyDecrypt"},
            {"wrap AES", "C_WrapKey", "KeyWrap"},
            {"unwrap AES", "C_UnwrapKey", "KeyUnwrap"},
            {"generate RSA", "C_GenerateKeyPair", "KeyCreate"},
            {"generate EC", "C_GenerateKeyPair", "KeyCreate"},
            {"generate AES", "C_GenerateKey", "KeyCreate"},
            {"random", "C_GenerateRandom", "RandomBytes"},
            {"purge", "C_DestroyObject", "KeyPurge"},
            {"list objects", "C_FindObjectsInit", ""},
        };
        const struct
        {
            const char* name;
            CK_RV rv;
        } codes[] = {
            {"device error", CKR_DEVICE_ERROR},
            {"session closed", CKR_SESSION_HANDLE_INVALID},
            {"PIN expired", CKR_PIN_EXPIRED},
            {"token removed", CKR_TOKEN_NOT_PRESENT},
        };
        for (const auto& call : calls) {
            for (const auto& code : codes) {
                QTest::addRow("%s, %s", call.operation, code.name)
                    << QString::fromLatin1(call.operation) << QString::fromLatin1(call.function)
                    << QString::fromLatin1(call.audited) << code.rv;
            }
        }
    }

    void everyEngineCallReportsTheFault()
    {
        QFETCH(QString, operation);
        QFETCH(QString, function);
        QFETCH(QString, audited);
        QFETCH(CK_RV, code);
        const QString generated = QStringLiteral("made-%1").arg(++m_serial);
        const bool generation = operation.startsWith(QLatin1String("generate"));
        if (operation == QLatin1String("purge")) { // a soft-deleted key to purge
            auto made = createKey(generated, crypto::KeyKind::Ec, 0, QStringLiteral("P-256"));
            QVERIFY2(made, errorText(made).constData());
            auto removed = test::await(services().keys().remove(kVault, generated));
            QVERIFY2(removed, errorText(removed).constData());
        }
        const int objectsBefore = tokenKeyObjects();
        QVERIFY(objectsBefore > 0);

        const QByteArray functionName = function.toLatin1();
        m_shim.clear();
        m_shim.fail(functionName.constData(), code);
        const Outcome<void> failed = runOperation(operation, generated);
        QCOMPARE(m_shim.fired(), 1ul); // the fault reached the engine
        QVERIFY(!failed);
        // Clear: the condition, its code and the call, in one sentence.
        const QString expected = conditionPhrase(code) + function;
        QVERIFY2(failed.error().message.contains(expected),
                 qPrintable(QStringLiteral("expected \"%1\" in: %2").arg(expected, failed.error().message)));
        QCOMPARE(failed.error().kind, ErrorKind::Failed);
        if (!audited.isEmpty()) {
            const auto event = lastEvent(audited);
            QVERIFY(event);
            QCOMPARE(event->result, AuditResult::Failed);
            QVERIFY2(event->reason.contains(crypto::ckrName(code)), qPrintable(event->reason));
        }
        QCOMPARE(m_shim.tokenPresent(), code != CKR_TOKEN_NOT_PRESENT);

        // Sessions opened while the fault held (a failed generation cleans up right away) count too.
        const unsigned long opensDuringFault = m_shim.calls("C_OpenSession");
        const unsigned long loginsDuringFault = m_shim.calls("C_Login");

        // The fault clears (the token is back): nothing half-made, and the same call now works.
        m_shim.clear();
        if (generation) {
            auto row = services().keys().show(kVault, generated);
            QVERIFY(!row);
            QCOMPARE(row.error().kind, ErrorKind::NotFound);
            QCOMPARE(tokenKeyObjects(), objectsBefore);
        }
        const Outcome<void> again = runOperation(operation, generated);
        QVERIFY2(again, errorText(again).constData());
        if (!audited.isEmpty()) {
            const auto event = lastEvent(audited);
            QVERIFY(event);
            QCOMPARE(event->result, AuditResult::Success);
        }
        // A lost session was replaced and logged in again; one the fault left alone was kept.
        const unsigned long opens = opensDuringFault + m_shim.calls("C_OpenSession");
        if (losesSession(code)) {
            QVERIFY(opens >= 1);
            QVERIFY(loginsDuringFault + m_shim.calls("C_Login") >= 1);
        } else {
            QCOMPARE(opens, 0ul);
        }
    }

    void loginReportsTheFault_data()
    {
        QTest::addColumn<CK_RV>("code");
        QTest::newRow("device error") << CK_RV(CKR_DEVICE_ERROR);
        QTest::newRow("session closed") << CK_RV(CKR_SESSION_HANDLE_INVALID);
        QTest::newRow("PIN expired") << CK_RV(CKR_PIN_EXPIRED);
        QTest::newRow("token removed") << CK_RV(CKR_TOKEN_NOT_PRESENT);
    }

    void loginReportsTheFault()
    {
        QFETCH(CK_RV, code);
        services().session().logout();
        m_shim.fail("C_Login", code);
        auto failed = test::await(
            services().session().login(QStringLiteral("admin"), test::secret(test::kTestPassphrase), false));
        QCOMPARE(m_shim.fired(), 1ul);
        QVERIFY(!failed);
        const QString expected = conditionPhrase(code) + QStringLiteral("C_Login");
        QVERIFY2(failed.error().message.contains(expected), qPrintable(failed.error().message));
        QVERIFY(!services().session().isLoggedIn());
        const auto event = lastEvent(QStringLiteral("LoginFailed"));
        QVERIFY(event);
        // The token failed, the operator did not: not a denied (wrong passphrase) attempt.
        QCOMPARE(event->result, AuditResult::Failed);
        QVERIFY2(event->reason.contains(crypto::ckrName(code)), qPrintable(event->reason));

        m_shim.clear();
        auto again = test::await(
            services().session().login(QStringLiteral("admin"), test::secret(test::kTestPassphrase), false));
        QVERIFY2(again, errorText(again).constData());
        auto signedAgain = runOperation(QStringLiteral("sign EC"), {});
        QVERIFY2(signedAgain, errorText(signedAgain).constData());
    }

    // The token made the key pair but its answer was lost: the engine removes what it made, so
    // neither a row nor a token object is left, and the same name can be created afterwards.
    void generationWhoseAnswerIsLostLeavesNothing()
    {
        const int objectsBefore = tokenKeyObjects();
        m_shim.failAfter("C_GenerateKeyPair", CKR_DEVICE_ERROR);
        auto failed = createKey(QStringLiteral("answer-lost"), crypto::KeyKind::Ec, 0, QStringLiteral("P-256"));
        QCOMPARE(m_shim.fired(), 1ul);
        QVERIFY(!failed);
        QVERIFY2(failed.error().message.contains(QStringLiteral("CKR_DEVICE_ERROR")), errorText(failed).constData());
        QVERIFY(m_shim.calls("C_DestroyObject") >= 1); // what the token made was taken back
        m_shim.clear();
        QCOMPARE(tokenKeyObjects(), objectsBefore);
        QVERIFY(!services().keys().show(kVault, QStringLiteral("answer-lost")));
        auto again = createKey(QStringLiteral("answer-lost"), crypto::KeyKind::Ec, 0, QStringLiteral("P-256"));
        QVERIFY2(again, errorText(again).constData());
    }

    // The token pulled, then put back with its PIN expired: the session cannot be logged in again,
    // and says so; once the PIN is good the next operation works.
    void tokenBackWithExpiredPin()
    {
        m_shim.fail("C_Sign", CKR_TOKEN_NOT_PRESENT);
        QVERIFY(!runOperation(QStringLiteral("sign EC"), {}));
        m_shim.clear();
        m_shim.fail("C_Login", CKR_PIN_EXPIRED);
        auto refused = runOperation(QStringLiteral("sign EC"), {});
        QCOMPARE(m_shim.fired(), 1ul);
        QVERIFY(!refused);
        QVERIFY2(refused.error().message.contains(QStringLiteral("the token's PIN has expired (CKR_PIN_EXPIRED) during "
                                                                 "C_Login")),
                 errorText(refused).constData());
        m_shim.clear();
        auto signedAgain = runOperation(QStringLiteral("sign EC"), {});
        QVERIFY2(signedAgain, errorText(signedAgain).constData());
    }

    // Verification and RSA encryption use the public key Custos holds: they work with the token gone.
    void publicKeyOperationsNeedNoToken()
    {
        const QByteArray message("verified while the token is away");
        auto signature =
            test::await(services().keyCrypto().sign(target(m_rsa), QStringLiteral("PS256"), message, false));
        QVERIFY2(signature, errorText(signature).constData());
        m_shim.fail("C_GenerateRandom", CKR_TOKEN_NOT_PRESENT);
        QVERIFY(!test::await(services().tokens().random(8)));
        QVERIFY(!m_shim.tokenPresent());
        auto verified = test::await(
            services().keyCrypto().verify(target(m_rsa), QStringLiteral("PS256"), message, false, signature.value()));
        QVERIFY2(verified, errorText(verified).constData());
        QVERIFY(verified.value());
        auto encrypted =
            test::await(services().keyCrypto().encrypt(target(m_rsa), QStringLiteral("RSA-OAEP-256"), bytes(message)));
        QVERIFY2(encrypted, errorText(encrypted).constData());
    }

    // A slow token: a C_Sign stalled for 2 s completes, and its signature verifies.
    void slowTokenCompletes()
    {
        const QByteArray message("signed by a slow token");
        m_shim.stall("C_Sign", 2000);
        auto signature =
            test::await(services().keyCrypto().sign(target(m_ec), QStringLiteral("ES256"), message, false));
        QVERIFY2(signature, errorText(signature).constData());
        QCOMPARE(m_shim.calls("C_Sign"), 1ul);
        QCOMPARE(m_shim.fired(), 0ul);
        auto verified = test::await(
            services().keyCrypto().verify(target(m_ec), QStringLiteral("ES256"), message, false, signature.value()));
        QVERIFY2(verified, errorText(verified).constData());
        QVERIFY(verified.value());
    }
};

CUSTOS_REGISTER_TEST(TestTokenFaults)
#include "TestTokenFaults.moc"
