// Writes the role matrix generated from the role definitions (model/authz/RoleMatrix), and keeps
// the README's copy of it current:
//   custos_role_matrix --out FILE       write the matrix (the build does this)
//   custos_role_matrix --check README   exit 1 when the README's matrix differs (a CTest)
//   custos_role_matrix --update README  replace the README's matrix (target update_role_matrix)
#include "model/authz/RoleMatrix.h"

#include <QCoreApplication>
#include <QFile>
#include <QSaveFile>
#include <QTextStream>

#include <optional>

using namespace custos::model;

namespace {

QTextStream& err()
{
    static QTextStream stream(stderr);
    return stream;
}

// The README with its matrix section replaced by `matrix`; nullopt (and why on stderr) when the
// markers are missing.
std::optional<QString> withMatrix(const QString& path, const QString& readme, const QString& matrix)
{
    const QString begin = QString::fromLatin1(kRoleMatrixBegin);
    const QString end = QString::fromLatin1(kRoleMatrixEnd);
    const qsizetype from = readme.indexOf(begin);
    const qsizetype to = from < 0 ? -1 : readme.indexOf(end, from);
    if (from < 0 || to < 0) {
        err() << path << ": expected the lines '" << begin << "' and '" << end << "' around the role matrix"
              << Qt::endl;
        return std::nullopt;
    }
    const qsizetype contentStart = from + begin.size();
    return readme.left(contentStart) + QStringLiteral("\n\n") + matrix + QStringLiteral("\n") + readme.mid(to);
}

} // namespace

int main(int argc, char** argv)
{
    QCoreApplication app(argc, argv);
    const QStringList args = app.arguments();
    if (args.size() != 3 || !QStringList{"--out", "--check", "--update"}.contains(args[1])) {
        err() << "usage: custos_role_matrix --out FILE | --check README | --update README" << Qt::endl;
        return 2;
    }
    const QString mode = args[1];
    const QString path = args[2];
    const QString matrix = roleMatrixMarkdown();
    if (mode == QLatin1String("--out")) {
        QSaveFile out(path);
        if (!out.open(QIODevice::WriteOnly) || out.write(matrix.toUtf8()) < 0 || !out.commit()) {
            err() << path << ": cannot write: " << out.errorString() << Qt::endl;
            return 1;
        }
        return 0;
    }
    QFile in(path);
    if (!in.open(QIODevice::ReadOnly)) {
        err() << path << ": cannot read: " << in.errorString() << Qt::endl;
        return 1;
    }
    const QString readme = QString::fromUtf8(in.readAll());
    const auto updated = withMatrix(path, readme, matrix);
    if (!updated)
        return 1;
    if (mode == QLatin1String("--check")) {
        if (*updated == readme)
            return 0;
        err() << path << ": the role matrix is not the one the role definitions give; run "
              << "cmake --build BUILD --target update_role_matrix" << Qt::endl;
        return 1;
    }
    QSaveFile out(path);
    if (!out.open(QIODevice::WriteOnly) || out.write(updated->toUtf8()) < 0 || !out.commit()) {
        err() << path << ": cannot write: " << out.errorString() << Qt::endl;
        return 1;
    }
    return 0;
}
