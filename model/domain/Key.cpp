#include "Key.h"

#include "crypto/keys/JoseAlgorithm.h"

namespace custos::model {

QString KeyRecord::keyResourceId(const QString& vault, const QString& name)
{
    return QStringLiteral("/vaults/%1/keys/%2").arg(vault, name);
}

QString KeyRecord::versionResourceId(const QString& vault, const QString& name, const QString& versionId)
{
    return keyResourceId(vault, name) + QStringLiteral("/versions/") + versionId;
}

QString keyTypeName(crypto::KeyKind kind)
{
    return crypto::keyKindName(kind);
}

bool parseKeyType(const QString& text, crypto::KeyKind* out)
{
    for (crypto::KeyKind kind : {crypto::KeyKind::Rsa, crypto::KeyKind::Ec, crypto::KeyKind::Aes}) {
        if (text == crypto::keyKindName(kind)) {
            if (out)
                *out = kind;
            return true;
        }
    }
    return false;
}

} // namespace custos::model
