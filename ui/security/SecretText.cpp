#include "SecretText.h"

#include "SecretLineEdit.h"

#include <QByteArray>
#include <QLineEdit>

namespace custos::ui {

namespace {

// Volatile writes: a plain memset on a buffer about to be freed may be optimised away.
void wipe(QByteArray& bytes)
{
    volatile char* p = bytes.data(); // data() detaches: we wipe our own copy, which is the only one
    for (qsizetype i = 0; i < bytes.size(); ++i)
        p[i] = 0;
    bytes.clear();
}

} // namespace

crypto::SecureBuffer copySecret(const QLineEdit* edit)
{
    QByteArray utf8 = edit->text().toUtf8();
    crypto::SecureBuffer secret(utf8.constData(), std::size_t(utf8.size()));
    wipe(utf8);
    return secret;
}

crypto::SecureBuffer takeSecret(QLineEdit* edit)
{
    crypto::SecureBuffer secret = copySecret(edit);
    wipeSecret(edit);
    return secret;
}

} // namespace custos::ui
