#include "CliHarness.h"

#include <QCryptographicHash>
#include <QDir>
#include <QDirIterator>
#include <QFile>
#include <QJsonDocument>
#include <QProcess>

#include <unistd.h>

namespace custos::test {

QJsonObject CliResult::json() const
{
    return QJsonDocument::fromJson(out.toUtf8()).object();
}

CliHarness::CliHarness() : m_workspace(m_dir.path() + QStringLiteral("/ws")) {}

QString CliHarness::secretFile(const QString& name, const QString& text)
{
    const QString path = m_dir.path() + QStringLiteral("/") + name + QStringLiteral(".secret");
    QFile file(path);
    if (file.open(QIODevice::WriteOnly | QIODevice::Truncate))
        file.write(text.toUtf8() + "\n");
    return path;
}

CliResult CliHarness::runRaw(const QStringList& args, const QProcessEnvironment& extraEnv) const
{
    QProcess process;
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    for (const char* name : {"CUSTOS_PASSPHRASE", "CUSTOS_WORKSPACE", "CUSTOS_OPERATOR", "CUSTOS_CARD_PIN"})
        env.remove(QString::fromLatin1(name));
    for (const QString& key : extraEnv.keys())
        env.insert(key, extraEnv.value(key));
    process.setProcessEnvironment(env);
    process.setChildProcessModifier([] { ::setsid(); }); // no controlling terminal: never a prompt
    process.start(QStringLiteral(CUSTOS_CUSTOSCTL_PATH), args);
    CliResult result;
    if (!process.waitForFinished(60000)) {
        process.kill();
        process.waitForFinished();
        result.crashed = true;
    }
    result.crashed = result.crashed || process.exitStatus() != QProcess::NormalExit;
    result.exitCode = process.exitCode();
    result.out = QString::fromUtf8(process.readAllStandardOutput());
    result.err = QString::fromUtf8(process.readAllStandardError());
    return result;
}

CliResult CliHarness::run(const QString& operatorName, const QStringList& args)
{
    return runAs(operatorName, operatorName.isEmpty() ? QString() : passphraseFile(operatorName), args);
}

CliResult CliHarness::runAs(const QString& operatorName, const QString& passphraseFile, const QStringList& args) const
{
    QStringList all{QStringLiteral("--workspace"), m_workspace};
    if (!operatorName.isEmpty())
        all << QStringLiteral("--operator") << operatorName;
    if (!passphraseFile.isEmpty())
        all << QStringLiteral("--passphrase-file") << passphraseFile;
    return runRaw(all + args);
}

bool CliHarness::init(const QString& operatorName, const QStringList& extra, bool activateToo)
{
    const CliResult r = run(
        operatorName, QStringList{QStringLiteral("init"), QStringLiteral("--kdf-memory"), QStringLiteral("1")} + extra);
    if (r.exitCode != 0) {
        qWarning("init failed (%d): %s", r.exitCode, qPrintable(r.err));
        return false;
    }
    return !activateToo || activate(operatorName);
}

bool CliHarness::activate(const QString& operatorName)
{
    QStringList args{QStringLiteral("sd"), QStringLiteral("download")};
    for (int i = 0; i < 3; ++i)
        args << QStringLiteral("--cert") << QStringLiteral(CUSTOS_TEST_DATA_DIR "/custodians/custodian_%1.cer").arg(i);
    args << QStringLiteral("--quorum") << QStringLiteral("2") << QStringLiteral("--out")
         << m_dir.filePath(QStringLiteral("activation-sd.json"));
    const CliResult r = run(operatorName, args);
    if (r.exitCode != 0)
        qWarning("sd download failed (%d): %s", r.exitCode, qPrintable(r.err));
    return r.exitCode == 0;
}

bool CliHarness::addOperator(const QString& name, const QString& admin)
{
    const CliResult r = run(admin, {QStringLiteral("operator"), QStringLiteral("add"), name,
                                    QStringLiteral("--new-passphrase-file"), passphraseFile(name)});
    if (r.exitCode != 0)
        qWarning("operator add %s failed (%d): %s", qPrintable(name), r.exitCode, qPrintable(r.err));
    return r.exitCode == 0;
}

QByteArray treeDigest(const QString& dir)
{
    QCryptographicHash hash(QCryptographicHash::Sha256);
    QStringList files;
    QDirIterator it(dir, QDir::Files | QDir::Dirs | QDir::NoDotAndDotDot | QDir::Hidden | QDir::System,
                    QDirIterator::Subdirectories);
    while (it.hasNext())
        files << it.next();
    files.sort();
    for (const QString& path : files) {
        hash.addData(path.toUtf8());
        QFile file(path);
        if (file.open(QIODevice::ReadOnly))
            hash.addData(file.readAll());
    }
    return hash.result().toHex();
}

} // namespace custos::test
