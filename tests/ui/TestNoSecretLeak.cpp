#include "HostedWorkspace.h"
#include "TestRegistry.h"

#include "model/audit/AuditLog.h"
#include "model/services/AuditService.h"
#include "model/services/KeyCryptoService.h"
#include "model/services/KeyImportService.h"
#include "model/services/Services.h"
#include "ui/mainwindow/MainWindow.h"
#include "ui/settings/AppSettings.h"

#include <QApplication>
#include <QDirIterator>
#include <QFile>
#include <QJsonDocument>
#include <QLineEdit>
#include <QLoggingCategory>
#include <QMutex>
#include <QPushButton>
#include <QSettings>
#include <QTemporaryDir>
#include <QTest>

#include <openssl/bio.h>
#include <openssl/bn.h>
#include <openssl/core_names.h>
#include <openssl/evp.h>
#include <openssl/pem.h>

#include <chrono>

static void initNoSecretLeakResources()
{
    Q_INIT_RESOURCE(custos);
}

using custos::ui::MainWindow;

namespace {

// Every message of the session, whatever its level (debug output enabled for the session).
QMutex g_logMutex;
QByteArray g_log;
QtMessageHandler g_previousHandler = nullptr;

void capture(QtMsgType type, const QMessageLogContext& context, const QString& message)
{
    {
        QMutexLocker lock(&g_logMutex);
        g_log += QByteArray(context.category ? context.category : "default") + ": " + message.toUtf8() + '\n';
    }
    if (type != QtDebugMsg && type != QtInfoMsg && g_previousHandler)
        g_previousHandler(type, context, message);
}

// One secret in the forms it could leak in: raw bytes, hex (both cases), base64 and base64url.
struct Secret
{
    QString label;
    QByteArray bytes;
};

QList<QByteArray> formsOf(const QByteArray& bytes)
{
    return {bytes,
            bytes.toHex(),
            bytes.toHex().toUpper(),
            bytes.toBase64(),
            bytes.toBase64(QByteArray::Base64UrlEncoding | QByteArray::OmitTrailingEquals),
            QString::fromUtf8(bytes).toUtf8().toPercentEncoding()};
}

// "label (form) in where" for every secret form found in `haystack`.
QStringList scan(const QList<Secret>& secrets, const QByteArray& haystack, const QString& where)
{
    static const QStringList formNames = {QStringLiteral("raw"),       QStringLiteral("hex"),
                                          QStringLiteral("HEX"),       QStringLiteral("base64"),
                                          QStringLiteral("base64url"), QStringLiteral("percent-encoded")};
    QStringList found;
    for (const Secret& secret : secrets) {
        const QList<QByteArray> forms = formsOf(secret.bytes);
        for (int i = 0; i < forms.size(); ++i) {
            if (forms.at(i).size() >= 8 && haystack.contains(forms.at(i)))
                found << QStringLiteral("%1 (%2) in %3").arg(secret.label, formNames.at(i), where);
        }
        // A passphrase as UTF-16 (a QString dumped raw).
        const QString text = QString::fromUtf8(secret.bytes);
        const QByteArray utf16(reinterpret_cast<const char*>(text.utf16()), text.size() * 2);
        if (utf16.size() >= 8 && haystack.contains(utf16))
            found << QStringLiteral("%1 (UTF-16) in %2").arg(secret.label, where);
    }
    return found;
}

struct KeyMaterial
{
    QByteArray pkcs8Der; // PrivateKeyInfo, unencrypted
    QByteArray scalar;   // the EC private scalar, 32 bytes
};

KeyMaterial materialOf(EVP_PKEY* key)
{
    KeyMaterial out;
    BIO* bio = BIO_new(BIO_s_mem());
    if (i2d_PKCS8PrivateKey_bio(bio, key, nullptr, nullptr, 0, nullptr, nullptr) == 1) {
        char* data = nullptr;
        const long length = BIO_get_mem_data(bio, &data);
        out.pkcs8Der = QByteArray(data, int(length));
    }
    BIO_free(bio);
    BIGNUM* d = nullptr;
    if (EVP_PKEY_get_bn_param(key, OSSL_PKEY_PARAM_PRIV_KEY, &d) == 1) {
        out.scalar.resize(32);
        BN_bn2binpad(d, reinterpret_cast<unsigned char*>(out.scalar.data()), 32);
        BN_clear_free(d);
    }
    return out;
}

// The private key of an encrypted PKCS#8 PEM.
KeyMaterial decryptPem(const QByteArray& pem, const QByteArray& password)
{
    BIO* bio = BIO_new_mem_buf(pem.constData(), int(pem.size()));
    EVP_PKEY* key = PEM_read_bio_PrivateKey(bio, nullptr, nullptr, const_cast<char*>(password.constData()));
    BIO_free(bio);
    if (!key)
        return {};
    KeyMaterial out = materialOf(key);
    EVP_PKEY_free(key);
    return out;
}

// A new P-256 key as PKCS#8 PEM encrypted (PBES2, AES-256-CBC) with `password`, and its material.
QByteArray encryptedPemKey(const QByteArray& password, KeyMaterial* material)
{
    EVP_PKEY* key = EVP_EC_gen("P-256");
    *material = materialOf(key);
    BIO* bio = BIO_new(BIO_s_mem());
    PEM_write_bio_PKCS8PrivateKey(bio, key, EVP_aes_256_cbc(), const_cast<char*>(password.constData()),
                                  int(password.size()), nullptr, nullptr);
    char* data = nullptr;
    const long length = BIO_get_mem_data(bio, &data);
    QByteArray pem(data, int(length));
    BIO_free(bio);
    EVP_PKEY_free(key);
    return pem;
}

QByteArray readAll(const QString& path)
{
    QFile file(path);
    return file.open(QIODevice::ReadOnly) ? file.readAll() : QByteArray();
}

} // namespace

class TestNoSecretLeak : public QObject
{
    Q_OBJECT

private:
    template <typename F>
    auto run(F f)
    {
        return custos::test::onServices(*m_host, std::move(f));
    }

    // Everything the session left behind that must hold no secret.
    QStringList findLeaks(const QList<Secret>& secrets, const QString& iniPath, const QByteArray& log)
    {
        QStringList found = scan(secrets, readAll(iniPath), QStringLiteral("the settings file"));
        found << scan(secrets, log, QStringLiteral("the log"));
        auto events = run([](custos::model::Services& s) { return s.audit().list(custos::model::AuditFilter{}); });
        if (!events) {
            found << QStringLiteral("the audit trail could not be read: %1").arg(events.error().message);
            return found;
        }
        QByteArray trail;
        for (const custos::model::AuditEvent& event : events.value()) {
            trail += QJsonDocument(event.details).toJson(QJsonDocument::Compact);
            trail += (event.operation + event.resource + event.reason + event.justification).toUtf8();
        }
        m_auditEvents = int(events.value().size());
        found << scan(secrets, trail, QStringLiteral("the audit trail's events"));
        // The raw bytes of the workspace: the database (its audit table), its WAL, everything else.
        QDirIterator files(m_workspace, QDir::Files | QDir::Hidden, QDirIterator::Subdirectories);
        while (files.hasNext()) {
            const QString path = files.next();
            found << scan(secrets, readAll(path), QDir(m_workspace).relativeFilePath(path));
        }
        return found;
    }

    QTemporaryDir m_dir;
    QString m_workspace;
    std::unique_ptr<custos::model::ServiceHost> m_host;
    int m_auditEvents = 0;

private Q_SLOTS:
    void initTestCase() { initNoSecretLeakResources(); }

    void cleanupTestCase()
    {
        m_host.reset();
        qInstallMessageHandler(g_previousHandler);
        QLoggingCategory::setFilterRules(QString());
    }

    void scriptedSessionLeaksNoSecret()
    {
        g_previousHandler = qInstallMessageHandler(capture);
        QLoggingCategory::setFilterRules(QStringLiteral("*.debug=true\nqt.*.debug=false"));
        const QString iniPath = m_dir.filePath(QStringLiteral("custos.ini"));
        QSettings store(iniPath, QSettings::IniFormat);
        custos::ui::AppSettings settings(&store);
        const QByteArray exportPassphrase = "export-Passphrase-7f3c9a";
        const QByteArray importPassword = "import-Password-41d2e8";

        // Log in (the workspace helper logs admin in with kTestPassphrase) and open the main window.
        m_workspace = m_dir.filePath(QStringLiteral("ws"));
        m_host = custos::test::makeHostedWorkspace(m_workspace);
        QVERIFY(m_host);
        auto window = std::make_unique<MainWindow>(*m_host, &settings);
        window->show();

        // An exportable software key, exported encrypted with a passphrase.
        custos::model::VaultCreateRequest vault;
        vault.name = QStringLiteral("leaks");
        vault.protection = custos::model::Protection::Software;
        auto created = run([vault](custos::model::Services& s) { return s.vaults().create(vault); });
        QVERIFY2(created, errorText(created).constData());
        custos::model::KeyCreateRequest key;
        key.vault = QStringLiteral("leaks");
        key.name = QStringLiteral("exported");
        key.kty = custos::crypto::KeyKind::Ec;
        key.exportable = true;
        auto made = run([key](custos::model::Services& s) { return s.keys().create(key); });
        QVERIFY2(made, errorText(made).constData());
        auto password = std::make_shared<const custos::crypto::SecureBuffer>(
            custos::test::secret(QString::fromUtf8(exportPassphrase)));
        auto exported = run([password](custos::model::Services& s) {
            return s.keyCrypto().exportPrivate(
                custos::model::KeyTarget{QStringLiteral("leaks"), QStringLiteral("exported"), QString()}, password);
        });
        QVERIFY2(exported, errorText(exported).constData());
        const KeyMaterial exportedKey = decryptPem(exported.value(), exportPassphrase);
        QVERIFY(!exportedKey.pkcs8Der.isEmpty() && exportedKey.scalar.size() == 32);

        // A key imported from a file encrypted with a password.
        KeyMaterial importedKey;
        const QByteArray pem = encryptedPemKey(importPassword, &importedKey);
        QVERIFY(pem.startsWith("-----BEGIN ENCRYPTED PRIVATE KEY-----"));
        custos::model::KeyImportRequest import;
        import.vault = QStringLiteral("leaks");
        import.name = QStringLiteral("imported");
        import.source.bytes = pem;
        import.source.fileName = QStringLiteral("imported.pem");
        import.source.password = std::make_shared<const custos::crypto::SecureBuffer>(
            custos::test::secret(QString::fromUtf8(importPassword)));
        auto imported = run([import](custos::model::Services& s) { return s.keyImports().importKey(import); });
        QVERIFY2(imported, errorText(imported).constData());

        // Lock, then unlock through the lock panel as the operator would.
        window->lock();
        QTRY_VERIFY(window->isLocked());
        auto* passphrase = window->findChild<QLineEdit*>(QStringLiteral("unlockPassphraseLineEdit"));
        QVERIFY(passphrase);
        QTRY_VERIFY(passphrase->isEnabled());
        QTest::keyClicks(passphrase, custos::test::kTestPassphrase);
        QTest::keyClick(passphrase, Qt::Key_Return);
        QTRY_VERIFY_WITH_TIMEOUT(!window->isLocked(), 15000);

        // Settings changed and written.
        settings.setIdleLockTimeout(std::chrono::minutes(7));
        settings.setClipboardClearDelay(std::chrono::seconds(30));
        settings.setLanguage(QStringLiteral("de"));
        settings.addRecentWorkspace(m_workspace);
        window->close();
        window.reset();
        store.sync();
        QVERIFY(QFile::exists(iniPath));

        QByteArray log;
        {
            QMutexLocker lock(&g_logMutex);
            log = g_log;
        }
        QVERIFY2(!log.isEmpty(), "the session logged nothing: is the handler installed?");
        const QList<Secret> secrets = {
            {QStringLiteral("the operator passphrase"), custos::test::kTestPassphrase.toUtf8()},
            {QStringLiteral("the export passphrase"), exportPassphrase},
            {QStringLiteral("the import password"), importPassword},
            {QStringLiteral("the exported key's PKCS#8"), exportedKey.pkcs8Der},
            {QStringLiteral("the exported key's private scalar"), exportedKey.scalar},
            {QStringLiteral("the imported key's PKCS#8"), importedKey.pkcs8Der},
            {QStringLiteral("the imported key's private scalar"), importedKey.scalar},
        };
        const QStringList leaks = findLeaks(secrets, iniPath, log);
        QVERIFY(m_auditEvents > 5);
        QVERIFY2(leaks.isEmpty(), qPrintable(leaks.join(QLatin1Char('\n'))));

        // The scanner finds what is planted: the same secrets appended to copies of what was scanned.
        for (const Secret& secret : secrets) {
            for (const QByteArray& form : formsOf(secret.bytes)) {
                if (form.size() < 8)
                    continue;
                const QByteArray planted = readAll(iniPath) + "\nplanted=" + form + "\n";
                QVERIFY2(!scan({secret}, planted, QStringLiteral("a copy")).isEmpty(),
                         qPrintable(QStringLiteral("the scanner missed %1").arg(secret.label)));
            }
        }
        QVERIFY(!scan(secrets, log + exportedKey.pkcs8Der.toBase64(), QStringLiteral("the log")).isEmpty());
    }
};

CUSTOS_REGISTER_TEST(TestNoSecretLeak)
#include "TestNoSecretLeak.moc"
