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
    // Quorum approvers (ROLES.md): any changing command may be quorum-protected by the policy.
    if (changes && name == QLatin1String("approver")) {
        static const OptionSpec approver{QStringLiteral("approver"), true};
        return &approver;
    }
    if (changes && name == QLatin1String("approver-passphrase-file")) {
        static const OptionSpec approverFile{QStringLiteral("approver-passphrase-file"), true};
        return &approverFile;
    }
    return nullptr;
}

} // namespace custos::app
