#pragma once

#include <QString>
#include <QStringList>

namespace custos::model {

// SoftHSM2's file store rewrites tokens/<uuid>/token.object in place (truncate, then write) at
// every login. A process killed in between (SIGKILL, power loss) leaves the file empty or short,
// and the whole token (its label and its PIN blobs) is gone for every later process: the crash
// harness found this. The embedded token's token.object is therefore copied to
// DIR/token-copies/<uuid>.token.object after every successful login, and put back before the
// module is loaded when the file is shorter than its copy. The copy holds nothing the file does
// not (the PINs only as SoftHSM2's encrypted blobs) and is as private (0600).
namespace tokenfile {

inline constexpr const char* kCopyDirName = "token-copies";

// Before the module loads (no SoftHSM2 writer in this process): the token directories whose
// token.object was restored from the copy.
QStringList restoreDamaged(const QString& workspaceDirectory);
// After a successful login: refreshes the copies (atomically replaced); never makes a copy
// shorter than the one it replaces.
void saveCopies(const QString& workspaceDirectory);

} // namespace tokenfile

} // namespace custos::model
