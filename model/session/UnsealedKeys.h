#pragma once

#include <QHash>
#include <QString>

#include <memory>
#include <mutex>

namespace custos::crypto {
class SoftwareKey;
} // namespace custos::crypto

namespace custos::model {

// The software keys this session has unsealed, by version id (issue 3): unsealed on first use on
// the token thread, held in secure memory (SoftwareKey) while the session is logged in, wiped at
// logout. Thread-safe. A key in use by a running operation stays alive until that operation ends
// (shared ownership), then is freed with its private parts cleared.
class UnsealedKeys
{
public:
    UnsealedKeys() = default;
    UnsealedKeys(const UnsealedKeys&) = delete;
    UnsealedKeys& operator=(const UnsealedKeys&) = delete;

    std::shared_ptr<const crypto::SoftwareKey> find(const QString& versionId) const;
    // Bumped by every clear(): a key unsealed before a logout must not be stored after it.
    quint64 generation() const;
    // Keeps `key` unless the cache was cleared since `generation` was read, or another thread
    // stored this version first (then that one is returned). Always returns a usable key.
    std::shared_ptr<const crypto::SoftwareKey>
    insert(const QString& versionId, std::shared_ptr<const crypto::SoftwareKey> key, quint64 generation);
    void remove(const QString& versionId);
    void clear(); // drops (and so wipes) every key no operation still uses
    int size() const;

private:
    mutable std::mutex m_mutex;
    QHash<QString, std::shared_ptr<const crypto::SoftwareKey>> m_keys;
    quint64 m_generation = 0;
};

} // namespace custos::model
