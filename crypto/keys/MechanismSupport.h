#pragma once

// Which JOSE algorithms a token does with its own mechanisms (Native), which the engine composes
// from simpler ones without taking the private key out (Composed: software hash + CKM_ECDSA, raw
// CKM_RSA_X_509 + OAEP decoding in secure memory), and which it cannot do (Unavailable).
// Public-key operations (verify, RSA encrypt/wrapKey) run in OpenSSL and are not listed.

#include "JoseAlgorithm.h"

#include "crypto/Outcome.h"
#include "crypto/pkcs11/Token.h"

#include <QList>
#include <QString>

#include <map>

namespace custos::crypto {

enum class MechanismRoute { Native, Composed, Unavailable };

QString mechanismRouteName(MechanismRoute route); // "native", "composed", "unavailable"

struct AlgorithmSupport
{
    JoseAlgorithm algorithm = JoseAlgorithm::Rs256;
    KeyOperation operation = KeyOperation::Sign; // the token-side operation: sign, decrypt, encrypt, wrapKey...
    MechanismRoute route = MechanismRoute::Unavailable;
    QString mechanisms; // "CKM_ECDSA + software SHA-256"
};

class MechanismSupport
{
public:
    // C_GetMechanismList + C_GetMechanismInfo on the token's slot.
    static Outcome<MechanismSupport> query(Token& token);
    // For tests and other tokens: from a mechanism → flags map.
    static MechanismSupport fromMechanisms(std::map<CK_MECHANISM_TYPE, CK_FLAGS> mechanisms);

    bool has(CK_MECHANISM_TYPE mechanism, CK_FLAGS flags) const;
    // The route of one token-side operation (sign for signatures; decrypt/unwrapKey for RSA; all
    // four for AES).
    AlgorithmSupport support(JoseAlgorithm algorithm, KeyOperation operation) const;
    MechanismRoute route(JoseAlgorithm algorithm, KeyOperation operation) const
    {
        return support(algorithm, operation).route;
    }
    // Every (algorithm, token-side operation) pair, in allJoseAlgorithms() order.
    QList<AlgorithmSupport> all() const;

private:
    std::map<CK_MECHANISM_TYPE, CK_FLAGS> m_mechanisms;
};

} // namespace custos::crypto
