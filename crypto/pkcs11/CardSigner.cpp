#include "CardSigner.h"

#include "AttributeTemplate.h"
#include "Pkcs11Objects.h"

#include "crypto/ThreadGuard.h"
#include "crypto/keys/PublicKeyOperations.h"
#include "crypto/x509/CertificateInfo.h"

namespace custos::crypto {

namespace {

// DER of DigestInfo{sha256, NULL} up to the digest (RFC 8017 9.2 note 1): CKM_RSA_PKCS pads it.
const QByteArray kSha256DigestInfoPrefix = QByteArray::fromHex("3031300d060960864801650304020105000420");

bool isPinRefusal(CK_RV rv)
{
    return rv == CKR_PIN_INCORRECT || rv == CKR_PIN_INVALID || rv == CKR_PIN_LEN_RANGE || rv == CKR_PIN_LOCKED ||
           rv == CKR_PIN_EXPIRED;
}

Outcome<JoseAlgorithm> algorithmFor(const x509::CertificateInfo& info)
{
    if (info.keyDescription == QLatin1String("EC P-256"))
        return JoseAlgorithm::Es256;
    if (info.keyDescription == QLatin1String("EC P-384"))
        return JoseAlgorithm::Es384;
    if (info.keyDescription == QLatin1String("EC P-521"))
        return JoseAlgorithm::Es512;
    if (info.keyDescription.startsWith(QLatin1String("RSA ")))
        return JoseAlgorithm::Rs256;
    return makeError(ErrorKind::Invalid,
                     QStringLiteral("the card's certificate has a %1 key: expected RSA or EC P-256, P-384 or P-521")
                         .arg(info.keyDescription));
}

} // namespace

Outcome<JoseAlgorithm> cardSignatureAlgorithm(const QByteArray& certificateDer)
{
    auto info = x509::inspectCertificate(certificateDer);
    if (!info)
        return info.error();
    return algorithmFor(info.value());
}

Outcome<void> verifyCardSignature(const QByteArray& certificateDer, const QByteArray& data, const QByteArray& signature)
{
    auto info = x509::inspectCertificate(certificateDer);
    if (!info)
        return info.error();
    auto algorithm = algorithmFor(info.value());
    if (!algorithm)
        return algorithm.error();
    auto verified = verify(algorithm.value(), info->subjectPublicKeyDer, data, false, signature);
    if (!verified)
        return verified.error();
    if (!verified.value())
        return makeError(ErrorKind::Denied,
                         QStringLiteral("the card's signature does not verify with the certificate \"%1\": the card's "
                                        "key is not that certificate's")
                             .arg(info->subject));
    return {};
}

Outcome<std::unique_ptr<CardSigner>> CardSigner::open(Pkcs11Module& module, const QString& tokenLabel,
                                                      const SecureBuffer& pin)
{
    checkNotOnGuardedThread("a PKCS#11 call");
    if (pin.isEmpty())
        return makeError(ErrorKind::Invalid, QStringLiteral("no PIN for the card \"%1\"").arg(tokenLabel));
    auto slot = module.findSlotByTokenLabel(tokenLabel);
    if (!slot)
        return makeError(ErrorKind::NotFound,
                         QStringLiteral("no card: no token labelled \"%1\" is present").arg(tokenLabel));
    std::unique_ptr<CardSigner> card(new CardSigner);
    card->m_functions = module.functions();
    card->m_tokenLabel = tokenLabel;
    CK_RV rv = card->m_functions->C_OpenSession(slot.value(), CKF_SERIAL_SESSION, nullptr, nullptr, &card->m_session);
    if (rv != CKR_OK)
        return pkcs11Error("C_OpenSession", rv);
    auto login = [&]() {
        // The module only reads the PIN; the cast is the C API's.
        return card->m_functions->C_Login(card->m_session, CKU_USER, const_cast<CK_UTF8CHAR*>(pin.data()),
                                          static_cast<CK_ULONG>(pin.size()));
    };
    rv = login();
    if (rv == CKR_USER_ALREADY_LOGGED_IN) {
        // Someone left the card logged in: log out so that this PIN is checked now.
        card->m_functions->C_Logout(card->m_session);
        rv = login();
    }
    if (isPinRefusal(rv))
        return makeError(ErrorKind::Denied,
                         QStringLiteral("the card \"%1\" refused the PIN (%2)").arg(tokenLabel, ckrName(rv)));
    if (rv != CKR_OK)
        return pkcs11Error("C_Login(card)", rv);
    card->m_loggedIn = true;
    return card;
}

CardSigner::~CardSigner()
{
    if (m_session == CK_INVALID_HANDLE)
        return;
    if (m_loggedIn)
        m_functions->C_Logout(m_session);
    m_functions->C_CloseSession(m_session);
}

Outcome<CardSigner::CertificateObject> CardSigner::findCertificate(const QString& certLabel)
{
    AttributeTemplate match;
    match.addUlong(CKA_CLASS, CKO_CERTIFICATE).addText(CKA_LABEL, certLabel);
    auto found = p11::findObjects(m_functions, m_session, match.attributes(), 2);
    if (!found)
        return found.error();
    if (found->empty())
        return makeError(
            ErrorKind::NotFound,
            QStringLiteral("no certificate labelled \"%1\" on the card \"%2\"").arg(certLabel, m_tokenLabel));
    if (found->size() > 1)
        return makeError(ErrorKind::Conflict, QStringLiteral("more than one certificate labelled \"%1\" on the card "
                                                             "\"%2\": give each its own label")
                                                  .arg(certLabel, m_tokenLabel));
    const CK_OBJECT_HANDLE object = found->front();
    auto der = p11::readAttribute(m_functions, m_session, object, CKA_VALUE);
    if (!der)
        return der.error();
    auto id = p11::readAttribute(m_functions, m_session, object, CKA_ID);
    if (!id)
        return id.error();
    return CertificateObject{der.value(), id.value()};
}

Outcome<QByteArray> CardSigner::certificate(const QString& certLabel)
{
    auto found = findCertificate(certLabel);
    if (!found)
        return found.error();
    return found->der;
}

Outcome<QByteArray> CardSigner::sign(const QString& certLabel, const QByteArray& data)
{
    checkNotOnGuardedThread("a PKCS#11 call");
    auto certificate = findCertificate(certLabel);
    if (!certificate)
        return certificate.error();
    auto algorithm = cardSignatureAlgorithm(certificate->der);
    if (!algorithm)
        return algorithm.error();
    if (certificate->id.isEmpty())
        return makeError(ErrorKind::Invalid, QStringLiteral("the certificate \"%1\" on the card \"%2\" has no CKA_ID, "
                                                            "so its private key cannot be found")
                                                 .arg(certLabel, m_tokenLabel));
    AttributeTemplate match;
    match.addUlong(CKA_CLASS, CKO_PRIVATE_KEY).addBytes(CKA_ID, certificate->id);
    auto keys = p11::findObjects(m_functions, m_session, match.attributes(), 1);
    if (!keys)
        return keys.error();
    if (keys->empty())
        return makeError(ErrorKind::NotFound,
                         QStringLiteral("no private key with the id %1 of the certificate \"%2\" "
                                        "on the card \"%3\"")
                             .arg(QString::fromLatin1(certificate->id.toHex()), certLabel, m_tokenLabel));

    auto digest = signatureDigest(algorithm.value(), data, false);
    if (!digest)
        return digest.error();
    QByteArray toSign = digest.value();
    CK_MECHANISM mechanism{CKM_ECDSA, nullptr, 0};
    if (algorithm.value() == JoseAlgorithm::Rs256) {
        toSign.prepend(kSha256DigestInfoPrefix);
        mechanism = {CKM_RSA_PKCS, nullptr, 0};
    }
    CK_RV rv = m_functions->C_SignInit(m_session, &mechanism, keys->front());
    if (rv != CKR_OK)
        return pkcs11Error("C_SignInit(card)", rv);
    // Two calls (PKCS#11 5.2): the length first, then the signature.
    CK_ULONG size = 0;
    auto* input = reinterpret_cast<CK_BYTE_PTR>(toSign.data());
    const auto inputSize = static_cast<CK_ULONG>(toSign.size());
    rv = m_functions->C_Sign(m_session, input, inputSize, nullptr, &size);
    if (rv != CKR_OK)
        return pkcs11Error("C_Sign(card)", rv);
    QByteArray signature(static_cast<qsizetype>(size), Qt::Uninitialized);
    rv = m_functions->C_Sign(m_session, input, inputSize, reinterpret_cast<CK_BYTE_PTR>(signature.data()), &size);
    if (rv != CKR_OK)
        return pkcs11Error("C_Sign(card)", rv);
    signature.resize(static_cast<qsizetype>(size));
    return signature;
}

} // namespace custos::crypto
