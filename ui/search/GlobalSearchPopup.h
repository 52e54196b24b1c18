#pragma once

#include "model/services/GlobalSearch.h"

#include <QCoro/QCoroTask>
#include <QDialog>

class QLabel;
class QLineEdit;
class QListView;
class QTimer;

namespace custos::model {
class ServiceHost;
}

namespace custos::ui {

class SearchResultModel;

// Ctrl+K: one box that finds vaults, keys, certificates, operators and roles (model/services/
// GlobalSearch.h) as the operator types. Typing is debounced and each search runs on the service
// thread; an answer a newer search has overtaken is dropped. Up/Down (and Page Up/Down) move
// through the hits without leaving the box, Enter (or a click) jumps to the current one
// (hitActivated) and closes, Esc closes.
class GlobalSearchPopup : public QDialog
{
    Q_OBJECT
public:
    static constexpr int kResultLimit = 50;
    static constexpr int kDefaultDebounceMs = 200;

    explicit GlobalSearchPopup(model::ServiceHost& host, QWidget* parent = nullptr);

    // Shows it over the top of its parent with the box focused and its text selected.
    void popup();

    QLineEdit* searchLineEdit() const { return m_edit; }
    QListView* resultView() const { return m_view; }
    SearchResultModel* resultModel() const { return m_model; }
    QLabel* statusLabel() const { return m_status; }
    void setDebounceInterval(int milliseconds);

Q_SIGNALS:
    void hitActivated(const custos::model::SearchHit& hit);
    void resultsShown(); // an answer arrived and is shown (tests wait for it)

protected:
    bool eventFilter(QObject* watched, QEvent* event) override;
    void hideEvent(QHideEvent* event) override;

private:
    void onTextEdited();
    QCoro::Task<> search(QString text);
    void showResults(const QString& text, const Outcome<QList<model::SearchHit>>& hits);
    void moveCurrent(int delta);
    void activateRow(int row);

    model::ServiceHost& m_host;
    QLineEdit* m_edit = nullptr;
    QListView* m_view = nullptr;
    SearchResultModel* m_model = nullptr;
    QLabel* m_status = nullptr;
    QTimer* m_debounce = nullptr;
    quint64 m_generation = 0; // of the newest search; older answers are dropped
};

} // namespace custos::ui
