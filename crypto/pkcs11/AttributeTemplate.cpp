#include "AttributeTemplate.h"

namespace custos::crypto {

AttributeTemplate& AttributeTemplate::add(CK_ATTRIBUTE_TYPE type, void* value, std::size_t size)
{
    m_attributes.push_back(CK_ATTRIBUTE{type, value, static_cast<CK_ULONG>(size)});
    return *this;
}

AttributeTemplate& AttributeTemplate::addBool(CK_ATTRIBUTE_TYPE type, bool value)
{
    m_bools.push_back(value ? CK_TRUE : CK_FALSE);
    return add(type, &m_bools.back(), sizeof(CK_BBOOL));
}

AttributeTemplate& AttributeTemplate::addUlong(CK_ATTRIBUTE_TYPE type, CK_ULONG value)
{
    m_ulongs.push_back(value);
    return add(type, &m_ulongs.back(), sizeof(CK_ULONG));
}

AttributeTemplate& AttributeTemplate::addBytes(CK_ATTRIBUTE_TYPE type, const QByteArray& value)
{
    m_bytes.push_back(value);
    // The module only reads template values; the cast is the C API's, not a write.
    return add(type, value.isEmpty() ? nullptr : const_cast<char*>(m_bytes.back().constData()),
               static_cast<std::size_t>(value.size()));
}

AttributeTemplate& AttributeTemplate::addText(CK_ATTRIBUTE_TYPE type, const QString& value)
{
    return addBytes(type, value.toUtf8());
}

AttributeTemplate& AttributeTemplate::addSecret(CK_ATTRIBUTE_TYPE type, const SecureBuffer& value)
{
    return add(type, const_cast<unsigned char*>(value.data()), value.size());
}

} // namespace custos::crypto
