#pragma once

#include "model/services/SecurityDomainService.h"

#include <QCoro/QCoroTask>
#include <QDialog>

#include <optional>

class QLabel;
class QPushButton;
class QTableView;
class QWidget;

namespace custos::model {
class ServiceHost;
}

namespace custos::ui {

class CustodianSetModel;
class SecurityDomainHistoryModel;

// Security Domain > Status…: whether the workspace is activated (and what that means), the
// custodian set in force, the history with superseded sets, and, when the current file replaced
// one that carries the same domain key, the plain notice that old files still open and the offer
// to rotate. Download and rotation are asked for through signals; the window opens the wizards.
class SecurityDomainView : public QDialog
{
    Q_OBJECT
public:
    explicit SecurityDomainView(model::ServiceHost& host, QWidget* parent = nullptr);
    ~SecurityDomainView() override;

    void reload();
    bool isLoading() const { return m_loading; }
    const std::optional<model::SecurityDomainStatus>& status() const { return m_status; }

    // True when a superseded file carries the domain key still in force: its custodians can still
    // open it, so new backups should move to a new domain key.
    static bool needsRotation(const model::SecurityDomainStatus& status);

    QLabel* activationLabel() const { return m_activationLabel; }
    QWidget* supersededNotice() const { return m_supersededBox; }
    QLabel* supersededLabel() const { return m_supersededLabel; }
    QLabel* expiryLabel() const { return m_expiryLabel; }
    QPushButton* rotateButton() const { return m_rotateButton; }
    QPushButton* downloadButton() const { return m_downloadButton; }
    CustodianSetModel* custodianModel() const { return m_custodians; }
    SecurityDomainHistoryModel* historyModel() const { return m_history; }

Q_SIGNALS:
    void loaded();
    void downloadRequested();
    void rotateRequested();

private:
    QCoro::Task<> load();
    void display(const model::SecurityDomainStatus& status);
    void showError(const QString& message);

    model::ServiceHost& m_host;
    bool m_loading = false;
    bool m_reloadAgain = false;
    std::optional<model::SecurityDomainStatus> m_status;

    QLabel* m_activationIcon = nullptr;
    QLabel* m_activationLabel = nullptr;
    QLabel* m_activationText = nullptr;
    QWidget* m_supersededBox = nullptr;
    QLabel* m_supersededLabel = nullptr;
    QPushButton* m_noticeRotateButton = nullptr;
    QWidget* m_currentBox = nullptr;
    QLabel* m_currentLabel = nullptr;
    QLabel* m_expiryLabel = nullptr;
    QLabel* m_errorLabel = nullptr;
    CustodianSetModel* m_custodians = nullptr;
    QTableView* m_custodianView = nullptr;
    SecurityDomainHistoryModel* m_history = nullptr;
    QTableView* m_historyView = nullptr;
    QPushButton* m_downloadButton = nullptr;
    QPushButton* m_rotateButton = nullptr;
};

} // namespace custos::ui
