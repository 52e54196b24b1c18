#include "Pkcs11Module.h"

#include "Pkcs11Text.h"
#include "crypto/ThreadGuard.h"

#include <QFile>

#include <condition_variable>
#include <map>
#include <mutex>
#include <vector>

#include <dlfcn.h>

namespace custos::crypto {

namespace {
// One C_Initialize per library per process, keyed by dlopen handle so that two paths of the same
// file (a symlink) share it. An entry exists from C_Initialize until C_Finalize has returned, so a
// load() racing the last release waits instead of initialising a library that is being finalised.
struct Registry
{
    std::mutex mutex;
    std::condition_variable finalized;
    std::map<void*, std::weak_ptr<Pkcs11Module>> entries;
};

// Never destroyed: a module released during static destruction still finds its registry.
Registry& registry()
{
    static Registry* instance = new Registry;
    return *instance;
}

QString dlerrorText()
{
    const char* text = dlerror();
    return text ? QString::fromLocal8Bit(text) : QStringLiteral("unknown error");
}
} // namespace

Outcome<std::shared_ptr<Pkcs11Module>> Pkcs11Module::load(const QString& libraryPath)
{
    checkNotOnGuardedThread("loading a PKCS#11 module");
    Registry& reg = registry();
    std::unique_lock lock(reg.mutex);
    void* library = dlopen(QFile::encodeName(libraryPath).constData(), RTLD_NOW | RTLD_LOCAL);
    if (!library)
        return makeError(ErrorKind::Failed,
                         QStringLiteral("cannot load PKCS#11 module %1: %2").arg(libraryPath, dlerrorText()));
    if (const auto it = reg.entries.find(library); it != reg.entries.end()) {
        if (auto existing = it->second.lock()) {
            dlclose(library); // drops only the reference taken above
            return existing;
        }
    }
    reg.finalized.wait(lock, [&reg, library] { return !reg.entries.contains(library); });
    auto getFunctionList = reinterpret_cast<CK_C_GetFunctionList>(dlsym(library, "C_GetFunctionList"));
    if (!getFunctionList) {
        dlclose(library);
        return makeError(ErrorKind::Failed,
                         QStringLiteral("%1 is not a PKCS#11 module: no C_GetFunctionList").arg(libraryPath));
    }
    CK_FUNCTION_LIST* functions = nullptr;
    if (const CK_RV rv = getFunctionList(&functions); rv != CKR_OK || !functions) {
        dlclose(library);
        return rv != CKR_OK ? pkcs11Error("C_GetFunctionList", rv)
                            : makeError(ErrorKind::Failed, QStringLiteral("C_GetFunctionList returned no list"));
    }
    // Native OS locking: the engine calls the module from worker threads.
    CK_C_INITIALIZE_ARGS args{};
    args.flags = CKF_OS_LOCKING_OK;
    if (const CK_RV rv = functions->C_Initialize(&args); rv != CKR_OK) {
        dlclose(library);
        // CKR_CRYPTOKI_ALREADY_INITIALIZED: another component of this process owns the library.
        return pkcs11Error("C_Initialize", rv);
    }

    std::shared_ptr<Pkcs11Module> module(new Pkcs11Module);
    module->m_path = libraryPath;
    module->m_library = library;
    module->m_functions = functions;
    reg.entries[library] = module;
    return module;
}

Pkcs11Module::~Pkcs11Module()
{
    Registry& reg = registry();
    std::lock_guard lock(reg.mutex);
    m_functions->C_Finalize(nullptr);
    reg.entries.erase(m_library);
    dlclose(m_library);
    reg.finalized.notify_all();
}

Outcome<QList<SlotInfo>> Pkcs11Module::slotList() const
{
    std::vector<CK_SLOT_ID> ids;
    CK_RV rv = CKR_OK;
    // The list can grow between the two calls (SoftHSM2 adds a free slot after C_InitToken).
    do {
        CK_ULONG count = 0;
        rv = m_functions->C_GetSlotList(CK_TRUE, nullptr, &count);
        if (rv != CKR_OK)
            return pkcs11Error("C_GetSlotList", rv);
        ids.resize(count);
        if (count == 0)
            break;
        rv = m_functions->C_GetSlotList(CK_TRUE, ids.data(), &count);
        ids.resize(count);
    } while (rv == CKR_BUFFER_TOO_SMALL);
    if (rv != CKR_OK)
        return pkcs11Error("C_GetSlotList", rv);

    QList<SlotInfo> result;
    for (const CK_SLOT_ID id : ids) {
        CK_TOKEN_INFO info{};
        rv = m_functions->C_GetTokenInfo(id, &info);
        if (rv == CKR_TOKEN_NOT_PRESENT || rv == CKR_TOKEN_NOT_RECOGNIZED)
            continue; // removed or unusable since C_GetSlotList
        if (rv != CKR_OK)
            return pkcs11Error("C_GetTokenInfo", rv);
        SlotInfo slot;
        slot.id = id;
        slot.tokenPresent = true;
        slot.tokenInitialized = (info.flags & CKF_TOKEN_INITIALIZED) != 0;
        slot.tokenLabel = pkcs11text::fromPadded(info.label, sizeof info.label);
        slot.manufacturer = pkcs11text::fromPadded(info.manufacturerID, sizeof info.manufacturerID);
        slot.model = pkcs11text::fromPadded(info.model, sizeof info.model);
        slot.serial = pkcs11text::fromPadded(info.serialNumber, sizeof info.serialNumber);
        result << slot;
    }
    return result;
}

Outcome<CK_SLOT_ID> Pkcs11Module::findSlotByTokenLabel(const QString& label) const
{
    auto slotsOutcome = slotList();
    if (!slotsOutcome)
        return slotsOutcome.error();
    for (const SlotInfo& slot : slotsOutcome.value()) {
        if (slot.tokenInitialized && slot.tokenLabel == label)
            return slot.id;
    }
    return makeError(ErrorKind::NotFound, QStringLiteral("no token labelled \"%1\" in %2").arg(label, m_path));
}

Outcome<CK_SLOT_ID> Pkcs11Module::findUninitializedSlot() const
{
    auto slotsOutcome = slotList();
    if (!slotsOutcome)
        return slotsOutcome.error();
    for (const SlotInfo& slot : slotsOutcome.value()) {
        if (!slot.tokenInitialized)
            return slot.id;
    }
    return makeError(ErrorKind::NotFound, QStringLiteral("no uninitialised token in %1").arg(m_path));
}

Outcome<void> Pkcs11Module::initToken(CK_SLOT_ID slot, const SecureBuffer& soPin, const QString& label) const
{
    const auto padded = pkcs11text::paddedLabel(label);
    if (!padded)
        return makeError(ErrorKind::Invalid, QStringLiteral("token label \"%1\" is longer than 32 bytes").arg(label));
    if (label.trimmed().isEmpty())
        return makeError(ErrorKind::Invalid, QStringLiteral("token label must not be empty"));
    // The PKCS#11 API takes non-const pointers for input it only reads.
    const CK_RV rv = m_functions->C_InitToken(slot, const_cast<CK_UTF8CHAR*>(soPin.data()), soPin.size(),
                                              reinterpret_cast<CK_UTF8CHAR*>(const_cast<char*>(padded->constData())));
    if (rv != CKR_OK)
        return pkcs11Error("C_InitToken", rv);
    return {};
}

} // namespace custos::crypto
