#pragma once

// Shared by TestKeyFile*.cpp: the committed key files of tests/data/import/ and a check that an
// error message quotes nothing of a file's content.

#include "crypto/import/KeyFile.h"

#include <QByteArray>
#include <QFile>
#include <QString>

namespace custos::test::keyfile {

inline QString importDataDir()
{
    return QStringLiteral(CUSTOS_TEST_DATA_DIR "/import");
}

inline QByteArray readImportFile(const QString& relative)
{
    QFile file(importDataDir() + QLatin1Char('/') + relative);
    return file.open(QIODevice::ReadOnly) ? file.readAll() : QByteArray();
}

// Whether `message` holds 12 consecutive characters of a base64/hex-like run (16+ characters) of
// `content`: key material would show up that way.
inline bool quotesContent(const QString& message, const QByteArray& content)
{
    const QByteArray text = message.toUtf8();
    QByteArray run;
    const auto check = [&] {
        for (qsizetype i = 0; run.size() >= 16 && i + 12 <= run.size(); i += 2) {
            if (text.contains(run.mid(i, 12)))
                return true;
        }
        return false;
    };
    for (const char c : content + '\n') {
        const bool word = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '+' ||
                          c == '/' || c == '-' || c == '_';
        if (word) {
            run += c;
            continue;
        }
        if (check())
            return true;
        run.clear();
    }
    return false;
}

} // namespace custos::test::keyfile
