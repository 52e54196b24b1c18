#pragma once

#include <cstddef>
#include <span>
#include <string_view>

namespace custos::crypto {

// Move-only storage for secret bytes (passphrases, PINs, keys, shares) in OpenSSL's secure heap
// when it is initialised, wiped with OPENSSL_cleanse on destruction and clear(). It never converts
// implicitly to QByteArray or QString: implicit sharing would defeat the wipe.
class SecureBuffer
{
public:
    SecureBuffer() = default;
    explicit SecureBuffer(std::size_t size); // zero-filled
    SecureBuffer(const void* data, std::size_t size);
    static SecureBuffer fromString(std::string_view text) { return SecureBuffer(text.data(), text.size()); }
    ~SecureBuffer();

    SecureBuffer(SecureBuffer&& other) noexcept;
    SecureBuffer& operator=(SecureBuffer&& other) noexcept;
    SecureBuffer(const SecureBuffer&) = delete;
    SecureBuffer& operator=(const SecureBuffer&) = delete;

    SecureBuffer clone() const;

    unsigned char* data() { return m_data; }
    const unsigned char* data() const { return m_data; }
    const char* chars() const { return reinterpret_cast<const char*>(m_data); }
    std::size_t size() const { return m_size; }
    bool isEmpty() const { return m_size == 0; }
    std::span<const unsigned char> bytes() const { return {m_data, m_size}; }

    // Drops trailing '\n' and '\r' in place (a passphrase file's first line); wipes what it drops.
    void chopLineEnd();
    void resize(std::size_t newSize); // keeps the prefix, wipes the old storage
    void clear();                     // wipes and frees

    // Constant time for equal sizes.
    bool equals(const SecureBuffer& other) const;

private:
    unsigned char* m_data = nullptr;
    std::size_t m_size = 0;
};

} // namespace custos::crypto
