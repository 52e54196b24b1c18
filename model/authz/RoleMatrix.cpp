#include "RoleMatrix.h"

#include "Permissions.h"

#include <QSet>
#include <QStringList>

namespace custos::model {

namespace {

// Column headings short enough for a readable table (initials; "Cert" keeps the certificate
// roles apart from the crypto ones); the legend below the table names them in full.
QString abbreviation(const QString& role)
{
    QString letters;
    for (const QString& word : role.split(QLatin1Char(' '), Qt::SkipEmptyParts))
        letters.append(word.startsWith(QLatin1String("Certificate")) ? QStringLiteral("Cert") : QString(word.front()));
    return letters;
}

} // namespace

QString roleMatrixMarkdown()
{
    const QList<RoleDefinition>& roles = builtInRoles();
    QStringList header{QStringLiteral("permission")};
    QStringList rule{QStringLiteral("---")};
    QList<QSet<QString>> granted;
    QStringList legend;
    for (const RoleDefinition& role : roles) {
        header << abbreviation(role.name);
        rule << QStringLiteral(":-:");
        const QStringList permissions = effectivePermissions(role);
        granted.append(QSet<QString>(permissions.begin(), permissions.end()));
        legend << QStringLiteral("%1 = %2").arg(abbreviation(role.name), role.name);
    }
    QString out =
        QStringLiteral("| %1 |\n| %2 |\n").arg(header.join(QStringLiteral(" | ")), rule.join(QStringLiteral(" | ")));
    for (const QString& permission : allPermissions()) {
        QStringList row{QStringLiteral("`%1`").arg(permission)};
        for (const QSet<QString>& set : granted)
            row << (set.contains(permission) ? QStringLiteral("✓") : QString());
        out += QStringLiteral("| %1 |\n").arg(row.join(QStringLiteral(" | ")));
    }
    out += QStringLiteral("\n") + legend.join(QStringLiteral("; ")) + QStringLiteral(".\n");
    return out;
}

} // namespace custos::model
