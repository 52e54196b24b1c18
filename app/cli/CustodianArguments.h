#pragma once

// The custodians of a security-domain command (CLI.md): `--custodian PATH|pkcs11:URI`, repeated,
// each optionally followed by its own `--custodian-password-file F` (a key file) or
// `--custodian-pin-file F` (a token). Custodians are opened one at a time, by the command, so that
// only one custodian's key material is ever held: open, use, wipe, next.

#include "CommandSpec.h"

#include "crypto/Outcome.h"
#include "crypto/sd/CustodianKey.h"

#include <QList>
#include <QString>

#include <memory>

namespace custos::app {

class CliArguments;

struct CustodianSource
{
    QString location;     // a key file's path or a pkcs11: URI
    QString passwordFile; // --custodian-password-file (key files only)
    QString pinFile;      // --custodian-pin-file (pkcs11: URIs only)
    bool isToken() const;
};

class CustodianArguments
{
public:
    // custodian, custodian-password-file, custodian-pin-file.
    static QList<OptionSpec> options();

    // The custodians in command-line order; the usage error (one line) when a secret-file option
    // does not follow a --custodian, belongs to the other kind of custodian, or is given twice.
    static Outcome<QList<CustodianSource>> parse(const CliArguments& args);

    // Opens one custodian. A key file without a password file that turns out to be encrypted: the
    // password is asked on the terminal when there is one, else a clear error. A pkcs11: URI: the
    // module is the URI's module-path attribute, else CUSTOS_DEFAULT_PKCS11_MODULE (SoftHSM2 reads
    // SOFTHSM2_CONF); the PIN from --custodian-pin-file, else the terminal. Secrets are wiped once
    // the key is open.
    static Outcome<std::unique_ptr<crypto::sd::CustodianKey>> open(const CustodianSource& source);

    // The module-path attribute of a pkcs11: URI (path or query part), percent-decoded; empty
    // when there is none.
    static QString modulePath(const QString& uri);

    // Whether a key file holds an encrypted private key (PEM "ENCRYPTED PRIVATE KEY", a traditional
    // PEM with "Proc-Type: 4,ENCRYPTED", or DER EncryptedPrivateKeyInfo).
    static bool isEncryptedKeyFile(const QByteArray& bytes);
};

} // namespace custos::app
