// The fault-injecting PKCS#11 shim (FaultShim.h): every function forwards to the real module unless
// a rule fails or stalls the call. Test-only; nothing in it is secret-aware beyond wiping the
// scratch output of an operation it ends.

#include "FaultShim.h"

#include <p11-kit/pkcs11.h>

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <mutex>
#include <string>
#include <string_view>
#include <tuple>
#include <type_traits>
#include <vector>

#include <dlfcn.h>

#define SHIM_EXPORT __attribute__((visibility("default")))

namespace {

// What the first argument of a function names: nothing, a slot or a session.
enum class Kind { Global, Slot, Session };

// Every entry of CK_FUNCTION_LIST in its order, with the kind of its first argument.
#define SHIM_FUNCTIONS(X)                                                                                              \
    X(C_Initialize, Global)                                                                                            \
    X(C_Finalize, Global)                                                                                              \
    X(C_GetInfo, Global)                                                                                               \
    X(C_GetFunctionList, Global)                                                                                       \
    X(C_GetSlotList, Global)                                                                                           \
    X(C_GetSlotInfo, Slot)                                                                                             \
    X(C_GetTokenInfo, Slot)                                                                                            \
    X(C_GetMechanismList, Slot)                                                                                        \
    X(C_GetMechanismInfo, Slot)                                                                                        \
    X(C_InitToken, Slot)                                                                                               \
    X(C_InitPIN, Session)                                                                                              \
    X(C_SetPIN, Session)                                                                                               \
    X(C_OpenSession, Slot)                                                                                             \
    X(C_CloseSession, Session)                                                                                         \
    X(C_CloseAllSessions, Slot)                                                                                        \
    X(C_GetSessionInfo, Session)                                                                                       \
    X(C_GetOperationState, Session)                                                                                    \
    X(C_SetOperationState, Session)                                                                                    \
    X(C_Login, Session)                                                                                                \
    X(C_Logout, Session)                                                                                               \
    X(C_CreateObject, Session)                                                                                         \
    X(C_CopyObject, Session)                                                                                           \
    X(C_DestroyObject, Session)                                                                                        \
    X(C_GetObjectSize, Session)                                                                                        \
    X(C_GetAttributeValue, Session)                                                                                    \
    X(C_SetAttributeValue, Session)                                                                                    \
    X(C_FindObjectsInit, Session)                                                                                      \
    X(C_FindObjects, Session)                                                                                          \
    X(C_FindObjectsFinal, Session)                                                                                     \
    X(C_EncryptInit, Session)                                                                                          \
    X(C_Encrypt, Session)                                                                                              \
    X(C_EncryptUpdate, Session)                                                                                        \
    X(C_EncryptFinal, Session)                                                                                         \
    X(C_DecryptInit, Session)                                                                                          \
    X(C_Decrypt, Session)                                                                                              \
    X(C_DecryptUpdate, Session)                                                                                        \
    X(C_DecryptFinal, Session)                                                                                         \
    X(C_DigestInit, Session)                                                                                           \
    X(C_Digest, Session)                                                                                               \
    X(C_DigestUpdate, Session)                                                                                         \
    X(C_DigestKey, Session)                                                                                            \
    X(C_DigestFinal, Session)                                                                                          \
    X(C_SignInit, Session)                                                                                             \
    X(C_Sign, Session)                                                                                                 \
    X(C_SignUpdate, Session)                                                                                           \
    X(C_SignFinal, Session)                                                                                            \
    X(C_SignRecoverInit, Session)                                                                                      \
    X(C_SignRecover, Session)                                                                                          \
    X(C_VerifyInit, Session)                                                                                           \
    X(C_Verify, Session)                                                                                               \
    X(C_VerifyUpdate, Session)                                                                                         \
    X(C_VerifyFinal, Session)                                                                                          \
    X(C_VerifyRecoverInit, Session)                                                                                    \
    X(C_VerifyRecover, Session)                                                                                        \
    X(C_DigestEncryptUpdate, Session)                                                                                  \
    X(C_DecryptDigestUpdate, Session)                                                                                  \
    X(C_SignEncryptUpdate, Session)                                                                                    \
    X(C_DecryptVerifyUpdate, Session)                                                                                  \
    X(C_GenerateKey, Session)                                                                                          \
    X(C_GenerateKeyPair, Session)                                                                                      \
    X(C_WrapKey, Session)                                                                                              \
    X(C_UnwrapKey, Session)                                                                                            \
    X(C_DeriveKey, Session)                                                                                            \
    X(C_SeedRandom, Session)                                                                                           \
    X(C_GenerateRandom, Session)                                                                                       \
    X(C_GetFunctionStatus, Session)                                                                                    \
    X(C_CancelFunction, Session)                                                                                       \
    X(C_WaitForSlotEvent, Global)

enum FunctionIndex : int {
#define SHIM_INDEX(name, kind) k_##name,
    SHIM_FUNCTIONS(SHIM_INDEX)
#undef SHIM_INDEX
        kFunctionCount
};

constexpr const char* kNames[] = {
#define SHIM_NAME(name, kind) #name,
    SHIM_FUNCTIONS(SHIM_NAME)
#undef SHIM_NAME
};

constexpr Kind kKinds[] = {
#define SHIM_KIND(name, kind) Kind::kind,
    SHIM_FUNCTIONS(SHIM_KIND)
#undef SHIM_KIND
};

constexpr int kAnyFunction = -1;

int functionIndex(std::string_view name)
{
    if (name == "*")
        return kAnyFunction;
    for (int i = 0; i < kFunctionCount; ++i) {
        if (name == kNames[i])
            return i;
    }
    return -2;
}

struct CodeName
{
    CK_RV rv;
    const char* name;
};

// The codes tests inject, for CUSTOS_FAULTSHIM and the log; others are given as numbers.
constexpr CodeName kCodes[] = {
    {CKR_OK, "CKR_OK"},
    {CKR_GENERAL_ERROR, "CKR_GENERAL_ERROR"},
    {CKR_FUNCTION_FAILED, "CKR_FUNCTION_FAILED"},
    {CKR_DEVICE_ERROR, "CKR_DEVICE_ERROR"},
    {CKR_DEVICE_MEMORY, "CKR_DEVICE_MEMORY"},
    {CKR_DEVICE_REMOVED, "CKR_DEVICE_REMOVED"},
    {CKR_FUNCTION_CANCELED, "CKR_FUNCTION_CANCELED"},
    {CKR_PIN_INCORRECT, "CKR_PIN_INCORRECT"},
    {CKR_PIN_EXPIRED, "CKR_PIN_EXPIRED"},
    {CKR_PIN_LOCKED, "CKR_PIN_LOCKED"},
    {CKR_SESSION_CLOSED, "CKR_SESSION_CLOSED"},
    {CKR_SESSION_HANDLE_INVALID, "CKR_SESSION_HANDLE_INVALID"},
    {CKR_TOKEN_NOT_PRESENT, "CKR_TOKEN_NOT_PRESENT"},
    {CKR_TOKEN_NOT_RECOGNIZED, "CKR_TOKEN_NOT_RECOGNIZED"},
    {CKR_USER_NOT_LOGGED_IN, "CKR_USER_NOT_LOGGED_IN"},
    {CKR_HOST_MEMORY, "CKR_HOST_MEMORY"},
};

std::string codeName(CK_RV rv)
{
    for (const CodeName& code : kCodes) {
        if (code.rv == rv)
            return code.name;
    }
    char text[32];
    std::snprintf(text, sizeof text, "0x%lx", rv);
    return text;
}

bool parseCode(const std::string& text, CK_RV* rv)
{
    for (const CodeName& code : kCodes) {
        if (text == code.name) {
            *rv = code.rv;
            return true;
        }
    }
    char* end = nullptr;
    const unsigned long value = std::strtoul(text.c_str(), &end, 0);
    if (text.empty() || *end != '\0')
        return false;
    *rv = value;
    return true;
}

struct Rule
{
    int function = kAnyFunction;
    unsigned long nth = 1; // 0: every call
    CK_RV rv = CKR_OK;
    unsigned stallMs = 0;
    bool after = false;
    unsigned long seen = 0;
    bool spent = false;
};

struct Decision
{
    bool fail = false;
    CK_RV rv = CKR_OK;
    unsigned stallMs = 0;
    bool after = false;
};

struct State
{
    std::mutex mutex;
    std::condition_variable wake; // ends stalls early on clear()
    unsigned long generation = 0; // bumped by clear()
    std::vector<Rule> rules;
    std::atomic<unsigned long> calls[kFunctionCount] = {};
    std::atomic<unsigned long> fired{0};
    std::atomic<unsigned long> stalling{0}; // calls inside a stall right now
    std::atomic<bool> removed{false};
    void* library = nullptr;
    CK_FUNCTION_LIST* real = nullptr;
    CK_FUNCTION_LIST list{};
};

// Never destroyed: a call racing process exit still finds it.
State& state()
{
    static State* instance = new State;
    return *instance;
}

int addRule(const char* function, unsigned long nth, unsigned long rv, unsigned stallMs, bool after)
{
    const int index = functionIndex(function ? function : "");
    if (index < kAnyFunction)
        return -1;
    State& s = state();
    std::lock_guard lock(s.mutex);
    Rule rule;
    rule.function = index;
    rule.nth = nth;
    rule.rv = rv;
    rule.stallMs = stallMs;
    rule.after = after;
    s.rules.push_back(rule);
    return 0;
}

// FUNCTION:NTH:RV[:STALL_MS[:after]] separated by ';'. A malformed rule is reported and skipped.
void parseEnvironmentRules()
{
    const char* text = std::getenv("CUSTOS_FAULTSHIM");
    if (!text || !*text)
        return;
    std::string all(text);
    std::size_t start = 0;
    while (start <= all.size()) {
        const std::size_t end = std::min(all.find(';', start), all.size());
        const std::string spec = all.substr(start, end - start);
        start = end + 1;
        if (spec.empty())
            continue;
        std::vector<std::string> parts;
        std::size_t from = 0;
        while (true) {
            const std::size_t colon = spec.find(':', from);
            parts.push_back(spec.substr(from, colon == std::string::npos ? std::string::npos : colon - from));
            if (colon == std::string::npos)
                break;
            from = colon + 1;
        }
        CK_RV rv = CKR_OK;
        char* nthEnd = nullptr;
        const unsigned long nth = parts.size() >= 2 ? std::strtoul(parts[1].c_str(), &nthEnd, 10) : 0;
        const bool valid = parts.size() >= 3 && parts.size() <= 5 && nthEnd && *nthEnd == '\0' &&
                           parseCode(parts[2], &rv) && (parts.size() < 5 || parts[4] == "after");
        const unsigned stall =
            parts.size() >= 4 ? static_cast<unsigned>(std::strtoul(parts[3].c_str(), nullptr, 10)) : 0;
        if (!valid || addRule(parts[0].c_str(), nth, rv, stall, parts.size() == 5) != 0)
            std::fprintf(stderr, "custos_pkcs11_faultshim: ignoring malformed CUSTOS_FAULTSHIM rule \"%s\"\n",
                         spec.c_str());
    }
}

void logFault(int index, CK_RV rv)
{
    const char* path = std::getenv("CUSTOS_FAULTSHIM_LOG");
    if (!path || !*path)
        return;
    if (FILE* file = std::fopen(path, "a")) {
        std::fprintf(file, "%s %s\n", kNames[index], codeName(rv).c_str());
        std::fclose(file);
    }
}

// Counts the call and applies the first rule that matches it.
Decision decide(int index)
{
    State& s = state();
    s.calls[index].fetch_add(1);
    Decision decision;
    std::lock_guard lock(s.mutex);
    for (Rule& rule : s.rules) {
        if (rule.spent || (rule.function != kAnyFunction && rule.function != index))
            continue;
        rule.seen += 1;
        if (rule.nth != 0 && rule.seen != rule.nth)
            continue;
        if (rule.nth != 0)
            rule.spent = true;
        decision.fail = rule.rv != CKR_OK;
        decision.rv = rule.rv;
        decision.stallMs = rule.stallMs;
        decision.after = rule.after;
        break;
    }
    return decision;
}

void stall(unsigned ms)
{
    State& s = state();
    s.stalling.fetch_add(1);
    {
        std::unique_lock lock(s.mutex);
        const unsigned long generation = s.generation;
        s.wake.wait_for(lock, std::chrono::milliseconds(ms), [&s, generation] { return s.generation != generation; });
    }
    s.stalling.fetch_sub(1);
}

// Every session of the real module ends: what pulling the token does.
void closeAllRealSessions()
{
    State& s = state();
    if (!s.real)
        return;
    CK_ULONG count = 0;
    if (s.real->C_GetSlotList(CK_FALSE, nullptr, &count) != CKR_OK || count == 0)
        return;
    std::vector<CK_SLOT_ID> slots(count);
    if (s.real->C_GetSlotList(CK_FALSE, slots.data(), &count) != CKR_OK)
        return;
    for (CK_ULONG i = 0; i < count; ++i)
        s.real->C_CloseAllSessions(slots[i]);
}

// What the injected code means for the token's state (FaultShim.h).
void applyConsequences(int index, CK_RV rv, CK_ULONG firstArgument)
{
    State& s = state();
    s.fired.fetch_add(1);
    logFault(index, rv);
    if (rv == CKR_TOKEN_NOT_PRESENT || rv == CKR_DEVICE_REMOVED) {
        s.removed = true;
        closeAllRealSessions();
    } else if ((rv == CKR_SESSION_HANDLE_INVALID || rv == CKR_SESSION_CLOSED) && kKinds[index] == Kind::Session &&
               s.real) {
        s.real->C_CloseSession(firstArgument);
    }
}

template <typename... Args>
CK_ULONG firstArgument(Args... args)
{
    if constexpr (sizeof...(Args) == 0) {
        return 0;
    } else {
        using First = std::tuple_element_t<0, std::tuple<Args...>>;
        if constexpr (std::is_integral_v<First>)
            return static_cast<CK_ULONG>(std::get<0>(std::tuple<Args...>(args...)));
        else
            return 0;
    }
}

template <int Index>
auto realFunction();
#define SHIM_REAL(name, kind)                                                                                          \
    template <>                                                                                                        \
    auto realFunction<k_##name>()                                                                                      \
    {                                                                                                                  \
        return state().real->name;                                                                                     \
    }
SHIM_FUNCTIONS(SHIM_REAL)
#undef SHIM_REAL

// A failed single-part operation ends it (PKCS#11 2.40, 5.2): run it to its end in the real module
// into a scratch buffer, which is wiped, so the token's state matches the failure the caller sees.
template <int Index, typename... Args>
void endOperation(Args... args)
{
    if constexpr (Index == k_C_Sign || Index == k_C_Encrypt || Index == k_C_Decrypt || Index == k_C_Digest) {
        auto [session, input, inputLength, output, outputLength] = std::tuple<Args...>(args...);
        (void)output;
        (void)outputLength;
        auto real = realFunction<Index>();
        CK_ULONG size = 0;
        if (real(session, input, inputLength, nullptr, &size) != CKR_OK)
            return; // an error ends the operation too
        std::vector<unsigned char> scratch(size ? size : 1);
        size = static_cast<CK_ULONG>(scratch.size());
        real(session, input, inputLength, scratch.data(), &size);
        std::memset(scratch.data(), 0, scratch.size());
    } else if constexpr (Index == k_C_Verify || Index == k_C_VerifyFinal) {
        realFunction<Index>()(args...);
    }
}

bool tokenCall(int index)
{
    return kKinds[index] != Kind::Global && index != k_C_CloseSession && index != k_C_CloseAllSessions;
}

template <int Index, typename Fn>
struct Shim;

template <int Index, typename... Args>
struct Shim<Index, CK_RV (*)(Args...)>
{
    static CK_RV call(Args... args)
    {
        State& s = state();
        if (!s.real)
            return CKR_CRYPTOKI_NOT_INITIALIZED;
        const Decision decision = decide(Index);
        if (decision.stallMs)
            stall(decision.stallMs);
        if (s.removed && tokenCall(Index))
            return CKR_TOKEN_NOT_PRESENT;
        if (!decision.fail)
            return realFunction<Index>()(args...);
        if (decision.after)
            (void)realFunction<Index>()(args...);
        else
            endOperation<Index>(args...);
        applyConsequences(Index, decision.rv, firstArgument(args...));
        return decision.rv;
    }
};

CK_RV shimGetSlotList(CK_BBOOL tokenPresent, CK_SLOT_ID* slots, CK_ULONG* count)
{
    State& s = state();
    if (!s.real)
        return CKR_CRYPTOKI_NOT_INITIALIZED;
    const Decision decision = decide(k_C_GetSlotList);
    if (decision.stallMs)
        stall(decision.stallMs);
    if (decision.fail) {
        applyConsequences(k_C_GetSlotList, decision.rv, 0);
        return decision.rv;
    }
    if (s.removed && tokenPresent) {
        if (!count)
            return CKR_ARGUMENTS_BAD;
        *count = 0;
        return CKR_OK;
    }
    return s.real->C_GetSlotList(tokenPresent, slots, count);
}

CK_RV shimGetFunctionList(CK_FUNCTION_LIST** list);

CK_RV shimInitialize(void* args)
{
    State& s = state();
    s.calls[k_C_Initialize].fetch_add(1);
    if (s.real)
        return CKR_CRYPTOKI_ALREADY_INITIALIZED;
    const char* target = std::getenv("CUSTOS_FAULTSHIM_TARGET");
    if (!target || !*target)
        target = CUSTOS_FAULTSHIM_DEFAULT_TARGET;
    void* library = dlopen(target, RTLD_NOW | RTLD_LOCAL);
    if (!library) {
        std::fprintf(stderr, "custos_pkcs11_faultshim: cannot load %s: %s\n", target, dlerror());
        return CKR_GENERAL_ERROR;
    }
    auto getFunctionList = reinterpret_cast<CK_C_GetFunctionList>(dlsym(library, "C_GetFunctionList"));
    CK_FUNCTION_LIST* real = nullptr;
    if (!getFunctionList || getFunctionList(&real) != CKR_OK || !real) {
        dlclose(library);
        return CKR_GENERAL_ERROR;
    }
    const CK_RV rv = real->C_Initialize(args);
    if (rv != CKR_OK) {
        dlclose(library);
        return rv;
    }
    s.library = library;
    s.real = real;
    parseEnvironmentRules();
    return CKR_OK;
}

CK_RV shimFinalize(void* reserved)
{
    State& s = state();
    s.calls[k_C_Finalize].fetch_add(1);
    if (!s.real)
        return CKR_CRYPTOKI_NOT_INITIALIZED;
    const CK_RV rv = s.real->C_Finalize(reserved);
    s.real = nullptr;
    dlclose(s.library);
    s.library = nullptr;
    return rv;
}

CK_FUNCTION_LIST& functionList()
{
    State& s = state();
    static std::once_flag filled;
    std::call_once(filled, [&s] {
        s.list.version = {2, 40};
#define SHIM_ENTRY(name, kind) s.list.name = &Shim<k_##name, CK_##name>::call;
        SHIM_FUNCTIONS(SHIM_ENTRY)
#undef SHIM_ENTRY
        s.list.C_Initialize = &shimInitialize;
        s.list.C_Finalize = &shimFinalize;
        s.list.C_GetFunctionList = &shimGetFunctionList;
        s.list.C_GetSlotList = &shimGetSlotList;
    });
    return s.list;
}

CK_RV shimGetFunctionList(CK_FUNCTION_LIST** list)
{
    if (!list)
        return CKR_ARGUMENTS_BAD;
    *list = &functionList();
    return CKR_OK;
}

} // namespace

extern "C" {

SHIM_EXPORT CK_RV C_GetFunctionList(CK_FUNCTION_LIST** list)
{
    return shimGetFunctionList(list);
}

SHIM_EXPORT int custos_faultshim_set(const char* function, unsigned long nth, unsigned long rv, unsigned stallMs)
{
    return addRule(function, nth, rv, stallMs, false);
}

SHIM_EXPORT int custos_faultshim_set_after(const char* function, unsigned long nth, unsigned long rv, unsigned stallMs)
{
    return addRule(function, nth, rv, stallMs, true);
}

SHIM_EXPORT void custos_faultshim_clear(void)
{
    State& s = state();
    {
        std::lock_guard lock(s.mutex);
        s.rules.clear();
        s.generation += 1;
    }
    s.wake.notify_all();
    s.removed = false;
    s.fired = 0;
    for (auto& counter : s.calls)
        counter = 0;
}

SHIM_EXPORT unsigned long custos_faultshim_calls(const char* function)
{
    State& s = state();
    const int index = functionIndex(function ? function : "");
    if (index == kAnyFunction) {
        unsigned long total = 0;
        for (const auto& counter : s.calls)
            total += counter.load();
        return total;
    }
    return index >= 0 ? s.calls[index].load() : 0;
}

SHIM_EXPORT unsigned long custos_faultshim_fired(void)
{
    return state().fired.load();
}

SHIM_EXPORT unsigned long custos_faultshim_stalling(void)
{
    return state().stalling.load();
}

SHIM_EXPORT void custos_faultshim_remove_token(void)
{
    State& s = state();
    s.removed = true;
    closeAllRealSessions();
}

SHIM_EXPORT void custos_faultshim_insert_token(void)
{
    state().removed = false;
}

SHIM_EXPORT int custos_faultshim_token_present(void)
{
    return state().removed ? 0 : 1;
}

} // extern "C"
