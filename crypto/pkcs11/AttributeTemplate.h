#pragma once

// Private to crypto/pkcs11: a CK_ATTRIBUTE array that owns the values it points to, so a template
// can be built in steps without dangling pointers.

#include "crypto/SecureBuffer.h"

#include <QByteArray>
#include <QString>

#include <deque>
#include <vector>

#include <p11-kit/pkcs11.h>

namespace custos::crypto {

class AttributeTemplate
{
public:
    AttributeTemplate() = default;
    // Attributes point into the owned deques; a copy would point into the original's.
    AttributeTemplate(const AttributeTemplate&) = delete;
    AttributeTemplate& operator=(const AttributeTemplate&) = delete;

    AttributeTemplate& addBool(CK_ATTRIBUTE_TYPE type, bool value);
    AttributeTemplate& addUlong(CK_ATTRIBUTE_TYPE type, CK_ULONG value);
    AttributeTemplate& addBytes(CK_ATTRIBUTE_TYPE type, const QByteArray& value);
    AttributeTemplate& addText(CK_ATTRIBUTE_TYPE type, const QString& value); // UTF-8, not padded
    // Not copied: `value` must outlive the template, so secrets stay in secure memory only.
    AttributeTemplate& addSecret(CK_ATTRIBUTE_TYPE type, const SecureBuffer& value);

    CK_ATTRIBUTE* data() { return m_attributes.data(); }
    CK_ULONG count() const { return static_cast<CK_ULONG>(m_attributes.size()); }
    const std::vector<CK_ATTRIBUTE>& attributes() const { return m_attributes; }

private:
    AttributeTemplate& add(CK_ATTRIBUTE_TYPE type, void* value, std::size_t size);

    std::vector<CK_ATTRIBUTE> m_attributes;
    std::deque<CK_BBOOL> m_bools;
    std::deque<CK_ULONG> m_ulongs;
    std::deque<QByteArray> m_bytes;
};

} // namespace custos::crypto
