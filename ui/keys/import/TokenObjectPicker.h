#pragma once

#include "crypto/Outcome.h"
#include "crypto/import/KeyFile.h"

#include <QCoro/QCoroTask>
#include <QList>
#include <QWidget>

#include <memory>

class QLineEdit;
class QListWidget;
class QProgressBar;
class QPushButton;

namespace custos::crypto::import {
class TokenObjectSource;
struct TokenObjectEntry;
} // namespace custos::crypto::import

namespace custos::ui {

class InlineMessage;

// The import wizard's token source: a PKCS#11 module path, a token label and the token's user PIN
// (into a SecureBuffer, the field cleared), then the token's objects to pick one from. Every
// PKCS#11 call runs on a worker thread; the source is released there too.
class TokenObjectPicker : public QWidget
{
    Q_OBJECT
public:
    explicit TokenObjectPicker(QWidget* parent = nullptr);
    ~TokenObjectPicker() override;

    bool hasSelection() const;     // an importable object is picked
    QString selectedLabel() const; // "PKCS#11 object 'label'"
    // Reads the picked object off the GUI thread.
    QCoro::Task<Outcome<std::shared_ptr<const crypto::import::KeyFileContents>>> readSelected();
    QWidget* lastField() const; // for the page's tab order

Q_SIGNALS:
    void selectionChanged();

private:
    QCoro::Task<> listObjects();
    void release();

    QLineEdit* m_moduleEdit = nullptr;
    QLineEdit* m_tokenEdit = nullptr;
    QLineEdit* m_pinEdit = nullptr;
    QPushButton* m_listButton = nullptr;
    QProgressBar* m_busy = nullptr;
    QListWidget* m_objectList = nullptr;
    InlineMessage* m_message = nullptr;
    std::shared_ptr<crypto::import::TokenObjectSource> m_source;
    QList<crypto::import::TokenObjectEntry> m_entries;
    int m_ticket = 0;
};

} // namespace custos::ui
