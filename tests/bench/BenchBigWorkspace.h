#pragma once

#include <QString>

// The workspace at the sizes, for workspace_open and gui_views: made once per run (the
// first bench that asks), then opened by each through its own ServiceHost; removed at exit.
namespace custos::bench {

struct WorkspaceSize
{
    int vaults = 0;       // besides "keys" and "certs"
    int keys = 0;         // in vault "keys", software P-256, besides the one they are copied from
    int certificates = 0; // in vault "certs", besides the one they are copied from
    int assignments = 0;  // role assignments besides the first operator's
    qint64 events = 0;    // audit events besides those of the setup
};

struct SizedWorkspace
{
    QString directory; // operator "admin", passphrase test::kTestPassphrase
    WorkspaceSize size;
    QString description; // "10,000 keys, 10,000 certificates, ..."
};

// Full: 1,000 vaults, 10,000 keys, 10,000 certificates, 10,000 assignments, 1,000,000 events
// (--quick: a tenth, 100,000 events). nullptr after logging why.
const SizedWorkspace* bigWorkspace();
// The same layout with nothing seeded: the baseline.
const SizedWorkspace* emptyWorkspace();

} // namespace custos::bench
