// Known answers for the hashes, the MAC, the AES modes and the KDF, each from the standard that
// defines it (the source is named at each vector).
#include "SelfTestSupport_p.h"

#include "crypto/Aead.h"
#include "crypto/Digest.h"
#include "crypto/Hmac.h"
#include "crypto/Kdf.h"
#include "crypto/KeyWrap.h"
#include "crypto/ossl/OsslHandles.h"

#include <openssl/err.h>
#include <openssl/evp.h>

namespace custos::crypto::selftest::detail {

namespace {

SecureBuffer secureOf(const QByteArray& bytes)
{
    return SecureBuffer(bytes.constData(), static_cast<std::size_t>(bytes.size()));
}

QByteArray bytesOf(const SecureBuffer& buffer)
{
    return QByteArray(buffer.chars(), static_cast<qsizetype>(buffer.size()));
}

const unsigned char* u8(const QByteArray& bytes)
{
    return reinterpret_cast<const unsigned char*>(bytes.constData());
}

// One AES-256-GCM pass with a caller-chosen IV (the KAT needs it; Aead.h always draws a fresh
// one). Encrypt: returns ciphertext || tag. Decrypt: `in` is ciphertext || tag; empty when the
// tag does not verify.
QByteArray gcm(bool encrypt, const QByteArray& key, const QByteArray& iv, const QByteArray& aad, const QByteArray& in)
{
    constexpr int kTag = 16;
    ossl::CipherCtxPtr ctx(EVP_CIPHER_CTX_new());
    const QByteArray body = encrypt ? in : in.left(in.size() - kTag);
    QByteArray out(body.size() + kTag, '\0');
    int length = 0;
    int total = 0;
    auto* o = reinterpret_cast<unsigned char*>(out.data());
    if (!ctx || EVP_CipherInit_ex(ctx.get(), EVP_aes_256_gcm(), nullptr, nullptr, nullptr, encrypt ? 1 : 0) != 1 ||
        EVP_CIPHER_CTX_ctrl(ctx.get(), EVP_CTRL_GCM_SET_IVLEN, static_cast<int>(iv.size()), nullptr) != 1 ||
        EVP_CipherInit_ex(ctx.get(), nullptr, nullptr, u8(key), u8(iv), -1) != 1 ||
        EVP_CipherUpdate(ctx.get(), nullptr, &length, u8(aad), static_cast<int>(aad.size())) != 1 ||
        EVP_CipherUpdate(ctx.get(), o, &length, u8(body), static_cast<int>(body.size())) != 1)
        return {};
    total = length;
    if (!encrypt) {
        QByteArray tag = in.right(kTag);
        if (EVP_CIPHER_CTX_ctrl(ctx.get(), EVP_CTRL_GCM_SET_TAG, kTag, tag.data()) != 1)
            return {};
    }
    if (EVP_CipherFinal_ex(ctx.get(), o + total, &length) != 1) {
        ERR_clear_error(); // a tag mismatch is the expected answer of the tamper check
        return {};
    }
    total += length;
    if (encrypt && EVP_CIPHER_CTX_ctrl(ctx.get(), EVP_CTRL_GCM_GET_TAG, kTag, o + total) != 1)
        return {};
    return out.left(encrypt ? total + kTag : total);
}

// RFC 3394 AES key wrap (no padding) with a 256-bit KEK; empty on failure (integrity included).
QByteArray aesWrap(bool wrap, const QByteArray& kek, const QByteArray& in)
{
    ossl::CipherCtxPtr ctx(EVP_CIPHER_CTX_new());
    if (!ctx)
        return {};
    EVP_CIPHER_CTX_set_flags(ctx.get(), EVP_CIPHER_CTX_FLAG_WRAP_ALLOW);
    QByteArray out(in.size() + 16, '\0');
    auto* o = reinterpret_cast<unsigned char*>(out.data());
    int length = 0;
    int last = 0;
    if (EVP_CipherInit_ex(ctx.get(), EVP_aes_256_wrap(), nullptr, u8(kek), nullptr, wrap ? 1 : 0) != 1 ||
        EVP_CipherUpdate(ctx.get(), o, &length, u8(in), static_cast<int>(in.size())) != 1 ||
        EVP_CipherFinal_ex(ctx.get(), o + length, &last) != 1) {
        ERR_clear_error();
        return {};
    }
    return out.left(length + last);
}

QByteArray flipped(QByteArray bytes, qsizetype at)
{
    bytes[at] = static_cast<char>(bytes[at] ^ 0x80);
    return bytes;
}

} // namespace

SelfTestResult checkSha256(bool corrupt)
{
    // FIPS 180-2, appendix B.1: SHA-256("abc").
    const QString name = QStringLiteral("SHA-256");
    const QString what = QStringLiteral("SHA-256(\"abc\") of FIPS 180-2 B.1");
    const QByteArray expected =
        expectedValue("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad", corrupt);
    const QByteArray actual = sha256("abc");
    if (actual != expected)
        return failPrimitive(name, what, QStringLiteral("known-answer mismatch"), mismatch(what, expected, actual));
    return pass(name, what);
}

SelfTestResult checkSha384(bool corrupt)
{
    // FIPS 180-2, appendix D.1: SHA-384("abc").
    const QString name = QStringLiteral("SHA-384");
    const QString what = QStringLiteral("SHA-384(\"abc\") of FIPS 180-2 D.1");
    const QByteArray expected = expectedValue("cb00753f45a35e8bb5a03d699ac65007272c32ab0eded1631a8b605a43ff5bed"
                                              "8086072ba1e7cc2358baeca134c825a7",
                                              corrupt);
    QByteArray actual(48, '\0');
    unsigned int length = 0;
    if (EVP_Digest("abc", 3, reinterpret_cast<unsigned char*>(actual.data()), &length, EVP_sha384(), nullptr) != 1)
        actual.clear();
    if (actual != expected)
        return failPrimitive(name, what, QStringLiteral("known-answer mismatch"), mismatch(what, expected, actual));
    return pass(name, what);
}

SelfTestResult checkHmacSha256(bool corrupt)
{
    // RFC 4231, section 4.3 (test case 2): key "Jefe", data "what do ya want for nothing?".
    const QString name = QStringLiteral("HMAC-SHA-256");
    const QString what = QStringLiteral("RFC 4231 test case 2");
    const QByteArray expected =
        expectedValue("5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843", corrupt);
    const QByteArray actual = hmacSha256(SecureBuffer::fromString("Jefe"), "what do ya want for nothing?");
    if (actual != expected)
        return failPrimitive(name, what, QStringLiteral("known-answer mismatch"), mismatch(what, expected, actual));
    return pass(name, what);
}

SelfTestResult checkAes256Gcm(bool corrupt)
{
    // The GCM specification (McGrew, Viega), test case 16: AES-256, 96-bit IV, 60-byte plaintext,
    // 20-byte AAD; the same vector is in NIST's GCM validation set.
    const QString name = QStringLiteral("AES-256-GCM");
    const QString what = QStringLiteral("GCM specification test case 16, and a seal/open round trip");
    const QByteArray key = fromHex("feffe9928665731c6d6a8f9467308308feffe9928665731c6d6a8f9467308308");
    const QByteArray iv = fromHex("cafebabefacedbaddecaf888");
    const QByteArray aad = fromHex("feedfacedeadbeeffeedfacedeadbeefabaddad2");
    const QByteArray plaintext = fromHex("d9313225f88406e5a55909c5aff5269a86a7a9531534f7da2e4c303d8a318a72"
                                         "1c3c0c95956809532fcf0e2449a6b525b16aedf5aa0de657ba637b39");
    const QByteArray expected = expectedValue("522dc1f099567d07f47f37a32a84427d643a8cdcbfe5c0c97598a2bd2555d1aa"
                                              "8cb08e48590dbb3da7b08b1056828838c5f61e6393ba7a0abcc9f662"
                                              "76fc6ece0f4e1768cddf8853bb2d551b", // ciphertext || tag
                                              corrupt);
    const QString failure = QStringLiteral("known-answer mismatch");
    const QByteArray sealed = gcm(true, key, iv, aad, plaintext);
    if (sealed != expected)
        return failPrimitive(name, what, failure, mismatch(QStringLiteral("encryption"), expected, sealed));
    const QByteArray opened = gcm(false, key, iv, aad, expected);
    if (opened != plaintext)
        return failPrimitive(name, what, failure, mismatch(QStringLiteral("decryption"), plaintext, opened));
    if (!gcm(false, key, iv, aad, flipped(expected, expected.size() - 1)).isEmpty())
        return failPrimitive(name, what, QStringLiteral("tampering not detected"),
                             QStringLiteral("a ciphertext with a changed tag decrypted without error"));

    // The wrapper Custos seals with (random IV): a round trip, and a changed byte refused.
    const SecureBuffer secureKey = secureOf(key);
    auto roundTrip = sealAes256Gcm(secureKey, secureOf(plaintext), aad);
    if (!roundTrip)
        return failPrimitive(name, what, QStringLiteral("sealing failed"), roundTrip.error().message);
    auto reopened = openAes256Gcm(secureKey, roundTrip.value(), aad);
    if (!reopened || bytesOf(reopened.value()) != plaintext)
        return failPrimitive(name, what, QStringLiteral("round trip failed"),
                             reopened ? QStringLiteral("sealAes256Gcm/openAes256Gcm did not give the plaintext back")
                                      : reopened.error().message);
    if (auto tampered = openAes256Gcm(secureKey, flipped(roundTrip.value(), 20), aad); tampered)
        return failPrimitive(name, what, QStringLiteral("tampering not detected"),
                             QStringLiteral("openAes256Gcm accepted a changed ciphertext"));
    return pass(name, what);
}

SelfTestResult checkAesKeyWrap(bool corrupt)
{
    // RFC 3394, section 4.6: 256 bits of key data wrapped with a 256-bit KEK.
    const QString name = QStringLiteral("AES key wrap");
    const QString what = QStringLiteral("RFC 3394 section 4.6 (256-bit KEK, 256-bit key)");
    const QByteArray kek = fromHex("000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f");
    const QByteArray keyData = fromHex("00112233445566778899aabbccddeeff000102030405060708090a0b0c0d0e0f");
    const QByteArray expected =
        expectedValue("28c9f404c4b810f4cbccb35cfb87f8263f5786e2d80ed326cbc7f0e71a99f43bfb988b9b7a02dd21", corrupt);
    const QString failure = QStringLiteral("known-answer mismatch");
    const QByteArray wrapped = aesWrap(true, kek, keyData);
    if (wrapped != expected)
        return failPrimitive(name, what, failure, mismatch(QStringLiteral("wrap"), expected, wrapped));
    const QByteArray unwrapped = aesWrap(false, kek, expected);
    if (unwrapped != keyData)
        return failPrimitive(name, what, failure, mismatch(QStringLiteral("unwrap"), keyData, unwrapped));
    if (!aesWrap(false, kek, flipped(expected, 3)).isEmpty())
        return failPrimitive(name, what, QStringLiteral("tampering not detected"),
                             QStringLiteral("a changed wrapped key unwrapped without an integrity error"));
    return pass(name, what);
}

SelfTestResult checkAesKeyWrapPad(bool corrupt)
{
    // RFC 5649, section 6: a 20-octet and a 7-octet key wrapped with the same 192-bit KEK, through
    // the wrapper the security domain uses (KeyWrap.h).
    const QString name = QStringLiteral("AES key wrap with padding");
    const QString what = QStringLiteral("RFC 5649 section 6 (20- and 7-octet keys)");
    const SecureBuffer kek = secureOf(fromHex("5840df6e29b02af1ab493b705bf16ea1ae8338f4dcc176a8"));
    const struct
    {
        const char* key;
        const char* wrapped;
    } vectors[] = {
        {"c37b7e6492584340bed12207808941155068f738",
         "138bdeaa9b8fa7fc61f97742e72248ee5ae6ae5360d1ae6a5f54f373fa543b6a"},
        {"466f7250617369", "afbeb0f07dfbf5419200f2ccb50bb24f"},
    };
    const QString failure = QStringLiteral("known-answer mismatch");
    for (const auto& vector : vectors) {
        const QByteArray key = fromHex(vector.key);
        const QByteArray expected = expectedValue(vector.wrapped, corrupt);
        auto wrapped = wrapAesKeyWrapPad(kek, secureOf(key));
        if (!wrapped || wrapped.value() != expected)
            return failPrimitive(name, what, failure,
                                 wrapped ? mismatch(QStringLiteral("wrap"), expected, wrapped.value())
                                         : wrapped.error().message);
        auto unwrapped = unwrapAesKeyWrapPad(kek, expected);
        if (!unwrapped || bytesOf(unwrapped.value()) != key)
            return failPrimitive(name, what, failure,
                                 unwrapped ? mismatch(QStringLiteral("unwrap"), key, bytesOf(unwrapped.value()))
                                           : unwrapped.error().message);
        if (auto tampered = unwrapAesKeyWrapPad(kek, flipped(expected, 5)); tampered)
            return failPrimitive(name, what, QStringLiteral("tampering not detected"),
                                 QStringLiteral("a changed wrapped key unwrapped without an integrity error"));
    }
    return pass(name, what);
}

SelfTestResult checkScrypt(bool corrupt)
{
    // RFC 7914, section 12, first vector: scrypt(P="", S="", N=16, r=1, p=1, dkLen=64). The cheap
    // one, so that every start can afford it; the operator KDF uses the same code (Kdf.h).
    const QString name = QStringLiteral("scrypt");
    const QString what = QStringLiteral("RFC 7914 section 12 (N=16, r=1, p=1)");
    const QByteArray expected = expectedValue("77d6576238657b203b19ca42c18a0497f16b4844e3074ae8dfdffa3fede21442"
                                              "fcd0069ded0948f8326a753a0fc81f17e8d3e0fb2e0d3628cf35e20c38d18906",
                                              corrupt);
    KdfParams params;
    params.n = 16;
    params.r = 1;
    params.p = 1;
    auto derived = deriveKey(SecureBuffer(), QByteArray(), params, 64);
    if (!derived)
        return failPrimitive(name, what, QStringLiteral("derivation failed"), derived.error().message);
    const QByteArray actual = bytesOf(derived.value());
    if (actual != expected)
        return failPrimitive(name, what, QStringLiteral("known-answer mismatch"), mismatch(what, expected, actual));
    return pass(name, what);
}

} // namespace custos::crypto::selftest::detail
