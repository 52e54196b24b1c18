#pragma once

#include <QHash>
#include <QObject>
#include <QPointer>
#include <QString>

class QHeaderView;
class QSplitter;
class QWidget;

namespace custos::ui {

class AppSettings;

// Remembers how the operator left a view: the window's geometry (when the root is a window), the
// sizes of its splitters and, for every table and tree view below it, the column layout and sort
// order (QHeaderView::saveState). Each part is stored through AppSettings::viewState under
// "<view>/geometry", "<view>/<splitter object name>" and "<view>/<view object name>", so only
// named widgets are kept. Restored when kept; saved as the operator changes them and when the
// window hides. Window geometry is not a secret, nor is a column width.
class ViewStateKeeper : public QObject
{
    Q_OBJECT
public:
    // Restores what was stored for `view` now and keeps it up to date; owned by `root`.
    static ViewStateKeeper* keep(QWidget* root, const QString& view, AppSettings& settings);

    // Stores the current state at once (also done on every change and when the window hides).
    void save();

protected:
    bool eventFilter(QObject* watched, QEvent* event) override;

private:
    ViewStateKeeper(QWidget* root, QString view, AppSettings& settings);
    void keepHeader(QHeaderView* header, const QString& name);
    void keepSplitter(QSplitter* splitter, const QString& name);
    void restoreHeader(QHeaderView* header, const QString& name);
    void saveHeader(QHeaderView* header, const QString& name);
    QString key(const QString& part) const { return m_view + QLatin1Char('/') + part; }

    QWidget* m_root;
    QString m_view;
    QPointer<AppSettings> m_settings; // may go first when the window owns it
    QHash<QHeaderView*, QString> m_headers;
    QHash<QHeaderView*, bool> m_restored; // no saving a default layout over the stored one
    QHash<QSplitter*, QString> m_splitters;
};

} // namespace custos::ui
