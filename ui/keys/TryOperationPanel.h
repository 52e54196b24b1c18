#pragma once

#include "TryOperationRun.h"
#include "model/domain/Key.h"

#include <QCoro/QCoroTask>
#include <QWidget>

#include <optional>

class QComboBox;
class QLabel;
class QLineEdit;
class QProgressBar;
class QPushButton;

namespace custos::model {
class ServiceHost;
}

namespace custos::ui {

class InlineMessage;

// "Try an operation" for administrators checking a key: sign, verify, encrypt or decrypt a file
// with the selected key through KeyCryptoService on the service thread (so the attempt is
// authorised and audited like any other use, and file and token work never block the window). Only the operations in
// the key's key_ops and the algorithms for its type are offered. Results name sizes and files, never key material or
// plaintext. A*GCM output files hold iv (12 bytes) || ciphertext || tag (16 bytes), which decrypt reads back.
class TryOperationPanel : public QWidget
{
    Q_OBJECT
public:
    using Operation = TryOperation;

    explicit TryOperationPanel(model::ServiceHost& host, QWidget* parent = nullptr);

    void setKey(const std::optional<model::KeyRecord>& key);
    void run(); // async; the result appears in the panel
    bool isRunning() const { return m_running; }
    void focusFirstField();

    static QStringList algorithmsFor(const model::KeyRecord& key, Operation operation);

Q_SIGNALS:
    void finished(bool ok, const QString& text);

private:
    QCoro::Task<> runAsync();
    void onOperationChanged();
    void updateState();
    void browse(QLineEdit* edit, bool save);
    void showResult(bool ok, const QString& text);
    Operation operation() const;

    model::ServiceHost& m_host;
    std::optional<model::KeyRecord> m_key;
    bool m_running = false;
    QComboBox* m_operationCombo = nullptr;
    QComboBox* m_algorithmCombo = nullptr;
    QLineEdit* m_inputEdit = nullptr;
    QPushButton* m_inputBrowse = nullptr;
    QLabel* m_secondLabel = nullptr;
    QLineEdit* m_secondEdit = nullptr; // signature file (sign writes, verify reads) or output file
    QPushButton* m_secondBrowse = nullptr;
    QPushButton* m_runButton = nullptr;
    QProgressBar* m_busyBar = nullptr;
    InlineMessage* m_resultLabel = nullptr;
};

} // namespace custos::ui
