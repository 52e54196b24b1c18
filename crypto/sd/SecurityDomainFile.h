#pragma once

// The Azure Managed HSM security-domain file, version 2 (SECURITY-DOMAIN.md §3): EncData items
// encrypted under KDF(master, tag), the master secret split M-of-N with Shamir, each share an
// RSA-OAEP-256 JWE to one custodian certificate.

#include "crypto/Outcome.h"
#include "crypto/SecureBuffer.h"

#include <QByteArray>
#include <QList>
#include <QString>
#include <QStringList>

#include <vector>

namespace custos::crypto::sd {

inline constexpr int kMinCustodians = 3;
inline constexpr int kMaxCustodians = 10;
inline constexpr int kMinQuorum = 2;
inline constexpr int kMaxQuorum = 10;
inline constexpr int kMasterSecretBytes = 32;

struct EncryptedShare
{
    QByteArray compactJwe; // "enc_key"
    QString x5t256;        // B64URL(SHA-256(certificate DER))
};

struct DataItem
{
    QByteArray compactJwe;
    QString tag;
};

// One plaintext EncData item: its tag and its bytes (secret).
struct Payload
{
    QString tag;
    SecureBuffer data;
};

struct SecurityDomainFile
{
    int version = 2;
    int required = 0; // M
    QString keyAlgorithm = QStringLiteral("shamir_share");
    QString kdf = QStringLiteral("sp108_kdf");
    QList<EncryptedShare> shares; // N = shares.size()
    QList<DataItem> items;
    QStringList warnings; // what parse tolerated: kdf other than sp108_kdf, version missing or not 2

    // Any whitespace or member order. Invalid with what was expected and where: "not JSON at
    // offset N", "SharedKeys.key_algorithm is \"xor_split\": expected \"shamir_share\"",
    // "SharedKeys.required must be an integer in 2..10", "EncData.data is empty",
    // "SharedKeys.enc_shares[2].x5t_256 is missing", ... The JWEs are parsed lazily (when used).
    static Outcome<SecurityDomainFile> parse(const QByteArray& json);

    // Compact JSON with "version": 2, as az and PowerShell read it; ends with '\n'.
    QByteArray toJson() const;

    int custodianCount() const { return static_cast<int>(shares.size()); }
};

// A fresh security domain: a random 32-byte master secret, shares for x = 1..N encrypted to the
// certificates in order, and each payload encrypted under KDF(master, tag) as a "dir" JWE with
// kid = tag. Invalid unless 3 <= N <= 10, 2 <= quorum <= N, every certificate holds an RSA key of
// at least 2048 bits, and tags are non-empty ASCII and distinct. The master secret is wiped.
Outcome<SecurityDomainFile> createSecurityDomain(const QList<QByteArray>& custodianCertificatesDer, int quorum,
                                                 const std::vector<Payload>& payloads);

// Decrypts every EncData item under the master secret (the MAC of each checks the master):
// Failed "EncData item \"TAG\" does not decrypt: the security-domain file was tampered with or the
// shares are not this file's" on a MAC failure.
Outcome<std::vector<Payload>> openItems(const SecurityDomainFile& file, const SecureBuffer& master);

// What `sd inspect` shows, without any key.
struct SecurityDomainSummary
{
    int version = 0;
    int required = 0;
    int custodians = 0;
    QStringList thumbprints; // x5t_256 in file order
    struct Item
    {
        QString tag;
        int ciphertextBytes = 0;
    };
    QList<Item> items;
    QStringList warnings;
};
SecurityDomainSummary summarise(const SecurityDomainFile& file);

} // namespace custos::crypto::sd
