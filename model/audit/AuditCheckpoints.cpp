#include "AuditCheckpoints.h"

#include "AuditKey.h"
#include "model/store/Stores.h"

#include <QDateTime>
#include <QSqlError>
#include <QSqlQuery>

namespace custos::model {

namespace {

struct Head
{
    qint64 seq = 0;
    QString hash;
};

Outcome<Head> chainHead(Database& db)
{
    QSqlQuery query(db.connection());
    if (!query.exec(QStringLiteral("SELECT seq, hash FROM audit_events ORDER BY seq DESC LIMIT 1")))
        return sqlError(QStringLiteral("cannot read the audit trail"), query.lastError());
    if (!query.next())
        return Head{};
    return Head{query.value(0).toLongLong(), query.value(1).toString()};
}

} // namespace

AuditCheckpoints::AuditCheckpoints(Database& db, crypto::Token& token) : m_db(db), m_token(token)
{
    m_interval = interval(db);
    if (auto newest = AuditCheckpointStore(db).newest(); newest && newest.value())
        m_lastCheckpointSeq = newest.value()->seq;
    if (auto head = chainHead(db))
        m_headAtInstall = head->seq;
}

int AuditCheckpoints::interval(Database& db)
{
    auto value = SettingsStore(db).get(QLatin1String(kCheckpointIntervalSetting));
    if (!value || !value.value())
        return kDefaultCheckpointInterval;
    bool ok = false;
    const int n = value.value()->toInt(&ok);
    return ok && n >= 1 ? n : kDefaultCheckpointInterval;
}

void AuditCheckpoints::committed()
{
    auto query = m_db.cachedQuery("audit.maxSeq", QStringLiteral("SELECT max(seq) FROM audit_events"));
    if (!query || !query.value()->exec() || !query.value()->next())
        return;
    const qint64 head = query.value()->value(0).toLongLong();
    query.value()->finish();
    if (head > m_headAtInstall)
        m_appended = true;
    if (head - m_lastCheckpointSeq >= m_interval)
        (void)checkpointNow(QStringLiteral("periodic"));
}

Outcome<AuditCheckpoint> AuditCheckpoints::checkpointNow(const QString& kind)
{
    Transaction tx(m_db);
    if (auto begun = tx.begin(); !begun)
        return begun.error();
    auto head = chainHead(m_db);
    if (!head)
        return head.error();
    if (head->seq == 0)
        return makeError(ErrorKind::NotFound, QStringLiteral("the audit trail is empty"));
    auto newest = AuditCheckpointStore(m_db).newest();
    if (!newest)
        return newest.error();
    if (newest.value() && newest.value()->seq == head->seq) {
        m_lastCheckpointSeq = head->seq;
        return *newest.value();
    }
    auto signedCheckpoint = sign(m_db, m_token, head->seq, head->hash, kind);
    if (!signedCheckpoint)
        return signedCheckpoint.error();
    if (auto committed = tx.commit(); !committed)
        return committed.error();
    m_lastCheckpointSeq = head->seq;
    return signedCheckpoint;
}

void AuditCheckpoints::closeOut()
{
    if (!m_appended)
        return;
    if (checkpointNow(QStringLiteral("shutdown")))
        m_appended = false;
}

Outcome<AuditCheckpoint> AuditCheckpoints::sign(Database& db, crypto::Token& token, qint64 seq, const QString& head,
                                                const QString& kind, const QString& archiveSha256, bool store)
{
    auto publicKey = auditPublicKeyDer(token);
    if (!publicKey)
        return publicKey.error();
    AuditCheckpoint checkpoint;
    checkpoint.seq = seq;
    checkpoint.head = head;
    checkpoint.time = QDateTime::currentMSecsSinceEpoch();
    checkpoint.kind = kind;
    checkpoint.archiveSha256 = archiveSha256;
    checkpoint.keyFingerprint = auditKeyFingerprint(publicKey.value());
    auto signature = signWithAuditKey(token, checkpoint.signedText());
    if (!signature)
        return signature.error();
    checkpoint.signature = signature.value();
    // The anchor first and only forward (another process may have moved it further meanwhile).
    auto anchor = readAuditAnchor(token);
    if (!anchor)
        return anchor.error();
    if (!anchor.value() || anchor.value()->seq < seq) {
        if (auto written = writeAuditAnchor(token, AuditAnchor{seq, head}); !written)
            return written.error();
    }
    if (!store)
        return checkpoint;
    if (auto inserted = AuditCheckpointStore(db).insert(checkpoint); !inserted)
        return inserted.error();
    return checkpoint;
}

} // namespace custos::model
