#pragma once

#include <QMap>
#include <QString>

namespace custos::ui {

// Vault tags as one line of text: "owner=pki;env=prod". Keys are unique and non-empty; neither keys
// nor values may contain '=' or ';'. Whitespace around keys and values is dropped.
struct TagParseResult
{
    QMap<QString, QString> tags;
    QString error; // empty when the text is valid (translated)
    bool ok() const { return error.isEmpty(); }
};

TagParseResult parseTags(const QString& text);
QString formatTags(const QMap<QString, QString>& tags);

} // namespace custos::ui
