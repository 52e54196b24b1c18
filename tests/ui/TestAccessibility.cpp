#include "HostedWorkspace.h"
#include "TestRegistry.h"

#include "model/itemmodels/KeyListModel.h"
#include "model/services/Services.h"
#include "ui/actions/VaultActions.h"
#include "ui/certificates/CertificateActions.h"
#include "ui/certificates/CertificatesView.h"
#include "ui/keys/KeyActions.h"
#include "ui/keys/KeysView.h"
#include "ui/mainwindow/MainWindow.h"
#include "ui/notifications/NotificationCenter.h"
#include "ui/notifications/NotificationPanel.h"
#include "ui/settings/AppSettings.h"

#include <QAbstractButton>
#include <QAbstractItemView>
#include <QAbstractSpinBox>
#include <QAccessible>
#include <QAction>
#include <QApplication>
#include <QComboBox>
#include <QDialog>
#include <QHeaderView>
#include <QLineEdit>
#include <QMenu>
#include <QScrollBar>
#include <QSettings>
#include <QTabBar>
#include <QTabWidget>
#include <QTemporaryDir>
#include <QTest>
#include <QWizard>

static void initAccessibilityResources()
{
    Q_INIT_RESOURCE(custos);
}

using custos::ui::MainWindow;

namespace {

// The controls a screen-reader user operates (issue 9): buttons, line edits, combo and spin boxes,
// item views and tab bars; the parts of composite widgets (a combo box's editor, a spin box's line
// edit, a tab bar's scroll buttons, headers and scroll bars) speak through their owner.
bool isControl(QWidget* widget)
{
    if (widget->objectName().startsWith(QLatin1String("qt_")) || qobject_cast<QHeaderView*>(widget) ||
        qobject_cast<QScrollBar*>(widget))
        return false;
    for (QWidget* parent = widget->parentWidget(); parent; parent = parent->parentWidget()) {
        if (qobject_cast<QComboBox*>(parent) || qobject_cast<QAbstractSpinBox*>(parent) ||
            qobject_cast<QTabBar*>(parent) || qobject_cast<QAbstractItemView*>(parent))
            return false;
        if (parent->isWindow())
            break;
    }
    return qobject_cast<QAbstractButton*>(widget) || qobject_cast<QLineEdit*>(widget) ||
           qobject_cast<QComboBox*>(widget) || qobject_cast<QAbstractSpinBox*>(widget) ||
           qobject_cast<QAbstractItemView*>(widget) || qobject_cast<QTabBar*>(widget);
}

QString describe(QWidget* widget)
{
    return QStringLiteral("%1 '%2' in %3")
        .arg(QString::fromLatin1(widget->metaObject()->className()), widget->objectName(),
             widget->window()->objectName());
}

// An item view with rows must expose them: cells (or items) with names.
bool rowsSpeak(QAbstractItemView* view, QAccessibleInterface* accessible)
{
    if (!view->model() || view->model()->rowCount(view->rootIndex()) == 0)
        return true;
    const int children = qMin(accessible->childCount(), 200);
    for (int i = 0; i < children; ++i) {
        QAccessibleInterface* child = accessible->child(i);
        if (!child)
            continue;
        const QAccessible::Role role = child->role();
        if (role == QAccessible::ColumnHeader || role == QAccessible::RowHeader)
            continue;
        if (!child->text(QAccessible::Name).trimmed().isEmpty())
            return true;
    }
    return false;
}

// Every visible control of `root`'s window without an accessible name or description.
QStringList offenders(QWidget* root)
{
    QStringList found;
    QList<QWidget*> widgets = root->findChildren<QWidget*>();
    widgets.prepend(root);
    for (QWidget* widget : std::as_const(widgets)) {
        if (!widget->isVisible() || !isControl(widget))
            continue;
        if (widget->window() != root->window())
            continue; // another window: checked on its own
        QAccessibleInterface* accessible = QAccessible::queryAccessibleInterface(widget);
        if (!accessible) {
            found << describe(widget) + QStringLiteral(": no accessible interface");
            continue;
        }
        const QString name = accessible->text(QAccessible::Name).trimmed();
        const QString description = accessible->text(QAccessible::Description).trimmed();
        QStringList missing;
        if (name.isEmpty())
            missing << QStringLiteral("name");
        if (description.isEmpty())
            missing << QStringLiteral("description");
        if (auto* view = qobject_cast<QAbstractItemView*>(widget); view && !rowsSpeak(view, accessible))
            missing << QStringLiteral("row text");
        if (!missing.isEmpty())
            found << QStringLiteral("%1 (name '%2'): no %3")
                         .arg(describe(widget), name, missing.join(QStringLiteral(", ")));
    }
    return found;
}

} // namespace

class TestAccessibility : public QObject
{
    Q_OBJECT

private:
    template <typename F>
    auto run(F f)
    {
        return custos::test::onServices(*m_host, std::move(f));
    }

    std::unique_ptr<MainWindow> makeWindow()
    {
        auto window = std::make_unique<MainWindow>(*m_host, m_settings.get());
        window->resize(1280, 800);
        window->show();
        if (!QTest::qWaitFor([&] { return window->selectVault(QStringLiteral("payments")); }, 10000))
            qWarning("the vault tree did not load");
        if (!QTest::qWaitFor(
                [&] { return window->keysView()->keyModel()->indexOf(QStringLiteral("signing")).isValid(); }, 10000))
            qWarning("the keys did not load");
        return window;
    }

    // A window or dialog the action opened (the newest visible top-level of type T).
    template <typename T = QWidget>
    static T* openedWindow(const char* className)
    {
        T* found = nullptr;
        (void)QTest::qWaitFor(
            [&] {
                for (QWidget* widget : QApplication::topLevelWidgets()) {
                    if (widget->isVisible() && widget->inherits(className))
                        found = qobject_cast<T*>(widget);
                }
                return found != nullptr;
            },
            5000);
        return found;
    }

    void expectAccessible(QWidget* window, QStringList* all)
    {
        QTest::qWait(50); // let the views load
        *all << offenders(window);
    }

    // Every page of a wizard the operator can reach without input: the first one.
    void checkDialog(const char* className, QStringList* all)
    {
        QWidget* dialog = openedWindow(className);
        if (!dialog) {
            *all << QStringLiteral("%1: did not open").arg(QString::fromLatin1(className));
            return;
        }
        QTest::qWait(100);
        *all << offenders(dialog);
        dialog->close();
        QTest::qWait(20);
    }

    static void report(const QStringList& all)
    {
        if (all.isEmpty())
            return;
        QStringList unique = all;
        unique.removeDuplicates();
        for (const QString& line : std::as_const(unique))
            qWarning().noquote() << "inaccessible:" << line;
        QFAIL(qPrintable(
            QStringLiteral("%1 controls without an accessible name or description (listed above)").arg(unique.size())));
    }

    QTemporaryDir m_dir;
    std::unique_ptr<custos::model::ServiceHost> m_host;
    std::unique_ptr<QSettings> m_store;
    std::unique_ptr<custos::ui::AppSettings> m_settings;

private Q_SLOTS:
    void initTestCase()
    {
        initAccessibilityResources();
        QAccessible::setActive(true);
        m_store = std::make_unique<QSettings>(m_dir.filePath(QStringLiteral("custos.ini")), QSettings::IniFormat);
        m_settings = std::make_unique<custos::ui::AppSettings>(m_store.get());
        m_host = custos::test::makeHostedWorkspace(m_dir.filePath(QStringLiteral("ws")));
        QVERIFY(m_host);
        custos::model::VaultCreateRequest vault;
        vault.name = QStringLiteral("payments");
        vault.protection = custos::model::Protection::Software;
        auto created = run([vault](custos::model::Services& s) { return s.vaults().create(vault); });
        QVERIFY2(created, errorText(created).constData());
        custos::model::KeyCreateRequest key;
        key.vault = QStringLiteral("payments");
        key.name = QStringLiteral("signing");
        key.kty = custos::crypto::KeyKind::Ec;
        auto made = run([key](custos::model::Services& s) { return s.keys().create(key); });
        QVERIFY2(made, errorText(made).constData());
        custos::model::CaCreateRequest ca;
        ca.vault = QStringLiteral("payments");
        ca.name = QStringLiteral("root");
        ca.subject = QStringLiteral("CN=Accessibility Root");
        ca.protection = custos::model::Protection::Software;
        auto root = run([ca](custos::model::Services& s) { return s.certificates().createCa(ca); });
        QVERIFY2(root, errorText(root).constData());
    }

    void cleanupTestCase()
    {
        m_host.reset();
        m_settings.reset();
        m_store.reset();
    }

    void mainWindowControlsHaveNamesAndDescriptions()
    {
        auto window = makeWindow();
        QStringList all;
        auto* tabs = window->findChild<QTabWidget*>(QStringLiteral("detailTabWidget"));
        QVERIFY(tabs);
        window->keysView()->selectKey(QStringLiteral("signing"));
        for (int i = 0; i < tabs->count(); ++i) {
            tabs->setCurrentIndex(i);
            expectAccessible(window.get(), &all);
        }
        window->notifications()->showPanel();
        QTest::qWait(50);
        all << offenders(window->notifications()->panel());
        window->notifications()->panel()->hide();
        report(all);
    }

    void windowsHaveNamesAndDescriptions()
    {
        auto window = makeWindow();
        QStringList all;
        window->accessWindowAction()->trigger();
        if (QWidget* access = openedWindow("custos::ui::AccessWindow")) {
            auto* tabs = access->findChild<QTabWidget*>();
            for (int i = 0; tabs && i < tabs->count(); ++i) {
                tabs->setCurrentIndex(i);
                expectAccessible(access, &all);
            }
            access->close();
        } else {
            all << QStringLiteral("the access window did not open");
        }
        QAction* audit = window->findChild<QAction*>(QStringLiteral("auditWindowAction"));
        QVERIFY(audit);
        audit->trigger();
        checkDialog("custos::ui::AuditWindow", &all);
        window->showExpiryOverview();
        checkDialog("custos::ui::ExpiryOverviewDialog", &all);
        window->showSecurityDomainView();
        checkDialog("custos::ui::SecurityDomainView", &all);
        window->findChild<QAction*>(QStringLiteral("tokenAction"))->trigger();
        checkDialog("custos::ui::TokenPage", &all);
        report(all);
    }

    void dialogsAndWizardsHaveNamesAndDescriptions()
    {
        auto window = makeWindow();
        QStringList all;
        window->vaultActions()->newVault()->trigger();
        checkDialog("custos::ui::VaultCreateDialog", &all);
        QTRY_VERIFY(window->keyActions()->newKey()->isEnabled());
        window->keyActions()->newKey()->trigger();
        checkDialog("custos::ui::KeyCreateDialog", &all);
        window->keyActions()->importKey()->trigger();
        checkDialog("custos::ui::KeyImportWizard", &all);
        QTRY_VERIFY(window->certificateActions()->newCertificate()->isEnabled());
        window->certificateActions()->newCertificate()->trigger();
        checkDialog("custos::ui::IssueCertificateWizard", &all);
        window->startSecurityDomainDownload(false);
        checkDialog("custos::ui::DownloadWizard", &all);
        report(all);
    }
};

CUSTOS_REGISTER_TEST(TestAccessibility)
#include "TestAccessibility.moc"
