#pragma once

#include "crypto/SecureBuffer.h"
#include "crypto/pkcs11/Pkcs11Module.h"
#include "crypto/pkcs11/Token.h"

#include <QString>
#include <QTemporaryDir>

#include <memory>

namespace custos::test {

inline const QString kSoftHsmModule = QStringLiteral(CUSTOS_DEFAULT_PKCS11_MODULE);

// For engine tests: a fresh SoftHSM2 token in its own temporary store (its own softhsm2.conf, with
// SOFTHSM2_CONF pointing at it before the module loads), initialised with random SO and user PINs
// and logged in as the user. Workspace-level tests use TestWorkspace instead.
class SoftHsmTestToken
{
public:
    ~SoftHsmTestToken() { tearDown(); }

    static bool moduleInstalled();
    // Empty on success, otherwise what failed (for QVERIFY2).
    QString setUp(const QString& tokenLabel);
    // Drops the token and this fixture's module reference (callers drop theirs first, so the module
    // is finalised) and unsets SOFTHSM2_CONF.
    void tearDown();

    std::shared_ptr<crypto::Pkcs11Module> module() const { return m_module; }
    crypto::Token* token() const { return m_token.get(); }
    const crypto::SecureBuffer& soPin() const { return m_soPin; }
    const crypto::SecureBuffer& userPin() const { return m_userPin; }
    QString userPinText() const; // for command lines of independent tools (pkcs11-tool)
    QString storePath() const { return m_store.path(); }

private:
    QTemporaryDir m_store;
    std::shared_ptr<crypto::Pkcs11Module> m_module;
    std::unique_ptr<crypto::Token> m_token;
    crypto::SecureBuffer m_soPin;
    crypto::SecureBuffer m_userPin;
};

} // namespace custos::test
