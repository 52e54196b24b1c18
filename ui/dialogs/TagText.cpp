#include "TagText.h"

#include <QCoreApplication>
#include <QStringList>

namespace custos::ui {

// lupdate sees the literal context and text in each translate() call.
TagParseResult parseTags(const QString& text)
{
    TagParseResult result;
    const QStringList pairs = text.split(QLatin1Char(';'), Qt::SkipEmptyParts);
    for (const QString& pair : pairs) {
        if (pair.trimmed().isEmpty())
            continue;
        const QStringList parts = pair.split(QLatin1Char('='));
        if (parts.size() != 2) {
            result.error =
                QCoreApplication::translate("TagText", "Write each tag as key=value, separated by semicolons.");
            return result;
        }
        const QString key = parts.at(0).trimmed();
        if (key.isEmpty()) {
            result.error = QCoreApplication::translate("TagText", "A tag needs a key before '='.");
            return result;
        }
        if (result.tags.contains(key)) {
            result.error = QCoreApplication::translate("TagText", "The tag key '%1' appears twice.").arg(key);
            return result;
        }
        result.tags.insert(key, parts.at(1).trimmed());
    }
    return result;
}

QString formatTags(const QMap<QString, QString>& tags)
{
    QStringList pairs;
    for (auto it = tags.cbegin(); it != tags.cend(); ++it)
        pairs << it.key() + QLatin1Char('=') + it.value();
    return pairs.join(QStringLiteral("; "));
}

} // namespace custos::ui
