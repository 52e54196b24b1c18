#pragma once

#include "model/services/KeyCryptoService.h"

#include <QCoreApplication>
#include <QCoro/QCoroTask>
#include <QString>

namespace custos::ui {

enum class TryOperation { Sign, Verify, Encrypt, Decrypt };

struct TryOperationRequest
{
    model::KeyTarget target;
    TryOperation operation = TryOperation::Sign;
    QString algorithm;  // JOSE name
    QString inputPath;  // the data (sign, verify, encrypt) or the ciphertext (decrypt)
    QString secondPath; // the signature (sign writes it, verify reads it) or the output file
};

struct TryOperationResult
{
    bool ok = false; // for verify: the signature matches
    QString text;    // what happened, naming sizes and files; never key material or plaintext
};

// One "try an operation" run: reads the files, calls KeyCryptoService (authorised and audited like
// any other use) and writes the output. A*GCM files hold iv (12 bytes) || ciphertext || tag (16 bytes).
class TryOperationRun
{
    Q_DECLARE_TR_FUNCTIONS(custos::ui::TryOperationRun)
public:
    // async, on the service thread; `crypto` outlives the run (the session's services)
    static QCoro::Task<TryOperationResult> run(model::KeyCryptoService* crypto, TryOperationRequest request);
};

} // namespace custos::ui
