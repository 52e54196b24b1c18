#include "HostedWorkspace.h"
#include "TestRegistry.h"

#include "model/itemmodels/KeyListModel.h"
#include "model/services/KeyCryptoService.h"
#include "model/services/Services.h"
#include "ui/certificates/CertificateActions.h"
#include "ui/certificates/CertificatesView.h"
#include "ui/keys/KeyActions.h"
#include "ui/keys/KeysView.h"
#include "ui/mainwindow/MainWindow.h"
#include "ui/notifications/NotificationCenter.h"
#include "ui/notifications/NotificationModel.h"
#include "ui/notifications/NotificationPanel.h"
#include "ui/securitydomain/DownloadWizard.h"
#include "ui/securitydomain/SecurityDomainView.h"
#include "ui/settings/AppSettings.h"

#include <QAbstractButton>
#include <QAction>
#include <QApplication>
#include <QDir>
#include <QFile>
#include <QLineEdit>
#include <QMenuBar>
#include <QPainter>
#include <QPushButton>
#include <QSettings>
#include <QTabWidget>
#include <QTemporaryDir>
#include <QTest>
#include <QWizard>

static void initScreenshotTourResources()
{
    Q_INIT_RESOURCE(custos);
}

using custos::ui::MainWindow;

// The README's tour (issue 9): with CUSTOS_SCREENSHOT_DIR set, a realistic workspace and a PNG of
// each main view and wizard at a fixed size. Run it when views change and commit docs/screenshots/.
class TestScreenshotTour : public QObject
{
    Q_OBJECT

private:
    template <typename F>
    auto run(F f)
    {
        return custos::test::onServices(*m_host, std::move(f));
    }

    void save(QWidget* widget, const QString& name)
    {
        QTest::qWait(150); // views load, layouts settle
        const QString path = QDir(m_out).filePath(name + QStringLiteral(".png"));
        QVERIFY2(widget->grab().save(path), qPrintable(path));
        m_written << name;
    }

    // The newest visible top-level window that is neither the main window nor in `before`.
    static QWidget* newWindow(const QList<QWidget*>& before)
    {
        QWidget* found = nullptr;
        (void)QTest::qWaitFor(
            [&] {
                for (QWidget* widget : QApplication::topLevelWidgets()) {
                    if (widget->isVisible() && !before.contains(widget) && !qobject_cast<MainWindow*>(widget) &&
                        !widget->inherits("custos::ui::NotificationPanel") && !widget->inherits("QMenu"))
                        found = widget;
                }
                return found != nullptr;
            },
            5000);
        return found;
    }

    static QList<QWidget*> visibleWindows()
    {
        QList<QWidget*> out;
        for (QWidget* widget : QApplication::topLevelWidgets())
            if (widget->isVisible())
                out << widget;
        return out;
    }

    // Triggers the action and saves the window it opens, at `size`.
    void shoot(QAction* action, const QString& name, QSize size = QSize(1000, 720))
    {
        const QList<QWidget*> before = visibleWindows();
        action->trigger();
        QWidget* window = newWindow(before);
        QVERIFY2(window, qPrintable(QStringLiteral("%1 opened no window").arg(action->objectName())));
        window->resize(size);
        save(window, name);
        window->close();
    }

    // Actions the parallel work of issue 9 adds (settings, ceremony, global search) when present.
    static QAction* actionNamed(MainWindow& window, const QString& part)
    {
        for (QAction* action : window.findChildren<QAction*>()) {
            if (action->objectName().contains(part, Qt::CaseInsensitive) && action->isEnabled())
                return action;
        }
        return nullptr;
    }

    static QAbstractButton* next(QWizard* wizard) { return wizard->button(QWizard::NextButton); }

    void seed()
    {
        const QStringList vaults = {QStringLiteral("payments-prod"), QStringLiteral("pki-prod"),
                                    QStringLiteral("dev-sandbox")};
        for (const QString& name : vaults) {
            custos::model::VaultCreateRequest vault;
            vault.name = name;
            vault.protection = name == QStringLiteral("payments-prod") ? custos::model::Protection::Hsm
                                                                       : custos::model::Protection::Software;
            vault.tags.insert(QStringLiteral("owner"), name.startsWith(QLatin1String("pki"))
                                                           ? QStringLiteral("pki")
                                                           : QStringLiteral("payments"));
            auto created = run([vault](custos::model::Services& s) { return s.vaults().create(vault); });
            QVERIFY2(created, errorText(created).constData());
        }
        auto key = [this](const QString& vault, const QString& name, custos::crypto::KeyKind kind, int size, bool due) {
            custos::model::KeyCreateRequest request;
            request.vault = vault;
            request.name = name;
            request.kty = kind;
            if (size > 0)
                request.size = size;
            if (due)
                request.expires = QDateTime::currentDateTimeUtc().addDays(20);
            auto made = run([request](custos::model::Services& s) { return s.keys().create(request); });
            QVERIFY2(made, errorText(made).constData());
            if (!due)
                return;
            custos::model::KeyRotationPolicy policy;
            custos::model::KeyLifetimeAction rotate;
            rotate.timeBeforeExpiry = QStringLiteral("P30D");
            policy.expiryTime = QStringLiteral("P1Y");
            policy.actions << rotate;
            auto set = run(
                [vault, name, policy](custos::model::Services& s) { return s.keys().setPolicy(vault, name, policy); });
            QVERIFY2(set, errorText(set).constData());
        };
        key(QStringLiteral("payments-prod"), QStringLiteral("card-pin-kek"), custos::crypto::KeyKind::Aes, 256, false);
        key(QStringLiteral("payments-prod"), QStringLiteral("payment-signing"), custos::crypto::KeyKind::Ec, 0, true);
        key(QStringLiteral("payments-prod"), QStringLiteral("tokenization"), custos::crypto::KeyKind::Rsa, 3072, false);
        key(QStringLiteral("dev-sandbox"), QStringLiteral("test-signing"), custos::crypto::KeyKind::Ec, 0, false);
        auto rotated = run([](custos::model::Services& s) {
            return s.keys().rotate(QStringLiteral("payments-prod"), QStringLiteral("tokenization"));
        });
        QVERIFY2(rotated, errorText(rotated).constData());

        custos::model::CaCreateRequest ca;
        ca.vault = QStringLiteral("pki-prod");
        ca.name = QStringLiteral("issuing-ca");
        ca.subject = QStringLiteral("CN=Example Issuing CA, O=Example Ltd");
        ca.protection = custos::model::Protection::Software;
        auto root = run([ca](custos::model::Services& s) { return s.certificates().createCa(ca); });
        QVERIFY2(root, errorText(root).constData());
        auto issue = [this](const QString& name, int months) {
            custos::model::CertificateIssueRequest request;
            request.vault = QStringLiteral("pki-prod");
            request.name = name;
            request.issuer = QStringLiteral("pki-prod/issuing-ca");
            request.subject = QStringLiteral("CN=%1.example.com, O=Example Ltd").arg(name);
            request.subjectAltNames = {QStringLiteral("dns:%1.example.com").arg(name)};
            request.protection = custos::model::Protection::Software;
            request.months = months;
            auto issued = run([request](custos::model::Services& s) { return s.certificates().issue(request); });
            QVERIFY2(issued, errorText(issued).constData());
        };
        issue(QStringLiteral("www"), 12);
        issue(QStringLiteral("api"), 12);
        issue(QStringLiteral("legacy-portal"), 1); // expiring: the notifications and the overview show it

        QVERIFY(custos::test::addOperatorWithRoles(*m_host, QStringLiteral("alice"), {QStringLiteral("Crypto Officer")},
                                                   QStringLiteral("/vaults/payments-prod")));
        QVERIFY(custos::test::addOperatorWithRoles(*m_host, QStringLiteral("bob"), {QStringLiteral("Crypto User")},
                                                   QStringLiteral("/vaults/dev-sandbox")));
        QVERIFY(custos::test::addOperatorWithRoles(*m_host, QStringLiteral("carol"),
                                                   {QStringLiteral("Policy Administrator")}));
        // A denied attempt for the audit trail.
        QVERIFY(custos::test::switchOperator(*m_host, QStringLiteral("bob")));
        custos::model::VaultCreateRequest refused;
        refused.name = QStringLiteral("shadow-vault");
        auto denied = run([refused](custos::model::Services& s) { return s.vaults().create(refused); });
        QVERIFY(!denied);
        QVERIFY(custos::test::switchOperator(*m_host, QStringLiteral("admin")));
    }

    QTemporaryDir m_dir;
    QString m_out;
    QStringList m_written;
    std::unique_ptr<custos::model::ServiceHost> m_host;

private Q_SLOTS:
    void tour()
    {
        m_out = qEnvironmentVariable("CUSTOS_SCREENSHOT_DIR");
        if (m_out.isEmpty())
            QSKIP("set CUSTOS_SCREENSHOT_DIR to a directory to write the README's screenshots");
        QVERIFY(QDir().mkpath(m_out));
        initScreenshotTourResources();
        m_host = custos::test::makeHostedWorkspace(m_dir.filePath(QStringLiteral("ws")));
        QVERIFY(m_host);
        seed();
        if (QTest::currentTestFailed())
            return;

        QSettings store(m_dir.filePath(QStringLiteral("custos.ini")), QSettings::IniFormat);
        custos::ui::AppSettings settings(&store);
        MainWindow window(*m_host, &settings);
        window.resize(1280, 800);
        window.show();
        auto* tabs = window.findChild<QTabWidget*>(QStringLiteral("detailTabWidget"));
        QTRY_VERIFY_WITH_TIMEOUT(window.selectVault(QStringLiteral("payments-prod")), 10000);

        // Main window, vault details.
        tabs->setCurrentIndex(tabs->indexOf(tabs->findChild<QWidget*>(QStringLiteral("vaultDetailPane"))));
        save(&window, QStringLiteral("main-window"));
        // Keys tab, one key's detail.
        tabs->setCurrentWidget(window.keysView());
        QTRY_VERIFY_WITH_TIMEOUT(window.keysView()->selectKey(QStringLiteral("tokenization")), 10000);
        save(&window, QStringLiteral("keys"));
        QTRY_VERIFY(window.keysView()->selectKey(QStringLiteral("payment-signing")));
        save(&window, QStringLiteral("key-detail"));
        // Certificates tab.
        QTRY_VERIFY(window.selectVault(QStringLiteral("pki-prod")));
        tabs->setCurrentWidget(window.certificatesView());
        QTRY_VERIFY_WITH_TIMEOUT(window.certificatesView()->selectCertificate(QStringLiteral("www")), 10000);
        save(&window, QStringLiteral("certificates"));

        // Notifications: the window with the panel over it.
        QTRY_VERIFY_WITH_TIMEOUT(window.notifications()->count() > 0, 10000);
        window.notifications()->showPanel();
        QTest::qWait(150);
        {
            QPixmap shot = window.grab();
            QPainter painter(&shot);
            auto* panel = window.notifications()->panel();
            painter.drawPixmap(window.mapFromGlobal(panel->pos()), panel->grab());
            painter.end();
            QVERIFY(shot.save(QDir(m_out).filePath(QStringLiteral("notifications.png"))));
            m_written << QStringLiteral("notifications");
            panel->hide();
        }

        // The issue wizard, page by page.
        QTRY_VERIFY(window.certificateActions()->newCertificate()->isEnabled());
        QList<QWidget*> before = visibleWindows();
        window.certificateActions()->newCertificate()->trigger();
        auto* issue = qobject_cast<QWizard*>(newWindow(before));
        QVERIFY(issue);
        issue->resize(900, 680);
        issue->findChild<QLineEdit*>(QStringLiteral("nameLineEdit"))->setText(QStringLiteral("shop"));
        save(issue, QStringLiteral("certificate-issue-1-profile"));
        QTest::mouseClick(next(issue), Qt::LeftButton);
        auto* subject = issue->findChild<QLineEdit*>(QStringLiteral("subjectLineEdit"));
        subject->setFocus();
        QTest::keyClicks(subject, QStringLiteral("CN=shop.example.com, O=Example Ltd"));
        if (auto* useCn = issue->findChild<QPushButton*>(QStringLiteral("useCnPushButton"));
            useCn && useCn->isVisible())
            QTest::mouseClick(useCn, Qt::LeftButton);
        save(issue, QStringLiteral("certificate-issue-2-subject"));
        const QStringList later = {QStringLiteral("certificate-issue-3-key"),
                                   QStringLiteral("certificate-issue-4-validity"),
                                   QStringLiteral("certificate-issue-5-review")};
        for (const QString& name : later) {
            QVERIFY2(next(issue)->isEnabled(), qPrintable(name));
            QTest::mouseClick(next(issue), Qt::LeftButton);
            save(issue, name);
        }
        issue->reject();

        // Key create dialog and import wizard (source, then the preview of a PEM file).
        QTRY_VERIFY(window.selectVault(QStringLiteral("payments-prod")));
        tabs->setCurrentWidget(window.keysView());
        QTRY_VERIFY(window.keyActions()->newKey()->isEnabled());
        shoot(window.keyActions()->newKey(), QStringLiteral("key-create"), QSize(640, 560));
        before = visibleWindows();
        window.keyActions()->importKey()->trigger();
        auto* import = qobject_cast<QWizard*>(newWindow(before));
        QVERIFY(import);
        import->resize(900, 680);
        save(import, QStringLiteral("key-import-source"));
        auto exported = run([](custos::model::Services& s) {
            return s.keyCrypto().exportPublic(
                custos::model::KeyTarget{QStringLiteral("payments-prod"), QStringLiteral("payment-signing"), QString()},
                custos::model::PublicKeyFormat::Pem);
        });
        QVERIFY2(exported, errorText(exported).constData());
        const QString pemPath = m_dir.filePath(QStringLiteral("partner-signing.pem"));
        {
            QFile pem(pemPath);
            QVERIFY(pem.open(QIODevice::WriteOnly));
            pem.write(exported.value());
        }
        auto* file = import->findChild<QLineEdit*>(QStringLiteral("filePathLineEdit"));
        file->setFocus();
        QTest::keyClicks(file, pemPath);
        QTest::mouseClick(next(import), Qt::LeftButton);
        QTRY_VERIFY_WITH_TIMEOUT(next(import)->isEnabled(), 10000);
        save(import, QStringLiteral("key-import"));
        import->reject();

        // Security domain: status and the download wizard.
        QWidget* status = window.showSecurityDomainView();
        status->resize(1000, 720);
        save(status, QStringLiteral("security-domain"));
        status->close();
        QWidget* download = window.startSecurityDomainDownload(false);
        download->resize(900, 680);
        save(download, QStringLiteral("security-domain-download"));
        download->close();

        // Audit, access, token, expiry overview.
        shoot(window.findChild<QAction*>(QStringLiteral("auditWindowAction")), QStringLiteral("audit"),
              QSize(1280, 800));
        shoot(window.accessWindowAction(), QStringLiteral("access"), QSize(1280, 800));
        shoot(window.findChild<QAction*>(QStringLiteral("tokenAction")), QStringLiteral("token"), QSize(900, 680));
        shoot(window.expiryOverviewAction(), QStringLiteral("expiry-overview"), QSize(1000, 600));

        // What the rest of issue 9 adds, once it is there.
        if (QAction* action = actionNamed(window, QStringLiteral("settings")))
            shoot(action, QStringLiteral("settings"), QSize(760, 560));
        if (QAction* action = actionNamed(window, QStringLiteral("search"))) {
            const QList<QWidget*> shown = visibleWindows();
            action->trigger();
            if (QWidget* search = newWindow(shown)) {
                search->resize(760, 480);
                if (auto* query = search->findChild<QLineEdit*>())
                    QTest::keyClicks(query, QStringLiteral("pay"));
                QTest::qWait(500); // the search runs on the service thread
                save(search, QStringLiteral("global-search"));
                search->close();
            }
        }
        qInfo().noquote() << "wrote" << m_written.join(QStringLiteral(", ")) << "to" << m_out;
    }

    void cleanupTestCase() { m_host.reset(); }
};

CUSTOS_REGISTER_TEST(TestScreenshotTour)
#include "TestScreenshotTour.moc"
