#include "UnsealedKeys.h"

#include "crypto/keys/software/SoftwareKey.h"

namespace custos::model {

std::shared_ptr<const crypto::SoftwareKey> UnsealedKeys::find(const QString& versionId) const
{
    std::lock_guard lock(m_mutex);
    return m_keys.value(versionId);
}

quint64 UnsealedKeys::generation() const
{
    std::lock_guard lock(m_mutex);
    return m_generation;
}

std::shared_ptr<const crypto::SoftwareKey>
UnsealedKeys::insert(const QString& versionId, std::shared_ptr<const crypto::SoftwareKey> key, quint64 generation)
{
    std::lock_guard lock(m_mutex);
    if (generation != m_generation)
        return key; // usable for the operation that unsealed it, not kept
    auto it = m_keys.find(versionId);
    if (it != m_keys.end())
        return it.value();
    m_keys.insert(versionId, key);
    return key;
}

void UnsealedKeys::remove(const QString& versionId)
{
    std::shared_ptr<const crypto::SoftwareKey> dropped;
    std::lock_guard lock(m_mutex);
    dropped = m_keys.take(versionId);
}

void UnsealedKeys::clear()
{
    QHash<QString, std::shared_ptr<const crypto::SoftwareKey>> dropped;
    {
        std::lock_guard lock(m_mutex);
        dropped.swap(m_keys);
        ++m_generation;
    }
    // `dropped` goes out of scope here, outside the lock: each SoftwareKey wipes itself.
}

int UnsealedKeys::size() const
{
    std::lock_guard lock(m_mutex);
    return static_cast<int>(m_keys.size());
}

} // namespace custos::model
