#pragma once

#include "crypto/Outcome.h"

#include <QStringList>

namespace custos::app {

// One line of a `custosctl batch` file split into words as a POSIX shell would split it, without
// expansions: blanks separate words; '...' keeps everything literally; "..." keeps everything but
// \" and \\; a backslash outside quotes escapes the next character; '#' at the start of a word
// begins a comment. Invalid (with the column) for an unterminated quote or a trailing backslash.
Outcome<QStringList> splitBatchLine(const QString& line);

} // namespace custos::app
