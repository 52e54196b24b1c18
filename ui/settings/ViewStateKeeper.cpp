#include "ViewStateKeeper.h"

#include "ui/settings/AppSettings.h"

#include <QEvent>
#include <QHeaderView>
#include <QSplitter>
#include <QTableView>
#include <QTreeView>
#include <QWidget>

namespace custos::ui {

namespace {
const QString kGeometry = QStringLiteral("geometry");

QHeaderView* columnHeader(QAbstractItemView* view)
{
    if (auto* tree = qobject_cast<QTreeView*>(view))
        return tree->header();
    if (auto* table = qobject_cast<QTableView*>(view))
        return table->horizontalHeader();
    return nullptr;
}
} // namespace

ViewStateKeeper* ViewStateKeeper::keep(QWidget* root, const QString& view, AppSettings& settings)
{
    return new ViewStateKeeper(root, view, settings);
}

ViewStateKeeper::ViewStateKeeper(QWidget* root, QString view, AppSettings& settings)
    : QObject(root), m_root(root), m_view(std::move(view)), m_settings(&settings)
{
    setObjectName(QStringLiteral("viewStateKeeper"));
    if (m_root->isWindow()) {
        const QByteArray geometry = settings.viewState(key(kGeometry));
        if (!geometry.isEmpty())
            m_root->restoreGeometry(geometry);
        m_root->installEventFilter(this);
    }
    for (QSplitter* splitter : m_root->findChildren<QSplitter*>()) {
        if (!splitter->objectName().isEmpty())
            keepSplitter(splitter, splitter->objectName());
    }
    for (QAbstractItemView* itemView : m_root->findChildren<QAbstractItemView*>()) {
        QHeaderView* header = columnHeader(itemView);
        if (header && !itemView->objectName().isEmpty())
            keepHeader(header, itemView->objectName());
    }
}

void ViewStateKeeper::keepSplitter(QSplitter* splitter, const QString& name)
{
    m_splitters.insert(splitter, name);
    const QByteArray state = m_settings->viewState(key(name));
    if (!state.isEmpty())
        splitter->restoreState(state);
    connect(splitter, &QSplitter::splitterMoved, this, [this, splitter, name] {
        if (m_settings)
            m_settings->setViewState(key(name), splitter->saveState());
    });
    connect(splitter, &QObject::destroyed, this, [this, splitter] { m_splitters.remove(splitter); });
}

void ViewStateKeeper::keepHeader(QHeaderView* header, const QString& name)
{
    m_headers.insert(header, name);
    m_restored.insert(header, false);
    // The columns come with the model: restore once there are some.
    if (header->count() > 0)
        restoreHeader(header, name);
    connect(header, &QHeaderView::sectionCountChanged, this, [this, header, name](int oldCount, int newCount) {
        if (oldCount == 0 && newCount > 0 && !m_restored.value(header))
            restoreHeader(header, name);
    });
    auto save = [this, header, name] { saveHeader(header, name); };
    connect(header, &QHeaderView::sectionResized, this, save);
    connect(header, &QHeaderView::sectionMoved, this, save);
    connect(header, &QHeaderView::sortIndicatorChanged, this, save);
    connect(header, &QObject::destroyed, this, [this, header] {
        m_headers.remove(header);
        m_restored.remove(header);
    });
}

void ViewStateKeeper::restoreHeader(QHeaderView* header, const QString& name)
{
    m_restored.insert(header, true);
    if (!m_settings)
        return;
    const QByteArray state = m_settings->viewState(key(name));
    if (!state.isEmpty())
        header->restoreState(state);
}

void ViewStateKeeper::saveHeader(QHeaderView* header, const QString& name)
{
    if (m_settings && m_restored.value(header) && header->count() > 0)
        m_settings->setViewState(key(name), header->saveState());
}

void ViewStateKeeper::save()
{
    if (!m_settings)
        return;
    if (m_root->isWindow())
        m_settings->setViewState(key(kGeometry), m_root->saveGeometry());
    for (auto it = m_splitters.cbegin(); it != m_splitters.cend(); ++it)
        m_settings->setViewState(key(it.value()), it.key()->saveState());
    for (auto it = m_headers.cbegin(); it != m_headers.cend(); ++it)
        saveHeader(it.key(), it.value());
}

bool ViewStateKeeper::eventFilter(QObject* watched, QEvent* event)
{
    // Only the geometry here: the window may be on its way out, and the rest is saved as it changes.
    if (watched == m_root && m_settings && (event->type() == QEvent::Hide || event->type() == QEvent::Close))
        m_settings->setViewState(key(kGeometry), m_root->saveGeometry());
    return QObject::eventFilter(watched, event);
}

} // namespace custos::ui
