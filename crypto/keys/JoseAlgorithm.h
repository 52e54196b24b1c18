#pragma once

// The JOSE algorithm names (RFC 7518) and Key Vault's key_ops names the engine speaks, which key
// type each algorithm needs, and which operations each key type can do.

#include "crypto/Outcome.h"
#include "crypto/pkcs11/Token.h"

#include <QList>
#include <QString>
#include <QStringView>

#include <optional>

namespace custos::crypto {

enum class JoseAlgorithm {
    Rs256,
    Rs384,
    Rs512,
    Ps256,
    Ps384,
    Ps512,
    Es256,
    Es384,
    Es512,
    RsaOaep,    // RSA-OAEP: SHA-1, MGF1-SHA-1
    RsaOaep256, // RSA-OAEP-256: SHA-256, MGF1-SHA-256
    Rsa1_5,     // RSAES-PKCS1-v1_5 (off by default, allowed by policy)
    A128Gcm,
    A256Gcm,
    A128Kw,
    A192Kw,
    A256Kw,
};

enum class KeyOperation { Sign, Verify, Encrypt, Decrypt, WrapKey, UnwrapKey, Import, Export };

enum class DigestKind { None, Sha1, Sha256, Sha384, Sha512 };

QList<JoseAlgorithm> allJoseAlgorithms();
QString joseAlgorithmName(JoseAlgorithm algorithm);                // "RS256", "RSA-OAEP-256", "A128KW"
std::optional<JoseAlgorithm> parseJoseAlgorithm(QStringView name); // exact, case-sensitive as in JOSE

QString keyOperationName(KeyOperation operation); // "sign", "wrapKey"
std::optional<KeyOperation> parseKeyOperation(QStringView name);
QString keyKindName(KeyKind kind); // "RSA", "EC", "oct" (JWK kty)

KeyKind requiredKeyKind(JoseAlgorithm algorithm);
bool isSignatureAlgorithm(JoseAlgorithm algorithm);
bool isKeyWrapAlgorithm(JoseAlgorithm algorithm); // A128KW/A192KW/A256KW
// The hash of a signature algorithm (and of OAEP); None for the rest.
DigestKind digestOf(JoseAlgorithm algorithm);
int digestLength(DigestKind digest);       // bytes; 0 for None
const char* digestName(DigestKind digest); // OpenSSL's name: "SHA256"; nullptr for None
// ES256 → "P-256", ES384 → "P-384", ES512 → "P-521"; empty for the rest.
QString requiredCurve(JoseAlgorithm algorithm);
// AES key size in bits for A*GCM/A*KW; 0 for the rest.
int requiredAesBits(JoseAlgorithm algorithm);

// The operations an algorithm is used for (RS256: sign, verify; RSA-OAEP-256: encrypt, decrypt,
// wrapKey, unwrapKey).
QList<KeyOperation> operationsOf(JoseAlgorithm algorithm);
bool algorithmDoes(JoseAlgorithm algorithm, KeyOperation operation);   // operationsOf().contains(), without allocating
bool isOnRequiredCurve(JoseAlgorithm algorithm, const QString& curve); // requiredCurve() == curve, likewise
// The key_ops a key type supports: RSA everything; EC sign, verify, import, export; AES (oct)
// encrypt, decrypt, wrapKey, unwrapKey, import, export.
QList<KeyOperation> supportedOperations(KeyKind kind);

// `name` for a key of `kind` doing `operation`: Invalid "unknown algorithm \"XYZ\": expected one
// of ..." or "algorithm ES256 needs an EC key, not RSA" or "algorithm RS256 cannot encrypt".
Outcome<JoseAlgorithm> algorithmForKey(QStringView name, KeyKind kind, KeyOperation operation);
Outcome<void> checkAlgorithmForKey(JoseAlgorithm algorithm, KeyKind kind, KeyOperation operation);

} // namespace custos::crypto
