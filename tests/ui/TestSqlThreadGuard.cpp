#include "HostedWorkspace.h"
#include "TestRegistry.h"

#include "crypto/ThreadGuard.h"
#include "model/store/Database.h"
#include "ui/mainwindow/MainWindow.h"

#include <QSqlQuery>
#include <QStringList>
#include <QTemporaryDir>
#include <QTest>

using namespace custos;

namespace {
QStringList violations;
void record(const char* what)
{
    violations << QString::fromLatin1(what);
}
} // namespace

// Issue 3: the debug-build guard TestMain arms for the GUI thread reports SQL there too, so the GUI
// tests (which run with it, aborting on a violation) prove the window never waits on the database.
class TestSqlThreadGuard : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void init()
    {
        violations.clear();
        crypto::setThreadGuardHandler(&record);
    }
    void cleanup() { crypto::setThreadGuardHandler(nullptr); } // back to qFatal; the guard stays armed

    void guiTestsRunOnTheGuardedThread() { QVERIFY(crypto::onGuardedThread()); }

    void sqlOnTheGuiThreadIsReported()
    {
#ifdef NDEBUG
        QSKIP("the guard is compiled out of release builds");
#endif
        QTemporaryDir dir;
        auto opened =
            model::Database::open(dir.filePath(QStringLiteral("guarded.db")), model::Database::OpenMode::Create);
        QVERIFY2(opened, errorText(opened).constData());
        QVERIFY(!violations.isEmpty());
        QCOMPARE(violations.first(), QStringLiteral("an SQL query"));
        QCOMPARE(violations.count(QStringLiteral("an SQL query")), violations.size());

        // Every query takes the connection through the guard.
        violations.clear();
        QSqlQuery query(opened.value()->connection());
        QVERIFY(query.exec(QStringLiteral("SELECT 1")));
        QCOMPARE(violations, QStringList{QStringLiteral("an SQL query")});
    }

    void aWindowSessionStaysOffTheDatabase()
    {
        QTemporaryDir dir;
        auto host = test::makeHostedWorkspace(dir.filePath(QStringLiteral("ws")));
        QVERIFY(host);
        auto created =
            test::onServices(*host, [](model::Services& s) { return s.vaults().create(QStringLiteral("quiet")); });
        QVERIFY2(created, errorText(created).constData());
        {
            ui::MainWindow window(*host);
            window.show();
            QTRY_VERIFY(window.selectVault(QStringLiteral("quiet")));
            window.checkDueKeyActions();
            QTest::qWait(100);
        }
        QVERIFY2(violations.isEmpty(), qPrintable(violations.join(QStringLiteral(", "))));
    }
};

CUSTOS_REGISTER_TEST(TestSqlThreadGuard)
#include "TestSqlThreadGuard.moc"
