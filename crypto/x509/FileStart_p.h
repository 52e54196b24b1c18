#pragma once

// Private to the certificate and PKCS#12 readers: how an error names what a file starts with
// without quoting its content (a misplaced key file must not end up in an error message).

#include <QByteArray>
#include <QString>

namespace custos::crypto::x509::files {

// "the file is empty", "the file starts with '-----BEGIN PRIVATE KEY-----'", "the file is text
// without a PEM BEGIN line", "the file is truncated DER: ...", "the file is DER of another kind",
// "the file is binary data that does not start with a DER SEQUENCE".
QString describeFileStart(const QByteArray& bytes);

} // namespace custos::crypto::x509::files
