#include "HostedWorkspace.h"
#include "TestRegistry.h"

#include "model/itemmodels/KeyListModel.h"
#include "ui/keys/KeysView.h"
#include "ui/mainwindow/MainWindow.h"
#include "ui/settings/AppSettings.h"
#include "ui/settings/ViewStateKeeper.h"

#include <QHeaderView>
#include <QSettings>
#include <QSplitter>
#include <QStandardItemModel>
#include <QTableView>
#include <QTemporaryDir>
#include <QTest>
#include <QVBoxLayout>

using custos::ui::AppSettings;
using custos::ui::ViewStateKeeper;

namespace {
// A window like the views: a named table with a sortable model, in a named splitter.
struct SampleWindow
{
    std::unique_ptr<QWidget> window = std::make_unique<QWidget>();
    QStandardItemModel model{4, 3};
    QTableView* table = nullptr;
    QSplitter* splitter = nullptr;

    SampleWindow()
    {
        for (int row = 0; row < 4; ++row)
            for (int column = 0; column < 3; ++column)
                model.setItem(row, column, new QStandardItem(QStringLiteral("%1-%2").arg(row).arg(column)));
        splitter = new QSplitter(Qt::Vertical, window.get());
        splitter->setObjectName(QStringLiteral("sampleSplitter"));
        table = new QTableView(splitter);
        table->setObjectName(QStringLiteral("sampleTableView"));
        table->setModel(&model);
        table->setSortingEnabled(true);
        table->sortByColumn(0, Qt::AscendingOrder);
        splitter->addWidget(table);
        splitter->addWidget(new QWidget(splitter));
        auto* layout = new QVBoxLayout(window.get());
        layout->addWidget(splitter);
        window->resize(500, 400);
    }
};
} // namespace

class TestViewState : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void columnsSortOrderAndGeometryComeBack()
    {
        QTemporaryDir tmp;
        QSettings store(tmp.filePath(QStringLiteral("custos.ini")), QSettings::IniFormat);
        AppSettings settings(&store);
        {
            SampleWindow sample;
            ViewStateKeeper::keep(sample.window.get(), QStringLiteral("sample"), settings);
            sample.window->show();
            QVERIFY(QTest::qWaitForWindowExposed(sample.window.get()));
            sample.table->horizontalHeader()->resizeSection(1, 217);
            sample.table->sortByColumn(2, Qt::DescendingOrder);
            sample.window->resize(640, 480);
            sample.splitter->setSizes({300, 100});
            Q_EMIT sample.splitter->splitterMoved(300, 1);
            sample.window->close();
        }
        QVERIFY(!settings.viewState(QStringLiteral("sample/sampleTableView")).isEmpty());
        QVERIFY(!settings.viewState(QStringLiteral("sample/geometry")).isEmpty());

        SampleWindow again;
        QCOMPARE(again.table->horizontalHeader()->sectionSize(1),
                 again.table->horizontalHeader()->defaultSectionSize());
        ViewStateKeeper::keep(again.window.get(), QStringLiteral("sample"), settings);
        QCOMPARE(again.table->horizontalHeader()->sectionSize(1), 217);
        QCOMPARE(again.table->horizontalHeader()->sortIndicatorSection(), 2);
        QCOMPARE(again.table->horizontalHeader()->sortIndicatorOrder(), Qt::DescendingOrder);
        // The view sorts by the restored column too, not only its header.
        QCOMPARE(again.model.item(0, 2)->text(), QStringLiteral("3-2"));
        QCOMPARE(again.window->size(), QSize(640, 480));
        again.window->show();
        QVERIFY(QTest::qWaitForWindowExposed(again.window.get()));
        QCOMPARE(again.splitter->sizes().value(0) > again.splitter->sizes().value(1), true);
    }

    void aViewWithoutStoredStateKeepsItsDefaults()
    {
        QTemporaryDir tmp;
        QSettings store(tmp.filePath(QStringLiteral("custos.ini")), QSettings::IniFormat);
        AppSettings settings(&store);
        SampleWindow sample;
        sample.table->horizontalHeader()->resizeSection(0, 150);
        ViewStateKeeper::keep(sample.window.get(), QStringLiteral("fresh"), settings);
        QCOMPARE(sample.table->horizontalHeader()->sectionSize(0), 150);
        QCOMPARE(sample.table->horizontalHeader()->sortIndicatorSection(), 0);
    }

    void headersOfALateModelAreRestoredWhenItArrives()
    {
        QTemporaryDir tmp;
        QSettings store(tmp.filePath(QStringLiteral("custos.ini")), QSettings::IniFormat);
        AppSettings settings(&store);
        {
            SampleWindow sample;
            ViewStateKeeper::keep(sample.window.get(), QStringLiteral("late"), settings);
            sample.table->horizontalHeader()->resizeSection(2, 123);
        }
        QWidget window;
        auto* table = new QTableView(&window);
        table->setObjectName(QStringLiteral("sampleTableView"));
        ViewStateKeeper::keep(&window, QStringLiteral("late"), settings);
        QStandardItemModel model(2, 3);
        table->setModel(&model);
        QCOMPARE(table->horizontalHeader()->sectionSize(2), 123);
    }

    void theMainWindowKeepsTheKeysColumns()
    {
        QTemporaryDir tmp;
        auto host = custos::test::makeHostedWorkspace(tmp.filePath(QStringLiteral("ws")));
        QVERIFY(host);
        QSettings store(tmp.filePath(QStringLiteral("custos.ini")), QSettings::IniFormat);
        AppSettings settings(&store);
        const int column = custos::model::KeyListModel::ExpiresColumn;
        {
            custos::ui::MainWindow window(*host, &settings);
            window.show();
            QVERIFY(QTest::qWaitForWindowExposed(&window));
            auto* table = window.keysView()->findChild<QTableView*>(QStringLiteral("keyTableView"));
            QVERIFY(table);
            table->horizontalHeader()->resizeSection(column, 271);
            window.resize(900, 650);
            window.hide(); // as GuiController does before it lets a window go; saves the geometry
        }
        custos::ui::MainWindow window(*host, &settings);
        auto* table = window.keysView()->findChild<QTableView*>(QStringLiteral("keyTableView"));
        QCOMPARE(table->horizontalHeader()->sectionSize(column), 271);
        QCOMPARE(window.size(), QSize(900, 650));
    }
};

CUSTOS_REGISTER_TEST(TestViewState)
#include "TestViewState.moc"
