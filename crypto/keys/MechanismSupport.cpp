#include "MechanismSupport.h"

#include <vector>

namespace custos::crypto {

namespace {
QString hashTitle(DigestKind digest)
{
    switch (digest) {
    case DigestKind::Sha1:
        return QStringLiteral("SHA-1");
    case DigestKind::Sha256:
        return QStringLiteral("SHA-256");
    case DigestKind::Sha384:
        return QStringLiteral("SHA-384");
    case DigestKind::Sha512:
        return QStringLiteral("SHA-512");
    case DigestKind::None:
        break;
    }
    return {};
}

// Token-side operations: what HsmKeyOperations does on the token for each algorithm.
QList<KeyOperation> tokenOperations(JoseAlgorithm algorithm)
{
    if (isSignatureAlgorithm(algorithm))
        return {KeyOperation::Sign};
    if (requiredKeyKind(algorithm) == KeyKind::Rsa)
        return {KeyOperation::Decrypt, KeyOperation::UnwrapKey};
    return operationsOf(algorithm);
}

AlgorithmSupport make(JoseAlgorithm algorithm, KeyOperation operation, MechanismRoute route, QString mechanisms)
{
    return AlgorithmSupport{algorithm, operation, route, std::move(mechanisms)};
}
} // namespace

QString mechanismRouteName(MechanismRoute route)
{
    switch (route) {
    case MechanismRoute::Native:
        return QStringLiteral("native");
    case MechanismRoute::Composed:
        return QStringLiteral("composed");
    case MechanismRoute::Unavailable:
        return QStringLiteral("unavailable");
    }
    return {};
}

Outcome<MechanismSupport> MechanismSupport::query(Token& token)
{
    CK_FUNCTION_LIST* f = token.module().functions();
    const CK_SLOT_ID slot = token.slotInfo().id;
    CK_ULONG count = 0;
    CK_RV rv = f->C_GetMechanismList(slot, nullptr, &count);
    if (rv != CKR_OK)
        return pkcs11Error("C_GetMechanismList", rv);
    std::vector<CK_MECHANISM_TYPE> types(count);
    rv = f->C_GetMechanismList(slot, types.data(), &count);
    if (rv != CKR_OK)
        return pkcs11Error("C_GetMechanismList", rv);
    types.resize(count);
    std::map<CK_MECHANISM_TYPE, CK_FLAGS> mechanisms;
    for (const CK_MECHANISM_TYPE type : types) {
        CK_MECHANISM_INFO info{};
        rv = f->C_GetMechanismInfo(slot, type, &info);
        if (rv == CKR_MECHANISM_INVALID)
            continue;
        if (rv != CKR_OK)
            return pkcs11Error("C_GetMechanismInfo", rv);
        mechanisms[type] = info.flags;
    }
    return fromMechanisms(std::move(mechanisms));
}

MechanismSupport MechanismSupport::fromMechanisms(std::map<CK_MECHANISM_TYPE, CK_FLAGS> mechanisms)
{
    MechanismSupport support;
    support.m_mechanisms = std::move(mechanisms);
    return support;
}

bool MechanismSupport::has(CK_MECHANISM_TYPE mechanism, CK_FLAGS flags) const
{
    const auto it = m_mechanisms.find(mechanism);
    return it != m_mechanisms.end() && (it->second & flags) == flags;
}

AlgorithmSupport MechanismSupport::support(JoseAlgorithm algorithm, KeyOperation operation) const
{
    const auto unavailable = [&](const QString& needs) {
        return make(algorithm, operation, MechanismRoute::Unavailable, needs);
    };
    if (!tokenOperations(algorithm).contains(operation))
        return unavailable(QStringLiteral("not a token operation"));

    const QString hash = hashTitle(digestOf(algorithm));
    switch (algorithm) {
    case JoseAlgorithm::Rs256:
    case JoseAlgorithm::Rs384:
    case JoseAlgorithm::Rs512:
        // The token pads (EMSA-PKCS1-v1_5) a DigestInfo the engine builds around the digest.
        if (has(CKM_RSA_PKCS, CKF_SIGN))
            return make(algorithm, operation, MechanismRoute::Native,
                        QStringLiteral("CKM_RSA_PKCS over a %1 DigestInfo").arg(hash));
        return unavailable(QStringLiteral("CKM_RSA_PKCS"));
    case JoseAlgorithm::Ps256:
    case JoseAlgorithm::Ps384:
    case JoseAlgorithm::Ps512:
        if (has(CKM_RSA_PKCS_PSS, CKF_SIGN))
            return make(algorithm, operation, MechanismRoute::Native,
                        QStringLiteral("CKM_RSA_PKCS_PSS over a %1 digest").arg(hash));
        return unavailable(QStringLiteral("CKM_RSA_PKCS_PSS"));
    case JoseAlgorithm::Es256:
    case JoseAlgorithm::Es384:
    case JoseAlgorithm::Es512:
        // Always hashed in software so that digest input works the same way.
        if (has(CKM_ECDSA, CKF_SIGN))
            return make(algorithm, operation, MechanismRoute::Composed,
                        QStringLiteral("software %1 + CKM_ECDSA").arg(hash));
        return unavailable(QStringLiteral("CKM_ECDSA"));
    case JoseAlgorithm::RsaOaep:
        if (has(CKM_RSA_PKCS_OAEP, CKF_DECRYPT))
            return make(algorithm, operation, MechanismRoute::Native,
                        QStringLiteral("CKM_RSA_PKCS_OAEP (SHA-1, MGF1-SHA-1)"));
        return unavailable(QStringLiteral("CKM_RSA_PKCS_OAEP"));
    case JoseAlgorithm::RsaOaep256:
        // The mechanism list cannot say which OAEP hashes a token takes (SoftHSM2 2.6.1: SHA-1
        // only), so the engine always decodes OAEP-SHA-256 itself from a raw RSA decryption.
        if (has(CKM_RSA_X_509, CKF_DECRYPT))
            return make(algorithm, operation, MechanismRoute::Composed,
                        QStringLiteral("CKM_RSA_X_509 + EME-OAEP (SHA-256, MGF1-SHA-256) decoding in secure memory"));
        return unavailable(QStringLiteral("CKM_RSA_X_509"));
    case JoseAlgorithm::Rsa1_5:
        if (has(CKM_RSA_PKCS, CKF_DECRYPT))
            return make(algorithm, operation, MechanismRoute::Native, QStringLiteral("CKM_RSA_PKCS"));
        return unavailable(QStringLiteral("CKM_RSA_PKCS"));
    case JoseAlgorithm::A128Gcm:
    case JoseAlgorithm::A256Gcm: {
        const CK_FLAGS flags = operation == KeyOperation::Encrypt ? CKF_ENCRYPT : CKF_DECRYPT;
        if (has(CKM_AES_GCM, flags))
            return make(algorithm, operation, MechanismRoute::Native, QStringLiteral("CKM_AES_GCM"));
        return unavailable(QStringLiteral("CKM_AES_GCM"));
    }
    case JoseAlgorithm::A128Kw:
    case JoseAlgorithm::A192Kw:
    case JoseAlgorithm::A256Kw: {
        // Caller-supplied key bytes go through a temporary session object (C_WrapKey/C_UnwrapKey):
        // see HsmKeyOperations.cpp.
        const CK_FLAGS flags = operation == KeyOperation::WrapKey ? CKF_WRAP : CKF_UNWRAP;
        if (has(CKM_AES_KEY_WRAP, flags))
            return make(algorithm, operation, MechanismRoute::Native, QStringLiteral("CKM_AES_KEY_WRAP"));
        return unavailable(QStringLiteral("CKM_AES_KEY_WRAP"));
    }
    }
    return unavailable(QString());
}

QList<AlgorithmSupport> MechanismSupport::all() const
{
    QList<AlgorithmSupport> list;
    for (const JoseAlgorithm algorithm : allJoseAlgorithms()) {
        for (const KeyOperation operation : tokenOperations(algorithm))
            list << support(algorithm, operation);
    }
    return list;
}

} // namespace custos::crypto
