#include "Token.h"

#include "crypto/ThreadGuard.h"

#include "AttributeTemplate.h"
#include "Pkcs11Objects.h"

namespace custos::crypto {

Outcome<std::unique_ptr<Token>> Token::open(std::shared_ptr<Pkcs11Module> module, const QString& label)
{
    if (!module)
        return makeError(ErrorKind::Invalid, QStringLiteral("no PKCS#11 module"));
    auto slot = module->findSlotByTokenLabel(label);
    if (!slot)
        return slot.error();
    std::unique_ptr<Token> token(new Token);
    token->m_module = std::move(module);
    token->m_slot = slot.value();
    token->m_label = label;
    return token;
}

Token::~Token()
{
    // Closing the application's last session also ends its login (PKCS#11 v2.40, 5.6).
    std::lock_guard lock(m_mutex);
    for (const auto& [thread, handle] : m_sessions)
        m_module->functions()->C_CloseSession(handle);
}

SlotInfo Token::slotInfo() const
{
    if (auto list = m_module->slotList()) {
        for (const SlotInfo& info : list.value()) {
            if (info.id == m_slot)
                return info;
        }
    }
    SlotInfo info;
    info.id = m_slot;
    info.tokenLabel = m_label;
    return info;
}

Outcome<CK_SESSION_HANDLE> Token::session()
{
    checkNotOnGuardedThread("a PKCS#11 call");
    const std::thread::id thread = std::this_thread::get_id();
    const bool suspect = takeSessionSuspect();
    std::lock_guard lock(m_mutex);
    if (const auto it = m_sessions.find(thread); it != m_sessions.end()) {
        if (!suspect)
            return it->second;
        // A call on this thread failed in a way that may have ended the session (issue 10): one
        // C_GetSessionInfo says whether it is still there and still logged in.
        CK_SESSION_INFO info{};
        const CK_SESSION_HANDLE handle = it->second;
        if (m_module->functions()->C_GetSessionInfo(handle, &info) == CKR_OK) {
            if (auto restored = restoreLoginLocked(handle); !restored) {
                noteSessionSuspect(CKR_USER_NOT_LOGGED_IN); // check again at the next call
                return restored.error();
            }
            return handle;
        }
        m_module->functions()->C_CloseSession(handle); // best effort: the token may have closed it
        m_sessions.erase(it);
    }
    return openSessionLocked(thread);
}

Outcome<CK_SESSION_HANDLE> Token::openSessionLocked(std::thread::id thread)
{
    CK_FUNCTION_LIST* f = m_module->functions();
    CK_SESSION_HANDLE handle = CK_INVALID_HANDLE;
    CK_RV rv = f->C_OpenSession(m_slot, CKF_SERIAL_SESSION | CKF_RW_SESSION, nullptr, nullptr, &handle);
    if (rv == CKR_SLOT_ID_INVALID || rv == CKR_TOKEN_NOT_PRESENT || rv == CKR_DEVICE_REMOVED) {
        // A token put back may sit in another slot now.
        if (auto slot = m_module->findSlotByTokenLabel(m_label); slot && slot.value() != m_slot) {
            m_slot = slot.value();
            rv = f->C_OpenSession(m_slot, CKF_SERIAL_SESSION | CKF_RW_SESSION, nullptr, nullptr, &handle);
        }
    }
    if (rv != CKR_OK)
        return pkcs11Error("C_OpenSession", rv);
    if (auto restored = restoreLoginLocked(handle); !restored) {
        f->C_CloseSession(handle); // the next call starts again from a new session
        return restored.error();
    }
    // A thread id can be reused after its thread ended; the session then passes to the new thread,
    // which is still one thread at a time.
    m_sessions.emplace(thread, handle);
    return handle;
}

Outcome<void> Token::restoreLoginLocked(CK_SESSION_HANDLE session)
{
    if (m_userPin.isEmpty())
        return {};
    CK_FUNCTION_LIST* f = m_module->functions();
    CK_SESSION_INFO info{};
    CK_RV rv = f->C_GetSessionInfo(session, &info);
    if (rv != CKR_OK)
        return pkcs11Error("C_GetSessionInfo", rv);
    if (info.state == CKS_RO_USER_FUNCTIONS || info.state == CKS_RW_USER_FUNCTIONS)
        return {};
    // The login ended with the token's last session (removed, reset, or the session was closed).
    rv = f->C_Login(session, CKU_USER, const_cast<CK_UTF8CHAR*>(m_userPin.data()), m_userPin.size());
    if (rv != CKR_OK && rv != CKR_USER_ALREADY_LOGGED_IN)
        return pkcs11Error("C_Login", rv);
    return {};
}

Outcome<void> Token::initUserPin(const SecureBuffer& soPin, const SecureBuffer& userPin)
{
    auto s = session();
    if (!s)
        return s.error();
    CK_FUNCTION_LIST* f = m_module->functions();
    // The module only reads PINs; the casts are the C API's.
    CK_RV rv = f->C_Login(s.value(), CKU_SO, const_cast<CK_UTF8CHAR*>(soPin.data()), soPin.size());
    if (rv != CKR_OK)
        return pkcs11Error("C_Login(SO)", rv);
    rv = f->C_InitPIN(s.value(), const_cast<CK_UTF8CHAR*>(userPin.data()), userPin.size());
    const CK_RV logoutRv = f->C_Logout(s.value());
    if (rv != CKR_OK)
        return pkcs11Error("C_InitPIN", rv);
    if (logoutRv != CKR_OK)
        return pkcs11Error("C_Logout(SO)", logoutRv);
    return {};
}

Outcome<void> Token::login(const SecureBuffer& userPin)
{
    auto s = session();
    if (!s)
        return s.error();
    const CK_RV rv =
        m_module->functions()->C_Login(s.value(), CKU_USER, const_cast<CK_UTF8CHAR*>(userPin.data()), userPin.size());
    if (rv != CKR_OK && rv != CKR_USER_ALREADY_LOGGED_IN)
        return pkcs11Error("C_Login", rv);
    std::lock_guard lock(m_mutex);
    m_userPin = userPin.clone(); // to log a replaced session in again (session())
    return {};
}

Outcome<void> Token::logout()
{
    {
        std::lock_guard lock(m_mutex);
        m_userPin.clear();
    }
    auto s = session();
    if (!s)
        return s.error();
    const CK_RV rv = m_module->functions()->C_Logout(s.value());
    if (rv != CKR_OK && rv != CKR_USER_NOT_LOGGED_IN)
        return pkcs11Error("C_Logout", rv);
    return {};
}

bool Token::isLoggedIn() const
{
    // session() is not const (it may open one); the login state itself is not changed here.
    auto s = const_cast<Token*>(this)->session();
    if (!s)
        return false;
    CK_SESSION_INFO info{};
    if (m_module->functions()->C_GetSessionInfo(s.value(), &info) != CKR_OK)
        return false;
    return info.state == CKS_RO_USER_FUNCTIONS || info.state == CKS_RW_USER_FUNCTIONS;
}

Outcome<CK_OBJECT_HANDLE> Token::findObject(CK_OBJECT_CLASS objectClass, const QByteArray& id)
{
    if (id.isEmpty())
        return makeError(ErrorKind::Invalid, QStringLiteral("empty object id"));
    AttributeTemplate match;
    match.addUlong(CKA_CLASS, objectClass).addBytes(CKA_ID, id);
    auto handle = findCachedObject(p11::objectCacheKey(objectClass, id), match.attributes());
    if (!handle)
        return handle.error();
    if (handle.value() == CK_INVALID_HANDLE)
        return makeError(ErrorKind::NotFound,
                         QStringLiteral("no %1 with id %2 on token \"%3\"")
                             .arg(p11::objectClassName(objectClass), QString::fromLatin1(id.toHex()), m_label));
    return handle;
}

Outcome<CK_OBJECT_HANDLE> Token::findCachedObject(const std::string& cacheKey, const std::vector<CK_ATTRIBUTE>& match)
{
    auto s = session();
    if (!s)
        return s.error();
    CK_FUNCTION_LIST* f = m_module->functions();

    CK_OBJECT_HANDLE cached = CK_INVALID_HANDLE;
    {
        std::lock_guard lock(m_mutex);
        if (const auto it = m_handleCache.find(cacheKey); it != m_handleCache.end())
            cached = it->second;
    }
    // One C_GetAttributeValue proves the handle still names the same object: cheaper than a search,
    // and it catches a destroyed object (CKR_OBJECT_HANDLE_INVALID) as well as a reused handle.
    if (cached != CK_INVALID_HANDLE && p11::matches(f, s.value(), cached, match))
        return cached;

    auto found = p11::findObjects(f, s.value(), match, 1);
    if (!found)
        return found.error();
    std::lock_guard lock(m_mutex);
    if (found->empty()) {
        m_handleCache.erase(cacheKey);
        return CK_OBJECT_HANDLE(CK_INVALID_HANDLE);
    }
    m_handleCache[cacheKey] = found->front();
    return found->front();
}

void Token::forgetCachedHandles(const std::string& cacheKeySuffix)
{
    std::lock_guard lock(m_mutex);
    std::erase_if(m_handleCache,
                  [&cacheKeySuffix](const auto& entry) { return entry.first.ends_with(cacheKeySuffix); });
}

} // namespace custos::crypto
