#pragma once

#include "AuditCheckpoint.h"
#include "model/store/Database.h"

#include <QString>

namespace custos::crypto {
class Token;
}

namespace custos::model {

inline constexpr int kDefaultCheckpointInterval = 1000;
inline constexpr const char* kCheckpointIntervalSetting = "audit.checkpointInterval";

// Signs the chain head with the audit key (AuditKey.h): after a commit that brought the events
// since the last checkpoint to the interval (setting audit.checkpointInterval, default 1,000), and
// when a session that appended events ends cleanly (closeOut). Each checkpoint first moves the
// token's anchor forward, then commits its row: so the anchor is never behind the newest
// checkpoint unless someone rolled it back. Installed on the database by Session at login.
// Lives on the database thread. A checkpoint that cannot be made (token gone) is tried again
// at the next commit; the events themselves are already durable.
class AuditCheckpoints : public CommitObserver
{
public:
    AuditCheckpoints(Database& db, crypto::Token& token);

    void committed() override;
    // Own transaction. The checkpoint of the current head; an existing one at that head is
    // returned as it is. NotFound when the trail is empty.
    Outcome<AuditCheckpoint> checkpointNow(const QString& kind);
    void closeOut(); // a "shutdown" checkpoint if this session appended events since the last one
    void setInterval(int interval) { m_interval = interval < 1 ? 1 : interval; }

    // Inside the caller's transaction: signs `head` at `seq`, moves the anchor, inserts the row
    // (unless `store` is false: an archive file's seal lives only in the file).
    static Outcome<AuditCheckpoint> sign(Database& db, crypto::Token& token, qint64 seq, const QString& head,
                                         const QString& kind, const QString& archiveSha256 = {}, bool store = true);
    static int interval(Database& db); // the setting, at least 1

private:
    Database& m_db;
    crypto::Token& m_token;
    int m_interval = kDefaultCheckpointInterval;
    qint64 m_lastCheckpointSeq = 0; // as known to this process
    qint64 m_headAtInstall = 0;
    bool m_appended = false;
};

} // namespace custos::model
