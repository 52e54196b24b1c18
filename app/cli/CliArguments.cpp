#include "CliArguments.h"

namespace custos::app {

namespace {
// card-pin-file (the operator's card PIN at login) is kept with the command's options: value("card-pin-file").
const QStringList kGlobalValueOptions{QStringLiteral("workspace"), QStringLiteral("operator"),
                                      QStringLiteral("passphrase-file"), QStringLiteral("card-pin-file")};

QStringList subcommandsOf(const QList<CommandSpec>& commands, const QString& command)
{
    QStringList names;
    for (const CommandSpec& c : commands) {
        if (c.command == command && !c.subcommand.isEmpty())
            names << c.subcommand;
    }
    return names;
}
} // namespace

void CliArguments::fail(const QString& message)
{
    if (m_error.isEmpty())
        m_error = message;
}

bool CliArguments::takeOption(const QStringList& tokens, int* index, const QString& name, const QString& inlineValue,
                              bool hasInlineValue)
{
    const QString shown = QStringLiteral("--") + name;
    // `key show|set|sign ... --version V` (CLI.md): once a command with its own --version option is
    // named, --version is that option; before it, and for every other command, it stays the flag.
    const bool commandVersion = name == QLatin1String("version") && m_command && m_command->option(name);
    if (!commandVersion &&
        (name == QLatin1String("json") || name == QLatin1String("help") || name == QLatin1String("version"))) {
        if (hasInlineValue) {
            fail(QStringLiteral("option %1 takes no value").arg(shown));
            return false;
        }
        (name == QLatin1String("json") ? m_json : name == QLatin1String("help") ? m_help : m_version) = true;
        return true;
    }
    const bool global = kGlobalValueOptions.contains(name);
    const OptionSpec* spec = global || !m_command ? nullptr : m_command->option(name);
    if (!global && !spec) {
        if (m_command)
            fail(QStringLiteral("unknown option %1 for '%2'").arg(shown, m_command->fullName()));
        else
            fail(QStringLiteral("unknown option %1").arg(shown));
        return false;
    }
    QString value;
    if (global || spec->takesValue) {
        if (hasInlineValue) {
            value = inlineValue;
        } else if (*index + 1 < tokens.size()) {
            value = tokens.at(++*index);
        } else {
            fail(QStringLiteral("option %1 needs a value").arg(shown));
            return false;
        }
    } else if (hasInlineValue) {
        fail(QStringLiteral("option %1 takes no value").arg(shown));
        return false;
    }
    if (name == QLatin1String("workspace"))
        m_workspace = value;
    else if (name == QLatin1String("operator"))
        m_operator = value;
    else if (name == QLatin1String("passphrase-file"))
        m_passphraseFile = value;
    else {
        m_options.insert(name, value);
        m_allValues[name] << value;
        m_sequence.append({name, value});
    }
    return true;
}

CliArguments CliArguments::parse(const QStringList& tokens, const QList<CommandSpec>& commands)
{
    CliArguments args;
    QStringList words; // COMMAND [SUBCOMMAND] until a spec matches
    bool optionsEnded = false;
    for (int i = 0; i < tokens.size(); ++i) {
        const QString& token = tokens.at(i);
        if (!optionsEnded && token == QLatin1String("--")) {
            optionsEnded = true;
            continue;
        }
        if (!optionsEnded && token.size() > 1 && token.startsWith(QLatin1Char('-'))) {
            if (token == QLatin1String("-h")) {
                args.m_help = true;
                continue;
            }
            if (!token.startsWith(QLatin1String("--"))) {
                args.fail(QStringLiteral("unknown option %1").arg(token));
                continue;
            }
            const qsizetype eq = token.indexOf(QLatin1Char('='));
            const QString name = token.mid(2, eq < 0 ? -1 : eq - 2);
            args.takeOption(tokens, &i, name, eq < 0 ? QString() : token.mid(eq + 1), eq >= 0);
            continue;
        }
        if (args.m_command) {
            args.m_positionals << token;
            continue;
        }
        words << token;
        if (words.size() == 1) {
            bool known = false;
            for (const CommandSpec& c : commands) {
                if (c.command == token) {
                    known = true;
                    if (c.subcommand.isEmpty())
                        args.m_command = &c;
                }
            }
            if (!known)
                args.fail(QStringLiteral("unknown command '%1'").arg(token));
            else
                args.m_helpTopic = token;
        } else if (words.size() == 2) {
            for (const CommandSpec& c : commands) {
                if (c.command == words.first() && c.subcommand == token)
                    args.m_command = &c;
            }
            if (!args.m_command && !subcommandsOf(commands, words.first()).isEmpty())
                args.fail(QStringLiteral("unknown subcommand '%1 %2'").arg(words.first(), token));
        }
    }
    if (!args.m_error.isEmpty() || args.m_help || args.m_version)
        return args;
    if (words.isEmpty()) {
        args.fail(QStringLiteral("no command given"));
    } else if (!args.m_command) {
        args.fail(QStringLiteral("'%1' needs a subcommand: %2")
                      .arg(words.first(), subcommandsOf(commands, words.first()).join(QStringLiteral(", "))));
    } else if (args.m_positionals.size() < args.m_command->minPositionals()) {
        args.fail(QStringLiteral("'%1' needs %2")
                      .arg(args.m_command->fullName(), args.m_command->positionals.at(args.m_positionals.size())));
    } else if (args.m_positionals.size() > args.m_command->maxPositionals()) {
        args.fail(QStringLiteral("unexpected argument '%1' for '%2'")
                      .arg(args.m_positionals.at(args.m_command->maxPositionals()), args.m_command->fullName()));
    }
    return args;
}

} // namespace custos::app
