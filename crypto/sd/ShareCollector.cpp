#include "ShareCollector.h"

#include "CompactJwe.h"
#include "Shamir.h"

#include <openssl/x509.h>

namespace custos::crypto::sd {

namespace {

// "CN" of the certificate for messages; the thumbprint when it has none.
QString holderOf(const QByteArray& certificateDer, const QString& x5t)
{
    auto certificate = readCustodianCertificate(certificateDer);
    if (certificate)
        return certificate->holder;
    const auto* in = reinterpret_cast<const unsigned char*>(certificateDer.constData());
    X509* x = d2i_X509(nullptr, &in, long(certificateDer.size()));
    QString name;
    if (x) {
        char buffer[256] = {};
        X509_NAME_oneline(X509_get_subject_name(x), buffer, sizeof buffer - 1);
        name = QString::fromUtf8(buffer);
        X509_free(x);
    }
    return name.isEmpty() ? QStringLiteral("certificate %1").arg(x5t) : name;
}

} // namespace

ShareCollector::ShareCollector(SecurityDomainFile file) : m_file(std::move(file)) {}

Outcome<ShareCollector::Presented> ShareCollector::present(CustodianKey& key)
{
    if (complete())
        return makeError(ErrorKind::Conflict, QStringLiteral("the quorum is already complete"));
    Presented presented;
    const QByteArray certificateDer = key.certificateDer();
    presented.x5t256 = certificateThumbprint(certificateDer);
    presented.holder = holderOf(certificateDer, presented.x5t256);
    if (m_presented.contains(presented.x5t256))
        return makeError(ErrorKind::Conflict,
                         QStringLiteral("%1 has already presented their key").arg(presented.holder));
    QList<int> indexes;
    for (qsizetype j = 0; j < m_file.shares.size(); ++j)
        if (m_file.shares[j].x5t256 == presented.x5t256)
            indexes << int(j);
    if (indexes.isEmpty())
        return makeError(ErrorKind::Invalid, QStringLiteral("%1 (%2) is not a custodian of this security domain")
                                                 .arg(presented.holder, presented.x5t256));

    // Messages number shares from 1 (enc_shares[0] is share 1, x = 1 in files we write), as the CLI does.
    std::vector<SecureBuffer> opened;
    QList<int> openedX;
    for (const int j : indexes) {
        const auto fail = [&](const QString& reason) {
            presented.failedShares << QStringLiteral("share %1: %2").arg(j + 1).arg(reason);
        };
        auto jwe = CompactJwe::parse(m_file.shares[j].compactJwe);
        if (!jwe) {
            fail(jwe.error().message);
            continue;
        }
        auto share = decryptRsaJwe(key, jwe.value());
        if (!share) {
            fail(share.error().message);
            continue;
        }
        auto x = shamirShareX(share.value());
        if (!x) {
            fail(x.error().message);
            continue;
        }
        const std::size_t expectedSize = !m_shares.empty() ? m_shares.front().size()
                                         : !opened.empty() ? opened.front().size()
                                                           : share->size();
        if (share->size() != expectedSize) {
            fail(QStringLiteral("%1 bytes where the other shares have %2").arg(share->size()).arg(expectedSize));
            continue;
        }
        // A repeated x cannot add information and would break the interpolation: refuse the key.
        if (m_x.contains(x.value()) || openedX.contains(x.value()))
            return makeError(ErrorKind::Conflict,
                             QStringLiteral("share %1 has the same x as one already collected").arg(j + 1));
        opened.push_back(share.take());
        openedX << x.value();
        presented.shareIndexes << j;
    }
    if (opened.empty())
        return makeError(ErrorKind::Failed,
                         QStringLiteral("none of %1's shares decrypt: %2")
                             .arg(presented.holder, presented.failedShares.join(QStringLiteral("; "))));
    for (auto& share : opened)
        m_shares.push_back(std::move(share));
    m_x += openedX;
    m_presented << presented.x5t256;
    return presented;
}

Outcome<ShareCollector::Presented> ShareCollector::verifyShare(const SecurityDomainFile& file, CustodianKey& key)
{
    ShareCollector collector(file); // a copy, wiped on return: nothing is kept
    return collector.present(key);
}

Outcome<SecureBuffer> ShareCollector::masterSecret() const
{
    if (!complete())
        return makeError(ErrorKind::Conflict,
                         QStringLiteral("only %1 of %2 shares collected: %3 more custodians needed")
                             .arg(collected())
                             .arg(required())
                             .arg(required() - collected()));
    std::vector<const SecureBuffer*> quorum;
    for (int i = 0; i < required(); ++i)
        quorum.push_back(&m_shares[std::size_t(i)]);
    auto master = shamirCombine(quorum);
    if (!master)
        return master.error();
    auto items = openItems(m_file, master.value());
    if (!items)
        return items.error();
    return master;
}

void ShareCollector::wipe()
{
    m_shares.clear(); // SecureBuffer wipes on destruction
    m_presented.clear();
    m_x.clear();
}

} // namespace custos::crypto::sd
