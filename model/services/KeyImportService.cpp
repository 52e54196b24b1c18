// KeyImportService: the constructor here; preview in KeyImportPreview.cpp, the import in
// KeyImport.cpp (its BYOK engine in KeyImportByok.cpp), shared checks in KeyImportSupport.cpp.

#include "KeyImportService.h"

#include "ServicePath.h"

namespace custos::model {

KeyImportService::KeyImportService(ServicePath& path, QObject* parent) : QObject(parent), m_path(path) {}

} // namespace custos::model
