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
    std::lock_guard lock(m_mutex);
    if (const auto it = m_sessions.find(thread); it != m_sessions.end())
        return it->second;
    CK_SESSION_HANDLE handle = CK_INVALID_HANDLE;
    const CK_RV rv =
        m_module->functions()->C_OpenSession(m_slot, CKF_SERIAL_SESSION | CKF_RW_SESSION, nullptr, nullptr, &handle);
    if (rv != CKR_OK)
        return pkcs11Error("C_OpenSession", rv);
    // A thread id can be reused after its thread ended; the session then passes to the new thread,
    // which is still one thread at a time.
    m_sessions.emplace(thread, handle);
    return handle;
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
    return {};
}

Outcome<void> Token::logout()
{
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
