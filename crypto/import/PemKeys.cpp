// PEM key files: every block read by its type. Private key bodies are decoded into secure memory.
#include "KeyFile_p.h"

#include "crypto/x509/CertificateFiles.h"

#include <openssl/bio.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/pem.h>

#include <QStringList>

#include <cstring>
#include <memory>

namespace custos::crypto::import::detail {

namespace {

using BioPtr = std::unique_ptr<BIO, ossl::Deleter<BIO_free>>;

bool isBase64Char(char c)
{
    return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '+' || c == '/';
}

// Strict standard base64 (padding required) into secure memory; false for anything else.
bool decodeBase64(const QByteArray& text, SecureBuffer& out)
{
    const qsizetype size = text.size();
    if (size == 0 || size % 4 != 0)
        return false;
    qsizetype padding = 0;
    for (qsizetype i = 0; i < size; ++i) {
        const char c = text[i];
        if (c == '=') {
            if (i < size - 2)
                return false;
            ++padding;
        } else if (padding > 0 || !isBase64Char(c)) {
            return false;
        }
    }
    SecureBuffer decoded(static_cast<std::size_t>(size / 4 * 3));
    const int length = EVP_DecodeBlock(decoded.data(), reinterpret_cast<const unsigned char*>(text.constData()),
                                       static_cast<int>(size));
    if (length < 0 || length < padding)
        return false;
    decoded.resize(static_cast<std::size_t>(length - padding));
    out = std::move(decoded);
    return true;
}

struct PasswordSource
{
    const SecureBuffer* password = nullptr;
    bool asked = false;
};

int passwordCallback(char* buffer, int size, int /*rwflag*/, void* user)
{
    auto* source = static_cast<PasswordSource*>(user);
    source->asked = true;
    if (!source->password || source->password->isEmpty() || static_cast<int>(source->password->size()) > size)
        return -1;
    std::memcpy(buffer, source->password->data(), source->password->size());
    return static_cast<int>(source->password->size());
}

// OpenSSL's traditional encryption: DEK-Info names the cipher, the key is MD5(password || salt).
Outcome<void> readTraditional(const PemBlock& block, const SecureBuffer* password, const QString& where, Found& found)
{
    const QString cipher = QString::fromLatin1(block.dekInfo.left(32)).toUpper();
    found.contents.encryption = QStringLiteral("traditional PEM, %1").arg(cipher);
    found.contents.warnings << QStringLiteral("traditional PEM encryption (%1) derives its key with one round of "
                                              "MD5: weak, re-export as PKCS#8 with AES-256 and PBKDF2")
                                   .arg(cipher);
    if (!password || password->isEmpty())
        return passwordNeeded(QStringLiteral("a traditionally encrypted PEM key"));
    ERR_clear_error();
    BioPtr in(BIO_new_mem_buf(block.text.constData(), static_cast<int>(block.text.size())));
    PasswordSource source{password, false};
    ossl::PkeyPtr key(in ? PEM_read_bio_PrivateKey(in.get(), nullptr, passwordCallback, &source) : nullptr);
    ERR_clear_error(); // the queue may describe the key's bytes: not for messages
    if (!key)
        return wrongPassword(QStringLiteral("the traditionally encrypted PEM key (%1)").arg(where));
    auto imported = importedKeyFrom(key.get(), true, where);
    if (!imported)
        return imported.error();
    found.contents.keys.append(imported.take());
    return {};
}

Outcome<void> readBlock(const PemBlock& block, int index, const SecureBuffer* password, Found& found)
{
    const QString where = QStringLiteral("PEM block %1 (line %2)").arg(index).arg(block.line);
    const QByteArray& type = block.type;
    if (type == "EC PARAMETERS")
        return {}; // `openssl ecparam -genkey` writes the curve before the key
    if ((type == "RSA PRIVATE KEY" || type == "EC PRIVATE KEY") && block.procTypeEncrypted)
        return readTraditional(block, password, where, found);

    DerKind kind = DerKind::None;
    if (type == "PRIVATE KEY")
        kind = DerKind::PrivateKeyInfo;
    else if (type == "ENCRYPTED PRIVATE KEY")
        kind = DerKind::EncryptedPrivateKeyInfo;
    else if (type == "RSA PRIVATE KEY")
        kind = DerKind::RsaPrivateKey;
    else if (type == "EC PRIVATE KEY")
        kind = DerKind::EcPrivateKey;
    else if (type == "PUBLIC KEY")
        kind = DerKind::PublicKeyInfo;
    else if (type == "RSA PUBLIC KEY")
        kind = DerKind::RsaPublicKey;
    else if (type == "CERTIFICATE" || type == "X509 CERTIFICATE")
        kind = DerKind::Certificate;
    else if (type == "PKCS7" || type == "CMS" || type == "PKCS #7 SIGNED DATA")
        kind = DerKind::Pkcs7;
    else if (type == "TRUSTED CERTIFICATE") {
        auto file = x509::readCertificateFile(block.text);
        if (!file)
            return invalid(QStringLiteral("%1: %2").arg(where, file.error().message));
        found.certificates += file->certificatesDer;
        return {};
    } else {
        return invalid(QStringLiteral("%1 is a %2: expected PRIVATE KEY, ENCRYPTED PRIVATE KEY, RSA PRIVATE KEY, EC "
                                      "PRIVATE KEY, PUBLIC KEY, RSA PUBLIC KEY, CERTIFICATE or PKCS7")
                           .arg(where, pemBlockDescription(block)));
    }

    SecureBuffer der;
    if (block.badLine > 0)
        return invalid(QStringLiteral("%1 (%2): line %3 is not valid base64: expected the characters A-Z, a-z, 0-9, "
                                      "+ and / with '=' padding only at the end")
                           .arg(where, pemBlockDescription(block))
                           .arg(block.badLine));
    if (!decodeBase64(block.base64, der))
        return invalid(QStringLiteral("%1 (%2) is not valid base64: expected the characters A-Z, a-z, 0-9, + and / "
                                      "with '=' padding only at the end")
                           .arg(where, pemBlockDescription(block)));
    // A view of the secure buffer, not a copy: the readers only read it.
    const QByteArray view = QByteArray::fromRawData(der.chars(), static_cast<qsizetype>(der.size()));
    return readDerAs(kind, view, password, where, found);
}

} // namespace

Outcome<Found> readPem(const QByteArray& bytes, const SecureBuffer* password)
{
    auto blocks = splitPem(bytes);
    if (!blocks)
        return blocks.error();
    if (blocks->isEmpty())
        return invalid(QStringLiteral("the file holds no PEM block: expected '-----BEGIN ...-----' and "
                                      "'-----END ...-----' lines"));
    Found found;
    QStringList kinds;
    for (qsizetype i = 0; i < blocks->size(); ++i) {
        const PemBlock& block = blocks->at(i);
        if (auto read = readBlock(block, static_cast<int>(i + 1), password, found); !read)
            return read.error();
        const QString kind = pemBlockDescription(block);
        if (block.type != "EC PARAMETERS" && !kinds.contains(kind))
            kinds << kind;
    }
    found.contents.format = kinds.join(QStringLiteral(" + ")) + QStringLiteral(" (PEM)");
    return found;
}

} // namespace custos::crypto::import::detail
