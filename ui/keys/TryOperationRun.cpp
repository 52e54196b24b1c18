#include "TryOperationRun.h"

#include <QFile>
#include <QFileInfo>
#include <QSaveFile>

#include <exception>
#include <memory>

namespace custos::ui {

namespace {

constexpr qint64 kMaxInputBytes = 64 * 1024 * 1024; // a check of a key, not bulk encryption
constexpr int kGcmIvBytes = 12;
constexpr int kGcmTagBytes = 16;

bool isGcm(const QString& algorithm)
{
    return algorithm.endsWith(QLatin1String("GCM"));
}

// Reads a whole file into `out` (a QByteArray or a SecureBuffer); false with `error` set otherwise.
bool readFile(const QString& path, QByteArray* out, QString* error)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly)) {
        *error = TryOperationRun::tr("Cannot read '%1': %2").arg(path, file.errorString());
        return false;
    }
    if (file.size() > kMaxInputBytes) {
        *error = TryOperationRun::tr("'%1' is larger than 64 MiB.").arg(path);
        return false;
    }
    *out = file.readAll();
    return true;
}

bool writeFile(const QString& path, const char* data, qint64 size, QString* error)
{
    QSaveFile file(path);
    if (!file.open(QIODevice::WriteOnly) || file.write(data, size) != size || !file.commit()) {
        *error = TryOperationRun::tr("Cannot write '%1': %2").arg(path, file.errorString());
        return false;
    }
    return true;
}

} // namespace

QCoro::Task<TryOperationResult> TryOperationRun::run(model::KeyCryptoService* crypto, TryOperationRequest request)
{
    if (request.operation != TryOperation::Verify && QFileInfo(request.inputPath) == QFileInfo(request.secondPath))
        co_return TryOperationResult{false, tr("The output file must differ from the input file.")};
    QString error;
    QByteArray input;
    if (!readFile(request.inputPath, &input, &error))
        co_return TryOperationResult{false, error};

    bool ok = false;
    QString text;
    try {
        if (request.operation == TryOperation::Sign) {
            auto task = crypto->sign(request.target, request.algorithm, input, false);
            auto signature = co_await task;
            if (!signature)
                text = signature.error().message;
            else if ((ok = writeFile(request.secondPath, signature.value().constData(), signature.value().size(),
                                     &text)))
                text = tr("Signed with %1: a %2-byte signature written to %3")
                           .arg(request.algorithm)
                           .arg(signature.value().size())
                           .arg(request.secondPath);
        } else if (request.operation == TryOperation::Verify) {
            QByteArray signature;
            if (readFile(request.secondPath, &signature, &text)) {
                auto task = crypto->verify(request.target, request.algorithm, input, false, signature);
                auto valid = co_await task;
                if (!valid)
                    text = valid.error().message;
                else if ((ok = valid.value()))
                    text = tr("The signature is valid (%1).").arg(request.algorithm);
                else
                    text = tr("The signature does not match the file (%1).").arg(request.algorithm);
            }
        } else if (request.operation == TryOperation::Encrypt) {
            auto plaintext = std::make_shared<const crypto::SecureBuffer>(input.constData(), std::size_t(input.size()));
            input.fill('\0'); // the test file's plaintext: keep only the secure copy
            auto task = crypto->encrypt(request.target, request.algorithm, plaintext);
            auto encrypted = co_await task;
            if (!encrypted) {
                text = encrypted.error().message;
            } else {
                const model::KeyCiphertext& c = encrypted.value();
                const QByteArray out = isGcm(request.algorithm) ? c.iv + c.ciphertext + c.tag : c.ciphertext;
                if ((ok = writeFile(request.secondPath, out.constData(), out.size(), &text)))
                    text = tr("Encrypted %1 bytes with %2 into %3")
                               .arg(plaintext->size())
                               .arg(request.algorithm, request.secondPath);
            }
        } else {
            model::KeyCiphertext ciphertext;
            if (isGcm(request.algorithm)) {
                if (input.size() < kGcmIvBytes + kGcmTagBytes) {
                    text = tr("'%1' is too short for %2: expected iv (12 bytes), ciphertext and tag (16 bytes).")
                               .arg(request.inputPath, request.algorithm);
                } else {
                    ciphertext.iv = input.left(kGcmIvBytes);
                    ciphertext.tag = input.right(kGcmTagBytes);
                    ciphertext.ciphertext = input.mid(kGcmIvBytes, input.size() - kGcmIvBytes - kGcmTagBytes);
                }
            } else {
                ciphertext.ciphertext = input;
            }
            if (text.isEmpty()) {
                auto task = crypto->decrypt(request.target, request.algorithm, ciphertext);
                auto decrypted = co_await task;
                if (!decrypted)
                    text = decrypted.error().message;
                else if ((ok = writeFile(request.secondPath, decrypted.value()->chars(),
                                         qint64(decrypted.value()->size()), &text)))
                    text = tr("Decrypted %1 bytes with %2 into %3")
                               .arg(decrypted.value()->size())
                               .arg(request.algorithm, request.secondPath);
            }
        }
    } catch (const std::exception& e) {
        text = QString::fromLocal8Bit(e.what());
    } catch (...) {
        text = tr("unexpected error");
    }
    co_return TryOperationResult{ok, text};
}

} // namespace custos::ui
