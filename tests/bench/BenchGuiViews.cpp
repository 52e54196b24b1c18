// Issue 10: the first paint of each main view of the real MainWindow over the workspace at the
// issue's sizes (BenchBigWorkspace.h: 1,000 vaults, 10,000 keys in one vault, 10,000 certificates
// in one vault, 10,000 role assignments, 1,000,000 audit events), each from the user's action to
// the first paint of the view's rows: the window (vault tree), the Keys tab, the Certificates tab,
// Access > Roles and access (the Assignments tab), Access > Audit Trail, Certificates > Expiry
// Overview. Baseline in the same run: the same steps over a workspace with nothing seeded. Median
// of 3 rounds, each with a freshly opened workspace and a new window (so no view is warm).
// key_list, expiry_overview and audit_review time the same views' models alone, with targets.
#include "BenchBigWorkspace.h"
#include "BenchRegistry.h"
#include "BenchResults.h"
#include "BenchWorkspace.h"
#include "model/itemmodels/AuditEventModel.h"
#include "model/itemmodels/CertificateListModel.h"
#include "model/itemmodels/ExpiryOverviewModel.h"
#include "model/itemmodels/KeyListModel.h"
#include "model/itemmodels/RoleAssignmentModel.h"
#include "model/itemmodels/VaultTreeModel.h"
#include "model/session/ServiceHost.h"
#include "ui/access/AccessWindow.h"
#include "ui/access/AssignmentsView.h"
#include "ui/audit/AuditWindow.h"
#include "ui/certificates/CertificatesView.h"
#include "ui/certificates/ExpiryOverviewDialog.h"
#include "ui/keys/KeysView.h"
#include "ui/mainwindow/MainWindow.h"
#include "ui/settings/AppSettings.h"

#include <QAction>
#include <QApplication>
#include <QElapsedTimer>
#include <QEvent>
#include <QSettings>
#include <QTabWidget>
#include <QTableView>
#include <QTemporaryDir>
#include <QTimer>
#include <QTreeView>

#include <algorithm>
#include <functional>
#include <map>

using namespace custos;

namespace {

constexpr int kRounds = 3;

class PaintProbe : public QObject
{
public:
    bool eventFilter(QObject* watched, QEvent* event) override
    {
        if (event->type() == QEvent::Paint)
            ++paints;
        return QObject::eventFilter(watched, event);
    }
    int paints = 0;
};

// From `open()` (the user's action) to the first paint of `viewport()` after `ready()` holds (the
// rows have arrived); -1 when that did not happen within a minute. Sleeps until events come, as
// exec() does: a spinning GUI thread would take a core from the service thread.
double firstPaint(const std::function<void()>& open, const std::function<bool()>& ready,
                  const std::function<QWidget*()>& viewport)
{
    QApplication::processEvents();
    QElapsedTimer clock;
    clock.start();
    open();
    PaintProbe probe;
    QWidget* watched = nullptr;
    QTimer deadline;
    deadline.setSingleShot(true);
    deadline.start(60000);
    while (deadline.isActive()) {
        if (!watched && ready()) {
            watched = viewport();
            watched->installEventFilter(&probe);
            watched->update();
        }
        if (watched && probe.paints > 0)
            break;
        QApplication::processEvents(QEventLoop::AllEvents | QEventLoop::WaitForMoreEvents);
    }
    if (watched)
        watched->removeEventFilter(&probe);
    return probe.paints > 0 ? clock.nsecsElapsed() / 1e6 : -1;
}

struct Expected
{
    int vaults = 0, keys = 0, certificates = 0, assignments = 0;
};

Expected expectedFor(const bench::WorkspaceSize& size)
{
    // The seeded rows plus the one real key and certificate they were copied from.
    return Expected{size.vaults + 2, size.keys > 0 ? size.keys + 1 : 0,
                    size.certificates > 0 ? size.certificates + 1 : 0, size.assignments};
}

// View -> ms (-1: not painted), in the order the views were opened.
struct Times
{
    QList<std::pair<QString, double>> list;
    double& operator[](const QString& view)
    {
        for (auto& [name, ms] : list) {
            if (name == view)
                return ms;
        }
        list.append({view, -1});
        return list.last().second;
    }
};

// One round: open the workspace, make the window, open each view in turn; then close everything.
Times measureRound(const bench::SizedWorkspace& workspace, const QString& iniPath)
{
    Times times;
    const Expected expected = expectedFor(workspace.size);
    model::ServiceHost host;
    auto opened = test::await(host.open(workspace.directory));
    auto login = opened ? test::await(host.login(QStringLiteral("admin"), test::secret(test::kTestPassphrase), false))
                        : Outcome<void>(opened.error());
    if (!login) {
        bench::log() << "cannot open the workspace: " << login.error().message << Qt::endl;
        return times;
    }
    QSettings store(iniPath, QSettings::IniFormat);
    ui::AppSettings settings(&store);
    std::unique_ptr<ui::MainWindow> window;
    bool loaded = false;
    auto onLoaded = [&loaded] { loaded = true; };

    times[QStringLiteral("vault tree (the main window)")] = firstPaint(
        [&] {
            window = std::make_unique<ui::MainWindow>(host, &settings);
            window->resize(1280, 800);
            window->show();
        },
        [&] {
            model::VaultTreeModel* model = window->vaultModel();
            return !model->isLoading() &&
                   model->rowCount(model->groupIndex(model::VaultTreeModel::NodeKind::ActiveGroup)) >= expected.vaults;
        },
        [&] { return window->vaultTreeView()->viewport(); });

    auto* tabs = window->findChild<QTabWidget*>(QStringLiteral("detailTabWidget"));

    {
        loaded = false;
        auto connection = QObject::connect(window->keysView()->keyModel(), &model::KeyListModel::loaded, onLoaded);
        times[QStringLiteral("Keys tab, one vault")] = firstPaint(
            [&] {
                if (tabs)
                    tabs->setCurrentWidget(window->keysView());
                window->selectVault(QStringLiteral("keys"));
            },
            [&] { return loaded && window->keysView()->keyModel()->rowCount() >= expected.keys; },
            [&] { return window->keysView()->keyView()->viewport(); });
        QObject::disconnect(connection);
    }
    {
        loaded = false;
        auto connection = QObject::connect(window->certificatesView()->certificateModel(),
                                           &model::CertificateListModel::loaded, onLoaded);
        times[QStringLiteral("Certificates tab, one vault")] = firstPaint(
            [&] {
                if (tabs)
                    tabs->setCurrentWidget(window->certificatesView());
                window->selectVault(QStringLiteral("certs"));
            },
            [&] {
                return loaded && window->certificatesView()->certificateModel()->rowCount() >= expected.certificates;
            },
            [&] { return window->certificatesView()->certificateView()->viewport(); });
        QObject::disconnect(connection);
    }
    {
        loaded = false;
        ui::AccessWindow* access = nullptr;
        times[QStringLiteral("Roles and access: Assignments tab")] = firstPaint(
            [&] {
                access = window->showAccessWindow();
                if (auto* accessTabs = access->findChild<QTabWidget*>())
                    accessTabs->setCurrentWidget(access->assignmentsView());
                QObject::connect(access->assignmentsView()->assignmentModel(), &model::RoleAssignmentModel::loaded,
                                 access, onLoaded);
            },
            [&] { return loaded && access->assignmentsView()->assignmentModel()->rowCount() >= expected.assignments; },
            [&] { return access->assignmentsView()->tableView()->viewport(); });
        if (access)
            access->hide();
    }
    {
        loaded = false;
        ui::AuditWindow* audit = nullptr;
        times[QStringLiteral("Audit Trail window")] = firstPaint(
            [&] {
                if (auto* action = window->findChild<QAction*>(QStringLiteral("auditWindowAction")))
                    action->trigger();
                audit = window->findChild<ui::AuditWindow*>(QStringLiteral("auditWindow"));
                if (audit)
                    QObject::connect(audit->eventModel(), &model::AuditEventModel::countLoaded, audit,
                                     [&loaded](qint64) { loaded = true; });
            },
            [&] {
                if (!audit)
                    return true; // reported below
                auto* model = audit->eventModel();
                return loaded &&
                       (model->rowCount() == 0 || model->index(0, 0).data(model::AuditEventModel::LoadedRole).toBool());
            },
            [&] { return audit ? audit->tableView()->viewport() : window.get(); });
        if (!audit)
            times[QStringLiteral("Audit Trail window")] = -1;
        // Let the chart's histogram finish before the window goes.
        QTimer settle;
        settle.setSingleShot(true);
        settle.start(5000);
        while (audit && settle.isActive() && audit->isChartLoading())
            QApplication::processEvents(QEventLoop::AllEvents | QEventLoop::WaitForMoreEvents);
        if (audit)
            audit->hide();
    }
    {
        loaded = false;
        ui::ExpiryOverviewDialog* dialog = nullptr;
        auto connection = QObject::connect(window->expiryModel(), &model::ExpiryOverviewModel::loaded, onLoaded);
        times[QStringLiteral("Expiry Overview")] =
            firstPaint([&] { dialog = window->showExpiryOverview(); },
                       [&] { return loaded && window->expiryModel()->rowCount() >= expected.certificates; },
                       [&] { return dialog->tableView()->viewport(); });
        QObject::disconnect(connection);
        dialog->hide();
    }
    window.reset();
    QApplication::processEvents();
    return times;
}

double median(QList<double> values)
{
    std::sort(values.begin(), values.end());
    return values.isEmpty() || values.first() < 0 ? -1 : values.at(values.size() / 2);
}

int guiViews()
{
    const bench::SizedWorkspace* big = bench::bigWorkspace();
    const bench::SizedWorkspace* empty = bench::emptyWorkspace();
    if (!big || !empty) {
        bench::recordFailure(QStringLiteral("GUI first paint"), QStringLiteral("the workspaces could not be made"));
        return 1;
    }
    QTemporaryDir settingsDir;
    const QString ini = settingsDir.filePath(QStringLiteral("custos.ini"));
    measureRound(*empty, ini); // warm-up: fonts, styles, icons
    QStringList views;         // in the order opened
    std::map<QString, QList<double>> bigTimes, emptyTimes;
    for (int round = 0; round < kRounds; ++round) {
        for (const auto& [view, ms] : measureRound(*big, ini).list) {
            bigTimes[view] << ms;
            if (!views.contains(view))
                views << view;
        }
        for (const auto& [view, ms] : measureRound(*empty, ini).list)
            emptyTimes[view] << ms;
    }
    if (views.isEmpty()) {
        bench::recordFailure(QStringLiteral("GUI first paint"), QStringLiteral("the workspace did not open"));
        return 1;
    }
    int failures = 0;
    for (const QString& view : views) {
        const double ms = median(bigTimes[view]);
        const double baseline = median(emptyTimes[view]);
        const QString figure =
            QStringLiteral("GUI first paint: %1 (%2), median of %3").arg(view, big->description).arg(kRounds);
        if (ms < 0 || baseline < 0) {
            bench::recordFailure(figure, QStringLiteral("the view did not paint its rows within a minute"));
            ++failures;
            continue;
        }
        bench::recordTime(figure, ms, QStringLiteral("the same, nothing seeded"), baseline);
    }
    return failures ? 1 : 0;
}

} // namespace

CUSTOS_REGISTER_BENCH(gui_views, guiViews)
