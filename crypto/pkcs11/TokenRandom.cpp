// The token's random number generator and what the module says about itself (`rng`, `token info`).

#include "Token.h"

#include "Pkcs11Text.h"

namespace custos::crypto {

namespace {
constexpr int kMaxRandomBytes = 1024 * 1024;

QString versionText(const CK_VERSION& version)
{
    return QStringLiteral("%1.%2").arg(version.major).arg(version.minor);
}
} // namespace

Outcome<QByteArray> Token::generateRandom(int bytes)
{
    if (bytes < 1 || bytes > kMaxRandomBytes)
        return makeError(ErrorKind::Invalid,
                         QStringLiteral("invalid byte count %1: expected 1 to %2").arg(bytes).arg(kMaxRandomBytes));
    auto s = session();
    if (!s)
        return s.error();
    QByteArray out(bytes, Qt::Uninitialized);
    const CK_RV rv = m_module->functions()->C_GenerateRandom(s.value(), reinterpret_cast<CK_BYTE_PTR>(out.data()),
                                                             static_cast<CK_ULONG>(out.size()));
    if (rv != CKR_OK)
        return pkcs11Error("C_GenerateRandom", rv);
    return out;
}

Outcome<TokenModuleInfo> Token::moduleInfo() const
{
    CK_FUNCTION_LIST* f = m_module->functions();
    CK_INFO info{};
    CK_RV rv = f->C_GetInfo(&info);
    if (rv != CKR_OK)
        return pkcs11Error("C_GetInfo", rv);
    TokenModuleInfo result;
    result.libraryDescription = pkcs11text::fromPadded(info.libraryDescription, sizeof info.libraryDescription);
    result.libraryManufacturer = pkcs11text::fromPadded(info.manufacturerID, sizeof info.manufacturerID);
    result.libraryVersion = versionText(info.libraryVersion);
    result.cryptokiVersion = versionText(info.cryptokiVersion);
    CK_TOKEN_INFO token{};
    rv = f->C_GetTokenInfo(m_slot, &token);
    if (rv != CKR_OK)
        return pkcs11Error("C_GetTokenInfo", rv);
    result.hardwareVersion = versionText(token.hardwareVersion);
    result.firmwareVersion = versionText(token.firmwareVersion);
    return result;
}

} // namespace custos::crypto
