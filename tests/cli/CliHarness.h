#pragma once

#include <QJsonObject>
#include <QProcessEnvironment>
#include <QStringList>
#include <QTemporaryDir>

namespace custos::test {

// What one custosctl run left behind.
struct CliResult
{
    int exitCode = -1;
    bool crashed = false;
    QString out;
    QString err;
    QJsonObject json() const; // stdout parsed as one JSON object (empty when it is not)
};

// Runs the real custosctl (CUSTOS_CUSTOSCTL_PATH) against a workspace in a temporary directory.
// The child runs in its own session, without a controlling terminal, so a missing passphrase can
// never block a test on a prompt; the CUSTOS_* variables of the caller are removed.
class CliHarness
{
public:
    CliHarness();

    QString root() const { return m_dir.path(); }
    QString workspace() const { return m_workspace; }
    // A file holding `text` plus a newline, for --passphrase-file and friends.
    QString secretFile(const QString& name, const QString& text);
    QString passphraseFile(const QString& operatorName) { return secretFile(operatorName, operatorName + "-pass"); }

    // custosctl ARGS, with no global options added.
    CliResult runRaw(const QStringList& args, const QProcessEnvironment& extraEnv = {}) const;
    // custosctl --workspace W [--operator OP --passphrase-file F] ARGS.
    CliResult run(const QString& operatorName, const QStringList& args);
    // The same with another passphrase file (wrong passphrases, changed ones).
    CliResult runAs(const QString& operatorName, const QString& passphraseFile, const QStringList& args) const;
    // init a fast test workspace with `operatorName` as the first operator and activate it (sd
    // download to tests/data/custodians 0..2, quorum 2); QVERIFY-able.
    bool init(const QString& operatorName = QStringLiteral("admin"), const QStringList& extra = {},
              bool activateToo = true);
    bool activate(const QString& operatorName = QStringLiteral("admin"));
    // Adds an operator through `admin`; passphrase file as passphraseFile(name).
    bool addOperator(const QString& name, const QString& admin = QStringLiteral("admin"));

    QString databasePath() const { return m_workspace + QStringLiteral("/custos.db"); }

private:
    QTemporaryDir m_dir;
    QString m_workspace;
};

// A digest of every file under `dir` (names and contents), to prove a refused command changed nothing.
QByteArray treeDigest(const QString& dir);

} // namespace custos::test
