#pragma once

#include "crypto/Outcome.h"
#include "crypto/SecureBuffer.h"

#include <QString>

#include <optional>

namespace custos::app {

// Secrets for the CLI, read straight into a SecureBuffer: never through QString or QByteArray.
// Sources, in CLI.md's order: a file (its first line, without the newline), an environment
// variable, then a prompt on /dev/tty with echo off. "No source" is an Invalid error: the
// caller reports it as a usage error (exit 2).
class PassphraseSource
{
public:
    static constexpr std::size_t kMaxLength = 4096;

    // The first line of `path`; `what` names the secret in messages ("passphrase", "PIN").
    static Outcome<crypto::SecureBuffer> readFile(const QString& path, const QString& what);
    // The variable's value when it is set and not empty.
    static std::optional<crypto::SecureBuffer> fromEnvironment(const char* name);
    static bool hasTerminal();
    // One prompt on the terminal, echo off.
    static Outcome<crypto::SecureBuffer> prompt(const QString& text);
    // A new secret: asked twice on the terminal, both must match.
    static Outcome<crypto::SecureBuffer> promptNew(const QString& text);

    // The caller's (or init's first operator's) passphrase: `file`, else CUSTOS_PASSPHRASE, else
    // the terminal (twice when `isNew`).
    static Outcome<crypto::SecureBuffer> callerPassphrase(const QString& file, const QString& operatorName, bool isNew);
    // A secret with its own file option (--new-passphrase-file, --pin-file): the file, else the
    // terminal (twice when `isNew`); `optionName` goes into the "no terminal" message.
    static Outcome<crypto::SecureBuffer> secret(const QString& file, const QString& optionName, const QString& prompt,
                                                bool isNew);
    // The login's card PIN (operators with an enrolled card): the global --card-pin-file F, else
    // CUSTOS_CARD_PIN, else empty (no prompt: most operators have no card; login says when one is needed).
    static Outcome<crypto::SecureBuffer> cardPin(const QString& file);
};

} // namespace custos::app
