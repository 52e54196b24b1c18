#pragma once

// Custodians present their keys one at a time (restore, restore-blob, verify-share). After each,
// only the decrypted shares stay (in secure memory); the caller wipes the custodian's key.

#include "CustodianKey.h"
#include "SecurityDomainFile.h"

#include <QStringList>

#include <vector>

namespace custos::crypto::sd {

class ShareCollector
{
public:
    explicit ShareCollector(SecurityDomainFile file);
    ~ShareCollector() { wipe(); }
    ShareCollector(const ShareCollector&) = delete;
    ShareCollector& operator=(const ShareCollector&) = delete;

    const SecurityDomainFile& file() const { return m_file; }
    int required() const { return m_file.required; }
    int collected() const { return static_cast<int>(m_shares.size()); }
    bool complete() const { return collected() >= required(); }

    struct Presented
    {
        QString holder;                // the certificate's CN
        QString x5t256;
        QList<int> shareIndexes;       // the enc_shares entries this key opened (0-based)
        QStringList failedShares;      // "share 2: the JWE's MAC does not verify", ... (others still count)
    };
    // Decrypts every share whose x5t_256 is this key's certificate's, and keeps them. Refused
    // (nothing kept): Invalid "CN (x5t) is not a custodian of this security domain", Conflict "CN
    // has already presented their key", Conflict "share N has the same x as one already collected";
    // Failed when none of its shares decrypt (each reason named). Once complete, more keys are
    // refused with Conflict "the quorum is already complete".
    Outcome<Presented> present(CustodianKey& key);

    // Checks a key against its shares without keeping anything (the quarterly drill).
    static Outcome<Presented> verifyShare(const SecurityDomainFile& file, CustodianKey& key);

    // Combines the collected shares (Shamir) and checks the result by decrypting every EncData
    // item; Failed as shamirCombine and openItems say. Only when complete().
    Outcome<SecureBuffer> masterSecret() const;

    void wipe(); // forgets every share (wiped)

private:
    SecurityDomainFile m_file;
    std::vector<SecureBuffer> m_shares;
    QStringList m_presented; // x5t_256 of the keys already presented
    QList<int> m_x;
};

} // namespace custos::crypto::sd
