#pragma once

// The import wizard's third source: objects on a PKCS#11 token other than the workspace's (a
// module path and a token label, logged in with the token's user PIN). Certificates and public
// keys are read as they are; private and secret keys only when the token lets them out in clear
// (CKA_EXTRACTABLE true, CKA_SENSITIVE false). Sensitive keys are listed, marked not importable:
// move those with BYOK. The source never changes the token.

#include "KeyFile.h"
#include "crypto/pkcs11/Token.h"

#include <memory>

namespace custos::crypto::import {

struct TokenObjectEntry
{
    QByteArray id;       // CKA_ID (may be empty)
    QString label;       // CKA_LABEL
    QString objectClass; // "certificate", "public key", "private key", "secret key"
    QString description; // "RSA 2048", "EC P-256", "AES 256", "X.509: CN=server"
    bool importable = false;
    QString whyNot; // when not importable: "sensitive: the token does not let it out in clear (use BYOK)"
};

class TokenObjectSource
{
public:
    // Loads the module, opens the token with this label and logs in as the user. Invalid/NotFound
    // with the module path or the label, Denied "wrong PIN for token 'L'". The PIN is not kept.
    static Outcome<std::unique_ptr<TokenObjectSource>> open(const QString& modulePath, const QString& tokenLabel,
                                                            const SecureBuffer& pin);
    ~TokenObjectSource(); // logs out

    Outcome<QList<TokenObjectEntry>> list(); // certificates and keys, by label
    // One object as if it were a file: a private key with its public key and a certificate with the
    // same CKA_ID when there is one; format "PKCS#11 object 'label'".
    Outcome<KeyFileContents> read(const TokenObjectEntry& entry);

private:
    TokenObjectSource() = default;
    std::unique_ptr<Token> m_token;
};

} // namespace custos::crypto::import
