#pragma once

#include "CommandSpec.h"

#include "model/services/CertificateService.h"

#include <QJsonObject>
#include <QStringList>

namespace custos::app {

// `cert issue --batch F.jsonl`: one certificate per JSON line, field names equal to the flag names
// ({"vault": "web", "name": "web01", "ca": "pki/issuing", "profile": "tls-server", "subject": "CN=..",
// "san": ["dns:.."], "months": 12, "exportable": true}), one login for all. Every line is parsed
// before anything is issued (a bad line is a usage error naming the line); then each is issued
// and audited on its own, and a failure is reported with its line number without stopping the rest.
class CertificateBatch
{
public:
    struct BatchLine
    {
        int number = 0;
        model::CertificateIssueRequest request;
    };
    // Before the workspace is opened: every line parsed (usage errors touch nothing).
    static int check(CommandContext& context);
    static QCoro::Task<int> run(CommandContext& context);
    // The `cert issue` arguments a JSON line stands for; an empty list and `error` set when it is not valid.
    static QStringList argumentsOf(const QJsonObject& line, QString* error);

private:
    static int parse(CommandContext& context, QList<BatchLine>* lines);
};

} // namespace custos::app
