#pragma once

// What the restore wizard, the restore-blob wizard and the share drill share besides the custodian
// input: a Browse button for a path field, and the security-domain file read and summarised off the
// GUI thread.

#include "crypto/Outcome.h"
#include "crypto/sd/SecurityDomainFile.h"

#include <QByteArray>
#include <QCoro/QCoroTask>
#include <QString>

#include <memory>

class QLineEdit;
class QPushButton;

namespace custos::ui {

enum class BrowseMode { Open, Save };

// The button opens a file dialog (open(), never exec()) that fills `edit` with the chosen path.
void attachBrowse(QPushButton* button, QLineEdit* edit, const QString& title, BrowseMode mode, const QString& filter);

struct LoadedSecurityDomain
{
    QByteArray bytes;
    std::shared_ptr<crypto::sd::SecurityDomainFile> file;
};

// Reads and parses the file on a worker thread. Invalid naming the path and the problem.
QCoro::Task<Outcome<LoadedSecurityDomain>> loadSecurityDomainFile(QString path);

// "3 custodians, 2 needed", the thumbprints, the items and any warnings, for a label.
QString describeSecurityDomain(const crypto::sd::SecurityDomainFile& file);

// Reads a small file (a certificate) on a worker thread; Invalid naming the path and the reason.
QCoro::Task<Outcome<QByteArray>> readSmallFile(QString path);

} // namespace custos::ui
