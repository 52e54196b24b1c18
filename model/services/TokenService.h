#pragma once

#include "OperationContext.h"
#include "crypto/Outcome.h"
#include "crypto/keys/MechanismSupport.h"

#include <QByteArray>
#include <QCoro/QCoroTask>
#include <QList>
#include <QObject>
#include <QString>

namespace custos::model {

class ServicePath;

// `token info`: what the workspace's token is.
struct TokenInfo
{
    QString label;
    QString manufacturer;
    QString model;
    QString serial;
    QString libraryPath;        // the PKCS#11 module
    QString libraryDescription; // C_GetInfo
    QString libraryVersion;     // "2.6"
    QString firmwareVersion;
    bool embedded = true; // Custos' own SoftHSM2 token, or an attached one
    int keyObjects = 0;   // distinct key CKA_IDs on the token
};

// The token page and `token info|mechanisms` [workspace/read, not audited]; `rng` [rng/action,
// audited as RandomBytes with the byte count, never the bytes].
class TokenService : public QObject
{
    Q_OBJECT
public:
    explicit TokenService(ServicePath& path, QObject* parent = nullptr);

    QCoro::Task<Outcome<TokenInfo>> info();
    // Per JOSE algorithm and token-side operation: native, composed or unavailable.
    QCoro::Task<Outcome<QList<crypto::AlgorithmSupport>>> mechanisms();
    // C_GenerateRandom on the token; 1..1 MiB.
    QCoro::Task<Outcome<QByteArray>> random(int bytes, OperationContext context = {});

private:
    ServicePath& m_path;
};

} // namespace custos::model
