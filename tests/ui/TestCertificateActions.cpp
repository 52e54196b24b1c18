#include "HostedWorkspace.h"
#include "TestRegistry.h"

#include "crypto/x509/CertificateFiles.h"
#include "crypto/x509/CertificateInfo.h"
#include "crypto/x509/Pkcs12.h"
#include "model/itemmodels/CertificateListModel.h"
#include "model/services/ServicePath.h"
#include "model/services/Services.h"
#include "ui/certificates/CertificateActions.h"
#include "ui/certificates/CertificateOperations.h"
#include "ui/certificates/CertificatesView.h"
#include "ui/certificates/DueCertificateActions.h"
#include "ui/certificates/IssueCertificateWizard.h"
#include "ui/certificates/RenewCertificatesDialog.h"
#include "ui/mainwindow/MainWindow.h"

#include <QAbstractItemModelTester>
#include <QAction>
#include <QApplication>
#include <QFile>
#include <QInputDialog>
#include <QMenu>
#include <QMenuBar>
#include <QMessageBox>
#include <QPushButton>
#include <QSignalSpy>
#include <QSortFilterProxyModel>
#include <QTabWidget>
#include <QTableView>
#include <QTemporaryDir>
#include <QTest>
#include <QToolBar>
#include <QToolButton>

#include <sys/stat.h>

static void initCertificateActionsResources()
{
    Q_INIT_RESOURCE(custos);
}

using custos::model::CertificateListModel;
using custos::ui::CertificateActions;
using custos::ui::CertificateExportChoice;
using custos::ui::MainWindow;

class TestCertificateActions : public QObject
{
    Q_OBJECT

private:
    template <typename F>
    auto run(F f)
    {
        return custos::test::onServices(*m_host, std::move(f));
    }

    void setClock(std::function<QDateTime()> clock)
    {
        auto done = run([clock](custos::model::Services& s) {
            s.path().setClock(clock);
            return true;
        });
        QVERIFY(done);
    }

    static custos::model::CertificateIssueRequest request(const QString& name)
    {
        custos::model::CertificateIssueRequest r;
        r.vault = QStringLiteral("web");
        r.name = name;
        r.issuer = QStringLiteral("web/root");
        r.subject = QStringLiteral("CN=%1.example.test").arg(name);
        r.subjectAltNames = {QStringLiteral("dns:%1.example.test").arg(name)};
        r.protection = custos::model::Protection::Software;
        r.exportable = true;
        return r;
    }

    void issue(const custos::model::CertificateIssueRequest& r)
    {
        auto issued = run([r](custos::model::Services& s) { return s.certificates().issue(r); });
        QVERIFY2(issued, errorText(issued).constData());
    }

    std::unique_ptr<MainWindow> makeWindow()
    {
        auto window = std::make_unique<MainWindow>(*m_host);
        m_testers.clear();
        auto* view = window->certificatesView();
        for (QAbstractItemModel* model : {static_cast<QAbstractItemModel*>(view->certificateModel()),
                                          static_cast<QAbstractItemModel*>(view->filterModel())})
            m_testers.push_back(std::make_unique<QAbstractItemModelTester>(
                model, QAbstractItemModelTester::FailureReportingMode::QtTest));
        window->show();
        [&] { QVERIFY(QTest::qWaitForWindowActive(window.get())); }();
        [&] { QVERIFY(QTest::qWaitFor([&] { return window->selectVault(QStringLiteral("web")); }, 10000)); }();
        window->findChild<QTabWidget*>(QStringLiteral("detailTabWidget"))->setCurrentWidget(view);
        [&] { QTRY_VERIFY(view->certificateModel()->rowCount() >= 2 && !view->certificateModel()->isLoading()); }();
        return window;
    }

    std::optional<custos::model::CertificateRecord> record(MainWindow& window, const QString& name)
    {
        auto* model = window.certificatesView()->certificateModel();
        return model->certificate(model->indexOf(name));
    }

    // Waits for the operations to finish; the error box's text when one failed, else empty.
    static QString finishOperations(MainWindow& window)
    {
        if (!QTest::qWaitFor([&] { return !window.certificateOperations()->isBusy(); }, 30000))
            return QStringLiteral("the operation did not finish");
        auto* box = window.findChild<QMessageBox*>(QStringLiteral("certificateErrorMessageBox"));
        if (!box)
            return {};
        const QString text = box->text() + QStringLiteral(": ") + box->informativeText();
        delete box;
        return text;
    }

    int versionCount(const QString& name)
    {
        auto versions =
            run([name](custos::model::Services& s) { return s.certificates().versions(QStringLiteral("web"), name); });
        return versions ? int(versions.value().size()) : -1;
    }

    // Top-level widgets of type T that are shown.
    template <typename T>
    static T* visibleTopLevel()
    {
        for (QWidget* widget : QApplication::topLevelWidgets()) {
            if (auto* found = qobject_cast<T*>(widget); found && found->isVisible())
                return found;
        }
        return nullptr;
    }

    QTemporaryDir m_dir;
    std::unique_ptr<custos::model::ServiceHost> m_host;
    std::vector<std::unique_ptr<QAbstractItemModelTester>> m_testers;

private Q_SLOTS:
    void initTestCase()
    {
        initCertificateActionsResources();
        m_host = custos::test::makeHostedWorkspace(m_dir.filePath(QStringLiteral("ws")));
        QVERIFY(m_host);
        custos::model::VaultCreateRequest vault;
        vault.name = QStringLiteral("web");
        vault.protection = custos::model::Protection::Software;
        auto created = run([vault](custos::model::Services& s) { return s.vaults().create(vault); });
        QVERIFY2(created, errorText(created).constData());
        custos::model::CaCreateRequest ca;
        ca.vault = QStringLiteral("web");
        ca.name = QStringLiteral("root");
        ca.subject = QStringLiteral("CN=Test Root CA");
        ca.protection = custos::model::Protection::Software;
        auto root = run([ca](custos::model::Services& s) { return s.certificates().createCa(ca); });
        QVERIFY2(root, errorText(root).constData());
        issue(request(QStringLiteral("web01")));
        QVERIFY(
            custos::test::addOperatorWithRoles(*m_host, QStringLiteral("user"), {QStringLiteral("Certificate User")}));
        QVERIFY(custos::test::addOperatorWithRoles(*m_host, QStringLiteral("officer"),
                                                   {QStringLiteral("Certificates Officer")}));
    }

    void cleanup()
    {
        m_testers.clear();
        setClock({});
        QVERIFY(custos::test::switchOperator(*m_host, QStringLiteral("admin")));
    }

    void cleanupTestCase() { m_host.reset(); }

    void certificateUserReadsButChangesNothing()
    {
        QVERIFY(custos::test::switchOperator(*m_host, QStringLiteral("user")));
        auto window = makeWindow();
        QVERIFY(window->certificatesView()->selectCertificate(QStringLiteral("web01")));
        CertificateActions* actions = window->certificateActions();
        const QString at = QStringLiteral(" at /vaults/web");
        QVERIFY(!actions->newCertificate()->isEnabled());
        QCOMPARE(actions->newCertificate()->toolTip(),
                 QStringLiteral("You lack the permission certificates/write") + at);
        QVERIFY(!actions->importCertificate()->isEnabled());
        QVERIFY(actions->importCertificate()->toolTip().contains(QStringLiteral("certificates/write")));
        QVERIFY(!actions->renewCertificate()->isEnabled());
        QCOMPARE(actions->renewCertificate()->toolTip(),
                 QStringLiteral("You lack the permission certificates/write at /vaults/web/certificates/web01"));
        // Revocation is a CA's business: certificates/ca at the issuing CA.
        QVERIFY(!actions->revokeCertificate()->isEnabled());
        QCOMPARE(actions->revokeCertificate()->toolTip(),
                 QStringLiteral("You lack the permission certificates/ca at /vaults/web/certificates/root"));
        QVERIFY(!actions->deleteCertificate()->isEnabled());
        QVERIFY(actions->deleteCertificate()->toolTip().contains(QStringLiteral("certificates/delete")));
        QVERIFY(!actions->showDeleted()->isEnabled());
        QVERIFY(actions->showDeleted()->toolTip().contains(QStringLiteral("certificates/deletedCertificates/read")));
        // Reading is what the role grants: export of the public certificate works.
        QVERIFY(actions->exportCertificate()->isEnabled());
        QVERIFY(!actions->exportCertificate()->toolTip().contains(QStringLiteral("permission")));
        QVERIFY(actions->dueActions()->isEnabled());
    }

    void certificatesOfficerMayDoEverything()
    {
        QVERIFY(custos::test::switchOperator(*m_host, QStringLiteral("officer")));
        auto window = makeWindow();
        QVERIFY(window->certificatesView()->selectCertificate(QStringLiteral("web01")));
        CertificateActions* actions = window->certificateActions();
        for (QAction* action : {actions->newCertificate(), actions->importCertificate(), actions->renewCertificate(),
                                actions->exportCertificate(), actions->revokeCertificate(),
                                actions->deleteCertificate(), actions->showDeleted()}) {
            QVERIFY2(action->isEnabled(), qPrintable(action->objectName()));
            QVERIFY2(!action->toolTip().contains(QStringLiteral("permission")), qPrintable(action->toolTip()));
        }
        // A CA is neither renewed nor revoked here (it has no Custos issuer above it).
        QVERIFY(window->certificatesView()->selectCertificate(QStringLiteral("root")));
        QVERIFY(!actions->renewCertificate()->isEnabled());
        QVERIFY(!actions->revokeCertificate()->isEnabled());
        QVERIFY(!actions->applicable().contains(actions->revokeCertificate()));
        QVERIFY(actions->applicable().contains(actions->exportCertificate()));
    }

    void busyOperationsDisableTheActions()
    {
        auto window = makeWindow();
        QVERIFY(window->certificatesView()->selectCertificate(QStringLiteral("web01")));
        CertificateActions* actions = window->certificateActions();
        QVERIFY(actions->renewCertificate()->isEnabled());
        window->certificateOperations()->issue(request(QStringLiteral("busy01")));
        QVERIFY(window->certificateOperations()->isBusy());
        QVERIFY(!actions->renewCertificate()->isEnabled());
        QVERIFY(!actions->newCertificate()->isEnabled());
        if (const QString error = finishOperations(*window); !error.isEmpty())
            QFAIL(qPrintable(error));
        QVERIFY(actions->newCertificate()->isEnabled());
    }

    void operationsChangeTheList()
    {
        auto window = makeWindow();
        auto* ops = window->certificateOperations();
        auto* view = window->certificatesView();
        auto* model = view->certificateModel();
        QSignalSpy succeeded(ops, &custos::ui::CertificateOperations::succeeded);

        ops->issue(request(QStringLiteral("api01")));
        if (const QString error = finishOperations(*window); !error.isEmpty())
            QFAIL(qPrintable(error));
        QTRY_VERIFY(model->indexOf(QStringLiteral("api01")).isValid());
        QTRY_COMPARE(view->selectedCertificate() ? view->selectedCertificate()->name : QString(),
                     QStringLiteral("api01")); // the new certificate is selected
        QCOMPARE(record(*window, QStringLiteral("api01"))->policy.issuer, QStringLiteral("web/root"));

        const QString firstSerial = record(*window, QStringLiteral("api01"))->currentVersion.serialHex;
        ops->renew(QStringLiteral("web"), {QStringLiteral("api01")});
        if (const QString error = finishOperations(*window); !error.isEmpty())
            QFAIL(qPrintable(error));
        QCOMPARE(versionCount(QStringLiteral("api01")), 2);
        QTRY_VERIFY(record(*window, QStringLiteral("api01"))->currentVersion.serialHex != firstSerial);

        ops->revoke(*record(*window, QStringLiteral("api01")), QStringLiteral("keyCompromise"));
        if (const QString error = finishOperations(*window); !error.isEmpty())
            QFAIL(qPrintable(error));
        QTRY_VERIFY(record(*window, QStringLiteral("api01"))->currentVersion.isRevoked());
        QCOMPARE(record(*window, QStringLiteral("api01"))->currentVersion.revocationReason,
                 QStringLiteral("keyCompromise"));
        QTRY_VERIFY(view->selectCertificate(QStringLiteral("api01")));
        QVERIFY(!window->certificateActions()->revokeCertificate()->isEnabled()); // already revoked

        ops->remove(QStringLiteral("web"), QStringLiteral("api01"));
        if (const QString error = finishOperations(*window); !error.isEmpty())
            QFAIL(qPrintable(error));
        QTRY_VERIFY(!model->indexOf(QStringLiteral("api01")).isValid());

        // The deleted list: recover brings it back among the active ones.
        window->certificateActions()->showDeleted()->setChecked(true);
        QTRY_VERIFY(model->showsDeleted() && model->indexOf(QStringLiteral("api01")).isValid());
        QVERIFY(view->selectCertificate(QStringLiteral("api01")));
        QVERIFY(window->certificateActions()->recoverCertificate()->isEnabled());
        QVERIFY(window->certificateActions()->purgeCertificate()->isEnabled());
        QVERIFY(!window->certificateActions()->newCertificate()->isEnabled()); // not while listing deleted
        ops->recover(QStringLiteral("web"), QStringLiteral("api01"));
        if (const QString error = finishOperations(*window); !error.isEmpty())
            QFAIL(qPrintable(error));
        QTRY_VERIFY(!model->showsDeleted() && model->indexOf(QStringLiteral("api01")).isValid());

        ops->remove(QStringLiteral("web"), QStringLiteral("api01"));
        if (const QString error = finishOperations(*window); !error.isEmpty())
            QFAIL(qPrintable(error));
        ops->purge(QStringLiteral("web"), QStringLiteral("api01"));
        if (const QString error = finishOperations(*window); !error.isEmpty())
            QFAIL(qPrintable(error));
        auto deleted =
            run([](custos::model::Services& s) { return s.certificates().listDeleted(QStringLiteral("web")); });
        QVERIFY2(deleted, errorText(deleted).constData());
        for (const auto& certificate : deleted.value())
            QVERIFY(certificate.name != QStringLiteral("api01"));
        QCOMPARE(succeeded.count(), 7);
    }

    void renewsTheSelectionAfterTheReview()
    {
        issue(request(QStringLiteral("multi01")));
        issue(request(QStringLiteral("multi02")));
        auto window = makeWindow();
        auto* view = window->certificatesView();
        QTRY_VERIFY(view->selectCertificate(QStringLiteral("multi01")));
        // Ctrl+click adds the second row to the selection.
        QTableView* table = view->certificateView();
        auto* model = view->certificateModel();
        auto* icons = static_cast<QAbstractProxyModel*>(view->filterModel()->sourceModel());
        const QModelIndex second =
            view->filterModel()->mapFromSource(icons->mapFromSource(model->indexOf(QStringLiteral("multi02"))));
        QTest::mouseClick(table->viewport(), Qt::LeftButton, Qt::ControlModifier, table->visualRect(second).center());
        QCOMPARE(view->selectedCertificates().size(), 2);
        CertificateActions* actions = window->certificateActions();
        QVERIFY(actions->renewCertificate()->isEnabled());
        QVERIFY(!actions->exportCertificate()->isEnabled()); // one certificate at a time
        QVERIFY(!actions->deleteCertificate()->isEnabled());
        actions->renewCertificate()->trigger();
        QDialog* dialog = nullptr;
        QTRY_VERIFY((dialog = visibleTopLevel<custos::ui::RenewCertificatesDialog>()));
        QCOMPARE(dialog->windowModality(), Qt::WindowModal);
        QCOMPARE(static_cast<custos::ui::RenewCertificatesDialog*>(dialog)->selectedNames(),
                 QStringList({QStringLiteral("multi01"), QStringLiteral("multi02")}));
        QCOMPARE(versionCount(QStringLiteral("multi01")), 1); // nothing changes before the review is accepted
        dialog->accept();
        if (const QString error = finishOperations(*window); !error.isEmpty())
            QFAIL(qPrintable(error));
        QTRY_COMPARE(versionCount(QStringLiteral("multi01")), 2);
        QCOMPARE(versionCount(QStringLiteral("multi02")), 2);
    }

    void confirmationsNameTheCertificate()
    {
        auto window = makeWindow();
        const auto web01 = record(*window, QStringLiteral("web01"));
        QVERIFY(web01);
        window->certificateOperations()->startPurge(*web01);
        auto* purge = window->findChild<QMessageBox*>(QStringLiteral("confirmPurgeCertificateMessageBox"));
        QVERIFY(purge && purge->isVisible());
        QVERIFY(purge->text().contains(QStringLiteral("'web01'")) && purge->text().contains(QStringLiteral("'web'")));
        QCOMPARE(purge->defaultButton(), purge->button(QMessageBox::Cancel)); // Enter keeps it
        QCOMPARE(purge->windowModality(), Qt::WindowModal);
        QTest::mouseClick(purge->button(QMessageBox::Cancel), Qt::LeftButton);

        window->certificateOperations()->startRevoke(*web01);
        auto* revoke = window->findChild<QInputDialog*>(QStringLiteral("revokeCertificateInputDialog"));
        QVERIFY(revoke && revoke->isVisible());
        QVERIFY(revoke->labelText().contains(QStringLiteral("'web01'")));
        QVERIFY(revoke->comboBoxItems().contains(QStringLiteral("keyCompromise")));
        QVERIFY(revoke->comboBoxItems().contains(QStringLiteral("superseded")));
        revoke->reject();
        QTest::qWait(20);
        QVERIFY(!record(*window, QStringLiteral("web01"))->currentVersion.isRevoked());
        QVERIFY(!window->certificateOperations()->isBusy());
    }

    void exportWritesPemAndOwnerOnlyPkcs12()
    {
        auto window = makeWindow();
        const auto web01 = record(*window, QStringLiteral("web01"));
        QVERIFY(web01);
        QTemporaryDir out;
        CertificateExportChoice chain;
        chain.format = CertificateExportChoice::Format::PemChain;
        chain.path = out.filePath(QStringLiteral("web01-chain.pem"));
        window->certificateOperations()->exportCertificate(*web01, chain);
        if (const QString error = finishOperations(*window); !error.isEmpty())
            QFAIL(qPrintable(error));
        QFile pemFile(chain.path);
        QVERIFY(pemFile.open(QIODevice::ReadOnly));
        const QByteArray pem = pemFile.readAll();
        QVERIFY(pem.startsWith("-----BEGIN CERTIFICATE-----"));
        auto parsed = custos::crypto::x509::readCertificateFile(pem);
        QVERIFY2(parsed, errorText(parsed).constData());
        QCOMPARE(parsed->format, custos::crypto::x509::CertificateFileFormat::Pem);
        QCOMPARE(parsed->certificatesDer.size(), 2); // leaf and root
        auto leaf = custos::crypto::x509::inspectCertificate(parsed->certificatesDer.first());
        QVERIFY2(leaf, errorText(leaf).constData());
        QVERIFY(leaf->subject.contains(QStringLiteral("web01.example.test")));
        auto root = custos::crypto::x509::inspectCertificate(parsed->certificatesDer.last());
        QVERIFY2(root, errorText(root).constData());
        QVERIFY(root->isCa);

        CertificateExportChoice der;
        der.format = CertificateExportChoice::Format::Der;
        der.path = out.filePath(QStringLiteral("web01.der"));
        window->certificateOperations()->exportCertificate(*web01, der);
        if (const QString error = finishOperations(*window); !error.isEmpty())
            QFAIL(qPrintable(error));
        QFile derFile(der.path);
        QVERIFY(derFile.open(QIODevice::ReadOnly));
        QCOMPARE(derFile.readAll(), parsed->certificatesDer.first());

        CertificateExportChoice p12;
        p12.format = CertificateExportChoice::Format::Pkcs12;
        p12.path = out.filePath(QStringLiteral("web01.p12"));
        p12.password =
            std::make_shared<const custos::crypto::SecureBuffer>(custos::test::secret(QStringLiteral("export pass 1")));
        window->certificateOperations()->exportCertificate(*web01, p12);
        if (const QString error = finishOperations(*window); !error.isEmpty())
            QFAIL(qPrintable(error));
        struct stat info = {};
        QCOMPARE(::stat(QFile::encodeName(p12.path).constData(), &info), 0);
        QCOMPARE(int(info.st_mode & 0777), 0600);
        QFile p12File(p12.path);
        QVERIFY(p12File.open(QIODevice::ReadOnly));
        auto contents = custos::crypto::x509::readPkcs12(p12File.readAll(), *p12.password);
        QVERIFY2(contents, errorText(contents).constData());
        QCOMPARE(contents->certificateDer, parsed->certificatesDer.first());
        QVERIFY(!contents->privateKeyPkcs8Der.isEmpty());

        // A file that cannot be written is reported with its path, nothing half-written.
        CertificateExportChoice bad = chain;
        bad.path = out.filePath(QStringLiteral("missing-dir/web01.pem"));
        window->certificateOperations()->exportCertificate(*web01, bad);
        const QString error = finishOperations(*window);
        QVERIFY2(error.contains(QStringLiteral("missing-dir")), qPrintable(error));
        QVERIFY(!QFile::exists(bad.path));
    }

    void csrIsWrittenForAnExternalIssuer()
    {
        auto window = makeWindow();
        auto r = request(QStringLiteral("ext01"));
        r.issuer = QStringLiteral("Unknown");
        QTemporaryDir out;
        const QString path = out.filePath(QStringLiteral("ext01.csr.pem"));
        window->certificateOperations()->createCsr(r, path);
        if (const QString error = finishOperations(*window); !error.isEmpty())
            QFAIL(qPrintable(error));
        QFile csr(path);
        QVERIFY(csr.open(QIODevice::ReadOnly));
        QVERIFY(csr.readAll().startsWith("-----BEGIN CERTIFICATE REQUEST-----"));
        QTRY_VERIFY(record(*window, QStringLiteral("ext01")) &&
                    record(*window, QStringLiteral("ext01"))->currentVersion.isPending());
        // Pending: nothing to renew or export yet.
        QTRY_VERIFY(window->certificatesView()->selectCertificate(QStringLiteral("ext01")));
        QVERIFY(!window->certificateActions()->renewCertificate()->isEnabled());
        QVERIFY(!window->certificateActions()->exportCertificate()->isEnabled());
    }

    void dueAutoRenewIsCarriedOutAfterConfirmation()
    {
        auto r = request(QStringLiteral("auto01"));
        custos::model::CertificateLifetimeAction renew;
        renew.kind = custos::model::CertificateLifetimeAction::Kind::AutoRenew;
        renew.lifetimePercentage = 50;
        r.actions << renew;
        issue(r);
        auto window = makeWindow();
        // Nothing is due yet: the start-up check stays silent.
        window->checkDueCertificateActions();
        QTest::qWait(100);
        QVERIFY(!window->findChild<QMessageBox*>(QStringLiteral("confirmDueCertificatesMessageBox")));

        const QDateTime later = QDateTime::currentDateTimeUtc().addMonths(7);
        setClock([later] { return later; });
        QSignalSpy applied(window->dueCertificateActions(), &custos::ui::DueCertificateActions::applied);
        window->certificateActions()->dueActions()->trigger(); // the menu's check asks the same way
        QMessageBox* box = nullptr;
        QTRY_VERIFY((box = window->findChild<QMessageBox*>(QStringLiteral("confirmDueCertificatesMessageBox"))) &&
                    box->isVisible());
        QVERIFY2(box->informativeText().contains(QStringLiteral("web/auto01: renew")),
                 qPrintable(box->informativeText()));
        QCOMPARE(box->defaultButton(), box->button(QMessageBox::No)); // Enter means "later"
        QTest::mouseClick(box->button(QMessageBox::Yes), Qt::LeftButton);
        QTRY_COMPARE_WITH_TIMEOUT(applied.count(), 1, 15000);
        setClock({});
        QVERIFY(applied.at(0).at(0).toInt() >= 1);
        QCOMPARE(applied.at(0).at(1).toInt(), 0);
        QCOMPARE(versionCount(QStringLiteral("auto01")), 2);
    }

    void toolBarAndContextMenuOpenTheWizard()
    {
        auto window = makeWindow();
        auto* view = window->certificatesView();
        QAction* newCertificate = window->certificateActions()->newCertificate();
        QVERIFY(newCertificate->isEnabled());
        // The tool bar row.
        auto* button = qobject_cast<QToolButton*>(view->toolBar()->widgetForAction(newCertificate));
        QVERIFY(button && button->isVisible());
        QTest::mouseClick(button, Qt::LeftButton);
        custos::ui::IssueCertificateWizard* wizard = nullptr;
        QTRY_VERIFY((wizard = visibleTopLevel<custos::ui::IssueCertificateWizard>()));
        QCOMPARE(wizard->windowModality(), Qt::WindowModal);
        wizard->reject();
        QTRY_VERIFY(!visibleTopLevel<custos::ui::IssueCertificateWizard>());

        // The context menu on a certificate lists what applies to it, New Certificate among them.
        QVERIFY(view->selectCertificate(QStringLiteral("web01")));
        QTableView* table = view->certificateView();
        const QRect cell = table->visualRect(table->currentIndex());
        Q_EMIT table->customContextMenuRequested(cell.center());
        QMenu* menu = nullptr;
        QTRY_VERIFY((menu = view->findChild<QMenu*>(QStringLiteral("certificateContextMenu"))) && menu->isVisible());
        QVERIFY(menu->actions().contains(window->certificateActions()->renewCertificate()));
        QVERIFY(menu->actions().contains(window->certificateActions()->revokeCertificate()));
        QVERIFY(menu->actions().contains(newCertificate));
        menu->close();
        newCertificate->trigger();
        QTRY_VERIFY((wizard = visibleTopLevel<custos::ui::IssueCertificateWizard>()));
        wizard->close();
        QTRY_VERIFY(!visibleTopLevel<custos::ui::IssueCertificateWizard>());
        QVERIFY(!window->certificateOperations()->isBusy());
    }

    void menuListsTheCertificateActions()
    {
        auto window = makeWindow();
        auto* menu = window->findChild<QMenu*>(QStringLiteral("certificateMenu"));
        QVERIFY(menu);
        for (QAction* action : window->certificateActions()->all())
            QVERIFY2(menu->actions().contains(action), qPrintable(action->objectName()));
        // Shortcuts are distinct across the menus' actions.
        QSet<QString> seen;
        for (QAction* top : window->menuBar()->actions()) {
            if (!top->menu())
                continue;
            for (QAction* action : top->menu()->actions()) {
                const QString shortcut = action->shortcut().toString();
                if (shortcut.isEmpty())
                    continue;
                QVERIFY2(!seen.contains(shortcut), qPrintable(shortcut));
                seen.insert(shortcut);
            }
        }
        QVERIFY(seen.size() > 20);
    }
};

CUSTOS_REGISTER_TEST(TestCertificateActions)
#include "TestCertificateActions.moc"
