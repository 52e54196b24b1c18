#include "SecureBuffer.h"

#include <openssl/crypto.h>

#include <cstring>
#include <new>
#include <utility>

namespace custos::crypto {

namespace {
unsigned char* allocate(std::size_t size)
{
    if (size == 0)
        return nullptr;
    // Falls back to the normal heap when the secure heap is not initialised or is full;
    // OPENSSL_secure_clear_free wipes and frees either kind.
    auto* p = static_cast<unsigned char*>(OPENSSL_secure_zalloc(size));
    if (!p)
        p = static_cast<unsigned char*>(OPENSSL_zalloc(size));
    if (!p)
        throw std::bad_alloc();
    return p;
}
} // namespace

SecureBuffer::SecureBuffer(std::size_t size) : m_data(allocate(size)), m_size(size) {}

SecureBuffer::SecureBuffer(const void* data, std::size_t size) : SecureBuffer(size)
{
    if (size)
        std::memcpy(m_data, data, size);
}

SecureBuffer::~SecureBuffer()
{
    clear();
}

SecureBuffer::SecureBuffer(SecureBuffer&& other) noexcept
    : m_data(std::exchange(other.m_data, nullptr)), m_size(std::exchange(other.m_size, 0))
{
}

SecureBuffer& SecureBuffer::operator=(SecureBuffer&& other) noexcept
{
    if (this != &other) {
        clear();
        m_data = std::exchange(other.m_data, nullptr);
        m_size = std::exchange(other.m_size, 0);
    }
    return *this;
}

SecureBuffer SecureBuffer::clone() const
{
    return SecureBuffer(m_data, m_size);
}

void SecureBuffer::chopLineEnd()
{
    std::size_t n = m_size;
    while (n > 0 && (m_data[n - 1] == '\n' || m_data[n - 1] == '\r'))
        --n;
    if (n != m_size)
        resize(n);
}

void SecureBuffer::resize(std::size_t newSize)
{
    if (newSize == m_size)
        return;
    SecureBuffer replacement(newSize);
    if (m_size && newSize)
        std::memcpy(replacement.m_data, m_data, std::min(m_size, newSize));
    *this = std::move(replacement);
}

void SecureBuffer::clear()
{
    if (m_data)
        OPENSSL_secure_clear_free(m_data, m_size);
    m_data = nullptr;
    m_size = 0;
}

bool SecureBuffer::equals(const SecureBuffer& other) const
{
    if (m_size != other.m_size)
        return false;
    return m_size == 0 || CRYPTO_memcmp(m_data, other.m_data, m_size) == 0;
}

} // namespace custos::crypto
