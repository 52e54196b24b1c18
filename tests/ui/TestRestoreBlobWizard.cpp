#include "OutcomeText.h"
#include "TestRegistry.h"

#include "crypto/sd/RestoreBlob.h"
#include "crypto/sd/ShareCollector.h"
#include "ui/securitydomain/CustodianInput.h"
#include "ui/securitydomain/RestoreBlobWizard.h"

#include <QAbstractButton>
#include <QFile>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QTemporaryDir>
#include <QTest>

using namespace custos;

// Azure's offline restore-blob step as a wizard, without any workspace: the shared vector's file,
// its exchange certificate and custodians 0 and 1 give a blob that the exchange key opens to the
// vector's payloads.
class TestRestoreBlobWizard : public QObject
{
    Q_OBJECT
private:
    QTemporaryDir m_dir;

    static QString data(const QString& name) { return QStringLiteral(CUSTOS_TEST_DATA_DIR "/security-domain/") + name; }
    static QByteArray bytes(const QString& path)
    {
        QFile file(path);
        if (!file.open(QIODevice::ReadOnly))
            qFatal("cannot read %s", qPrintable(path));
        return file.readAll();
    }

    template <typename T>
    static T* child(QWidget& parent, const char* name)
    {
        T* found = parent.findChild<T*>(QLatin1String(name));
        if (!found)
            qFatal("no widget '%s'", name);
        return found;
    }

    static void clickNext(QWizard& wizard, int expected)
    {
        QTRY_VERIFY(wizard.button(QWizard::NextButton)->isEnabled());
        QTest::mouseClick(wizard.button(QWizard::NextButton), Qt::LeftButton);
        QTRY_COMPARE(wizard.currentId(), expected);
    }

    static void present(QWidget& wizard, const QString& keyPath, const QString& password = {})
    {
        auto* path = child<QLineEdit>(wizard, "keyPathLineEdit");
        path->clear();
        QTest::keyClicks(path, keyPath);
        auto* secret = child<QLineEdit>(wizard, "keyPasswordLineEdit");
        if (!password.isEmpty())
            QTest::keyClicks(secret, password);
        QTest::mouseClick(child<QPushButton>(wizard, "presentKeyPushButton"), Qt::LeftButton);
        QVERIFY(secret->text().isEmpty());
        QTRY_VERIFY(!child<ui::CustodianInputWidget>(wizard, "custodianInput")->isBusy());
    }

    // File and exchange certificate entered: the wizard is on the custodians page.
    static void toCustodians(ui::RestoreBlobWizard& wizard)
    {
        wizard.show();
        QVERIFY(QTest::qWaitForWindowExposed(&wizard));
        QTest::keyClicks(child<QLineEdit>(wizard, "sdFileLineEdit"), data(QStringLiteral("sd.json")));
        QTRY_VERIFY(child<QLabel>(wizard, "sdSummaryLabel")->text().contains(QStringLiteral("3 custodians")));
        clickNext(wizard, ui::RestoreBlobWizard::ExchangePage);
        QTest::keyClicks(child<QLineEdit>(wizard, "exchangeLineEdit"), data(QStringLiteral("exchange.cer")));
        clickNext(wizard, ui::RestoreBlobWizard::CustodiansPage);
        QVERIFY(!child<QAbstractButton>(wizard, "cardRadioButton")->isVisible()); // no workspace: key files
        QCOMPARE(child<QLabel>(wizard, "sharesCollectedLabel")->text(), QStringLiteral("0 of 2 shares collected"));
    }

private Q_SLOTS:
    void writesABlobTheExchangeKeyOpens()
    {
        ui::RestoreBlobWizard wizard;
        toCustodians(wizard);

        present(wizard, data(QStringLiteral("cert_1.key")));
        QTRY_COMPARE(child<QLabel>(wizard, "sharesCollectedLabel")->text(), QStringLiteral("1 of 2 shares collected"));
        QVERIFY(!wizard.button(QWizard::NextButton)->isEnabled());
        present(wizard, data(QStringLiteral("cert_0.key")), QStringLiteral("wrong"));
        QVERIFY(child<QLabel>(wizard, "custodianMessage")->text().contains(QStringLiteral("wrong password")));
        QCOMPARE(child<QLabel>(wizard, "sharesCollectedLabel")->text(), QStringLiteral("1 of 2 shares collected"));
        present(wizard, data(QStringLiteral("cert_0.key")), QStringLiteral("testvector-pw0"));
        QTRY_COMPARE(child<QLabel>(wizard, "sharesCollectedLabel")->text(), QStringLiteral("2 of 2 shares collected"));
        clickNext(wizard, ui::RestoreBlobWizard::SavePage);

        const QString out = m_dir.filePath(QStringLiteral("blob.json"));
        auto* path = child<QLineEdit>(wizard, "blobPathLineEdit");
        path->clear();
        QTest::keyClicks(path, out);
        QTest::mouseClick(wizard.button(QWizard::CommitButton), Qt::LeftButton);
        QTRY_COMPARE(wizard.currentId(), int(ui::RestoreBlobWizard::DonePage));
        QVERIFY(!wizard.collector()); // the shares are wiped
        const QString command = child<QLabel>(wizard, "nextCommandLabel")->text();
        QVERIFY2(command.contains(QStringLiteral("az keyvault security-domain upload --hsm-name HSM --sd-file")),
                 qPrintable(command));
        QVERIFY(command.contains(QStringLiteral("--restore-blob")));

        auto blob = crypto::sd::RestoreBlob::parse(bytes(out));
        QVERIFY2(blob, errorText(blob).constData());
        auto exchange = crypto::sd::openCustodianKeyFile(data(QStringLiteral("exchange.key")), nullptr,
                                                         data(QStringLiteral("exchange.cer")));
        QVERIFY2(exchange, errorText(exchange).constData());
        auto payloads = crypto::sd::openRestoreBlob(blob.value(), *exchange.value());
        QVERIFY2(payloads, errorText(payloads).constData());
        QCOMPARE(int(payloads.value().size()), 2);
        for (int i = 0; i < 2; ++i) {
            const crypto::SecureBuffer& data_ = payloads.value()[std::size_t(i)].data;
            const QByteArray got(data_.chars(), qsizetype(data_.size()));
            QCOMPARE(got, bytes(data(QStringLiteral("payload_%1.bin").arg(i))));
        }
        QTest::mouseClick(wizard.button(QWizard::FinishButton), Qt::LeftButton);
        QCOMPARE(wizard.result(), int(QDialog::Accepted));
    }

    void aBadExchangeCertificateIsNamed()
    {
        ui::RestoreBlobWizard wizard;
        wizard.show();
        QVERIFY(QTest::qWaitForWindowExposed(&wizard));
        QTest::keyClicks(child<QLineEdit>(wizard, "sdFileLineEdit"), data(QStringLiteral("sd.json")));
        clickNext(wizard, ui::RestoreBlobWizard::ExchangePage);
        QTest::keyClicks(child<QLineEdit>(wizard, "exchangeLineEdit"), data(QStringLiteral("payload_0.bin")));
        QTest::mouseClick(wizard.button(QWizard::NextButton), Qt::LeftButton);
        auto* message = child<QLabel>(wizard, "exchangeMessage");
        QTRY_VERIFY(message->isVisible());
        QVERIFY(message->text().contains(QStringLiteral("payload_0.bin")));
        QCOMPARE(wizard.currentId(), int(ui::RestoreBlobWizard::ExchangePage));
        QTest::mouseClick(wizard.button(QWizard::CancelButton), Qt::LeftButton);
        QVERIFY(!wizard.isVisible());
    }

    void cancelWipesTheShares()
    {
        ui::RestoreBlobWizard wizard;
        toCustodians(wizard);
        present(wizard, data(QStringLiteral("cert_1.key")));
        std::shared_ptr<crypto::sd::ShareCollector> collector = wizard.collector();
        QVERIFY(collector);
        QTRY_COMPARE(collector->collected(), 1);
        QTest::keyClicks(child<QLineEdit>(wizard, "keyPasswordLineEdit"), QStringLiteral("typed"));
        QTest::mouseClick(wizard.button(QWizard::CancelButton), Qt::LeftButton);
        QVERIFY(!wizard.isVisible());
        QCOMPARE(collector->collected(), 0);
        QVERIFY(!wizard.collector());
        QVERIFY(child<QLineEdit>(wizard, "keyPasswordLineEdit")->text().isEmpty());
        QVERIFY(!QFile::exists(m_dir.filePath(QStringLiteral("restore_blob.json"))));
    }
};

CUSTOS_REGISTER_TEST(TestRestoreBlobWizard)
#include "TestRestoreBlobWizard.moc"
