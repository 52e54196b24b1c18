#include "Vault.h"

namespace custos::model {

QString protectionName(Protection p)
{
    switch (p) {
    case Protection::Hsm:
        return QStringLiteral("hsm");
    case Protection::Software:
        return QStringLiteral("software");
    }
    return QStringLiteral("hsm");
}

bool parseProtection(const QString& text, Protection* out)
{
    for (Protection p : {Protection::Hsm, Protection::Software}) {
        if (text.compare(protectionName(p), Qt::CaseInsensitive) == 0) {
            if (out)
                *out = p;
            return true;
        }
    }
    return false;
}

} // namespace custos::model
