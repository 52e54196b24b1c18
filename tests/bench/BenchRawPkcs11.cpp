#include "BenchRawPkcs11.h"

#include <openssl/rand.h>

#include <vector>

namespace custos::bench {

namespace {

constexpr int kIvBytes = 12;
constexpr int kTagBytes = 16;

CK_BYTE_PTR bytes(QByteArray& data)
{
    return reinterpret_cast<CK_BYTE_PTR>(data.data());
}

} // namespace

bool rawVerify(crypto::Token& token, CK_OBJECT_HANDLE publicKey, CK_MECHANISM_TYPE type, const QByteArray& input,
               const QByteArray& signature)
{
    auto session = token.session();
    if (!session)
        return false;
    CK_FUNCTION_LIST* f = token.module().functions();
    CK_MECHANISM mechanism{type, nullptr, 0};
    if (f->C_VerifyInit(session.value(), &mechanism, publicKey) != CKR_OK)
        return false;
    QByteArray data = input;
    QByteArray sig = signature;
    return f->C_Verify(session.value(), bytes(data), CK_ULONG(data.size()), bytes(sig), CK_ULONG(sig.size())) == CKR_OK;
}

bool rawRsaEncrypt(crypto::Token& token, CK_OBJECT_HANDLE publicKey, bool oaep, const QByteArray& input,
                   QByteArray* ciphertext)
{
    auto session = token.session();
    if (!session)
        return false;
    CK_FUNCTION_LIST* f = token.module().functions();
    CK_RSA_PKCS_OAEP_PARAMS params{CKM_SHA_1, CKG_MGF1_SHA1, CKZ_DATA_SPECIFIED, nullptr, 0};
    CK_MECHANISM mechanism =
        oaep ? CK_MECHANISM{CKM_RSA_PKCS_OAEP, &params, sizeof params} : CK_MECHANISM{CKM_RSA_X_509, nullptr, 0};
    if (f->C_EncryptInit(session.value(), &mechanism, publicKey) != CKR_OK)
        return false;
    QByteArray data = input;
    QByteArray out(1024, Qt::Uninitialized);
    CK_ULONG size = CK_ULONG(out.size());
    if (f->C_Encrypt(session.value(), bytes(data), CK_ULONG(data.size()), bytes(out), &size) != CKR_OK)
        return false;
    if (ciphertext)
        *ciphertext = out.left(qsizetype(size));
    return true;
}

bool rawRsaDecrypt(crypto::Token& token, CK_OBJECT_HANDLE privateKey, bool oaep, const QByteArray& ciphertext)
{
    auto session = token.session();
    if (!session)
        return false;
    CK_FUNCTION_LIST* f = token.module().functions();
    CK_RSA_PKCS_OAEP_PARAMS params{CKM_SHA_1, CKG_MGF1_SHA1, CKZ_DATA_SPECIFIED, nullptr, 0};
    CK_MECHANISM mechanism =
        oaep ? CK_MECHANISM{CKM_RSA_PKCS_OAEP, &params, sizeof params} : CK_MECHANISM{CKM_RSA_X_509, nullptr, 0};
    if (f->C_DecryptInit(session.value(), &mechanism, privateKey) != CKR_OK)
        return false;
    QByteArray data = ciphertext;
    unsigned char plain[1024];
    CK_ULONG size = sizeof plain;
    return f->C_Decrypt(session.value(), bytes(data), CK_ULONG(data.size()), plain, &size) == CKR_OK;
}

bool rawAesGcmEncrypt(crypto::Token& token, CK_OBJECT_HANDLE key, const QByteArray& plaintext, QByteArray* sealed)
{
    auto session = token.session();
    if (!session)
        return false;
    CK_FUNCTION_LIST* f = token.module().functions();
    QByteArray iv(kIvBytes, Qt::Uninitialized);
    if (RAND_bytes(bytes(iv), kIvBytes) != 1)
        return false;
    CK_GCM_PARAMS params{bytes(iv), kIvBytes, kIvBytes * 8, nullptr, 0, kTagBytes * 8};
    CK_MECHANISM mechanism{CKM_AES_GCM, &params, sizeof params};
    if (f->C_EncryptInit(session.value(), &mechanism, key) != CKR_OK)
        return false;
    QByteArray data = plaintext;
    QByteArray out(plaintext.size() + kTagBytes, Qt::Uninitialized);
    CK_ULONG size = CK_ULONG(out.size());
    if (f->C_Encrypt(session.value(), bytes(data), CK_ULONG(data.size()), bytes(out), &size) != CKR_OK)
        return false;
    if (sealed)
        *sealed = iv + out.left(qsizetype(size));
    return true;
}

bool rawAesGcmDecrypt(crypto::Token& token, CK_OBJECT_HANDLE key, const QByteArray& sealed)
{
    auto session = token.session();
    if (!session || sealed.size() < kIvBytes + kTagBytes)
        return false;
    CK_FUNCTION_LIST* f = token.module().functions();
    QByteArray iv = sealed.left(kIvBytes);
    QByteArray data = sealed.mid(kIvBytes);
    CK_GCM_PARAMS params{bytes(iv), kIvBytes, kIvBytes * 8, nullptr, 0, kTagBytes * 8};
    CK_MECHANISM mechanism{CKM_AES_GCM, &params, sizeof params};
    if (f->C_DecryptInit(session.value(), &mechanism, key) != CKR_OK)
        return false;
    QByteArray out(data.size(), Qt::Uninitialized);
    CK_ULONG size = CK_ULONG(out.size());
    return f->C_Decrypt(session.value(), bytes(data), CK_ULONG(data.size()), bytes(out), &size) == CKR_OK;
}

bool rawGenerateKeyPair(crypto::Token& token, bool rsa, int bits, const QByteArray& id)
{
    auto session = token.session();
    if (!session)
        return false;
    CK_FUNCTION_LIST* f = token.module().functions();
    CK_BBOOL yes = CK_TRUE;
    CK_OBJECT_CLASS publicClass = CKO_PUBLIC_KEY, privateClass = CKO_PRIVATE_KEY;
    CK_KEY_TYPE type = rsa ? CKK_RSA : CKK_EC;
    CK_ULONG modulusBits = CK_ULONG(bits);
    QByteArray exponent = QByteArray::fromHex("010001");
    QByteArray p256 = QByteArray::fromHex("06082a8648ce3d030107");
    QByteArray keyId = id;
    QByteArray label("bench");
    auto attribute = [](CK_ATTRIBUTE_TYPE t, void* value, std::size_t size) {
        return CK_ATTRIBUTE{t, value, CK_ULONG(size)};
    };
    std::vector<CK_ATTRIBUTE> publicTemplate{attribute(CKA_CLASS, &publicClass, sizeof publicClass),
                                             attribute(CKA_KEY_TYPE, &type, sizeof type),
                                             attribute(CKA_TOKEN, &yes, 1),
                                             attribute(CKA_PRIVATE, &yes, 1),
                                             attribute(CKA_ID, bytes(keyId), std::size_t(keyId.size())),
                                             attribute(CKA_LABEL, bytes(label), std::size_t(label.size())),
                                             attribute(CKA_VERIFY, &yes, 1)};
    std::vector<CK_ATTRIBUTE> privateTemplate{attribute(CKA_CLASS, &privateClass, sizeof privateClass),
                                              attribute(CKA_KEY_TYPE, &type, sizeof type),
                                              attribute(CKA_TOKEN, &yes, 1),
                                              attribute(CKA_PRIVATE, &yes, 1),
                                              attribute(CKA_ID, bytes(keyId), std::size_t(keyId.size())),
                                              attribute(CKA_LABEL, bytes(label), std::size_t(label.size())),
                                              attribute(CKA_SENSITIVE, &yes, 1),
                                              attribute(CKA_EXTRACTABLE, &yes, 1),
                                              attribute(CKA_WRAP_WITH_TRUSTED, &yes, 1),
                                              attribute(CKA_SIGN, &yes, 1)};
    if (rsa) {
        publicTemplate.push_back(attribute(CKA_MODULUS_BITS, &modulusBits, sizeof modulusBits));
        publicTemplate.push_back(attribute(CKA_PUBLIC_EXPONENT, bytes(exponent), std::size_t(exponent.size())));
        publicTemplate.push_back(attribute(CKA_ENCRYPT, &yes, 1));
        publicTemplate.push_back(attribute(CKA_WRAP, &yes, 1));
        privateTemplate.push_back(attribute(CKA_DECRYPT, &yes, 1));
        privateTemplate.push_back(attribute(CKA_UNWRAP, &yes, 1));
    } else {
        publicTemplate.push_back(attribute(CKA_EC_PARAMS, bytes(p256), std::size_t(p256.size())));
        privateTemplate.push_back(attribute(CKA_DERIVE, &yes, 1));
    }
    CK_MECHANISM mechanism{rsa ? CKM_RSA_PKCS_KEY_PAIR_GEN : CKM_EC_KEY_PAIR_GEN, nullptr, 0};
    CK_OBJECT_HANDLE publicHandle = CK_INVALID_HANDLE, privateHandle = CK_INVALID_HANDLE;
    return f->C_GenerateKeyPair(session.value(), &mechanism, publicTemplate.data(), CK_ULONG(publicTemplate.size()),
                                privateTemplate.data(), CK_ULONG(privateTemplate.size()), &publicHandle,
                                &privateHandle) == CKR_OK;
}

} // namespace custos::bench
