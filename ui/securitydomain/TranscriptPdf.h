#pragma once

#include "model/services/SecurityDomainService.h"

#include <QCoreApplication>
#include <QString>

class QPagedPaintDevice;
class QTextDocument;

namespace custos::ui {

// The paper copy of a ceremony transcript: a title, every JSON member in readable form, and the
// JSON's SHA-256 in large monospace, so the paper file can be matched to the signed JSON later.
class TranscriptPdf
{
    Q_DECLARE_TR_FUNCTIONS(TranscriptPdf)

public:
    // The document the PDF and the printer render (also the tests' text seam). Caller owns it.
    static QTextDocument* document(const model::CeremonyTranscript& transcript);
    // Renders onto a printer or a PDF writer.
    static void render(const model::CeremonyTranscript& transcript, QPagedPaintDevice* device);
    // Writes a PDF file; false with the reason in `error` when it cannot be written.
    static bool write(const model::CeremonyTranscript& transcript, const QString& path, QString* error);
    // The hash as people compare it on paper: groups of eight hex digits.
    static QString groupedHash(const QString& sha256);
};

} // namespace custos::ui
