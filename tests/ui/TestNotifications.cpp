#include "HostedWorkspace.h"
#include "TestRegistry.h"

#include "model/services/DueNotifications.h"
#include "model/services/ServicePath.h"
#include "model/services/Services.h"
#include "ui/certificates/CertificatesView.h"
#include "ui/keys/KeysView.h"
#include "ui/mainwindow/MainWindow.h"
#include "ui/notifications/NotificationCenter.h"
#include "ui/notifications/NotificationModel.h"
#include "ui/notifications/NotificationPanel.h"
#include "ui/securitydomain/SecurityDomainView.h"

#include <QAbstractItemModelTester>
#include <QAccessible>
#include <QLabel>
#include <QListView>
#include <QTabWidget>
#include <QTemporaryDir>
#include <QTest>
#include <QToolButton>

#include <openssl/evp.h>
#include <openssl/x509.h>

static void initNotificationResources()
{
    Q_INIT_RESOURCE(custos);
}

using custos::ui::MainWindow;
using custos::ui::NotificationCenter;
using Kind = custos::model::DueNotification::Kind;

namespace {

// A self-signed RSA-2048 custodian certificate (DER) that expires `days` days from now.
QByteArray shortLivedCustodianCertificate(int days)
{
    EVP_PKEY* key = EVP_RSA_gen(2048);
    X509* certificate = X509_new();
    X509_set_version(certificate, 2);
    ASN1_INTEGER_set(X509_get_serialNumber(certificate), 4242);
    X509_gmtime_adj(X509_getm_notBefore(certificate), -3600);
    X509_gmtime_adj(X509_getm_notAfter(certificate), long(days) * 86400);
    X509_set_pubkey(certificate, key);
    X509_NAME* name = X509_get_subject_name(certificate);
    X509_NAME_add_entry_by_txt(name, "CN", MBSTRING_ASC, reinterpret_cast<const unsigned char*>("Short Custodian"), -1,
                               -1, 0);
    X509_set_issuer_name(certificate, name);
    X509_sign(certificate, key, EVP_sha256());
    unsigned char* der = nullptr;
    const int length = i2d_X509(certificate, &der);
    QByteArray out(reinterpret_cast<const char*>(der), qMax(length, 0));
    OPENSSL_free(der);
    X509_free(certificate);
    EVP_PKEY_free(key);
    return out;
}

} // namespace

class TestNotifications : public QObject
{
    Q_OBJECT

private:
    template <typename F>
    auto run(F f)
    {
        return custos::test::onServices(*m_host, std::move(f));
    }

    void setClock(std::function<QDateTime()> clock)
    {
        auto done = run([clock](custos::model::Services& s) {
            s.path().setClock(clock);
            return true;
        });
        QVERIFY(done);
    }

    std::unique_ptr<MainWindow> makeWindow()
    {
        auto window = std::make_unique<MainWindow>(*m_host);
        m_tester = std::make_unique<QAbstractItemModelTester>(window->notifications()->model(),
                                                              QAbstractItemModelTester::FailureReportingMode::QtTest);
        window->show();
        return window;
    }

    // Waits until the notifications have been read (the first load, or a refresh after changes).
    static bool settled(MainWindow& window)
    {
        window.notifications()->refresh();
        return QTest::qWaitFor([&] { return !window.notifications()->model()->isLoading(); }, 15000);
    }

    static QModelIndex rowOf(MainWindow& window, Kind kind)
    {
        auto* model = window.notifications()->model();
        for (int row = 0; row < model->rowCount(); ++row) {
            if (model->items().at(row).kind == kind)
                return model->index(row, 0);
        }
        return {};
    }

    static QString listing(MainWindow& window)
    {
        QStringList lines;
        auto* model = window.notifications()->model();
        for (int row = 0; row < model->rowCount(); ++row)
            lines << model->index(row, 0).data().toString();
        lines << model->loadErrors();
        return lines.join(QLatin1Char('\n'));
    }

    // Opens the panel from the badge and clicks the row.
    static void clickNotification(MainWindow& window, const QModelIndex& index)
    {
        QToolButton* badge = window.findChild<QToolButton*>(QStringLiteral("notificationBadgeButton"));
        QVERIFY(badge && badge->isVisible());
        QTest::mouseClick(badge, Qt::LeftButton);
        custos::ui::NotificationPanel* panel = window.notifications()->panel();
        QTRY_VERIFY(panel->isVisible());
        QListView* list = panel->findChild<QListView*>(QStringLiteral("notificationListView"));
        QVERIFY(list && list->isVisible());
        QVERIFY(index.isValid());
        QTest::mouseClick(list->viewport(), Qt::LeftButton, {}, list->visualRect(index).center());
        QTRY_VERIFY(!panel->isVisible());
    }

    QTemporaryDir m_dir;
    std::unique_ptr<custos::model::ServiceHost> m_host;
    std::unique_ptr<QAbstractItemModelTester> m_tester;

private Q_SLOTS:
    void initTestCase()
    {
        initNotificationResources();
        m_host = custos::test::makeHostedWorkspace(m_dir.filePath(QStringLiteral("ws")));
        QVERIFY(m_host);
    }

    void cleanup()
    {
        m_tester.reset();
        setClock({});
    }

    void cleanupTestCase() { m_host.reset(); }

    void nothingDueHidesTheBadge()
    {
        auto window = makeWindow();
        QVERIFY(settled(*window));
        QCOMPARE(window->notifications()->count(), 0);
        QVERIFY2(window->notifications()->model()->loadErrors().isEmpty(), qPrintable(listing(*window)));
        auto* badge = window->findChild<QToolButton*>(QStringLiteral("notificationBadgeButton"));
        QVERIFY(badge);
        QVERIFY(!badge->isVisible());
        // The empty panel says so in words.
        window->notifications()->showPanel();
        auto* panel = window->notifications()->panel();
        QTRY_VERIFY(panel->isVisible());
        QVERIFY(panel->findChild<QLabel*>(QStringLiteral("notificationEmptyLabel"))->isVisible());
        QVERIFY(!panel->findChild<QListView*>(QStringLiteral("notificationListView"))->isVisible());
        panel->hide();
    }

    void dueKeyExpiringCertificateAndCustodianAreListed()
    {
        // A vault with a key due for rotation one day after creation.
        custos::model::VaultCreateRequest vault;
        vault.name = QStringLiteral("payments");
        vault.protection = custos::model::Protection::Software;
        auto created = run([vault](custos::model::Services& s) { return s.vaults().create(vault); });
        QVERIFY2(created, errorText(created).constData());
        custos::model::KeyCreateRequest key;
        key.vault = QStringLiteral("payments");
        key.name = QStringLiteral("rotating");
        key.kty = custos::crypto::KeyKind::Ec;
        auto made = run([key](custos::model::Services& s) { return s.keys().create(key); });
        QVERIFY2(made, errorText(made).constData());
        custos::model::KeyRotationPolicy policy;
        custos::model::KeyLifetimeAction rotate;
        rotate.timeAfterCreate = QStringLiteral("P1D");
        policy.actions << rotate;
        auto set = run([policy](custos::model::Services& s) {
            return s.keys().setPolicy(QStringLiteral("payments"), QStringLiteral("rotating"), policy);
        });
        QVERIFY2(set, errorText(set).constData());
        // A CA and a one-month certificate: 5 days left once the clock is 25 days on.
        custos::model::CaCreateRequest ca;
        ca.vault = QStringLiteral("payments");
        ca.name = QStringLiteral("root");
        ca.subject = QStringLiteral("CN=Notification Test Root");
        ca.protection = custos::model::Protection::Software;
        auto root = run([ca](custos::model::Services& s) { return s.certificates().createCa(ca); });
        QVERIFY2(root, errorText(root).constData());
        const QDateTime now = QDateTime::currentDateTimeUtc();
        custos::model::CertificateIssueRequest request;
        request.vault = QStringLiteral("payments");
        request.name = QStringLiteral("web01");
        request.issuer = QStringLiteral("payments/root");
        request.subject = QStringLiteral("CN=web01.example.test");
        request.subjectAltNames = {QStringLiteral("dns:web01.example.test")};
        request.protection = custos::model::Protection::Software;
        request.months = 1;
        auto issued = run([request](custos::model::Services& s) { return s.certificates().issue(request); });
        QVERIFY2(issued, errorText(issued).constData());
        const QDateTime notAfter = issued->currentVersion.notAfter;
        // A security-domain file in force for a custodian whose certificate expires in 40 days.
        QList<QByteArray> certificates{shortLivedCustodianCertificate(40), custos::test::custodianCertificate(1),
                                       custos::test::custodianCertificate(2)};
        QTemporaryDir scratch;
        const QString out = scratch.filePath(QStringLiteral("sd.json"));
        auto downloaded = run([certificates, out](custos::model::Services& s) {
            custos::model::SecurityDomainDownloadRequest sd;
            sd.certificates = certificates;
            sd.quorum = 2;
            sd.outPath = out;
            return s.securityDomain().download(sd);
        });
        QVERIFY2(downloaded, errorText(downloaded).constData());

        auto window = makeWindow();
        QVERIFY(settled(*window));
        // Today the rotation is a day away and the custodian has 40 days.
        QVERIFY2(!rowOf(*window, Kind::KeyAction).isValid(), qPrintable(listing(*window)));
        QVERIFY2(!rowOf(*window, Kind::CustodianExpiry).isValid(), qPrintable(listing(*window)));

        const QDateTime later = notAfter.addDays(-5);
        QVERIFY(later > now.addDays(20));
        setClock([later] { return later; });
        QVERIFY(settled(*window));
        QVERIFY2(window->notifications()->count() == 3, qPrintable(listing(*window)));
        QVERIFY(rowOf(*window, Kind::KeyAction).isValid());
        QVERIFY(rowOf(*window, Kind::CustodianExpiry).isValid());
        const QModelIndex certificateRow = rowOf(*window, Kind::CertificateExpiry).isValid()
                                               ? rowOf(*window, Kind::CertificateExpiry)
                                               : rowOf(*window, Kind::CertificateAction);
        QVERIFY2(certificateRow.isValid(), qPrintable(listing(*window)));

        // The badge: the count as text, and in its accessible name.
        auto* badge = window->findChild<QToolButton*>(QStringLiteral("notificationBadgeButton"));
        QVERIFY(badge->isVisible());
        // (Plural forms come from custos_en.qm, which tests do not load: "3 notification(s)".)
        QVERIFY2(badge->text().startsWith(QStringLiteral("3 notification")), qPrintable(badge->text()));
        QAccessibleInterface* accessible = QAccessible::queryAccessibleInterface(badge);
        QVERIFY(accessible);
        QVERIFY(accessible->text(QAccessible::Name).contains(QLatin1Char('3')));
        QVERIFY(!accessible->text(QAccessible::Description).isEmpty());

        // Each row says what it is about in text.
        QVERIFY2(rowOf(*window, Kind::KeyAction).data().toString().contains(QStringLiteral("payments/rotating")),
                 qPrintable(listing(*window)));
        QVERIFY(rowOf(*window, Kind::KeyAction).data().toString().contains(QStringLiteral("rotate")));
        QVERIFY(certificateRow.data().toString().contains(QStringLiteral("payments/web01")));
        QVERIFY(rowOf(*window, Kind::CustodianExpiry).data().toString().contains(QStringLiteral("Short Custodian")));
        QVERIFY(!rowOf(*window, Kind::KeyAction).data(Qt::AccessibleTextRole).toString().isEmpty());

        // A click on the key selects it in its vault's keys tab.
        clickNotification(*window, rowOf(*window, Kind::KeyAction));
        auto* tabs = window->findChild<QTabWidget*>(QStringLiteral("detailTabWidget"));
        QTRY_COMPARE(tabs->currentWidget(), static_cast<QWidget*>(window->keysView()));
        QTRY_VERIFY(window->keysView()->selectedKey() &&
                    window->keysView()->selectedKey()->name == QStringLiteral("rotating"));

        // The certificate: its tab, selected.
        const QModelIndex certificate = rowOf(*window, Kind::CertificateExpiry).isValid()
                                            ? rowOf(*window, Kind::CertificateExpiry)
                                            : rowOf(*window, Kind::CertificateAction);
        clickNotification(*window, certificate);
        QTRY_COMPARE(tabs->currentWidget(), static_cast<QWidget*>(window->certificatesView()));
        QTRY_VERIFY(window->certificatesView()->selectedCertificate() &&
                    window->certificatesView()->selectedCertificate()->name == QStringLiteral("web01"));

        // The custodian: the security domain's status.
        clickNotification(*window, rowOf(*window, Kind::CustodianExpiry));
        QTRY_VERIFY(window->findChild<custos::ui::SecurityDomainView*>() &&
                    window->findChild<custos::ui::SecurityDomainView*>()->isVisible());
        window->findChild<custos::ui::SecurityDomainView*>()->close();

        // A rotation carried out: the key's notification goes by itself (keysChanged).
        auto rotated = run([](custos::model::Services& s) {
            return s.keys().rotate(QStringLiteral("payments"), QStringLiteral("rotating"));
        });
        QVERIFY2(rotated, errorText(rotated).constData());
        QTRY_VERIFY_WITH_TIMEOUT(!rowOf(*window, Kind::KeyAction).isValid(), 10000);
        QTRY_VERIFY(badge->text().startsWith(QStringLiteral("2 notification")));
    }

    void lockClearsTheNotifications()
    {
        auto window = makeWindow();
        const QDateTime later = QDateTime::currentDateTimeUtc().addDays(26);
        setClock([later] { return later; });
        QVERIFY(settled(*window));
        QVERIFY(window->notifications()->count() > 0);
        window->lock();
        QTRY_VERIFY(window->isLocked());
        QTRY_COMPARE(window->notifications()->count(), 0);
        QVERIFY(!window->findChild<QToolButton*>(QStringLiteral("notificationBadgeButton"))->isVisible());
        auto unlocked = custos::test::await(m_host->unlock(custos::test::secret(custos::test::kTestPassphrase)));
        QVERIFY2(unlocked, errorText(unlocked).constData());
    }

    void timerRefreshes()
    {
        auto window = makeWindow();
        QVERIFY(settled(*window));
        const int before = window->notifications()->count();
        // Time passes without a change signal: the periodic refresh finds what became due.
        const QDateTime later = QDateTime::currentDateTimeUtc().addYears(3);
        setClock([later] { return later; });
        window->notifications()->setRefreshInterval(50);
        QTRY_VERIFY_WITH_TIMEOUT(window->notifications()->count() > before, 10000);
    }
};

CUSTOS_REGISTER_TEST(TestNotifications)
#include "TestNotifications.moc"
