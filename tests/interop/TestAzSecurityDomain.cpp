#include "CliHarness.h"
#include "InteropTools.h"
#include "TestRegistry.h"

#include "crypto/sd/RestoreBlob.h"
#include "crypto/sd/SecurityDomainFile.h"

#include <QDir>
#include <QFileInfo>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QRandomGenerator>
#include <QRegularExpression>
#include <QTest>

#include <algorithm>

using namespace custos::test;
namespace sd = custos::crypto::sd;

// Proof by the real Azure CLI (Debian's azure-cli 2.45, run offline: SECURITY-DOMAIN.md §12):
// security-domain files Custos writes go through `az keyvault security-domain restore-blob`, and
// Custos opens az's blob with the exchange key to the payloads it put in; `custosctl sd
// restore-blob` on the same inputs writes a blob of the same structure. Also az on the shared
// vector's sd.json.
class TestAzSecurityDomain : public QObject
{
    Q_OBJECT

    QString m_az;
    QTemporaryDir m_dir;
    CliHarness m_h;
    const QString m_vector = QStringLiteral(CUSTOS_TEST_DATA_DIR "/security-domain");
    const QString m_custodianPassword0 = QStringLiteral("custodian-0-password");

    QString path(const QString& name) const { return m_dir.path() + QLatin1Char('/') + name; }
    QString custodianKey(int i) const { return path(QStringLiteral("custodians/custodian_%1.key").arg(i)); }

    // az offline: its own empty config dir, no telemetry; az is slow to start, so a long timeout.
    ToolResult runAz(const QStringList& args) const
    {
        QProcess process;
        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        env.insert("AZURE_CONFIG_DIR", path("azure-config"));
        env.insert("AZURE_CORE_COLLECT_TELEMETRY", "false");
        env.insert("AZURE_CORE_NO_COLOR", "true");
        process.setProcessEnvironment(env);
        process.start(m_az, args);
        ToolResult result;
        if (!process.waitForFinished(300000)) {
            process.kill();
            process.waitForFinished();
            result.err = "timed out";
            return result;
        }
        result.exitCode = process.exitStatus() == QProcess::NormalExit ? process.exitCode() : -1;
        result.out = process.readAllStandardOutput();
        result.err = process.readAllStandardError();
        return result;
    }

    // az's rule: encrypted keys first, in the order of --passwords (only custodian 0 is encrypted).
    ToolResult azRestoreBlob(const QString& sdFile, QList<int> custodians, const QString& out) const
    {
        std::stable_partition(custodians.begin(), custodians.end(), [](int i) { return i == 0; });
        QStringList args{"keyvault",
                         "security-domain",
                         "restore-blob",
                         "--sd-file",
                         sdFile,
                         "--sd-exchange-key",
                         m_vector + "/exchange.cer",
                         "--sd-file-restore-blob",
                         out,
                         "--sd-wrapping-keys"};
        for (const int i : custodians)
            args << custodianKey(i);
        if (custodians.contains(0))
            args << "--passwords" << m_custodianPassword0;
        return runAz(args);
    }

    CliResult custosRestoreBlob(const QString& sdFile, const QList<int>& custodians, const QString& out) const
    {
        QStringList args{
            "sd", "restore-blob", "--sd-file", sdFile, "--exchange-key", m_vector + "/exchange.cer", "--out", out};
        for (const int i : custodians) {
            args << "--custodian" << custodianKey(i);
            if (i == 0)
                args << "--custodian-password-file" << path("custodians/custodian_0.password");
        }
        return m_h.runRaw(args);
    }

    // The payloads the exchange key opens in a blob, as (tag, bytes); an error text instead.
    QString openBlob(const QString& blobPath, QList<std::pair<QString, QByteArray>>* out) const
    {
        auto blob = sd::RestoreBlob::parse(readBytes(blobPath));
        if (!blob)
            return QStringLiteral("%1 does not parse: %2").arg(blobPath, blob.error().message);
        auto exchange = sd::openCustodianKeyFile(m_vector + "/exchange.key", nullptr, m_vector + "/exchange.cer");
        if (!exchange)
            return QStringLiteral("exchange key: ") + exchange.error().message;
        auto payloads = sd::openRestoreBlob(blob.value(), *exchange.value());
        if (!payloads)
            return QStringLiteral("%1 does not open: %2").arg(blobPath, payloads.error().message);
        for (const sd::Payload& p : payloads.value())
            out->append({p.tag, QByteArray(p.data.chars(), qsizetype(p.data.size()))});
        return {};
    }

    // The blob with every JWE replaced by its part sizes (header text kept: its kid is the tag):
    // equal for two blobs with the same members, order, separators, tags, x5t_256 and part sizes.
    static QString structureOf(const QByteArray& blob)
    {
        static const QRegularExpression jwe(QStringLiteral("\"(compact_jwe|enc_key)\": \"([^\"]*)\""));
        QString text = QString::fromUtf8(blob);
        QString result;
        qsizetype last = 0;
        for (auto it = jwe.globalMatch(text); it.hasNext();) {
            const auto m = it.next();
            result += text.mid(last, m.capturedStart() - last);
            const QStringList parts = m.captured(2).split(QLatin1Char('.'));
            QStringList sizes;
            for (qsizetype i = 0; i < parts.size(); ++i) {
                const QByteArray decoded =
                    QByteArray::fromBase64(parts.at(i).toLatin1(), QByteArray::Base64UrlEncoding);
                sizes << (i == 0 ? QString::fromUtf8(decoded) : QString::number(decoded.size()));
            }
            result += QStringLiteral("\"%1\": <%2>").arg(m.captured(1), sizes.join(QLatin1Char('|')));
            last = m.capturedEnd();
        }
        return result + text.mid(last);
    }

private Q_SLOTS:
    void initTestCase()
    {
        m_az = QStandardPaths::findExecutable("az");
        if (m_az.isEmpty())
            QSKIP("az is not installed (Debian: apt-get install azure-cli)");
        QVERIFY(m_dir.isValid());
        // az reads each key's certificate next to it (cert_0.key -> cert_0.cer): a private copy.
        QVERIFY(QDir().mkpath(path("custodians")));
        QVERIFY(QDir().mkpath(path("azure-config")));
        const QString source = QStringLiteral(CUSTOS_TEST_DATA_DIR "/custodians");
        for (const QString& name : QDir(source).entryList(QDir::Files))
            QVERIFY(QFile::copy(source + "/" + name, path("custodians/" + name)));
    }

    void custosFileThroughAz_data()
    {
        QTest::addColumn<int>("n");
        QTest::addColumn<int>("m");
        QTest::addColumn<QList<int>>("custodians");
        QTest::newRow("N=3 M=2, {0,1}") << 3 << 2 << QList<int>{0, 1};
        QTest::newRow("N=3 M=2, {2,1}") << 3 << 2 << QList<int>{2, 1};
        QTest::newRow("N=5 M=3, {4,0,2}") << 5 << 3 << QList<int>{4, 0, 2};
        QTest::newRow("N=4 M=4, {3,2,1,0}") << 4 << 4 << QList<int>{3, 2, 1, 0};
    }
    void custosFileThroughAz()
    {
        QFETCH(int, n);
        QFETCH(int, m);
        QFETCH(QList<int>, custodians);
        QStringList subset;
        for (const int i : custodians)
            subset << QString::number(i);
        const QString base = path(QStringLiteral("sd-%1-%2-%3").arg(n).arg(m).arg(subset.join(QLatin1Char('-'))));

        QList<QByteArray> certificates;
        for (int i = 0; i < n; ++i) {
            auto c =
                sd::readCustodianCertificate(readBytes(path(QStringLiteral("custodians/custodian_%1.cer").arg(i))));
            QVERIFY2(c.ok(), c.ok() ? "" : qPrintable(c.error().message));
            certificates << c->der;
        }
        QList<std::pair<QString, QByteArray>> expected;
        std::vector<sd::Payload> payloads;
        const QList<std::pair<QString, int>> items{{"custos_domain_key", 64}, {"custos_workspace", 181}};
        for (const auto& [tag, size] : items) {
            QByteArray bytes(size, '\0');
            QRandomGenerator::global()->fillRange(reinterpret_cast<quint32*>(bytes.data()), size / 4);
            expected.append({tag, bytes});
            payloads.push_back({tag, custos::crypto::SecureBuffer(bytes.constData(), size_t(bytes.size()))});
        }
        auto file = sd::createSecurityDomain(certificates, m, payloads);
        QVERIFY2(file.ok(), file.ok() ? "" : qPrintable(file.error().message));
        const QString sdFile = writeBytes(base + ".json", file->toJson());

        const QString azBlob = base + "-az-blob.json";
        const ToolResult az = azRestoreBlob(sdFile, custodians, azBlob);
        QVERIFY2(az.exitCode == 0 && QFileInfo::exists(azBlob), qPrintable(az.text()));
        QList<std::pair<QString, QByteArray>> fromAz;
        QString failed = openBlob(azBlob, &fromAz);
        QVERIFY2(failed.isEmpty(), qPrintable(failed));
        QVERIFY(fromAz == expected);

        const QString custosBlob = base + "-custos-blob.json";
        const CliResult custos = custosRestoreBlob(sdFile, custodians, custosBlob);
        QVERIFY2(custos.exitCode == 0, qPrintable(custos.err));
        QList<std::pair<QString, QByteArray>> fromCustos;
        failed = openBlob(custosBlob, &fromCustos);
        QVERIFY2(failed.isEmpty(), qPrintable(failed));
        QVERIFY(fromCustos == expected);
        QCOMPARE(structureOf(readBytes(custosBlob)), structureOf(readBytes(azBlob)));
    }

    void sharedVectorThroughAz()
    {
        // The vector's own keys: cert_1 and cert_2 are plain, and sit next to their .cer files.
        const QString dir = path("vector");
        QVERIFY(QDir().mkpath(dir));
        for (const QString& name : QStringList{"sd.json", "cert_1.key", "cert_1.cer", "cert_2.key", "cert_2.cer"})
            QVERIFY(QFile::copy(m_vector + "/" + name, dir + "/" + name));
        const QString azBlob = dir + "/blob-az.json";
        const ToolResult az = runAz({"keyvault", "security-domain", "restore-blob", "--sd-file", dir + "/sd.json",
                                     "--sd-exchange-key", m_vector + "/exchange.cer", "--sd-wrapping-keys",
                                     dir + "/cert_1.key", dir + "/cert_2.key", "--sd-file-restore-blob", azBlob});
        QVERIFY2(az.exitCode == 0 && QFileInfo::exists(azBlob), qPrintable(az.text()));
        QList<std::pair<QString, QByteArray>> opened;
        const QString failed = openBlob(azBlob, &opened);
        QVERIFY2(failed.isEmpty(), qPrintable(failed));
        QCOMPARE(opened.size(), 2);
        QCOMPARE(opened.at(0).first, QString("hsm_payload_a"));
        QCOMPARE(opened.at(0).second, readBytes(m_vector + "/payload_0.bin"));
        QCOMPARE(opened.at(1).first, QString("hsm_payload_b"));
        QCOMPARE(opened.at(1).second, readBytes(m_vector + "/payload_1.bin"));
    }
};

CUSTOS_REGISTER_TEST(TestAzSecurityDomain)
#include "TestAzSecurityDomain.moc"
