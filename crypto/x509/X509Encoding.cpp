#include "X509Encoding_p.h"

#include "crypto/ossl/OsslError.h"

#include <openssl/bn.h>
#include <openssl/core_names.h>
#include <openssl/ec.h>
#include <openssl/pem.h>

#include <arpa/inet.h>

#include <ctime>

namespace custos::crypto::x509::detail {

using ossl::BigNumPtr;

Asn1TimePtr asn1Time(const QDateTime& utc)
{
    if (!utc.isValid())
        return nullptr;
    return Asn1TimePtr(ASN1_TIME_set(nullptr, static_cast<time_t>(utc.toSecsSinceEpoch())));
}

QDateTime dateTime(const ASN1_TIME* time)
{
    std::tm tm{};
    if (!time || ASN1_TIME_to_tm(time, &tm) != 1)
        return {};
    return QDateTime(QDate(tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday), QTime(tm.tm_hour, tm.tm_min, tm.tm_sec),
                     Qt::UTC);
}

QString dateText(const QDateTime& utc)
{
    return utc.toUTC().toString(QStringLiteral("yyyy-MM-dd HH:mm:ss 'UTC'"));
}

Asn1IntegerPtr asn1Integer(const QByteArray& bigEndian)
{
    BigNumPtr bn(BN_bin2bn(derBytes(bigEndian), static_cast<int>(bigEndian.size()), nullptr));
    if (!bn)
        return nullptr;
    return Asn1IntegerPtr(BN_to_ASN1_INTEGER(bn.get(), nullptr));
}

QByteArray integerBytes(const ASN1_INTEGER* integer)
{
    BigNumPtr bn(integer ? ASN1_INTEGER_to_BN(integer, nullptr) : nullptr);
    if (!bn)
        return {};
    QByteArray bytes(qMax(1, BN_num_bytes(bn.get())), '\0');
    BN_bn2binpad(bn.get(), reinterpret_cast<unsigned char*>(bytes.data()), static_cast<int>(bytes.size()));
    return bytes;
}

QString integerHex(const ASN1_INTEGER* integer)
{
    BigNumPtr bn(integer ? ASN1_INTEGER_to_BN(integer, nullptr) : nullptr);
    if (!bn)
        return {};
    char* hex = BN_bn2hex(bn.get());
    QString text = QString::fromLatin1(hex);
    OPENSSL_free(hex);
    return text;
}

QByteArray pemEncode(const char* label, const QByteArray& der)
{
    const QByteArray base64 = der.toBase64();
    QByteArray pem = QByteArray("-----BEGIN ") + label + "-----\n";
    for (qsizetype i = 0; i < base64.size(); i += 64)
        pem += base64.mid(i, 64) + '\n';
    pem += QByteArray("-----END ") + label + "-----\n";
    return pem;
}

bool looksLikePem(const QByteArray& bytes)
{
    return bytes.contains("-----BEGIN ");
}

QByteArray ipAddressBytes(const QString& text)
{
    const QByteArray latin1 = text.toLatin1();
    unsigned char buffer[16] = {};
    if (inet_pton(AF_INET, latin1.constData(), buffer) == 1)
        return QByteArray(reinterpret_cast<const char*>(buffer), 4);
    if (inet_pton(AF_INET6, latin1.constData(), buffer) == 1)
        return QByteArray(reinterpret_cast<const char*>(buffer), 16);
    return {};
}

QString ipAddressText(const QByteArray& bytes)
{
    char text[INET6_ADDRSTRLEN] = {};
    const int family = bytes.size() == 4 ? AF_INET : bytes.size() == 16 ? AF_INET6 : AF_UNSPEC;
    if (family == AF_UNSPEC || !inet_ntop(family, bytes.constData(), text, sizeof text))
        return {};
    return QString::fromLatin1(text);
}

QString keyDescription(const EVP_PKEY* key)
{
    if (!key)
        return {};
    const int bits = EVP_PKEY_get_bits(key);
    if (EVP_PKEY_is_a(key, "RSA"))
        return QStringLiteral("RSA %1").arg(bits);
    if (EVP_PKEY_is_a(key, "RSA-PSS"))
        return QStringLiteral("RSA-PSS %1").arg(bits);
    if (EVP_PKEY_is_a(key, "EC")) {
        char group[80] = {};
        std::size_t length = 0;
        if (EVP_PKEY_get_utf8_string_param(key, OSSL_PKEY_PARAM_GROUP_NAME, group, sizeof group, &length) == 1) {
            const char* nist = EC_curve_nid2nist(OBJ_sn2nid(group));
            return QStringLiteral("EC %1").arg(QString::fromLatin1(nist ? nist : group));
        }
        return QStringLiteral("EC %1").arg(bits);
    }
    const char* name = EVP_PKEY_get0_type_name(key);
    return name ? QString::fromLatin1(name) : QStringLiteral("unknown key type");
}

PkeyPtr publicKeyFromDer(const QByteArray& subjectPublicKeyDer)
{
    return parseDer<PkeyPtr>(d2i_PUBKEY, subjectPublicKeyDer);
}

Error invalidInput(const QString& prefix)
{
    QString reason = ossl::drainErrorQueue();
    if (reason.isEmpty())
        reason = QStringLiteral("malformed or trailing data");
    return makeError(ErrorKind::Invalid, prefix + QStringLiteral(": ") + reason);
}

} // namespace custos::crypto::x509::detail
