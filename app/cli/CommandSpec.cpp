#include "CommandSpec.h"

namespace custos::app {

int CommandSpec::minPositionals() const
{
    int n = 0;
    for (const QString& p : positionals) {
        if (!p.startsWith(QLatin1Char('[')))
            ++n;
    }
    return n;
}

const OptionSpec* CommandSpec::option(const QString& name) const
{
    for (const OptionSpec& o : options) {
        if (o.name == name)
            return &o;
    }
    if (changes && name == QLatin1String("reason")) {
        static const OptionSpec reason{QStringLiteral("reason"), true};
        return &reason;
    }
    return nullptr;
}

} // namespace custos::app
