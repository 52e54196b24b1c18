#pragma once

#include <QString>

namespace custos::model {

// The README's role matrix, generated from builtInRoles() and allPermissions(): one row per
// permission, one column per built-in role, a check where the role grants it (its permissions
// minus its not-permissions). Markdown, ending with a newline.
QString roleMatrixMarkdown();

// The README keeps the matrix between these two lines.
inline constexpr const char* kRoleMatrixBegin =
    "<!-- role-matrix:begin (generated: cmake --build B --target update_role_matrix) -->";
inline constexpr const char* kRoleMatrixEnd = "<!-- role-matrix:end -->";

} // namespace custos::model
