// Issue 7 "Performance". (a) `custosctl sd restore-blob` with N = 10, M = 10 (RSA-2048, unencrypted
// key files) against `az keyvault security-domain restore-blob` on the same files, as whole
// processes in the same run: target at least 20 times as fast. (b) CPU time of the download
// (createSecurityDomain, N = 10 RSA-4096 certificates) and of a restore's share collection (a
// ShareCollector with M = 10 RSA-4096 unencrypted key files, then the master secret): target under
// 1 s each, printed against a baseline of 10 raw OpenSSL RSA-4096 OAEP decryptions.
#include "BenchRegistry.h"
#include "BenchResults.h"
#include "crypto/ossl/OsslHandles.h"
#include "crypto/sd/RestoreBlob.h"
#include "crypto/sd/SecurityDomainFile.h"
#include "crypto/sd/ShareCollector.h"

#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QProcess>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTextStream>

#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/rand.h>
#include <openssl/rsa.h>

#include <algorithm>
#include <ctime>

using namespace custos;
namespace sd = custos::crypto::sd;

namespace {

constexpr int kCustodians = 10;

QTextStream& out()
{
    return bench::log();
}

QByteArray readFile(const QString& path)
{
    QFile file(path);
    return file.open(QIODevice::ReadOnly) ? file.readAll() : QByteArray();
}

double threadCpuMs()
{
    timespec t{};
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &t);
    return double(t.tv_sec) * 1000.0 + double(t.tv_nsec) / 1e6;
}

// Wall time of one whole process in ms, or -1 when it failed (the reason printed).
double timeProcess(const QString& program, const QStringList& args, const QProcessEnvironment& env)
{
    QProcess process;
    process.setProcessEnvironment(env);
    QElapsedTimer timer;
    timer.start();
    process.start(program, args);
    if (!process.waitForFinished(10 * 60 * 1000) || process.exitStatus() != QProcess::NormalExit ||
        process.exitCode() != 0) {
        out() << program << " failed: " << QString::fromUtf8(process.readAllStandardError()).left(2000) << Qt::endl;
        return -1;
    }
    return double(timer.nsecsElapsed()) / 1e6;
}

double median(QList<double> values)
{
    std::sort(values.begin(), values.end());
    return values.isEmpty() ? 0 : values.at(values.size() / 2);
}

// kCustodians RSA key pairs from the openssl CLI: dir/custodian_i.key (PKCS#8, plain) next to
// dir/custodian_i.cer (PEM, self-signed), as az expects them. False when openssl failed.
bool makeCustodians(const QString& dir, int bits)
{
    const QString openssl = QStandardPaths::findExecutable(QStringLiteral("openssl"));
    if (openssl.isEmpty()) {
        out() << "openssl is not installed" << Qt::endl;
        return false;
    }
    for (int i = 0; i < kCustodians; ++i) {
        const QString base = dir + QStringLiteral("/custodian_%1").arg(i);
        QProcess process;
        process.start(openssl, {QStringLiteral("req"), QStringLiteral("-x509"), QStringLiteral("-newkey"),
                                QStringLiteral("rsa:%1").arg(bits), QStringLiteral("-nodes"), QStringLiteral("-keyout"),
                                base + QStringLiteral(".key"), QStringLiteral("-out"), base + QStringLiteral(".cer"),
                                QStringLiteral("-subj"), QStringLiteral("/CN=Bench Custodian %1").arg(i),
                                QStringLiteral("-days"), QStringLiteral("30")});
        if (!process.waitForFinished(10 * 60 * 1000) || process.exitCode() != 0) {
            out() << "openssl req failed: " << QString::fromUtf8(process.readAllStandardError()) << Qt::endl;
            return false;
        }
    }
    return true;
}

QList<QByteArray> certificates(const QString& dir)
{
    QList<QByteArray> ders;
    for (int i = 0; i < kCustodians; ++i) {
        auto c = sd::readCustodianCertificate(readFile(dir + QStringLiteral("/custodian_%1.cer").arg(i)));
        if (!c)
            return {};
        ders << c->der;
    }
    return ders;
}

std::vector<sd::Payload> payloads()
{
    std::vector<sd::Payload> items;
    crypto::SecureBuffer key(64), identity(160);
    RAND_bytes(key.data(), int(key.size()));
    RAND_bytes(identity.data(), int(identity.size()));
    items.push_back({QStringLiteral("custos_domain_key"), std::move(key)});
    items.push_back({QStringLiteral("custos_workspace"), std::move(identity)});
    return items;
}

int restoreBlobAgainstAz()
{
    const QString az = QStandardPaths::findExecutable(QStringLiteral("az"));
    if (az.isEmpty()) {
        bench::recordFailure(QStringLiteral("security domain restore-blob vs az"),
                             QStringLiteral("skipped: az is not installed (Debian: apt-get install azure-cli)"));
        return 0;
    }
    QTemporaryDir dir;
    if (!makeCustodians(dir.path(), 2048))
        return 1;
    const QList<QByteArray> certs = certificates(dir.path());
    auto file = sd::createSecurityDomain(certs, kCustodians, payloads());
    if (certs.size() != kCustodians || !file) {
        out() << "cannot make the security-domain file" << Qt::endl;
        return 1;
    }
    const QString sdFile = dir.path() + QStringLiteral("/sd.json");
    QFile sdOut(sdFile);
    if (!sdOut.open(QIODevice::WriteOnly) || sdOut.write(file->toJson()) < 0)
        return 1;
    sdOut.close();
    const QString exchange = QStringLiteral(CUSTOS_TEST_DATA_DIR "/security-domain/exchange.cer");

    QStringList custosArgs{QStringLiteral("sd"),
                           QStringLiteral("restore-blob"),
                           QStringLiteral("--sd-file"),
                           sdFile,
                           QStringLiteral("--exchange-key"),
                           exchange,
                           QStringLiteral("--out"),
                           dir.path() + QStringLiteral("/custos-blob.json")};
    QStringList azArgs{QStringLiteral("keyvault"),
                       QStringLiteral("security-domain"),
                       QStringLiteral("restore-blob"),
                       QStringLiteral("--sd-file"),
                       sdFile,
                       QStringLiteral("--sd-exchange-key"),
                       exchange,
                       QStringLiteral("--sd-file-restore-blob"),
                       dir.path() + QStringLiteral("/az-blob.json"),
                       QStringLiteral("--sd-wrapping-keys")};
    for (int i = 0; i < kCustodians; ++i) {
        const QString key = dir.path() + QStringLiteral("/custodian_%1.key").arg(i);
        custosArgs << QStringLiteral("--custodian") << key;
        azArgs << key;
    }
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.insert(QStringLiteral("AZURE_CONFIG_DIR"), dir.path() + QStringLiteral("/azure-config"));
    env.insert(QStringLiteral("AZURE_CORE_COLLECT_TELEMETRY"), QStringLiteral("false"));
    const QString custosctl = QStringLiteral(CUSTOS_CUSTOSCTL_PATH);

    // Warm-up, not timed: az's first run with a fresh config dir fills its caches (SECURITY-DOMAIN.md §12).
    if (timeProcess(az, azArgs, env) < 0 || timeProcess(custosctl, custosArgs, env) < 0)
        return 1;
    // Alternating rounds, so that load changes on a shared machine hit both alike.
    QList<double> custosMs, azMs;
    for (int round = 0; round < 3; ++round) {
        const double c = timeProcess(custosctl, custosArgs, env);
        const double a = timeProcess(az, azArgs, env);
        if (c < 0 || a < 0)
            return 1;
        custosMs << c;
        azMs << a;
    }
    bench::recordTime(QStringLiteral("security domain restore-blob, N=10 M=10 RSA-2048, whole process: custosctl "
                                     "sd restore-blob (median of 3)"),
                      median(custosMs), QStringLiteral("az keyvault security-domain restore-blob"), median(azMs),
                      bench::Target::ratioAtLeast(20));
    return 0;
}

// The baseline: the private-key work a restore cannot avoid, 10 RSA-4096 OAEP-SHA-256 decryptions.
double rawOaepDecryptionsMs(const QString& dir)
{
    using PkeyPtr = std::unique_ptr<EVP_PKEY, crypto::ossl::Deleter<EVP_PKEY_free>>;
    using CtxPtr = std::unique_ptr<EVP_PKEY_CTX, crypto::ossl::Deleter<EVP_PKEY_CTX_free>>;
    QList<std::pair<std::shared_ptr<EVP_PKEY>, QByteArray>> inputs;
    for (int i = 0; i < kCustodians; ++i) {
        const QByteArray pem = readFile(dir + QStringLiteral("/custodian_%1.key").arg(i));
        std::unique_ptr<BIO, crypto::ossl::Deleter<BIO_free>> bio(BIO_new_mem_buf(pem.constData(), int(pem.size())));
        PkeyPtr key(PEM_read_bio_PrivateKey(bio.get(), nullptr, nullptr, nullptr));
        if (!key)
            return -1;
        CtxPtr ctx(EVP_PKEY_CTX_new_from_pkey(nullptr, key.get(), nullptr));
        unsigned char cek[64], encrypted[512];
        size_t size = sizeof encrypted;
        RAND_bytes(cek, sizeof cek);
        if (EVP_PKEY_encrypt_init(ctx.get()) <= 0 ||
            EVP_PKEY_CTX_set_rsa_padding(ctx.get(), RSA_PKCS1_OAEP_PADDING) <= 0 ||
            EVP_PKEY_CTX_set_rsa_oaep_md(ctx.get(), EVP_sha256()) <= 0 ||
            EVP_PKEY_encrypt(ctx.get(), encrypted, &size, cek, sizeof cek) <= 0)
            return -1;
        inputs.append({std::shared_ptr<EVP_PKEY>(key.release(), EVP_PKEY_free),
                       QByteArray(reinterpret_cast<const char*>(encrypted), qsizetype(size))});
    }
    const double start = threadCpuMs();
    for (const auto& [key, encrypted] : inputs) {
        CtxPtr ctx(EVP_PKEY_CTX_new_from_pkey(nullptr, key.get(), nullptr));
        unsigned char plain[512];
        size_t size = sizeof plain;
        if (EVP_PKEY_decrypt_init(ctx.get()) <= 0 ||
            EVP_PKEY_CTX_set_rsa_padding(ctx.get(), RSA_PKCS1_OAEP_PADDING) <= 0 ||
            EVP_PKEY_CTX_set_rsa_oaep_md(ctx.get(), EVP_sha256()) <= 0 ||
            EVP_PKEY_decrypt(ctx.get(), plain, &size, reinterpret_cast<const unsigned char*>(encrypted.constData()),
                             size_t(encrypted.size())) <= 0)
            return -1;
        OPENSSL_cleanse(plain, sizeof plain);
    }
    return threadCpuMs() - start;
}

void printCpu(const QString& what, double ms, double baselineMs)
{
    bench::recordTime(what, ms, QStringLiteral("10 raw OpenSSL RSA-4096 OAEP-SHA-256 decryptions"), baselineMs,
                      bench::Target::below(1000), QStringLiteral("ms CPU"));
}

int downloadAndRestoreCpu()
{
    QTemporaryDir dir;
    if (!makeCustodians(dir.path(), 4096))
        return 1;
    const QList<QByteArray> certs = certificates(dir.path());
    if (certs.size() != kCustodians)
        return 1;
    const double baseline = rawOaepDecryptionsMs(dir.path());
    if (baseline <= 0) {
        out() << "the raw OpenSSL decryptions failed" << Qt::endl;
        return 1;
    }
    out() << "baseline, 10 raw OpenSSL RSA-4096 OAEP-SHA-256 decryptions: " << QString::number(baseline, 'f', 1)
          << " ms CPU" << Qt::endl;

    std::vector<sd::Payload> items = payloads();
    double start = threadCpuMs();
    auto file = sd::createSecurityDomain(certs, kCustodians, items);
    const double createMs = threadCpuMs() - start;
    if (!file) {
        out() << "createSecurityDomain failed: " << file.error().message << Qt::endl;
        return 1;
    }
    printCpu(QStringLiteral("security domain download, N=10 RSA-4096 (createSecurityDomain)"), createMs, baseline);

    // One custodian at a time, as the ceremony does: open the key file, present, wipe.
    start = threadCpuMs();
    sd::ShareCollector collector(file.value());
    for (int i = 0; i < kCustodians; ++i) {
        auto key = sd::openCustodianKeyFile(dir.path() + QStringLiteral("/custodian_%1.key").arg(i), nullptr);
        if (!key) {
            out() << "custodian " << i << ": " << key.error().message << Qt::endl;
            return 1;
        }
        auto presented = collector.present(*key.value());
        key.value()->wipe();
        if (!presented) {
            out() << "custodian " << i << ": " << presented.error().message << Qt::endl;
            return 1;
        }
    }
    auto master = collector.masterSecret();
    const double restoreMs = threadCpuMs() - start;
    if (!master) {
        out() << "masterSecret failed: " << master.error().message << Qt::endl;
        return 1;
    }
    printCpu(QStringLiteral("security domain restore, M=10 RSA-4096 key files (ShareCollector + master secret)"),
             restoreMs, baseline);
    return 0;
}

} // namespace

CUSTOS_REGISTER_BENCH(sd_restore_blob_vs_az, restoreBlobAgainstAz)
CUSTOS_REGISTER_BENCH(sd_download_restore_cpu, downloadAndRestoreCpu)
