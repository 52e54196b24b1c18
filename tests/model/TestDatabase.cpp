#include "TestRegistry.h"

#include "model/store/Database.h"
#include "model/store/Stores.h"

#include <QCryptographicHash>
#include <QFile>
#include <QRandomGenerator>
#include <QSqlError>
#include <QSqlQuery>
#include <QTemporaryDir>
#include <QTest>

#include <memory>

using namespace custos;
using namespace custos::model;

namespace {

QByteArray fileDigest(const QString& path)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return {};
    return QCryptographicHash::hash(file.readAll(), QCryptographicHash::Sha256);
}

QVariant pragma(Database& db, const QString& name)
{
    QSqlQuery query(db.connection());
    if (!query.exec(QStringLiteral("PRAGMA ") + name) || !query.next())
        return {};
    return query.value(0);
}

bool exec(Database& db, const QString& sql)
{
    QSqlQuery query(db.connection());
    return query.exec(sql);
}

void writeFile(const QString& path, const QByteArray& bytes)
{
    QFile file(path);
    QVERIFY(file.open(QIODevice::WriteOnly));
    QCOMPARE(file.write(bytes), bytes.size());
}

QByteArray randomBytes(int size)
{
    QByteArray bytes(size, '\0');
    for (char& c : bytes)
        c = char(QRandomGenerator::global()->bounded(256));
    return bytes;
}

} // namespace

class TestDatabase : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void init()
    {
        m_dir = std::make_unique<QTemporaryDir>();
        QVERIFY(m_dir->isValid());
    }

    void createsAndMigrates()
    {
        auto db = Database::open(path(), Database::OpenMode::Create);
        QVERIFY2(db.ok(), qPrintable(db.ok() ? QString() : db.error().message));
        Database& d = *db.value();
        QCOMPARE(d.path(), path());
        QCOMPARE(d.schemaVersion(), Database::latestSchemaVersion());
        QVERIFY(Database::latestSchemaVersion() >= 1);
        QCOMPARE(pragma(d, QStringLiteral("journal_mode")).toString(), QStringLiteral("wal"));
        QCOMPARE(pragma(d, QStringLiteral("foreign_keys")).toInt(), 1);
        QCOMPARE(pragma(d, QStringLiteral("busy_timeout")).toInt(), 5000);
        QCOMPARE(pragma(d, QStringLiteral("synchronous")).toInt(), 2); // FULL

        QSqlQuery query(d.connection());
        QVERIFY(query.exec(QStringLiteral("SELECT name FROM sqlite_master WHERE type IN ('table', 'trigger', 'index') "
                                          "AND name NOT LIKE 'sqlite_%' ORDER BY name")));
        QStringList names;
        while (query.next())
            names << query.value(0).toString();
        for (const char* expected : {"settings", "operators", "role_assignments", "vaults", "intents", "audit_events",
                                     "audit_events_time", "audit_events_operation", "audit_events_operator",
                                     "audit_events_resource", "audit_events_no_update", "audit_events_no_delete"}) {
            QVERIFY2(names.contains(QString::fromLatin1(expected)), expected);
        }
        QVERIFY(d.integrityCheck().ok());
    }

    void reopens()
    {
        {
            auto db = Database::open(path(), Database::OpenMode::Create);
            QVERIFY(db.ok());
            QVERIFY(SettingsStore(*db.value()).set(QStringLiteral("k"), QStringLiteral("v")).ok());
        }
        auto db = Database::open(path(), Database::OpenMode::OpenExisting);
        QVERIFY2(db.ok(), qPrintable(db.ok() ? QString() : db.error().message));
        QCOMPARE(db.value()->schemaVersion(), Database::latestSchemaVersion());
        auto value = SettingsStore(*db.value()).get(QStringLiteral("k"));
        QVERIFY(value.ok() && value.value().has_value());
        QCOMPARE(*value.value(), QStringLiteral("v"));

        // Create on an existing database opens it as it is.
        auto again = Database::open(path(), Database::OpenMode::Create);
        QVERIFY(again.ok());
        QCOMPARE(*SettingsStore(*again.value()).get(QStringLiteral("k")).value(), QStringLiteral("v"));
    }

    void twoConnectionsToOneFile()
    {
        auto first = Database::open(path(), Database::OpenMode::Create);
        auto second = Database::open(path(), Database::OpenMode::OpenExisting);
        QVERIFY(first.ok() && second.ok());
        QVERIFY(first.value()->connection().connectionName() != second.value()->connection().connectionName());
        QVERIFY(SettingsStore(*first.value()).set(QStringLiteral("a"), QStringLiteral("1")).ok());
        QCOMPARE(*SettingsStore(*second.value()).get(QStringLiteral("a")).value(), QStringLiteral("1"));
    }

    void refusesNewerSchemaUntouched()
    {
        const int newer = Database::latestSchemaVersion() + 6;
        {
            auto db = Database::open(path(), Database::OpenMode::Create);
            QVERIFY(db.ok());
            QVERIFY(exec(*db.value(), QStringLiteral("PRAGMA user_version = %1").arg(newer)));
        }
        const QByteArray before = fileDigest(path());
        QVERIFY(!before.isEmpty());

        auto db = Database::open(path(), Database::OpenMode::OpenExisting);
        QVERIFY(!db.ok());
        QCOMPARE(db.error().kind, ErrorKind::Conflict);
        QCOMPARE(db.error().message, QStringLiteral("database schema version %1 is newer than this Custos supports "
                                                    "(%2); use a newer Custos")
                                         .arg(newer)
                                         .arg(Database::latestSchemaVersion()));
        auto create = Database::open(path(), Database::OpenMode::Create);
        QVERIFY(!create.ok());
        QCOMPARE(create.error().kind, ErrorKind::Conflict);
        QCOMPARE(fileDigest(path()), before);
    }

    void refusesNewerSchemaInRollbackJournalMode()
    {
        // A newer database that is not (yet) in WAL mode must not be switched to it either.
        {
            QSqlDatabase raw = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), QStringLiteral("raw-newer"));
            raw.setDatabaseName(path());
            QVERIFY(raw.open());
            QSqlQuery query(raw);
            QVERIFY(query.exec(QStringLiteral("PRAGMA application_id = 1131770740")));
            QVERIFY(query.exec(QStringLiteral("PRAGMA user_version = 99")));
            QVERIFY(query.exec(QStringLiteral("CREATE TABLE future(x)")));
            query.finish();
            raw.close();
        }
        QSqlDatabase::removeDatabase(QStringLiteral("raw-newer"));
        const QByteArray before = fileDigest(path());
        auto db = Database::open(path(), Database::OpenMode::OpenExisting);
        QVERIFY(!db.ok());
        QCOMPARE(db.error().kind, ErrorKind::Conflict);
        QVERIFY(db.error().message.startsWith(QStringLiteral("database schema version 99 is newer")));
        QCOMPARE(fileDigest(path()), before);
        QVERIFY(!QFile::exists(path() + QStringLiteral("-wal")));
    }

    void refusesCorruptFileUntouched_data()
    {
        QTest::addColumn<QByteArray>("content");
        QTest::addColumn<bool>("exactMessage");
        QTest::newRow("random bytes") << randomBytes(8192) << true;
        QTest::newRow("text") << QByteArray("not a database at all\n") << true;
        QTest::newRow("sqlite magic, garbage after")
            << QByteArray("SQLite format 3\0", 16) + randomBytes(4096 - 16) << false;
    }

    void refusesCorruptFileUntouched()
    {
        QFETCH(QByteArray, content);
        QFETCH(bool, exactMessage);
        writeFile(path(), content);
        const QByteArray before = fileDigest(path());
        for (auto mode : {Database::OpenMode::OpenExisting, Database::OpenMode::Create}) {
            auto db = Database::open(path(), mode);
            QVERIFY(!db.ok());
            QCOMPARE(db.error().kind, ErrorKind::Failed);
            if (exactMessage) {
                QCOMPARE(db.error().message,
                         QStringLiteral("%1 is not a Custos database (file is not a database)").arg(path()));
            }
            QCOMPARE(fileDigest(path()), before);
        }
    }

    void refusesAnotherApplicationsDatabase()
    {
        {
            QSqlDatabase raw = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), QStringLiteral("raw-foreign"));
            raw.setDatabaseName(path());
            QVERIFY(raw.open());
            QSqlQuery query(raw);
            QVERIFY(query.exec(QStringLiteral("CREATE TABLE contacts(name TEXT)")));
            query.finish();
            raw.close();
        }
        QSqlDatabase::removeDatabase(QStringLiteral("raw-foreign"));
        const QByteArray before = fileDigest(path());
        auto db = Database::open(path(), Database::OpenMode::OpenExisting);
        QVERIFY(!db.ok());
        QCOMPARE(db.error().kind, ErrorKind::Failed);
        QVERIFY(db.error().message.contains(QStringLiteral("is not a Custos database")));
        QCOMPARE(fileDigest(path()), before);
    }

    void missingFileIsNotFound()
    {
        const QString missing = m_dir->filePath(QStringLiteral("nowhere.db"));
        auto db = Database::open(missing, Database::OpenMode::OpenExisting);
        QVERIFY(!db.ok());
        QCOMPARE(db.error().kind, ErrorKind::NotFound);
        QVERIFY(db.error().message.contains(missing));
        QVERIFY(!QFile::exists(missing));
    }

    void transactionRollsBackOnDestruction()
    {
        auto db = Database::open(path(), Database::OpenMode::Create);
        QVERIFY(db.ok());
        SettingsStore settings(*db.value());
        {
            Transaction transaction(*db.value());
            QVERIFY(transaction.begin().ok());
            QVERIFY(transaction.isActive());
            QVERIFY(settings.set(QStringLiteral("gone"), QStringLiteral("1")).ok());
            QVERIFY(settings.get(QStringLiteral("gone")).value().has_value()); // visible inside
        }
        QVERIFY(!settings.get(QStringLiteral("gone")).value().has_value());

        {
            Transaction transaction(*db.value());
            QVERIFY(transaction.begin().ok());
            QVERIFY(settings.set(QStringLiteral("kept"), QStringLiteral("1")).ok());
            QVERIFY(transaction.commit().ok());
            QVERIFY(!transaction.isActive());
        }
        QVERIFY(settings.get(QStringLiteral("kept")).value().has_value());

        {
            Transaction transaction(*db.value());
            QVERIFY(transaction.begin().ok());
            QVERIFY(settings.set(QStringLiteral("rolled"), QStringLiteral("1")).ok());
            transaction.rollback();
            QVERIFY(!transaction.isActive());
            QVERIFY(!transaction.commit().ok());
        }
        QVERIFY(!settings.get(QStringLiteral("rolled")).value().has_value());
    }

    void nestedTransactionIsAnError()
    {
        auto db = Database::open(path(), Database::OpenMode::Create);
        QVERIFY(db.ok());
        Transaction outer(*db.value());
        QVERIFY(outer.begin().ok());
        QVERIFY(!outer.begin().ok());
        Transaction inner(*db.value());
        auto begun = inner.begin();
        QVERIFY(!begun.ok());
        QCOMPARE(begun.error().kind, ErrorKind::Failed);
        QVERIFY(!inner.isActive());
        QVERIFY(outer.commit().ok());
    }

    void sqlErrorMapsDiskFull()
    {
        const QSqlError full(QStringLiteral("Unable to fetch row"), QStringLiteral("database or disk is full"),
                             QSqlError::StatementError, QStringLiteral("13"));
        const Error error = sqlError(QStringLiteral("cannot write the audit event"), full);
        QCOMPARE(error.kind, ErrorKind::Failed);
        QVERIFY(error.message.contains(QStringLiteral("disk full")));
        QVERIFY(error.message.startsWith(QStringLiteral("cannot write the audit event")));

        const QSqlError locked(QString(), QStringLiteral("database is locked"), QSqlError::StatementError,
                               QStringLiteral("5"));
        const Error other = sqlError(QStringLiteral("cannot begin"), locked);
        QVERIFY(other.message.contains(QStringLiteral("database is locked")));
        QVERIFY(!other.message.contains(QStringLiteral("disk full")));
    }

    void realDiskFullIsReported()
    {
        // A page limit makes SQLite answer SQLITE_FULL exactly as a full disk would.
        auto db = Database::open(path(), Database::OpenMode::Create);
        QVERIFY(db.ok());
        const int pages = pragma(*db.value(), QStringLiteral("page_count")).toInt();
        QVERIFY(exec(*db.value(), QStringLiteral("PRAGMA max_page_count = %1").arg(pages + 2)));
        SettingsStore settings(*db.value());
        Outcome<void> written;
        for (int i = 0; i < 100 && written.ok(); ++i)
            written = settings.set(QStringLiteral("big%1").arg(i), QString(4000, QLatin1Char('x')));
        QVERIFY(!written.ok());
        QVERIFY2(written.error().message.contains(QStringLiteral("disk full")), qPrintable(written.error().message));
    }

private:
    QString path() const { return m_dir->filePath(QStringLiteral("custos.db")); }

    std::unique_ptr<QTemporaryDir> m_dir;
};

CUSTOS_REGISTER_TEST(TestDatabase)
#include "TestDatabase.moc"
