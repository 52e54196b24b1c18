#include "GlobalSearchPopup.h"

#include "SearchResultModel.h"
#include "model/services/Services.h"
#include "model/session/ServiceHost.h"

#include <QEvent>
#include <QKeyEvent>
#include <QLabel>
#include <QLineEdit>
#include <QListView>
#include <QPointer>
#include <QTimer>
#include <QVBoxLayout>

namespace custos::ui {

GlobalSearchPopup::GlobalSearchPopup(model::ServiceHost& host, QWidget* parent) : QDialog(parent), m_host(host)
{
    setObjectName(QStringLiteral("globalSearchPopup"));
    setWindowTitle(tr("Find Anything"));
    setWindowFlag(Qt::WindowContextHelpButtonHint, false);
    setAccessibleName(tr("Find anything"));
    setAccessibleDescription(tr("Search vaults, keys, certificates, operators and roles, and jump to one"));

    m_edit = new QLineEdit(this);
    m_edit->setObjectName(QStringLiteral("searchLineEdit"));
    m_edit->setPlaceholderText(tr("Name, tag, subject, SAN, fingerprint or serial…"));
    m_edit->setClearButtonEnabled(true);
    m_edit->setAccessibleName(tr("Search text"));
    m_edit->setAccessibleDescription(tr("Type to search; Up and Down choose a result, Enter opens it, Escape closes"));
    m_edit->installEventFilter(this);

    m_model = new SearchResultModel(this);
    m_view = new QListView(this);
    m_view->setObjectName(QStringLiteral("searchResultView"));
    m_view->setModel(m_model);
    m_view->setUniformItemSizes(true);
    m_view->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_view->setSelectionMode(QAbstractItemView::SingleSelection);
    m_view->setFocusPolicy(Qt::NoFocus); // the keys stay in the box; Up/Down are forwarded
    m_view->setAccessibleName(tr("Search results"));
    m_view->setAccessibleDescription(tr("Vaults, keys, certificates, operators and roles that match"));

    m_status = new QLabel(this);
    m_status->setObjectName(QStringLiteral("searchStatusLabel"));
    m_status->setWordWrap(true);
    m_status->setText(tr("Type to search."));

    auto* layout = new QVBoxLayout(this);
    layout->addWidget(m_edit);
    layout->addWidget(m_view, 1);
    layout->addWidget(m_status);
    resize(620, 380);

    m_debounce = new QTimer(this);
    m_debounce->setSingleShot(true);
    m_debounce->setInterval(kDefaultDebounceMs);
    connect(m_edit, &QLineEdit::textChanged, this, &GlobalSearchPopup::onTextEdited);
    connect(m_debounce, &QTimer::timeout, this, [this] { search(m_edit->text()); });
    connect(m_view, &QListView::activated, this, [this](const QModelIndex& index) { activateRow(index.row()); });
    connect(m_view, &QListView::clicked, this, [this](const QModelIndex& index) { activateRow(index.row()); });
}

void GlobalSearchPopup::setDebounceInterval(int milliseconds)
{
    m_debounce->setInterval(milliseconds);
}

void GlobalSearchPopup::popup()
{
    if (QWidget* owner = parentWidget()) {
        const QRect area = owner->window()->geometry();
        move(area.left() + (area.width() - width()) / 2, area.top() + std::min(80, area.height() / 8));
    }
    show();
    raise();
    activateWindow();
    m_edit->setFocus(Qt::ShortcutFocusReason);
    m_edit->selectAll();
}

void GlobalSearchPopup::onTextEdited()
{
    if (m_edit->text().trimmed().isEmpty()) {
        ++m_generation; // whatever is still on its way is stale now
        m_debounce->stop();
        m_model->clear();
        m_status->setText(tr("Type to search."));
        return;
    }
    m_debounce->start();
}

QCoro::Task<> GlobalSearchPopup::search(QString text)
{
    const quint64 generation = ++m_generation;
    m_status->setText(tr("Searching…"));
    QPointer<GlobalSearchPopup> guard(this);
    auto task =
        m_host.call([text](model::Services& services) { return model::globalSearch(services, text, kResultLimit); });
    auto hits = co_await task;
    if (!guard || generation != m_generation)
        co_return; // closed, or overtaken by a newer search
    showResults(text, hits);
}

void GlobalSearchPopup::showResults(const QString& text, const Outcome<QList<model::SearchHit>>& hits)
{
    if (!hits) {
        m_model->clear();
        m_status->setText(tr("Search failed: %1").arg(hits.error().message));
        Q_EMIT resultsShown();
        return;
    }
    m_model->setHits(hits.value());
    if (hits->isEmpty()) {
        m_status->setText(tr("Nothing you may see matches “%1”.").arg(text.trimmed()));
    } else {
        m_view->setCurrentIndex(m_model->index(0, 0));
        m_status->setText(hits->size() >= kResultLimit
                              ? tr("The first %1 matches; type more to narrow them down.").arg(kResultLimit)
                              : tr("Matches: %1. Enter opens the selected one.").arg(hits->size()));
    }
    Q_EMIT resultsShown();
}

bool GlobalSearchPopup::eventFilter(QObject* watched, QEvent* event)
{
    if (watched == m_edit && event->type() == QEvent::KeyPress) {
        auto* key = static_cast<QKeyEvent*>(event);
        const int page = std::max(1, m_view->height() / std::max(1, m_view->sizeHintForRow(0)) - 1);
        switch (key->key()) {
        case Qt::Key_Down:
            moveCurrent(1);
            return true;
        case Qt::Key_Up:
            moveCurrent(-1);
            return true;
        case Qt::Key_PageDown:
            moveCurrent(page);
            return true;
        case Qt::Key_PageUp:
            moveCurrent(-page);
            return true;
        case Qt::Key_Return:
        case Qt::Key_Enter:
            // An answer may still be on its way: search now rather than jump to a stale hit.
            if (m_debounce->isActive()) {
                m_debounce->stop();
                search(m_edit->text());
                return true;
            }
            activateRow(m_view->currentIndex().row());
            return true;
        default:
            break;
        }
    }
    return QDialog::eventFilter(watched, event);
}

void GlobalSearchPopup::hideEvent(QHideEvent* event)
{
    QDialog::hideEvent(event);
    // The keyboard goes back to the window it was opened from (Esc, or a hit in that window).
    if (QWidget* owner = parentWidget(); owner && owner->isVisible())
        owner->window()->activateWindow();
}

void GlobalSearchPopup::moveCurrent(int delta)
{
    const int rows = m_model->rowCount();
    if (rows == 0)
        return;
    const int current = m_view->currentIndex().isValid() ? m_view->currentIndex().row() : -1;
    const int row = std::clamp(current + delta, 0, rows - 1);
    m_view->setCurrentIndex(m_model->index(row, 0));
    m_view->scrollTo(m_model->index(row, 0));
}

void GlobalSearchPopup::activateRow(int row)
{
    const std::optional<model::SearchHit> hit = m_model->hit(row);
    if (!hit)
        return;
    accept();
    Q_EMIT hitActivated(*hit);
}

} // namespace custos::ui
