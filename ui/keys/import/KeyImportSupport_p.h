#pragma once

// What the import wizard's pages share: reading a source file with its limits, default key names,
// the key_ops a key type allows, and how a candidate is described.

#include "model/services/KeyImportService.h"

#include <QByteArray>
#include <QString>
#include <QStringList>

class QFormLayout;
class QLabel;
class QWidget;

namespace custos::ui::keyimport {

// The file's bytes, or an error naming the file and what was expected (a regular file of at most
// 16 MiB); the file is not read when it is too large.
QByteArray readSourceFile(const QString& path, QString* error);

// A valid key name from a file name or a label ("server.key" → "server", "JWK 2 (kid 'a')" →
// "JWK-2-kid-a"); "imported-key" when nothing is left.
QString defaultKeyName(const QString& text);

// key_ops the wizard offers, in Key Vault's order, with their check box labels.
struct OperationText
{
    const char* name;
    const char* label;
};
extern const OperationText kOperations[6];

// What a key of this type may do; a public-only key only verify, encrypt and wrapKey.
QStringList operationsFor(crypto::KeyKind kind, bool publicOnly);

QString keyTypeText(const model::KeyImportCandidate& candidate);      // "RSA 2048", "EC P-256", "AES 256"
QString candidateDetails(const model::KeyImportCandidate& candidate); // rich text for the preview

QLabel* addBuddyRow(QFormLayout* form, QWidget* parent, const QString& text, QWidget* field);

} // namespace custos::ui::keyimport
