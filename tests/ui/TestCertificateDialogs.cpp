#include "TestRegistry.h"

#include "crypto/keys/software/SoftwareKey.h"
#include "ui/certificates/CertificateExportDialog.h"
#include "ui/certificates/CertificateImportDialog.h"
#include "ui/certificates/RenewCertificatesDialog.h"
#include "ui/certificates/RenewalPreviewModel.h"

#include <QAbstractItemModelTester>
#include <QApplication>
#include <QCheckBox>
#include <QComboBox>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QLabel>
#include <QLineEdit>
#include <QProcess>
#include <QPushButton>
#include <QRadioButton>
#include <QSignalSpy>
#include <QStyle>
#include <QStyleOptionViewItem>
#include <QTableView>
#include <QTemporaryDir>
#include <QTest>

using custos::model::Protection;
using custos::ui::CertificateExportChoice;
using custos::ui::CertificateExportDialog;
using custos::ui::CertificateImportDialog;
using custos::ui::RenewalPreviewModel;
using custos::ui::RenewCertificatesDialog;

namespace {

const char* const kFixturePassword = "custos-test"; // tests/data/x509/make-fixtures.sh

QString fixturePath(const QString& name)
{
    return QStringLiteral(CUSTOS_TEST_DATA_DIR "/x509/") + name;
}

QByteArray readAll(const QString& path)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return {};
    return file.readAll();
}

bool writeFile(const QString& path, const QByteArray& bytes)
{
    QFile file(path);
    return file.open(QIODevice::WriteOnly) && file.write(bytes) == bytes.size();
}

QString secretText(const std::shared_ptr<const custos::crypto::SecureBuffer>& secret)
{
    return secret ? QString::fromUtf8(secret->chars(), qsizetype(secret->size())) : QStringLiteral("<null>");
}

custos::model::RenewalPreview preview(const QString& name, bool newKey, const QString& key, QStringList oldSans,
                                      QStringList newSans)
{
    custos::model::RenewalPreview p;
    p.certificate.vault = QStringLiteral("web");
    p.certificate.name = name;
    p.certificate.policy.subject = QStringLiteral("CN=%1.example.test").arg(name);
    p.oldNotBefore = QDateTime(QDate(2026, 1, 1), QTime(0, 0), Qt::UTC);
    p.oldNotAfter = QDateTime(QDate(2027, 1, 1), QTime(0, 0), Qt::UTC);
    p.newNotBefore = QDateTime(QDate(2026, 11, 22), QTime(0, 0), Qt::UTC);
    p.newNotAfter = QDateTime(QDate(2027, 11, 22), QTime(0, 0), Qt::UTC);
    p.newKey = newKey;
    p.keyDescription = key;
    p.oldSubjectAltNames = std::move(oldSans);
    p.newSubjectAltNames = std::move(newSans);
    return p;
}

custos::model::Vault vault(Protection protection)
{
    custos::model::Vault v;
    v.name = QStringLiteral("pki");
    v.protection = protection;
    return v;
}

custos::model::CertificateRecord certificate(bool exportable, bool isCa = false, bool pending = false)
{
    custos::model::CertificateRecord c;
    c.vault = QStringLiteral("web");
    c.name = QStringLiteral("web01");
    c.isCa = isCa;
    c.policy.exportable = exportable;
    if (!pending)
        c.currentVersion.der = QByteArray("\x30\x03\x02\x01\x01", 5); // only "not pending" matters here
    return c;
}

} // namespace

class TestCertificateDialogs : public QObject
{
    Q_OBJECT

private:
    template <typename T>
    static T* child(QWidget& dialog, const char* name)
    {
        auto* found = dialog.findChild<T*>(QLatin1String(name));
        if (!found)
            qWarning("no child %s", name);
        return found;
    }

    // Where a click toggles the check box of `index` (as QStyledItemDelegate computes it).
    static QPoint checkBoxCentre(QTableView* view, const QModelIndex& index)
    {
        QStyleOptionViewItem option;
        option.initFrom(view->viewport());
        option.rect = view->visualRect(index);
        option.features |= QStyleOptionViewItem::HasCheckIndicator;
        option.state |= QStyle::State_Enabled;
        option.widget = view;
        return view->style()->subElementRect(QStyle::SE_ItemViewItemCheckIndicator, &option, view).center();
    }

    QString previewText(CertificateImportDialog& dialog) { return child<QLabel>(dialog, "previewLabel")->text(); }
    QString messageText(QWidget& dialog) { return child<QLabel>(dialog, "messageLabel")->text(); }

    QTemporaryDir m_dir;

private Q_SLOTS:
    // --- Renew -------------------------------------------------------------------------------

    void renewListsPreviewsAndFollowsTheChecks()
    {
        RenewCertificatesDialog dialog({
            preview(QStringLiteral("web01"), true, QStringLiteral("EC P-256"),
                    {QStringLiteral("dns:web01.example.test")}, {QStringLiteral("dns:web01.example.test")}),
            preview(QStringLiteral("api"), false, QStringLiteral("RSA 2048"), {QStringLiteral("dns:api.example.test")},
                    {QStringLiteral("dns:api.example.test"), QStringLiteral("dns:api2.example.test")}),
        });
        auto* view = child<QTableView>(dialog, "renewalTableView");
        QAbstractItemModelTester tester(view->model(), QAbstractItemModelTester::FailureReportingMode::QtTest);
        dialog.show();
        QVERIFY(QTest::qWaitForWindowActive(&dialog));
        QAbstractItemModel* model = view->model();
        auto* ok = child<QPushButton>(dialog, "okPushButton");

        QCOMPARE(model->rowCount(), 2);
        QCOMPARE(model->index(0, RenewalPreviewModel::CertificateColumn).data().toString(), QStringLiteral("web01"));
        QCOMPARE(model->index(0, RenewalPreviewModel::OldValidityColumn).data().toString(),
                 QStringLiteral("2026-01-01 – 2027-01-01"));
        QCOMPARE(model->index(0, RenewalPreviewModel::NewValidityColumn).data().toString(),
                 QStringLiteral("2026-11-22 – 2027-11-22"));
        QCOMPARE(model->index(0, RenewalPreviewModel::KeyColumn).data().toString(),
                 QStringLiteral("New key (EC P-256)"));
        QCOMPARE(model->index(1, RenewalPreviewModel::KeyColumn).data().toString(),
                 QStringLiteral("Same key (RSA 2048)"));
        // SANs: unchanged ones say so; a change is shown with an arrow and highlighted.
        const QModelIndex sameSans = model->index(0, RenewalPreviewModel::SansColumn);
        QCOMPARE(sameSans.data().toString(), QStringLiteral("dns:web01.example.test (unchanged)"));
        QVERIFY(!sameSans.data(RenewalPreviewModel::SansChangedRole).toBool());
        QVERIFY(!sameSans.data(Qt::BackgroundRole).isValid());
        const QModelIndex changedSans = model->index(1, RenewalPreviewModel::SansColumn);
        QCOMPARE(changedSans.data().toString(),
                 QStringLiteral("dns:api.example.test → dns:api.example.test, dns:api2.example.test"));
        QVERIFY(changedSans.data(RenewalPreviewModel::SansChangedRole).toBool());
        QVERIFY(changedSans.data(Qt::BackgroundRole).isValid());
        QVERIFY(changedSans.data(Qt::ToolTipRole).toString().contains(QStringLiteral("Added: dns:api2.example.test")));

        // Everything is checked at first.
        QCOMPARE(dialog.selectedNames(), QStringList({QStringLiteral("web01"), QStringLiteral("api")}));
        QCOMPARE(ok->text(), QStringLiteral("&Renew 2 certificate(s)"));
        QVERIFY(ok->isEnabled());

        // A click on the first row's check box leaves web01 out.
        const QModelIndex first = model->index(0, RenewalPreviewModel::CertificateColumn);
        QTest::mouseClick(view->viewport(), Qt::LeftButton, {}, checkBoxCentre(view, first));
        QCOMPARE(first.data(Qt::CheckStateRole).toInt(), int(Qt::Unchecked));
        QCOMPARE(dialog.selectedNames(), QStringList({QStringLiteral("api")}));
        QCOMPARE(ok->text(), QStringLiteral("&Renew 1 certificate(s)"));

        // Space on the second row unchecks it too: nothing left, Renew is disabled.
        view->setFocus();
        view->setCurrentIndex(model->index(1, RenewalPreviewModel::CertificateColumn));
        QTest::keyClick(view, Qt::Key_Space);
        QCOMPARE(dialog.selectedNames(), QStringList());
        QCOMPARE(ok->text(), QStringLiteral("&Renew 0 certificate(s)"));
        QVERIFY(!ok->isEnabled());
        // Space again brings it back.
        QTest::keyClick(view, Qt::Key_Space);
        QCOMPARE(dialog.selectedNames(), QStringList({QStringLiteral("api")}));
        QVERIFY(ok->isEnabled());
        QSignalSpy accepted(&dialog, &QDialog::accepted);
        QTest::mouseClick(ok, Qt::LeftButton);
        QCOMPARE(accepted.count(), 1);
    }

    // --- Import ------------------------------------------------------------------------------

    void importPemWithKey()
    {
        QVERIFY(m_dir.isValid());
        // A server's cert.pem with its key appended: the leaf (and its root) plus the key.
        const QString path = m_dir.filePath(QStringLiteral("web01.example.pem"));
        const QByteArray bytes = readAll(fixturePath(QStringLiteral("two-certs-with-text.pem"))) +
                                 readAll(fixturePath(QStringLiteral("private-key.pem")));
        QVERIFY(writeFile(path, bytes));

        CertificateImportDialog dialog(vault(Protection::Software));
        dialog.show();
        QVERIFY(QTest::qWaitForWindowActive(&dialog));
        auto* ok = child<QPushButton>(dialog, "okPushButton");
        QVERIFY(!ok->isEnabled());
        // The path typed into the field is read after a short pause.
        QCOMPARE(QApplication::focusWidget(), child<QLineEdit>(dialog, "pathLineEdit"));
        QTest::keyClicks(QApplication::focusWidget(), path);
        QTRY_VERIFY(previewText(dialog).contains(QStringLiteral("Format: PEM")));
        QVERIFY(previewText(dialog).contains(QStringLiteral("Certificate: CN=leaf.example.test")));
        QVERIFY(previewText(dialog).contains(QStringLiteral("Chain: 1 more certificate(s)")));
        QVERIFY(previewText(dialog).contains(QStringLiteral("Private key: included")));
        QVERIFY(!child<QLineEdit>(dialog, "passwordLineEdit")->isVisible());
        QCOMPARE(child<QLineEdit>(dialog, "nameLineEdit")->text(), QStringLiteral("web01-example"));
        QCOMPARE(child<QComboBox>(dialog, "protectionComboBox")->currentText(), QStringLiteral("Software"));
        QVERIFY(ok->isEnabled());
        child<QCheckBox>(dialog, "exportableCheckBox")->setChecked(true);

        const custos::model::CertificateImportRequest r = dialog.request();
        QCOMPARE(r.vault, QStringLiteral("pki"));
        QCOMPARE(r.name, QStringLiteral("web01-example"));
        QCOMPARE(r.fileBytes, bytes);
        QVERIFY(!r.password);
        QCOMPARE(r.protection, std::optional(Protection::Software));
        QVERIFY(r.exportable);

        // A name the operator typed is not overwritten by the next file.
        child<QLineEdit>(dialog, "nameLineEdit")->clear();
        QTest::keyClicks(child<QLineEdit>(dialog, "nameLineEdit"), QStringLiteral("my-cert"));
        dialog.setFile(fixturePath(QStringLiteral("leaf.der")));
        QCOMPARE(child<QLineEdit>(dialog, "nameLineEdit")->text(), QStringLiteral("my-cert"));
    }

    void importPemWithEncryptedKey()
    {
        QVERIFY(m_dir.isValid());
        // The fixture key as encrypted PKCS#8 ("ENCRYPTED PRIVATE KEY"), made by the OpenSSL CLI.
        QProcess openssl;
        openssl.start(QStringLiteral("openssl"),
                      {QStringLiteral("pkcs8"), QStringLiteral("-topk8"), QStringLiteral("-v2"),
                       QStringLiteral("aes-256-cbc"), QStringLiteral("-in"),
                       fixturePath(QStringLiteral("private-key.pem")), QStringLiteral("-passout"),
                       QStringLiteral("pass:") + QLatin1String(kFixturePassword)});
        if (!openssl.waitForFinished(30000) || openssl.exitCode() != 0)
            QSKIP("the openssl CLI is not available");
        const QByteArray encryptedKey = openssl.readAllStandardOutput();
        QVERIFY(encryptedKey.contains("ENCRYPTED PRIVATE KEY"));
        const QString path = m_dir.filePath(QStringLiteral("encrypted.pem"));
        QVERIFY(writeFile(path, readAll(fixturePath(QStringLiteral("two-certs-with-text.pem"))) + encryptedKey));

        CertificateImportDialog dialog(vault(Protection::Software));
        dialog.show();
        QVERIFY(QTest::qWaitForWindowActive(&dialog));
        dialog.setFile(path);
        auto* ok = child<QPushButton>(dialog, "okPushButton");
        auto* password = child<QLineEdit>(dialog, "passwordLineEdit");
        // The certificates are readable at once; the key needs the password.
        QVERIFY(previewText(dialog).contains(QStringLiteral("Certificate: CN=leaf.example.test")));
        QVERIFY(previewText(dialog).contains(QStringLiteral("Private key: encrypted, password needed")));
        QVERIFY(password->isVisible());
        QVERIFY(!ok->isEnabled());
        QTest::keyClicks(password, QStringLiteral("wrong"));
        QTRY_VERIFY2(messageText(dialog).contains(QStringLiteral("Wrong password for the private key")),
                     qPrintable(messageText(dialog)));
        QVERIFY(!ok->isEnabled());
        password->clear();
        QTest::keyClicks(password, QLatin1String(kFixturePassword));
        QTRY_VERIFY(previewText(dialog).contains(QStringLiteral("Private key: included")));
        QVERIFY(ok->isEnabled());
        QCOMPARE(secretText(dialog.request().password), QLatin1String(kFixturePassword));
    }

    void importRecognisesCertificatesWithoutKey_data()
    {
        QTest::addColumn<QString>("file");
        QTest::addColumn<QString>("format");
        QTest::addColumn<QString>("chain");
        QTest::newRow("DER") << QStringLiteral("leaf.der") << QStringLiteral("Format: DER")
                             << QStringLiteral("Chain: none");
        QTest::newRow("PEM named .der") << QStringLiteral("leaf-pem-named.der") << QStringLiteral("Format: PEM")
                                        << QStringLiteral("Chain: none");
        QTest::newRow("PKCS#7 DER") << QStringLiteral("bundle.p7b") << QStringLiteral("Format: PKCS#7 (DER)")
                                    << QStringLiteral("Chain: 1 more certificate(s)");
        QTest::newRow("PKCS#7 PEM") << QStringLiteral("bundle-p7.pem") << QStringLiteral("Format: PKCS#7 (PEM)")
                                    << QStringLiteral("Chain: 1 more certificate(s)");
    }

    void importRecognisesCertificatesWithoutKey()
    {
        QFETCH(QString, file);
        QFETCH(QString, format);
        QFETCH(QString, chain);
        CertificateImportDialog dialog(vault(Protection::Software));
        dialog.setFile(fixturePath(file));
        QVERIFY2(previewText(dialog).contains(format), qPrintable(previewText(dialog)));
        QVERIFY(previewText(dialog).contains(QStringLiteral("CN=leaf.example.test")));
        QVERIFY2(previewText(dialog).contains(chain), qPrintable(previewText(dialog)));
        QVERIFY(previewText(dialog).contains(QStringLiteral("Private key: none")));
        // The import takes a certificate with its key: said inline, OK stays disabled.
        QVERIFY(messageText(dialog).contains(QStringLiteral("holds no private key")));
        QVERIFY(!child<QPushButton>(dialog, "okPushButton")->isEnabled());
        QVERIFY(child<QLineEdit>(dialog, "passwordLineEdit")->isHidden());
    }

    void importPkcs12_data()
    {
        QTest::addColumn<QString>("file");
        QTest::addColumn<QString>("encryption");
        QTest::addColumn<bool>("legacy");
        QTest::newRow("modern") << QStringLiteral("modern.p12") << QStringLiteral("PKCS#12 (AES-256-CBC") << false;
        QTest::newRow("legacy") << QStringLiteral("legacy.p12") << QStringLiteral("PKCS#12 (3DES") << true;
    }

    void importPkcs12()
    {
        QFETCH(QString, file);
        QFETCH(QString, encryption);
        QFETCH(bool, legacy);
        CertificateImportDialog dialog(vault(Protection::Software));
        dialog.show();
        QVERIFY(QTest::qWaitForWindowActive(&dialog));
        dialog.setFile(fixturePath(file));
        auto* ok = child<QPushButton>(dialog, "okPushButton");
        auto* password = child<QLineEdit>(dialog, "passwordLineEdit");
        // Encrypted: nothing but "PKCS#12" until the password is typed.
        QCOMPARE(previewText(dialog), QStringLiteral("PKCS#12, password needed."));
        QVERIFY(password->isVisible());
        QVERIFY(password->isEnabled());
        QCOMPARE(password->echoMode(), QLineEdit::Password);
        QVERIFY(!ok->isEnabled());
        QCOMPARE(child<QLineEdit>(dialog, "nameLineEdit")->text(), QFileInfo(file).completeBaseName());

        QTest::keyClicks(password, QLatin1String(kFixturePassword));
        QTRY_VERIFY2(previewText(dialog).contains(encryption), qPrintable(previewText(dialog)));
        QVERIFY(previewText(dialog).contains(QStringLiteral("Certificate: CN=leaf.example.test")));
        QVERIFY(previewText(dialog).contains(QStringLiteral("Chain: 1 more certificate(s)")));
        QVERIFY(previewText(dialog).contains(QStringLiteral("Private key: included")));
        auto* warning = child<QLabel>(dialog, "warningLabel");
        QCOMPARE(warning->isVisible(), legacy);
        if (legacy)
            QVERIFY(warning->text().contains(QStringLiteral("legacy encryption")));
        QVERIFY(ok->isEnabled());

        QSignalSpy accepted(&dialog, &QDialog::accepted);
        QTest::mouseClick(ok, Qt::LeftButton);
        QCOMPARE(accepted.count(), 1);
        const custos::model::CertificateImportRequest r = dialog.request();
        QCOMPARE(r.fileBytes, readAll(fixturePath(file)));
        QCOMPARE(r.name, QFileInfo(file).completeBaseName());
        QCOMPARE(secretText(r.password), QLatin1String(kFixturePassword));
        // The typed password does not stay in the widget.
        QVERIFY(password->text().isEmpty());
        QCOMPARE(secretText(dialog.request().password), QLatin1String(kFixturePassword));
    }

    void importPkcs12WrongPassword()
    {
        CertificateImportDialog dialog(vault(Protection::Software));
        dialog.show();
        QVERIFY(QTest::qWaitForWindowActive(&dialog));
        dialog.setFile(fixturePath(QStringLiteral("modern.p12")));
        auto* password = child<QLineEdit>(dialog, "passwordLineEdit");
        QTest::keyClicks(password, QStringLiteral("not-the-password"));
        QTRY_VERIFY2(messageText(dialog).contains(QStringLiteral("Wrong password")), qPrintable(messageText(dialog)));
        QVERIFY(messageText(dialog).contains(QDir::toNativeSeparators(fixturePath(QStringLiteral("modern.p12")))));
        QVERIFY(!child<QPushButton>(dialog, "okPushButton")->isEnabled());
        // Corrected: readable, OK enabled.
        password->clear();
        QTest::keyClicks(password, QLatin1String(kFixturePassword));
        QTRY_VERIFY(child<QPushButton>(dialog, "okPushButton")->isEnabled());
        QVERIFY(messageText(dialog).isEmpty());
    }

    void importRejectsUnreadableFiles()
    {
        QVERIFY(m_dir.isValid());
        const QString garbage = m_dir.filePath(QStringLiteral("garbage.der"));
        QVERIFY(writeFile(garbage, QByteArray("\x05\x04 this is no certificate at all \x01\x02", 34)));
        CertificateImportDialog dialog(vault(Protection::Software));
        auto* ok = child<QPushButton>(dialog, "okPushButton");
        dialog.setFile(garbage);
        QVERIFY2(messageText(dialog).contains(QDir::toNativeSeparators(garbage)), qPrintable(messageText(dialog)));
        QVERIFY(messageText(dialog).contains(QStringLiteral("is not a certificate file")));
        QVERIFY(!ok->isEnabled());

        const QString missing = m_dir.filePath(QStringLiteral("missing.pem"));
        dialog.setFile(missing);
        QCOMPARE(messageText(dialog),
                 QStringLiteral("Cannot read %1: the file does not exist.").arg(QDir::toNativeSeparators(missing)));
        QVERIFY(!ok->isEnabled());

        // A key without its certificate is refused by the certificate reader, with what it found.
        dialog.setFile(fixturePath(QStringLiteral("private-key.pem")));
        QVERIFY2(messageText(dialog).contains(QStringLiteral("PRIVATE KEY")), qPrintable(messageText(dialog)));
        QVERIFY(!ok->isEnabled());
        QVERIFY(dialog.request().password == nullptr);
    }

    void importIntoHsmVaultOffersHsm()
    {
        CertificateImportDialog dialog(vault(Protection::Hsm));
        auto* protection = child<QComboBox>(dialog, "protectionComboBox");
        QCOMPARE(protection->count(), 1);
        QCOMPARE(protection->currentText(), QStringLiteral("HSM"));
        QVERIFY(!child<QCheckBox>(dialog, "exportableCheckBox")->isEnabled());
        dialog.setFile(fixturePath(QStringLiteral("modern.p12")));
        child<QLineEdit>(dialog, "passwordLineEdit")->setText(QLatin1String(kFixturePassword));
        QTRY_VERIFY(previewText(dialog).contains(QStringLiteral("Private key: included")));
        child<QLineEdit>(dialog, "nameLineEdit")->setText(QStringLiteral("leaf"));
        // HSM import is offered within the vault's bound: OK, an HSM key, never exportable.
        QTRY_VERIFY2(child<QPushButton>(dialog, "okPushButton")->isEnabled(), qPrintable(messageText(dialog)));
        QCOMPARE(dialog.request().protection, std::optional<Protection>(Protection::Hsm));
        QVERIFY(!dialog.request().exportable);
        QVERIFY(dialog.request().keyFileBytes.isEmpty());
        // The file holds a key: no key file row.
        QVERIFY(child<QLineEdit>(dialog, "keyPathLineEdit")->isHidden());
    }

    // A certificate file without a key shows the key file row; the certificate's key makes it importable,
    // another key is refused inline naming both files.
    void importKeyFileRow()
    {
        CertificateImportDialog dialog(vault(Protection::Hsm));
        auto* keyPath = child<QLineEdit>(dialog, "keyPathLineEdit");
        auto* ok = child<QPushButton>(dialog, "okPushButton");
        QVERIFY(keyPath->isHidden());
        dialog.setFile(fixturePath(QStringLiteral("leaf.der")));
        QVERIFY(!keyPath->isHidden());
        QVERIFY2(previewText(dialog).contains(QStringLiteral("choose its private key file")),
                 qPrintable(previewText(dialog)));
        QVERIFY(messageText(dialog).contains(QStringLiteral("holds no private key")));
        QVERIFY(!ok->isEnabled());

        dialog.setKeyFile(fixturePath(QStringLiteral("private-key.pem")));
        QVERIFY2(previewText(dialog).contains(QStringLiteral("Private key: from ")), qPrintable(previewText(dialog)));
        QTRY_VERIFY2(ok->isEnabled(), qPrintable(messageText(dialog)));
        const auto request = dialog.request();
        QCOMPARE(request.keyFileBytes, readAll(fixturePath(QStringLiteral("private-key.pem"))));
        QCOMPARE(request.fileBytes, readAll(fixturePath(QStringLiteral("leaf.der"))));
        QCOMPARE(request.protection, std::optional<Protection>(Protection::Hsm));

        // Another EC key: not the certificate's.
        QTemporaryDir dir;
        const QString other = dir.filePath(QStringLiteral("other.key"));
        auto otherKey = custos::crypto::SoftwareKey::generateEc(QStringLiteral("P-256"));
        QVERIFY(otherKey);
        auto otherDer = otherKey->toPrivateDer();
        QVERIFY(otherDer);
        QVERIFY(writeFile(other, QByteArray(otherDer->chars(), qsizetype(otherDer->size()))));
        dialog.setKeyFile(other);
        QVERIFY2(messageText(dialog).contains(QStringLiteral("does not belong to the certificate in")),
                 qPrintable(messageText(dialog)));
        QVERIFY(!ok->isEnabled());
        QVERIFY(dialog.request().keyFileBytes.isEmpty());

        // An encrypted key file asks for the password.
        auto encrypted = otherKey->exportEncryptedPkcs8(custos::crypto::SecureBuffer::fromString("key-pass"));
        QVERIFY(encrypted);
        const QString encryptedPath = dir.filePath(QStringLiteral("encrypted.key"));
        QVERIFY(writeFile(encryptedPath, encrypted.value()));
        dialog.setKeyFile(encryptedPath);
        QVERIFY(!child<QLineEdit>(dialog, "passwordLineEdit")->isHidden());
        QVERIFY2(previewText(dialog).contains(QStringLiteral("password needed")), qPrintable(previewText(dialog)));
    }

    // --- Export ------------------------------------------------------------------------------

    void exportWithoutExportableKeyOffersNoPkcs12()
    {
        CertificateExportDialog dialog(certificate(false));
        for (const char* name : {"pkcs12RadioButton", "pkcs12LegacyRadioButton"}) {
            auto* button = child<QRadioButton>(dialog, name);
            QVERIFY(!button->isEnabled());
            QVERIFY(button->toolTip().contains(QStringLiteral("not exportable")));
        }
        QVERIFY(child<QRadioButton>(dialog, "pemLeafRadioButton")->isChecked());
        QVERIFY(child<QRadioButton>(dialog, "derRadioButton")->isEnabled());
        QVERIFY(!child<QLabel>(dialog, "noteLabel")->isHidden());
        QVERIFY(child<QLabel>(dialog, "noteLabel")->text().contains(QStringLiteral("not exportable")));
        QVERIFY(!child<QLineEdit>(dialog, "passwordLineEdit")->isEnabled());
        QCOMPARE(child<QRadioButton>(dialog, "pemChainRadioButton")->text(),
                 QStringLiteral("Certificate with &chain (PEM)"));
    }

    void exportPendingOffersNothing()
    {
        CertificateExportDialog dialog(certificate(true, false, true));
        for (const char* name : {"pemLeafRadioButton", "pemChainRadioButton", "derRadioButton", "pkcs12RadioButton",
                                 "pkcs12LegacyRadioButton"})
            QVERIFY(!child<QRadioButton>(dialog, name)->isEnabled());
        QVERIFY(child<QLabel>(dialog, "noteLabel")->text().contains(QStringLiteral("pending")));
        child<QLineEdit>(dialog, "pathLineEdit")->setText(QStringLiteral("/tmp/web01.pem"));
        QVERIFY(!child<QPushButton>(dialog, "okPushButton")->isEnabled());
    }

    void exportFileNameFollowsTheFormat()
    {
        CertificateExportDialog dialog(certificate(true, true));
        QCOMPARE(child<QRadioButton>(dialog, "pemChainRadioButton")->text(), QStringLiteral("&CA bundle (PEM)"));
        auto* path = child<QLineEdit>(dialog, "pathLineEdit");
        auto* ok = child<QPushButton>(dialog, "okPushButton");
        QVERIFY(!ok->isEnabled());
        QVERIFY(messageText(dialog).contains(QStringLiteral("web01.pem")));
        path->setText(QStringLiteral("/srv/out/web01.pem"));
        QVERIFY(ok->isEnabled());
        child<QRadioButton>(dialog, "derRadioButton")->click();
        QCOMPARE(path->text(), QDir::toNativeSeparators(QStringLiteral("/srv/out/web01.cer")));
        child<QRadioButton>(dialog, "pemChainRadioButton")->click();
        QCOMPARE(path->text(), QDir::toNativeSeparators(QStringLiteral("/srv/out/web01-chain.pem")));
        QCOMPARE(dialog.choice().format, CertificateExportChoice::Format::PemChain);
        QVERIFY(!dialog.choice().password);
        child<QRadioButton>(dialog, "pkcs12RadioButton")->click();
        QCOMPARE(path->text(), QDir::toNativeSeparators(QStringLiteral("/srv/out/web01.p12")));
        // A name of the operator's own stays.
        path->setText(QStringLiteral("/srv/out/bundle.txt"));
        child<QRadioButton>(dialog, "pemLeafRadioButton")->click();
        QCOMPARE(path->text(), QStringLiteral("/srv/out/bundle.txt"));
    }

    void exportPkcs12NeedsMatchingPasswords()
    {
        CertificateExportDialog dialog(certificate(true));
        dialog.show();
        QVERIFY(QTest::qWaitForWindowActive(&dialog));
        auto* ok = child<QPushButton>(dialog, "okPushButton");
        auto* password = child<QLineEdit>(dialog, "passwordLineEdit");
        auto* confirm = child<QLineEdit>(dialog, "confirmLineEdit");
        auto* warning = child<QLabel>(dialog, "legacyWarningLabel");
        QVERIFY(!warning->isVisible());

        QTest::mouseClick(child<QRadioButton>(dialog, "pkcs12LegacyRadioButton"), Qt::LeftButton);
        QVERIFY(child<QRadioButton>(dialog, "pkcs12LegacyRadioButton")->isChecked());
        QVERIFY(warning->isVisible());
        QVERIFY(warning->text().contains(QStringLiteral("3DES")));
        QVERIFY(password->isEnabled());
        QCOMPARE(password->echoMode(), QLineEdit::Password);
        QCOMPARE(confirm->echoMode(), QLineEdit::Password);

        QTest::keyClicks(child<QLineEdit>(dialog, "pathLineEdit"), QStringLiteral("/srv/out/web01.p12"));
        QVERIFY(!ok->isEnabled()); // no password yet
        QTest::keyClicks(password, QStringLiteral("s3cret"));
        QTest::keyClicks(confirm, QStringLiteral("s3creT"));
        QVERIFY(!ok->isEnabled());
        QCOMPARE(messageText(dialog), QStringLiteral("The passwords do not match."));
        QTest::keyClick(confirm, Qt::Key_Backspace);
        QTest::keyClicks(confirm, QStringLiteral("t"));
        QVERIFY(ok->isEnabled());
        QVERIFY(messageText(dialog).isEmpty());

        QSignalSpy accepted(&dialog, &QDialog::accepted);
        QTest::mouseClick(ok, Qt::LeftButton);
        QCOMPARE(accepted.count(), 1);
        const CertificateExportChoice choice = dialog.choice();
        QCOMPARE(choice.format, CertificateExportChoice::Format::Pkcs12Legacy);
        QCOMPARE(choice.path, QStringLiteral("/srv/out/web01.p12"));
        QCOMPARE(secretText(choice.password), QStringLiteral("s3cret"));
        QVERIFY(password->text().isEmpty());
        QVERIFY(confirm->text().isEmpty());

        // Back to a certificate format: the password fields are cleared and not used.
        CertificateExportDialog other(certificate(true));
        child<QRadioButton>(other, "pkcs12RadioButton")->click();
        child<QLineEdit>(other, "passwordLineEdit")->setText(QStringLiteral("x"));
        child<QRadioButton>(other, "derRadioButton")->click();
        QVERIFY(child<QLineEdit>(other, "passwordLineEdit")->text().isEmpty());
        QVERIFY(!child<QLineEdit>(other, "passwordLineEdit")->isEnabled());
        QVERIFY(!other.choice().password);
    }
};

CUSTOS_REGISTER_TEST(TestCertificateDialogs)
#include "TestCertificateDialogs.moc"
