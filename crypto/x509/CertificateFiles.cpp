#include "CertificateFiles.h"

#include "FileStart_p.h"
#include "Pkcs12Handles_p.h"

#include "crypto/ossl/OsslError.h"

#include <openssl/asn1.h>
#include <openssl/err.h>
#include <openssl/pem.h>

#include <climits>
#include <optional>

namespace custos::crypto::x509 {

using namespace files;

namespace {

const QString kExpected = QStringLiteral("expected PEM, DER or PKCS#7 certificates");

Error invalid(const QString& message)
{
    return makeError(ErrorKind::Invalid, message);
}

QString opensslDetail()
{
    const QString queue = ossl::drainErrorQueue();
    return queue.isEmpty() ? QStringLiteral("not valid DER") : queue;
}

// One DER certificate at the start of `der`: its exact bytes (not a re-encoding) and how many bytes it used.
struct ParsedCertificate
{
    QByteArray der;
    long used = 0;
};

std::optional<ParsedCertificate> parseCertificate(const unsigned char* data, long size)
{
    const unsigned char* p = data;
    X509Ptr cert(d2i_X509(nullptr, &p, size));
    if (!cert)
        return std::nullopt;
    const long used = static_cast<long>(p - data);
    return ParsedCertificate{QByteArray(reinterpret_cast<const char*>(data), used), used};
}

// The certificates of a PKCS#7 SignedData (a certs-only bundle, or a signed message's certificates).
Outcome<QList<QByteArray>> pkcs7Certificates(const unsigned char* data, long size, const QString& where)
{
    const unsigned char* p = data;
    Pkcs7Ptr p7(d2i_PKCS7(nullptr, &p, size));
    if (!p7)
        return invalid(QStringLiteral("%1 is not valid PKCS#7: %2").arg(where, opensslDetail()));
    if (p - data != size)
        return invalid(QStringLiteral("%1 is followed by %2 unexpected bytes").arg(where).arg(size - (p - data)));
    if (OBJ_obj2nid(p7->type) != NID_pkcs7_signed)
        return invalid(QStringLiteral("%1 is PKCS#7 %2: expected signedData holding certificates")
                           .arg(where, QString::fromLatin1(OBJ_nid2ln(OBJ_obj2nid(p7->type)))));
    STACK_OF(X509)* certs = p7->d.sign ? p7->d.sign->cert : nullptr;
    const int count = certs ? sk_X509_num(certs) : 0;
    if (count == 0)
        return invalid(QStringLiteral("%1 holds no certificates: expected a PKCS#7 certificate bundle").arg(where));
    QList<QByteArray> result;
    for (int i = 0; i < count; ++i) {
        X509* cert = sk_X509_value(certs, i);
        unsigned char* out = nullptr;
        const int length = i2d_X509(cert, &out);
        if (length <= 0)
            return ossl::opensslError("i2d_X509");
        result << QByteArray(reinterpret_cast<const char*>(out), length);
        OPENSSL_free(out);
    }
    return result;
}

// "TRUSTED CERTIFICATE": the certificate followed by OpenSSL's trust settings (X509_CERT_AUX).
Outcome<QByteArray> trustedCertificate(const unsigned char* data, long size, const QString& where)
{
    auto parsed = parseCertificate(data, size);
    if (!parsed)
        return invalid(QStringLiteral("%1 is not a valid certificate: %2").arg(where, opensslDetail()));
    if (parsed->used < size) {
        const unsigned char* p = data + parsed->used;
        X509AuxPtr aux(d2i_X509_CERT_AUX(nullptr, &p, size - parsed->used));
        if (!aux || p != data + size)
            return invalid(
                QStringLiteral("%1 has invalid trust settings after the certificate: %2").arg(where, opensslDetail()));
    }
    return parsed->der;
}

bool isPkcs7PemName(const QByteArray& name)
{
    return name == PEM_STRING_PKCS7 || name == "CMS" || name == PEM_STRING_PKCS7_SIGNED;
}

Outcome<CertificateFile> readPem(const QByteArray& bytes)
{
    BioPtr bio(BIO_new_mem_buf(bytes.constData(), static_cast<int>(bytes.size())));
    if (!bio)
        return ossl::opensslError("BIO_new_mem_buf");
    CertificateFile file;
    bool sawPkcs7 = false;
    for (int block = 1;; ++block) {
        char* rawName = nullptr;
        char* rawHeader = nullptr;
        unsigned char* rawData = nullptr;
        long length = 0;
        ERR_set_mark();
        const int read = PEM_read_bio(bio.get(), &rawName, &rawHeader, &rawData, &length);
        OpensslBytesPtr name(rawName), header(rawHeader), data(rawData);
        if (!read) {
            const unsigned long last = ERR_peek_last_error();
            if (ERR_GET_LIB(last) == ERR_LIB_PEM && ERR_GET_REASON(last) == PEM_R_NO_START_LINE) {
                ERR_pop_to_mark(); // no further block: the rest is text around the blocks
                break;
            }
            ERR_clear_last_mark();
            return invalid(QStringLiteral("PEM block %1 is not valid PEM: %2").arg(block).arg(opensslDetail()));
        }
        ERR_clear_last_mark();
        const QByteArray type(rawName);
        const QString where = QStringLiteral("PEM block %1 (%2)").arg(block).arg(QString::fromLatin1(type));
        if (type == PEM_STRING_X509 || type == PEM_STRING_X509_OLD) {
            auto parsed = parseCertificate(rawData, length);
            if (!parsed)
                return invalid(QStringLiteral("%1 is not a valid certificate: %2").arg(where, opensslDetail()));
            if (parsed->used != length)
                return invalid(QStringLiteral("%1 is followed by %2 unexpected bytes inside the block")
                                   .arg(where)
                                   .arg(length - parsed->used));
            file.certificatesDer << parsed->der;
        } else if (type == PEM_STRING_X509_TRUSTED) {
            auto der = trustedCertificate(rawData, length, where);
            if (!der)
                return der.error();
            file.certificatesDer << der.value();
        } else if (isPkcs7PemName(type)) {
            auto certs = pkcs7Certificates(rawData, length, where);
            if (!certs)
                return certs.error();
            file.certificatesDer << certs.value();
            sawPkcs7 = true;
        }
        // Other blocks (keys, CSRs, parameters) are not certificates: skipped like the text around them.
    }
    if (file.certificatesDer.isEmpty())
        return invalid(QStringLiteral("no certificate found: %1 (%2)").arg(kExpected, describeFileStart(bytes)));
    file.format = sawPkcs7 ? CertificateFileFormat::Pkcs7Pem : CertificateFileFormat::Pem;
    return file;
}

Outcome<CertificateFile> readDer(const QByteArray& bytes)
{
    const auto* data = reinterpret_cast<const unsigned char*>(bytes.constData());
    const long size = static_cast<long>(bytes.size());

    // The outer header first, so a cut-off file is named as truncated rather than as garbage.
    const unsigned char* p = data;
    long contentLength = 0;
    int tag = 0, cls = 0;
    const int header = ASN1_get_object(&p, &contentLength, &tag, &cls, size);
    const bool sequence = tag == V_ASN1_SEQUENCE && cls == V_ASN1_UNIVERSAL && (header & V_ASN1_CONSTRUCTED);
    if (header & 0x80) {
        const bool tooLong = ERR_GET_REASON(ERR_peek_last_error()) == ASN1_R_TOO_LONG;
        ERR_clear_error();
        if (sequence && tooLong) {
            const long needed = static_cast<long>(p - data) + contentLength;
            return invalid(QStringLiteral("truncated DER: the outer SEQUENCE needs %1 bytes, the file has %2")
                               .arg(needed)
                               .arg(size));
        }
        return invalid(QStringLiteral("no certificate found: %1 (%2)").arg(kExpected, describeFileStart(bytes)));
    }
    if (!sequence)
        return invalid(QStringLiteral("no certificate found: %1 (%2)").arg(kExpected, describeFileStart(bytes)));

    if (auto parsed = parseCertificate(data, size)) {
        if (parsed->used != size)
            return invalid(
                QStringLiteral("the DER certificate is followed by %1 unexpected bytes").arg(size - parsed->used));
        return CertificateFile{CertificateFileFormat::Der, {parsed->der}};
    }
    const QString certificateError = opensslDetail();

    // PKCS#7 is a SEQUENCE starting with an OID; a certificate starts with a SEQUENCE (its TBS part).
    const unsigned char* q = data;
    Pkcs7Ptr probe(d2i_PKCS7(nullptr, &q, size));
    ERR_clear_error();
    if (probe) {
        auto certs = pkcs7Certificates(data, size, QStringLiteral("the PKCS#7 file"));
        if (!certs)
            return certs.error();
        return CertificateFile{CertificateFileFormat::Pkcs7Der, certs.take()};
    }
    return invalid(QStringLiteral("no certificate found: %1 (the file is DER but neither an X.509 certificate nor "
                                  "PKCS#7: %2)")
                       .arg(kExpected, certificateError));
}

// DER when the file is exactly one DER SEQUENCE (a PEM file starts with text, never with a
// complete SEQUENCE spanning the file); PEM when it has a BEGIN line; DER errors otherwise.
bool looksLikeCompleteDer(const QByteArray& bytes)
{
    const auto* data = reinterpret_cast<const unsigned char*>(bytes.constData());
    const unsigned char* p = data;
    long length = 0;
    int tag = 0, cls = 0;
    const int header = ASN1_get_object(&p, &length, &tag, &cls, static_cast<long>(bytes.size()));
    ERR_clear_error();
    if (header & 0x80)
        return false;
    if (header == (V_ASN1_CONSTRUCTED | 0x01)) // BER indefinite length (some PKCS#7 writers)
        return tag == V_ASN1_SEQUENCE;
    return tag == V_ASN1_SEQUENCE && (p - data) + length == bytes.size();
}

} // namespace

QString certificateFileFormatName(CertificateFileFormat format)
{
    switch (format) {
    case CertificateFileFormat::Pem:
        return QStringLiteral("PEM");
    case CertificateFileFormat::Der:
        return QStringLiteral("DER");
    case CertificateFileFormat::Pkcs7Der:
        return QStringLiteral("PKCS#7 (DER)");
    case CertificateFileFormat::Pkcs7Pem:
        return QStringLiteral("PKCS#7 (PEM)");
    }
    return QStringLiteral("unknown");
}

Outcome<CertificateFile> readCertificateFile(const QByteArray& bytes)
{
    if (bytes.isEmpty())
        return invalid(QStringLiteral("the file is empty: %1").arg(kExpected));
    if (bytes.size() > INT_MAX / 2)
        return invalid(QStringLiteral("the file is too large for a certificate file (%1 bytes)").arg(bytes.size()));
    ERR_clear_error();
    if (!looksLikeCompleteDer(bytes) && bytes.contains("-----BEGIN "))
        return readPem(bytes);
    return readDer(bytes);
}

Outcome<QByteArray> writePkcs7Bundle(const QList<QByteArray>& certificatesDer)
{
    if (certificatesDer.isEmpty())
        return invalid(QStringLiteral("a PKCS#7 bundle needs at least one certificate"));
    ERR_clear_error();
    Pkcs7Ptr p7(PKCS7_new());
    if (!p7 || !PKCS7_set_type(p7.get(), NID_pkcs7_signed))
        return ossl::opensslError("PKCS7_set_type");
    // Certs-only (as `openssl crl2pkcs7 -nocrl` writes it): no signers, content type data without content.
    if (!PKCS7_content_new(p7.get(), NID_pkcs7_data))
        return ossl::opensslError("PKCS7_content_new");
    PKCS7* inner = p7->d.sign->contents;
    ASN1_OCTET_STRING_free(inner->d.data);
    inner->d.data = nullptr;
    for (qsizetype i = 0; i < certificatesDer.size(); ++i) {
        const QByteArray& der = certificatesDer[i];
        const auto* p = reinterpret_cast<const unsigned char*>(der.constData());
        X509Ptr cert(d2i_X509(nullptr, &p, static_cast<long>(der.size())));
        if (!cert || p != reinterpret_cast<const unsigned char*>(der.constData()) + der.size())
            return invalid(QStringLiteral("certificate %1 of the bundle is not valid DER X.509: %2")
                               .arg(i + 1)
                               .arg(opensslDetail()));
        if (!PKCS7_add_certificate(p7.get(), cert.get())) // takes its own reference
            return ossl::opensslError("PKCS7_add_certificate");
    }
    unsigned char* out = nullptr;
    const int length = i2d_PKCS7(p7.get(), &out);
    if (length <= 0)
        return ossl::opensslError("i2d_PKCS7");
    QByteArray result(reinterpret_cast<const char*>(out), length);
    OPENSSL_free(out);
    return result;
}

} // namespace custos::crypto::x509
