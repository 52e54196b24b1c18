#pragma once

// Private to TokenKeyTransfer*.cpp / TokenByok*.cpp: the pieces of BYOK's unwrap inside the token.

#include "Token.h"

#include <QByteArray>
#include <QString>

#include <functional>
#include <vector>

namespace custos::crypto::byokdetail {

struct EcCurve
{
    const char* name; // ours and OpenSSL's group name
    int nid;
    QByteArray oid; // DER OBJECT IDENTIFIER, the value of CKA_EC_PARAMS
    int fieldBytes;
};
const EcCurve* findEcCurveByOid(const QByteArray& oid); // P-256, P-384, P-521; null otherwise

// DER OCTET STRING around an uncompressed point, as CKA_EC_POINT wants it (PKCS#11 2.40).
QByteArray ecPointOctetString(const QByteArray& point);

// The public point 04||X||Y of the EC private key `privateKey` (SoftHSM2 does not expose it):
// x from CKM_ECDH1_DERIVE against the base point into a short-lived non-sensitive session key
// (x is public), y the root for which a test signature on the token verifies.
Outcome<QByteArray> deriveEcPublicPoint(Token& token, CK_OBJECT_HANDLE privateKey, const EcCurve& curve);

// Runs the undo actions in reverse order when the scope ends unless dismissed.
class Undo
{
public:
    Undo() = default;
    ~Undo()
    {
        if (m_armed) {
            for (auto it = m_actions.rbegin(); it != m_actions.rend(); ++it)
                (*it)();
        }
    }
    Undo(const Undo&) = delete;
    Undo& operator=(const Undo&) = delete;
    void add(std::function<void()> action) { m_actions.push_back(std::move(action)); }
    void dismiss() { m_armed = false; }

private:
    std::vector<std::function<void()>> m_actions;
    bool m_armed = true;
};

} // namespace custos::crypto::byokdetail
