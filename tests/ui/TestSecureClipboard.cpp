#include "HostedWorkspace.h"
#include "TestRegistry.h"

#include "ui/certificates/CertificateDetailPane.h"
#include "ui/keys/KeyDetailPane.h"
#include "ui/mainwindow/MainWindow.h"
#include "ui/security/CopyAction.h"
#include "ui/security/SecureClipboard.h"
#include "ui/settings/AppSettings.h"

#include <QAction>
#include <QApplication>
#include <QClipboard>
#include <QLabel>
#include <QMimeData>
#include <QSettings>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

using namespace custos;
using namespace std::chrono_literals;

namespace {
const QString kHint = QStringLiteral("x-kde-passwordManagerHint");
const QString kSecret = QStringLiteral("-----BEGIN PRIVATE KEY----- not really");
} // namespace

// Issue 9, clipboard: a secret is marked concealed and cleared after the delay, but only while the
// clipboard still holds it; plain copies are never touched; lock and close clear it; disabled
// (ceremony mode), every copy is refused.
class TestSecureClipboard : public QObject
{
    Q_OBJECT
private:
    static QClipboard* clipboard() { return QApplication::clipboard(); }

    QTemporaryDir m_dir;
    std::unique_ptr<model::ServiceHost> m_host;
    std::unique_ptr<QSettings> m_store;
    std::unique_ptr<ui::AppSettings> m_settings;

private Q_SLOTS:
    void initTestCase()
    {
        Q_INIT_RESOURCE(custos);
        m_host = test::makeHostedWorkspace(m_dir.filePath(QStringLiteral("ws")));
        QVERIFY(m_host);
        m_store = std::make_unique<QSettings>(m_dir.filePath(QStringLiteral("custos.ini")), QSettings::IniFormat);
        m_settings = std::make_unique<ui::AppSettings>(m_store.get());
    }
    void cleanupTestCase()
    {
        m_settings.reset();
        m_store.reset();
        m_host.reset();
    }
    void init() { clipboard()->setText(QStringLiteral("before")); }

    void secretIsConcealedAndClearedAfterTheDelay()
    {
        ui::SecureClipboard secure(clipboard());
        QSignalSpy cleared(&secure, &ui::SecureClipboard::secretCleared);
        secure.setClearDelay(100ms);
        QVERIFY(secure.copySecret(kSecret));
        QCOMPARE(clipboard()->text(), kSecret);
        QCOMPARE(clipboard()->mimeData()->data(kHint), QByteArray("secret"));
        QVERIFY(secure.holdsSecret());
        QTRY_COMPARE(cleared.count(), 1);
        QVERIFY(clipboard()->text().isEmpty());
        QVERIFY(!secure.holdsSecret());
    }

    void whatTheUserCopiedSinceIsKept()
    {
        ui::SecureClipboard secure(clipboard());
        QSignalSpy cleared(&secure, &ui::SecureClipboard::secretCleared);
        secure.setClearDelay(100ms);
        QVERIFY(secure.copySecret(kSecret));
        clipboard()->setText(QStringLiteral("the user's own text"));
        QTest::qWait(300);
        QCOMPARE(clipboard()->text(), QStringLiteral("the user's own text"));
        QCOMPARE(cleared.count(), 0);
        secure.clearNow(); // nor on lock or quit
        QCOMPARE(clipboard()->text(), QStringLiteral("the user's own text"));
    }

    void plainTextIsNeverCleared()
    {
        ui::SecureClipboard secure(clipboard());
        secure.setClearDelay(100ms);
        QVERIFY(secure.copyText(QStringLiteral("AB:CD:EF")));
        QCOMPARE(clipboard()->text(), QStringLiteral("AB:CD:EF"));
        QVERIFY(!clipboard()->mimeData()->hasFormat(kHint));
        QTest::qWait(300);
        secure.clearNow();
        QCOMPARE(clipboard()->text(), QStringLiteral("AB:CD:EF"));
    }

    void disabledRefusesEveryCopy()
    {
        ui::SecureClipboard secure(clipboard());
        QSignalSpy refused(&secure, &ui::SecureClipboard::copyRefused);
        QVERIFY(secure.copySecret(kSecret));
        secure.setEnabled(false); // takes the secret off at once
        QVERIFY(clipboard()->text().isEmpty());
        QVERIFY(!secure.copyText(QStringLiteral("AB:CD")));
        QVERIFY(!secure.copySecret(kSecret));
        QCOMPARE(refused.count(), 2);
        QVERIFY(clipboard()->text().isEmpty());
        secure.setEnabled(true);
        QVERIFY(secure.copyText(QStringLiteral("AB:CD")));
    }

    void theWindowsClipboardFollowsTheSettings()
    {
        m_settings->setClipboardClearDelay(30s);
        ui::MainWindow window(*m_host, m_settings.get());
        QVERIFY(window.secureClipboard());
        QCOMPARE(window.secureClipboard()->clearDelay(), 30s);
        m_settings->setClipboardClearDelay(7s);
        QCOMPARE(window.secureClipboard()->clearDelay(), 7s);
        m_settings->setClipboardClearDelay(1s); // the minimum is five seconds
        QCOMPARE(window.secureClipboard()->clearDelay(), 5s);
        QCOMPARE(ui::AppSettings(new QSettings(m_dir.filePath(QStringLiteral("defaults.ini")), QSettings::IniFormat),
                                 nullptr)
                     .clipboardClearDelay(),
                 20s);
    }

    void clearedOnLock()
    {
        ui::MainWindow window(*m_host, m_settings.get());
        window.show();
        QVERIFY(window.secureClipboard()->copySecret(kSecret));
        window.lock();
        QVERIFY(clipboard()->text().isEmpty());
        auto unlocked = test::await(m_host->unlock(test::secret(test::kTestPassphrase)));
        QVERIFY2(unlocked, errorText(unlocked).constData());
    }

    void clearedOnClose()
    {
        ui::MainWindow window(*m_host, m_settings.get());
        window.show();
        QVERIFY(window.secureClipboard()->copySecret(kSecret));
        QVERIFY(window.close());
        QVERIFY(clipboard()->text().isEmpty());
        // A plain copy stays after the window.
        ui::MainWindow second(*m_host, m_settings.get());
        second.show();
        QVERIFY(second.secureClipboard()->copyText(QStringLiteral("AB:CD")));
        QVERIFY(second.close());
        QCOMPARE(clipboard()->text(), QStringLiteral("AB:CD"));
    }

    void copyActionsInTheDetailPanes()
    {
        ui::MainWindow window(*m_host, m_settings.get());
        // The panes offer them on their values.
        for (const char* name : {"copyCertificateSubjectAction", "copyCertificateSerialAction",
                                 "copyCertificateSha256Action", "copyCertificateSha1Action", "copyKeyIdentifierAction"})
            QVERIFY2(window.findChild<QAction*>(QLatin1String(name)), name);
        // A label's action copies its text plainly through the window's clipboard.
        auto* label = new QLabel(QStringLiteral("12:34:56"), &window);
        QAction* copy = ui::addCopyAction(label, QStringLiteral("Copy"), "copyTestAction");
        QCOMPARE(label->contextMenuPolicy(), Qt::ActionsContextMenu);
        QCOMPARE(ui::secureClipboardFor(label), window.secureClipboard());
        copy->trigger();
        QCOMPARE(clipboard()->text(), QStringLiteral("12:34:56"));
        QVERIFY(!clipboard()->mimeData()->hasFormat(kHint));
        // Ceremony mode's disabled clipboard refuses it.
        clipboard()->setText(QStringLiteral("before"));
        window.secureClipboard()->setEnabled(false);
        copy->trigger();
        QCOMPARE(clipboard()->text(), QStringLiteral("before"));
    }
};

CUSTOS_REGISTER_TEST(TestSecureClipboard)
#include "TestSecureClipboard.moc"
