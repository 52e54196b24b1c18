#pragma once

#include "CommandSpec.h"

namespace custos::app {

// `key sign|verify|encrypt|decrypt|wrap|unwrap` over KeyCryptoService. Inputs are files (--in);
// plaintext and key bytes are read straight into secure memory and decrypted or unwrapped bytes
// are written straight to --out (0600). A*GCM ciphertext travels as a JSON envelope
// {"iv","ciphertext","tag"} in base64url without padding; everything else is raw bytes.
class KeyUseCommands
{
public:
    static QList<CommandSpec> specs();

private:
    static int checkSignature(CommandContext& context);
    static int checkCipher(CommandContext& context);
    static QCoro::Task<int> sign(CommandContext& context);
    static QCoro::Task<int> verify(CommandContext& context);
    static QCoro::Task<int> encrypt(CommandContext& context);
    static QCoro::Task<int> decrypt(CommandContext& context);
    static QCoro::Task<int> wrap(CommandContext& context);
    static QCoro::Task<int> unwrap(CommandContext& context);
};

} // namespace custos::app
