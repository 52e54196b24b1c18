// Issue 10, disk full: the workspace lives on a small tmpfs (SmallDisk: unshare -m) that fills up.
// Every operation fails closed with "disk full" in its message; nothing is half-created (no key
// row, no orphaned token object: `doctor` finds nothing); the audit trail still verifies; and once
// the space returns the same operations succeed. Skipped, saying why, where the machine allows no
// mount namespace.

#include "CliHarness.h"
#include "SmallDisk.h"
#include "TestRegistry.h"

#include <QDir>
#include <QFile>
#include <QJsonArray>
#include <QTest>

#include <memory>

using namespace custos::test;

namespace {

constexpr int kDiskKiB = 8 * 1024; // an activated workspace takes about 300 KiB

// One operation of the list, run as admin.
struct DiskOperation
{
    const char* name;
    QStringList args;
};

QString describe(const CliResult& r)
{
    return QStringLiteral("exit %1%2, stderr: %3, stdout: %4")
        .arg(r.exitCode)
        .arg(r.crashed ? QStringLiteral(" (crashed)") : QString())
        .arg(r.err.trimmed(), r.out.left(400));
}

} // namespace

class TestDiskFull : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase()
    {
        m_h = std::make_unique<CliHarness>();
        const QString mountPoint = m_h->root() + QStringLiteral("/disk");
        QVERIFY(QDir().mkpath(mountPoint));
        m_disk = std::make_unique<SmallDisk>(mountPoint, kDiskKiB);
        if (!m_disk->isReady())
            QSKIP(qPrintable(QStringLiteral("needs a tmpfs in a mount namespace (unshare -m): ") +
                             m_disk->unavailable()));
        m_workspace = m_disk->mountPoint() + QStringLiteral("/ws");
        (void)m_h->passphraseFile(QStringLiteral("admin"));
        QStringList activate{"sd", "download", "--quorum", "2", "--out", m_h->root() + "/sd.json"};
        for (int i = 0; i < 3; ++i)
            activate << "--cert" << QStringLiteral(CUSTOS_TEST_DATA_DIR "/custodians/custodian_%1.cer").arg(i);
        for (const QStringList& setup :
             {QStringList{"init", "--kdf-memory", "1", "--roles",
                          "Administrator,Crypto User,Crypto Officer,Certificates Officer"},
              activate,
              QStringList{"operator", "add", "auditor", "--new-passphrase-file", m_h->passphraseFile("auditor")},
              QStringList{"vault", "create", "vlt0"},
              QStringList{"ca", "create", "vlt0", "root", "--subject", "CN=Disk Full Root", "--kty", "EC"},
              QStringList{"key", "create", "vlt0", "signer", "--kty", "EC", "--curve", "P-256"}}) {
            const CliResult r = run(setup);
            QVERIFY2(r.exitCode == 0, qPrintable(setup.join(' ') + QStringLiteral(": ") + describe(r)));
        }
        m_payload = m_h->secretFile(QStringLiteral("payload"), QStringLiteral("signed on a full disk"));
    }

    void cleanupTestCase()
    {
        m_h.reset(); // the workspace link first, then the tmpfs it points into
        m_disk.reset();
    }

    // With no byte left the workspace cannot even be opened (SQLite's WAL index needs its pages);
    // with 32 KiB it opens, and the operation fails where it first writes.
    void everyOperationFailsClosedThenSucceeds_data()
    {
        QTest::addColumn<qint64>("leave");
        QTest::addRow("no space") << qint64(0);
        QTest::addRow("32 KiB") << qint64(32 * 1024);
    }

    void everyOperationFailsClosedThenSucceeds()
    {
        QFETCH(qint64, leave);
        const QString tag = QString::number(leave / 1024);
        const QString scope = leave == 0 ? QStringLiteral("/vaults/vlt0") : QStringLiteral("/vaults/vlt0/keys/signer");
        const QList<DiskOperation> operations{
            {"key create (HSM: token object and row)",
             {"key", "create", "vlt0", "k-full-" + tag, "--kty", "EC", "--curve", "P-256"}},
            {"vault create", {"vault", "create", "v-full-" + tag}},
            {"sign (the audit event only)", {"key", "sign", "vlt0", "signer", "--alg", "ES256", "--in", m_payload}},
            {"role assign", {"role", "assign", "--principal", "auditor", "--role", "Crypto Auditor", "--scope", scope}},
            {"cert issue",
             {"cert", "issue", "vlt0", "c-full-" + tag, "--ca", "vlt0/root", "--profile", "tls-server", "--subject",
              "CN=c-full.example", "--san", "dns:c-full.example", "--kty", "EC"}},
        };
        const QString before = objectListing();
        QVERIFY(!before.isEmpty());

        QVERIFY(m_disk->fill(leave));
        QCOMPARE(m_disk->freeBytes(), leave);
        for (const DiskOperation& op : operations) {
            const CliResult r = run(op.args);
            QVERIFY2(!r.crashed, qPrintable(QString::fromLatin1(op.name) + QStringLiteral(": ") + describe(r)));
            QVERIFY2(r.exitCode == 1, qPrintable(QString::fromLatin1(op.name) + QStringLiteral(": ") + describe(r)));
            QVERIFY2(r.err.contains(QStringLiteral("disk full")),
                     qPrintable(QString::fromLatin1(op.name) + QStringLiteral(": ") + describe(r)));
            QVERIFY2(r.err.count(QLatin1Char('\n')) == 1, qPrintable(r.err)); // one line saying why
        }

        m_disk->release();
        // Nothing of the refused operations exists, and nothing is left for doctor to find.
        QCOMPARE(objectListing(), before);
        expectConsistent();

        // The same operations succeed once there is space again.
        for (const DiskOperation& op : operations) {
            const CliResult r = run(op.args);
            QVERIFY2(r.exitCode == 0, qPrintable(QString::fromLatin1(op.name) + QStringLiteral(": ") + describe(r)));
        }
        const QString after = objectListing();
        for (const QString& made : {"k-full-" + tag, "v-full-" + tag, "c-full-" + tag})
            QVERIFY2(after.contains(made), qPrintable(after));
        expectConsistent();
    }

    // With a little space left, an operation may get part of the way (the intent row, the token
    // object) before the disk runs out: it must then undo all of it, or succeed completely.
    void partlyFullDiskNeverHalfCreates_data()
    {
        QTest::addColumn<qint64>("leave");
        for (const qint64 kib : {4, 12, 24, 48, 96, 192, 512})
            QTest::addRow("%d KiB free", int(kib)) << kib * 1024;
    }

    void partlyFullDiskNeverHalfCreates()
    {
        QFETCH(qint64, leave);
        const QString tag = QString::number(leave / 1024);
        const QList<DiskOperation> operations{
            {"key create", {"key", "create", "vlt0", "k-part-" + tag, "--kty", "RSA", "--size", "2048"}},
            {"cert issue",
             {"cert", "issue", "vlt0", "c-part-" + tag, "--ca", "vlt0/root", "--profile", "tls-server", "--subject",
              "CN=c-part.example", "--san", "dns:c-part.example", "--kty", "EC"}},
        };
        for (const DiskOperation& op : operations) {
            const QString before = objectListing();
            QVERIFY(m_disk->fill(leave));
            const CliResult r = run(op.args);
            m_disk->release();
            QVERIFY2(!r.crashed, qPrintable(describe(r)));
            const QString after = objectListing();
            if (r.exitCode == 0) {
                QVERIFY2(after != before, qPrintable(QString::fromLatin1(op.name) + QStringLiteral(": ") + after));
            } else {
                QVERIFY2(r.err.contains(QStringLiteral("disk full")),
                         qPrintable(QString::fromLatin1(op.name) + QStringLiteral(": ") + describe(r)));
                QCOMPARE(after, before);
            }
            expectConsistent();
        }
    }

private:
    // What exists (vaults, keys, certificates, role assignments), as custosctl lists it; empty and
    // a failed check when a listing fails.
    QString objectListing()
    {
        QString listing;
        for (const QStringList& args :
             {QStringList{"vault", "list", "--json"}, QStringList{"key", "list", "vlt0", "--json"},
              QStringList{"cert", "list", "vlt0", "--json"}, QStringList{"role", "assignments", "--json"}}) {
            const CliResult r = run(args);
            if (r.exitCode != 0) {
                qWarning("%s: %s", qPrintable(args.join(' ')), qPrintable(describe(r)));
                return {};
            }
            listing += r.out;
        }
        return listing;
    }

    // The trail verifies and doctor finds nothing: no intent row, no orphaned or missing token object.
    void expectConsistent()
    {
        const CliResult verify = run({"audit", "verify"});
        QVERIFY2(verify.exitCode == 0, qPrintable(describe(verify)));
        const CliResult doctor = run({"doctor"});
        QVERIFY2(doctor.exitCode == 0, qPrintable(describe(doctor)));
    }

    // custosctl --workspace W --operator admin ... ARGS, inside the small disk's namespace.
    CliResult run(const QStringList& args) const
    {
        return m_disk->run(QStringList{"--workspace", m_workspace, "--operator", "admin", "--passphrase-file",
                                       m_h->root() + "/admin.secret"} +
                           args);
    }

    std::unique_ptr<CliHarness> m_h;
    QString m_workspace;
    std::unique_ptr<SmallDisk> m_disk;
    QString m_payload;
};

CUSTOS_REGISTER_TEST(TestDiskFull)
#include "TestDiskFull.moc"
