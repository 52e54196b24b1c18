#pragma once

#include "CommandSpec.h"

#include "model/domain/Operator.h"

#include <QJsonValue>

namespace custos::app {

// `operator enroll-card NAME --token-label L --cert-label C [--pin-file F]`: the operator's card
// (a certificate and its key on another token of the workspace's module) as a second factor.
class OperatorCardCommand
{
public:
    static QList<CommandSpec> specs();
    // For `operator show`: "TOKEN/CERT (sha256 AB:CD:...)"; empty without a card.
    static QString cardSummary(const model::Operator& op);
    // {tokenLabel, certLabel, certificateSha256}; null without a card.
    static QJsonValue cardObject(const model::Operator& op);

private:
    static QCoro::Task<int> enroll(CommandContext& context);
};

} // namespace custos::app
