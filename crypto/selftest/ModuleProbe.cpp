#include "ModuleProbe.h"

#include "crypto/pkcs11/Pkcs11Module.h"
#include "crypto/pkcs11/Pkcs11Text.h"

#include <QFileInfo>

#include <vector>

namespace custos::crypto::selftest {

namespace {

SelfTestResult failure(const QString& name, const QString& detail, const QString& shortError, const QString& longError,
                       const QString& proposedFix)
{
    SelfTestResult result;
    result.name = name;
    result.detail = detail;
    result.shortError = shortError;
    result.longError = longError;
    result.proposedFix = proposedFix;
    return result;
}

QString version(const CK_VERSION& v)
{
    return QStringLiteral("%1.%2").arg(v.major).arg(v.minor);
}

QString loadFix(const QString& modulePath)
{
    if (!QFileInfo::exists(modulePath))
        return QStringLiteral("%1 does not exist. Install the module at this path: for SoftHSM2 apt install softhsm2, "
                              "for an HSM its vendor's PKCS#11 library.")
            .arg(modulePath);
    return QStringLiteral("Check that %1 is a PKCS#11 library for this architecture and that its dependencies "
                          "are installed (ldd %1). For SoftHSM2, check that the configuration SOFTHSM2_CONF names "
                          "(default /etc/softhsm/softhsm2.conf) exists and that its token directory is readable "
                          "by this user (e.g. member of the softhsm group).")
        .arg(modulePath);
}

} // namespace

SelfTestResult probeModule(const QString& modulePath)
{
    const QString name = QStringLiteral("PKCS#11 module");
    auto loaded = Pkcs11Module::load(modulePath);
    if (!loaded)
        return failure(name, modulePath, QStringLiteral("module does not load"), loaded.error().message,
                       loadFix(modulePath));
    CK_FUNCTION_LIST* f = loaded.value()->functions();
    CK_INFO info{};
    if (const CK_RV rv = f->C_GetInfo(&info); rv != CKR_OK)
        return failure(name, modulePath, QStringLiteral("C_GetInfo failed"), pkcs11Error("C_GetInfo", rv).message,
                       loadFix(modulePath));
    CK_ULONG slotCount = 0;
    if (const CK_RV rv = f->C_GetSlotList(CK_FALSE, nullptr, &slotCount); rv != CKR_OK)
        return failure(name, modulePath, QStringLiteral("C_GetSlotList failed"),
                       pkcs11Error("C_GetSlotList", rv).message, loadFix(modulePath));
    SelfTestResult result;
    result.name = name;
    result.passed = true;
    result.detail =
        QStringLiteral("%1: %2 %3 (%4), Cryptoki %5, %6 slot(s)")
            .arg(modulePath, pkcs11text::fromPadded(info.libraryDescription, sizeof info.libraryDescription),
                 version(info.libraryVersion), pkcs11text::fromPadded(info.manufacturerID, sizeof info.manufacturerID),
                 version(info.cryptokiVersion))
            .arg(slotCount);
    return result;
}

SelfTestResult probeToken(const QString& modulePath, const QString& tokenLabel)
{
    const QString name = QStringLiteral("Token");
    const QString detail = QStringLiteral("\"%1\" in %2").arg(tokenLabel, modulePath);
    auto loaded = Pkcs11Module::load(modulePath);
    if (!loaded)
        return failure(name, detail, QStringLiteral("module does not load"), loaded.error().message,
                       loadFix(modulePath));
    auto slot = loaded.value()->findSlotByTokenLabel(tokenLabel);
    if (!slot)
        return failure(name, detail, QStringLiteral("token not found"), slot.error().message,
                       QStringLiteral("Connect or insert the token labelled \"%1\", or check the module's "
                                      "configuration (SoftHSM2: SOFTHSM2_CONF and its token directory).")
                           .arg(tokenLabel));
    CK_FUNCTION_LIST* f = loaded.value()->functions();
    CK_TOKEN_INFO info{};
    if (const CK_RV rv = f->C_GetTokenInfo(slot.value(), &info); rv != CKR_OK)
        return failure(name, detail, QStringLiteral("C_GetTokenInfo failed"), pkcs11Error("C_GetTokenInfo", rv).message,
                       QStringLiteral("Reconnect the token and try again; if it persists, the token needs its "
                                      "vendor's diagnostics."));
    if (!(info.flags & CKF_TOKEN_INITIALIZED) || !(info.flags & CKF_USER_PIN_INITIALIZED))
        return failure(name, detail, QStringLiteral("token not initialised"),
                       QStringLiteral("the token has no user PIN set (CKF_TOKEN_INITIALIZED or "
                                      "CKF_USER_PIN_INITIALIZED missing)"),
                       QStringLiteral("Attach a token that custosctl init initialised, or restore the workspace "
                                      "from a backup."));
    if (info.flags & CKF_USER_PIN_LOCKED)
        return failure(name, detail, QStringLiteral("user PIN locked"),
                       QStringLiteral("the token reports CKF_USER_PIN_LOCKED: nobody can log in"),
                       QStringLiteral("The token's security officer must unlock it (C_InitPIN), with the "
                                      "token vendor's tool."));
    CK_SESSION_HANDLE session = CK_INVALID_HANDLE;
    if (const CK_RV rv = f->C_OpenSession(slot.value(), CKF_SERIAL_SESSION, nullptr, nullptr, &session); rv != CKR_OK)
        return failure(name, detail, QStringLiteral("no session"), pkcs11Error("C_OpenSession", rv).message,
                       QStringLiteral("Close other programs that hold the token's sessions and try again."));
    QString rngError;
    if (info.flags & CKF_RNG) {
        std::vector<CK_BYTE> bytes(16);
        if (const CK_RV rv = f->C_GenerateRandom(session, bytes.data(), CK_ULONG(bytes.size())); rv != CKR_OK)
            rngError = pkcs11Error("C_GenerateRandom", rv).message;
    }
    f->C_CloseSession(session);
    if (!rngError.isEmpty())
        return failure(name, detail, QStringLiteral("random generator failed"), rngError,
                       QStringLiteral("The token's random number generator does not answer: have the token "
                                      "checked before creating keys on it."));
    SelfTestResult result;
    result.name = name;
    result.passed = true;
    result.detail =
        QStringLiteral("%1: %2 %3, serial %4, firmware %5")
            .arg(detail, pkcs11text::fromPadded(info.manufacturerID, sizeof info.manufacturerID),
                 pkcs11text::fromPadded(info.model, sizeof info.model),
                 pkcs11text::fromPadded(info.serialNumber, sizeof info.serialNumber), version(info.firmwareVersion));
    return result;
}

} // namespace custos::crypto::selftest
