#include "SecurityDomainFile.h"

#include "CompactJwe.h"
#include "CustodianKey.h"
#include "SdJson_p.h"
#include "Shamir.h"
#include "Sp800108Kdf.h"

#include "crypto/Random.h"

#include <QJsonArray>
#include <QRegularExpression>
#include <QSet>

namespace custos::crypto::sd {

namespace {

Error invalid(const QString& message)
{
    return makeError(ErrorKind::Invalid, message);
}

// QJsonDocument turns 2.0 into an integer; az's Python sees a float and fails later. Look at the
// number as written.
bool requiredWrittenAsInteger(const QByteArray& json)
{
    static const QRegularExpression number(QStringLiteral("\"required\"\\s*:\\s*([-+0-9.eE]+)"));
    auto matches = number.globalMatch(QString::fromUtf8(json));
    while (matches.hasNext()) {
        const QString text = matches.next().captured(1);
        if (text.contains(QLatin1Char('.')) || text.contains(QLatin1Char('e'), Qt::CaseInsensitive))
            return false;
    }
    return true;
}

} // namespace

Outcome<SecurityDomainFile> SecurityDomainFile::parse(const QByteArray& json)
{
    auto root = detail::parseJsonObject(json, QStringLiteral("the security-domain file"));
    if (!root)
        return root.error();
    SecurityDomainFile file;
    if (!root->contains(QLatin1String("SharedKeys")) && root->contains(QLatin1String("SplitKeys")))
        return invalid(QStringLiteral("the security-domain file is version 1 (SplitKeys, xor_split), which Azure no "
                                      "longer writes: expected SharedKeys with shamir_share"));
    auto items = detail::parseEncData(root.value(), file.warnings);
    if (!items)
        return items.error();
    file.items = items.take();

    const QJsonValue sharedValue = root->value(QLatin1String("SharedKeys"));
    if (sharedValue.isUndefined())
        return invalid(QStringLiteral("SharedKeys is missing"));
    if (!sharedValue.isObject())
        return invalid(QStringLiteral("SharedKeys must be an object"));
    const QJsonObject shared = sharedValue.toObject();
    const QJsonValue algorithm = shared.value(QLatin1String("key_algorithm"));
    if (algorithm.isUndefined())
        return invalid(QStringLiteral("SharedKeys.key_algorithm is missing: expected \"shamir_share\""));
    if (algorithm.toString() != QLatin1String("shamir_share"))
        return invalid(QStringLiteral("SharedKeys.key_algorithm is %1: expected \"shamir_share\"")
                           .arg(algorithm.isString()
                                    ? QString::fromUtf8(detail::jsonString(algorithm.toString().left(40)))
                                    : QStringLiteral("not a string")));
    file.keyAlgorithm = algorithm.toString();
    const QJsonValue required = shared.value(QLatin1String("required"));
    const double m = required.toDouble(-1);
    if (!required.isDouble() || m != double(qint64(m)) || m < kMinQuorum || m > kMaxQuorum ||
        !requiredWrittenAsInteger(json))
        return invalid(
            QStringLiteral("SharedKeys.required must be an integer in %1..%2").arg(kMinQuorum).arg(kMaxQuorum));
    file.required = int(m);

    const QJsonValue sharesValue = shared.value(QLatin1String("enc_shares"));
    if (sharesValue.isUndefined())
        return invalid(QStringLiteral("SharedKeys.enc_shares is missing"));
    if (!sharesValue.isArray())
        return invalid(QStringLiteral("SharedKeys.enc_shares must be an array"));
    const QJsonArray shares = sharesValue.toArray();
    if (shares.size() < file.required)
        return invalid(QStringLiteral("SharedKeys.enc_shares has %1 entries: fewer than required (%2)")
                           .arg(shares.size())
                           .arg(file.required));
    if (shares.size() > kMaxShareX)
        return invalid(QStringLiteral("SharedKeys.enc_shares has %1 entries: at most %2 shares exist")
                           .arg(shares.size())
                           .arg(kMaxShareX));
    for (qsizetype j = 0; j < shares.size(); ++j) {
        auto share = detail::parseEncryptedShare(shares.at(j), QStringLiteral("SharedKeys.enc_shares[%1]").arg(j));
        if (!share)
            return share.error();
        file.shares.append(share.take());
    }

    const QJsonValue version = root->value(QLatin1String("version"));
    if (version.isUndefined()) {
        file.version = 0;
        file.warnings << QStringLiteral("version is missing: expected 2 (PowerShell refuses such a file)");
    } else if (!version.isDouble() || version.toDouble() != 2) {
        // toInt: 0 unless a whole number an int holds (casting 1e100 is undefined; found by fuzzing).
        file.version = version.toInt(0);
        file.warnings << QStringLiteral("version is not 2 (PowerShell refuses such a file)");
    }
    const QJsonValue kdf = root->value(QLatin1String("EncData")).toObject().value(QLatin1String("kdf"));
    file.kdf = kdf.isString() ? kdf.toString() : QString();
    return file;
}

QByteArray SecurityDomainFile::toJson() const
{
    // Members sorted as az's own sorted dumps are; compact, since readers ignore whitespace.
    QByteArray out = "{\"EncData\":{\"data\":[";
    for (qsizetype i = 0; i < items.size(); ++i) {
        if (i > 0)
            out += ',';
        out += "{\"compact_jwe\":" + detail::jsonString(QString::fromLatin1(items[i].compactJwe)) +
               ",\"tag\":" + detail::jsonString(items[i].tag) + '}';
    }
    out += "],\"kdf\":\"sp108_kdf\"},\"SharedKeys\":{\"enc_shares\":[";
    for (qsizetype j = 0; j < shares.size(); ++j) {
        if (j > 0)
            out += ',';
        out += "{\"enc_key\":" + detail::jsonString(QString::fromLatin1(shares[j].compactJwe)) +
               ",\"x5t_256\":" + detail::jsonString(shares[j].x5t256) + '}';
    }
    out += "],\"key_algorithm\":\"shamir_share\",\"required\":" + QByteArray::number(required) + "},\"version\":2}\n";
    return out;
}

Outcome<SecurityDomainFile> createSecurityDomain(const QList<QByteArray>& custodianCertificatesDer, int quorum,
                                                 const std::vector<Payload>& payloads)
{
    const int n = int(custodianCertificatesDer.size());
    if (n < kMinCustodians || n > kMaxCustodians)
        return invalid(QStringLiteral("%1 custodian certificates: expected %2 to %3")
                           .arg(n)
                           .arg(kMinCustodians)
                           .arg(kMaxCustodians));
    if (quorum < kMinQuorum || quorum > n)
        return invalid(
            QStringLiteral("quorum %1 of %2 custodians: expected %3 to %2").arg(quorum).arg(n).arg(kMinQuorum));
    for (int j = 0; j < n; ++j) {
        auto certificate = readCustodianCertificate(custodianCertificatesDer[j]);
        if (!certificate)
            return invalid(QStringLiteral("custodian certificate %1: %2").arg(j + 1).arg(certificate.error().message));
    }
    if (payloads.empty())
        return invalid(QStringLiteral("a security domain needs at least one payload"));
    QSet<QString> tags;
    for (const Payload& payload : payloads) {
        bool ascii = !payload.tag.isEmpty();
        for (const QChar c : payload.tag)
            ascii &= c.unicode() >= 0x20 && c.unicode() < 0x7f;
        if (!ascii)
            return invalid(QStringLiteral("payload tag %1 must be non-empty printable ASCII")
                               .arg(QString::fromUtf8(detail::jsonString(payload.tag.left(40)))));
        if (tags.contains(payload.tag))
            return invalid(QStringLiteral("payload tag \"%1\" appears twice: tags must be distinct").arg(payload.tag));
        tags.insert(payload.tag);
    }

    SecureBuffer master = randomSecret(kMasterSecretBytes);
    auto shares = shamirSplit(master, n, quorum);
    if (!shares)
        return shares.error();
    SecurityDomainFile file;
    file.required = quorum;
    for (int j = 0; j < n; ++j) {
        auto jwe = encryptRsaOaep256Jwe(custodianCertificatesDer[j], shares.value()[std::size_t(j)]);
        if (!jwe)
            return jwe.error();
        file.shares.append(EncryptedShare{jwe.take(), certificateThumbprint(custodianCertificatesDer[j])});
    }
    for (const Payload& payload : payloads) {
        auto key = itemKey(master, payload.tag);
        if (!key)
            return key.error();
        auto jwe = encryptDirJwe(key.value(), payload.tag, payload.data);
        if (!jwe)
            return jwe.error();
        file.items.append(DataItem{jwe.take(), payload.tag});
    }
    return file; // master and the share plaintexts are wiped by their destructors
}

Outcome<std::vector<Payload>> openItems(const SecurityDomainFile& file, const SecureBuffer& master)
{
    if (file.items.isEmpty())
        return invalid(QStringLiteral("EncData.data is empty: nothing to decrypt"));
    std::vector<Payload> payloads;
    for (qsizetype i = 0; i < file.items.size(); ++i) {
        const DataItem& item = file.items[i];
        auto jwe = CompactJwe::parse(item.compactJwe);
        if (!jwe)
            return invalid(QStringLiteral("EncData.data[%1].compact_jwe: %2").arg(i).arg(jwe.error().message));
        auto key = itemKey(master, item.tag);
        if (!key)
            return key.error();
        auto data = decryptDirJwe(key.value(), jwe.value());
        if (!data) {
            if (data.error().kind == ErrorKind::Failed)
                return makeError(ErrorKind::Failed,
                                 QStringLiteral("EncData item \"%1\" does not decrypt: the security-domain file was "
                                                "tampered with or the shares are not this file's")
                                     .arg(item.tag));
            return invalid(QStringLiteral("EncData item \"%1\": %2").arg(item.tag, data.error().message));
        }
        payloads.push_back(Payload{item.tag, data.take()});
    }
    return payloads;
}

SecurityDomainSummary summarise(const SecurityDomainFile& file)
{
    SecurityDomainSummary summary;
    summary.version = file.version;
    summary.required = file.required;
    summary.custodians = file.custodianCount();
    for (const EncryptedShare& share : file.shares)
        summary.thumbprints << share.x5t256;
    summary.warnings = file.warnings;
    for (qsizetype i = 0; i < file.items.size(); ++i) {
        SecurityDomainSummary::Item item{file.items[i].tag, 0};
        auto jwe = CompactJwe::parse(file.items[i].compactJwe);
        if (jwe)
            item.ciphertextBytes = int(jwe->ciphertext.size());
        else
            summary.warnings << QStringLiteral("EncData.data[%1].compact_jwe: %2").arg(i).arg(jwe.error().message);
        summary.items.append(item);
    }
    return summary;
}

} // namespace custos::crypto::sd
