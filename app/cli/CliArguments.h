#pragma once

#include "CommandSpec.h"

#include <QMap>
#include <QString>
#include <QStringList>

namespace custos::app {

// The parsed command line. Global options (--workspace, --operator, --passphrase-file) are
// accepted anywhere, not only before COMMAND: `init --operator NAME` needs that, and it costs no
// script anything. `--json`, `--help`/`-h` and `--version` stand anywhere; `--` ends the options;
// `--name=value` equals `--name value`. Everything else a command accepts comes from its
// CommandSpec, so an option of another command is an unknown option here.
class CliArguments
{
public:
    static CliArguments parse(const QStringList& tokens, const QList<CommandSpec>& commands);

    bool isValid() const { return m_error.isEmpty(); }
    QString error() const { return m_error; } // the usage error, one line, without "custosctl: "

    bool wantsHelp() const { return m_help; }
    bool wantsVersion() const { return m_version; }
    QString helpTopic() const { return m_helpTopic; } // a known COMMAND named on the line, else empty
    bool json() const { return m_json; }

    QString workspace() const { return m_workspace; }
    QString operatorName() const { return m_operator; }
    QString passphraseFile() const { return m_passphraseFile; }

    const CommandSpec* command() const { return m_command; }
    const QStringList& positionals() const { return m_positionals; }
    QString positional(int index) const { return m_positionals.value(index); }
    bool has(const QString& option) const { return m_options.contains(option); }
    QString value(const QString& option) const { return m_options.value(option); } // the last one given
    // Every value of an option that may be repeated (--san, --contact), in command-line order.
    QStringList values(const QString& option) const { return m_allValues.value(option); }
    // The command's options in command-line order, for options that pair up ("--approver A
    // --approver-passphrase-file F").
    const QList<QPair<QString, QString>>& sequence() const { return m_sequence; }

private:
    bool takeOption(const QStringList& tokens, int* index, const QString& name, const QString& inlineValue,
                    bool hasInlineValue);
    void fail(const QString& message);

    QString m_error;
    bool m_help = false;
    bool m_version = false;
    bool m_json = false;
    QString m_helpTopic;
    QString m_workspace;
    QString m_operator;
    QString m_passphraseFile;
    const CommandSpec* m_command = nullptr;
    QStringList m_positionals;
    QMap<QString, QString> m_options; // name -> value ("" for flags)
    QMap<QString, QStringList> m_allValues;
    QList<QPair<QString, QString>> m_sequence;
};

} // namespace custos::app
