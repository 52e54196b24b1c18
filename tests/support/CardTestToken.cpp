#include "CardTestToken.h"
#include "TestWorkspace.h"

#include "crypto/pkcs11/Pkcs11Module.h"
#include "crypto/x509/CertificateBuilder.h"
#include "crypto/x509/DistinguishedName.h"
#include "model/session/Workspace.h"

#include <QDateTime>

#include <openssl/x509.h>

#include <iterator>

namespace custos::test {

QString initCardToken(model::Workspace& workspace, const QString& label, const QString& userPin)
{
    auto module = crypto::Pkcs11Module::load(workspace.modulePath()); // the live instance
    if (!module)
        return module.error().message;
    auto slot = module.value()->findUninitializedSlot();
    if (!slot)
        return slot.error().message;
    const crypto::SecureBuffer soPin = secret(QStringLiteral("card-so-pin"));
    if (auto made = module.value()->initToken(slot.value(), soPin, label); !made)
        return made.error().message;
    auto token = crypto::Token::open(module.value(), label);
    if (!token)
        return token.error().message;
    if (auto pin = token.value()->initUserPin(soPin, secret(userPin)); !pin)
        return pin.error().message;
    return {};
}

Outcome<std::unique_ptr<crypto::Token>> openCardToken(model::Workspace& workspace, const QString& label,
                                                      const QString& userPin)
{
    auto module = crypto::Pkcs11Module::load(workspace.modulePath());
    if (!module)
        return module.error();
    auto token = crypto::Token::open(module.value(), label);
    if (!token)
        return token.error();
    if (auto in = token.value()->login(secret(userPin)); !in)
        return in.error();
    return token;
}

Outcome<QByteArray> selfSignedCardCertificate(const crypto::SoftwareKey& key, const QString& subject,
                                              const QDateTime& notAfter)
{
    auto subjectDer = crypto::x509::parseDistinguishedName(subject);
    if (!subjectDer)
        return subjectDer.error();
    auto publicKey = key.publicKeyDer();
    if (!publicKey)
        return publicKey.error();
    crypto::x509::CertificateSpec spec;
    spec.subjectDer = subjectDer.value();
    spec.subjectPublicKeyDer = publicKey.value();
    spec.notBefore = QDateTime::currentDateTimeUtc().addSecs(-60);
    spec.notAfter = notAfter.isValid() ? notAfter : spec.notBefore.addDays(365);
    if (spec.notAfter <= spec.notBefore)
        spec.notBefore = spec.notAfter.addDays(-30);
    spec.keyUsages = {QStringLiteral("digitalSignature")};
    crypto::x509::CertificateSigner signer;
    signer.algorithm = crypto::JoseAlgorithm::Es256;
    signer.sign = [&key](const QByteArray& data) { return key.sign(crypto::JoseAlgorithm::Es256, data); };
    return crypto::x509::issueCertificate(spec, {}, signer);
}

QString storeOnCard(crypto::Token& card, const QByteArray& id, const crypto::SoftwareKey& key, const QString& certLabel,
                    const QByteArray& certificate)
{
    auto der = key.toPrivateDer();
    if (!der)
        return der.error().message;
    crypto::KeyGenSpec spec;
    spec.kind = crypto::KeyKind::Ec;
    spec.id = id;
    spec.label = certLabel + QStringLiteral("-key");
    spec.wrapWithTrusted = false;
    if (auto imported = card.importKeyPair(spec, der.value()); !imported)
        return imported.error().message;
    auto session = card.session();
    if (!session)
        return session.error().message;
    // SoftHSM2 wants CKA_SUBJECT on an X.509 certificate object.
    const auto* start = reinterpret_cast<const unsigned char*>(certificate.constData());
    X509* x = d2i_X509(nullptr, &start, certificate.size());
    if (!x)
        return QStringLiteral("not a DER certificate");
    unsigned char* subjectDer = nullptr;
    const int subjectLength = i2d_X509_NAME(X509_get_subject_name(x), &subjectDer);
    QByteArray subject(reinterpret_cast<const char*>(subjectDer), subjectLength > 0 ? subjectLength : 0);
    OPENSSL_free(subjectDer);
    X509_free(x);
    CK_OBJECT_CLASS certClass = CKO_CERTIFICATE;
    CK_CERTIFICATE_TYPE certType = CKC_X_509;
    CK_BBOOL yes = CK_TRUE;
    QByteArray label = certLabel.toUtf8();
    QByteArray value = certificate;
    QByteArray idBytes = id;
    CK_ATTRIBUTE attributes[] = {
        {CKA_CLASS, &certClass, sizeof certClass},
        {CKA_CERTIFICATE_TYPE, &certType, sizeof certType},
        {CKA_TOKEN, &yes, sizeof yes},
        {CKA_LABEL, label.data(), CK_ULONG(label.size())},
        {CKA_SUBJECT, subject.data(), CK_ULONG(subject.size())},
        {CKA_ID, idBytes.data(), CK_ULONG(idBytes.size())},
        {CKA_VALUE, value.data(), CK_ULONG(value.size())},
    };
    CK_OBJECT_HANDLE handle = CK_INVALID_HANDLE;
    const CK_RV rv = card.module().functions()->C_CreateObject(session.value(), attributes,
                                                               CK_ULONG(std::size(attributes)), &handle);
    if (rv != CKR_OK)
        return QStringLiteral("C_CreateObject(certificate): ") + crypto::ckrName(rv);
    return {};
}

Outcome<QByteArray> makeCard(model::Workspace& workspace, const QString& label, const QString& userPin,
                             const QString& certLabel)
{
    if (QString e = initCardToken(workspace, label, userPin); !e.isEmpty())
        return makeError(ErrorKind::Failed, e);
    auto key = crypto::SoftwareKey::generateEc(QStringLiteral("P-256"));
    if (!key)
        return key.error();
    auto certificate = selfSignedCardCertificate(key.value(), QStringLiteral("CN=") + label);
    if (!certificate)
        return certificate.error();
    auto card = openCardToken(workspace, label, userPin);
    if (!card)
        return card.error();
    if (QString e = storeOnCard(*card.value(), QByteArrayLiteral("\x01"), key.value(), certLabel, certificate.value());
        !e.isEmpty())
        return makeError(ErrorKind::Failed, e);
    return certificate;
}

} // namespace custos::test
