// ImportedKey's copies: every member as is, the private key cloned into secure memory.
#include "KeyFile.h"

namespace custos::crypto::import {

ImportedKey::ImportedKey(const ImportedKey& other)
    : label(other.label), kind(other.kind), bits(other.bits), curve(other.curve), privateKey(other.privateKey.clone()),
      publicKeyDer(other.publicKeyDer), certificateDer(other.certificateDer), chainDer(other.chainDer),
      keyOps(other.keyOps)
{
}

ImportedKey& ImportedKey::operator=(const ImportedKey& other)
{
    if (this != &other)
        *this = ImportedKey(other);
    return *this;
}

} // namespace custos::crypto::import
