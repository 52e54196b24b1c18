#pragma once

#include "crypto/Outcome.h"
#include "crypto/SecureBuffer.h"

#include <QList>
#include <QString>

#include <memory>

#include <p11-kit/pkcs11.h>

namespace custos::crypto {

struct SlotInfo
{
    CK_SLOT_ID id = 0;
    bool tokenPresent = false;
    bool tokenInitialized = false;
    QString tokenLabel; // trailing blanks removed
    QString manufacturer;
    QString model;
    QString serial;
};

// A loaded PKCS#11 library: dlopen, C_GetFunctionList, C_Initialize with CKF_OS_LOCKING_OK.
// One instance per library path per process (PKCS#11 allows one C_Initialize): load() returns the
// live instance if there is one; C_Finalize and dlclose run when the last reference goes.
// SoftHSM2 reads SOFTHSM2_CONF at C_Initialize, so set it before the first load.
class Pkcs11Module
{
public:
    static Outcome<std::shared_ptr<Pkcs11Module>> load(const QString& libraryPath);
    ~Pkcs11Module();
    Pkcs11Module(const Pkcs11Module&) = delete;
    Pkcs11Module& operator=(const Pkcs11Module&) = delete;

    CK_FUNCTION_LIST* functions() const { return m_functions; }
    QString path() const { return m_path; }

    Outcome<QList<SlotInfo>> slotList() const;                            // slots with a token present
    Outcome<CK_SLOT_ID> findSlotByTokenLabel(const QString& label) const; // NotFound names the label
    Outcome<CK_SLOT_ID> findUninitializedSlot() const;                    // SoftHSM2's free slot
    // C_InitToken. Slot ids may change afterwards (SoftHSM2): find the token again by label.
    Outcome<void> initToken(CK_SLOT_ID slot, const SecureBuffer& soPin, const QString& label) const;

private:
    Pkcs11Module() = default;
    QString m_path;
    void* m_library = nullptr;
    CK_FUNCTION_LIST* m_functions = nullptr;
};

// "C_Login failed: CKR_PIN_INCORRECT (0xa0)"; the CKR_ name table lives in Pkcs11Error.cpp.
// The token's conditions (device error, token removed, session closed, PIN expired, not logged in)
// get a sentence naming the condition, the code and the call, and what to do:
// "the token reported a device error (CKR_DEVICE_ERROR) during C_Sign: ...".
QString ckrName(CK_RV rv);
Error pkcs11Error(const char* operation, CK_RV rv);

// A code about the token's state rather than the caller's input: such a failure is reported as it
// is (pkcs11Error), even where input errors are deliberately vague ("decryption failed").
bool isTokenCondition(CK_RV rv);
// The token may have dropped the calling thread's session (device error, removal, closed session).
bool mayEndSession(CK_RV rv);
// pkcs11Error notes such a code for the calling thread; Token::session() takes the note and checks
// its session before the next use, opening (and logging in) a new one if it is gone.
void noteSessionSuspect(CK_RV rv);
bool takeSessionSuspect();

} // namespace custos::crypto
