#include "SearchNavigation.h"

#include "model/itemmodels/CertificateListModel.h"
#include "model/itemmodels/KeyListModel.h"
#include "model/itemmodels/OperatorListModel.h"
#include "model/itemmodels/RoleDefinitionModel.h"
#include "ui/access/AccessWindow.h"
#include "ui/access/OperatorsView.h"
#include "ui/access/RolesView.h"
#include "ui/certificates/CertificateActions.h"
#include "ui/certificates/CertificatesView.h"
#include "ui/keys/KeyActions.h"
#include "ui/keys/KeysView.h"
#include "ui/mainwindow/MainWindow.h"

#include <QAction>
#include <QPointer>
#include <QTabWidget>
#include <QTableView>
#include <QTreeView>

#include <functional>
#include <memory>

namespace custos::ui {

namespace {

// Runs `select` now; when it cannot yet (the list is still loading), again when `model` has
// loaded, until it can or `giveUp` says the list that arrived does not hold it.
template <typename Model>
void selectWhenLoaded(QWidget* context, Model* model, std::function<bool()> select, std::function<bool()> giveUp)
{
    if (select())
        return;
    auto connection = std::make_shared<QMetaObject::Connection>();
    *connection = QObject::connect(model, &Model::loaded, context, [select, giveUp, connection] {
        if (select() || giveUp())
            QObject::disconnect(*connection);
    });
}

QTabWidget* detailTabs(MainWindow& window)
{
    return window.findChild<QTabWidget*>(QStringLiteral("detailTabWidget"));
}

void showKey(MainWindow& window, const model::SearchHit& hit)
{
    KeysView* view = window.keysView();
    if (QTabWidget* tabs = detailTabs(window))
        tabs->setCurrentWidget(view);
    if (window.keyActions()->showDeleted()->isChecked())
        window.keyActions()->showDeleted()->setChecked(false); // the hit is an active key
    model::KeyListModel* keys = view->keyModel();
    QPointer<KeysView> guard(view);
    const QString vault = hit.vault;
    const QString name = hit.name;
    selectWhenLoaded(
        view, keys,
        [guard, keys, vault, name] {
            if (!guard || keys->isLoading() || keys->vault().compare(vault, Qt::CaseInsensitive) != 0 ||
                !guard->selectKey(name))
                return false;
            guard->keyView()->setFocus(Qt::OtherFocusReason);
            return true;
        },
        [keys] { return !keys->isLoading(); });
}

void showCertificate(MainWindow& window, const model::SearchHit& hit)
{
    CertificatesView* view = window.certificatesView();
    if (QTabWidget* tabs = detailTabs(window))
        tabs->setCurrentWidget(view);
    if (window.certificateActions()->showDeleted()->isChecked())
        window.certificateActions()->showDeleted()->setChecked(false);
    model::CertificateListModel* certificates = view->certificateModel();
    QPointer<CertificatesView> guard(view);
    const QString vault = hit.vault;
    const QString name = hit.name;
    selectWhenLoaded(
        view, certificates,
        [guard, certificates, vault, name] {
            if (!guard || certificates->isLoading() || certificates->vault().compare(vault, Qt::CaseInsensitive) != 0 ||
                !guard->selectCertificate(name))
                return false;
            guard->certificateView()->setFocus(Qt::OtherFocusReason);
            return true;
        },
        [certificates] { return !certificates->isLoading(); });
}

void showOperator(MainWindow& window, const model::SearchHit& hit)
{
    AccessWindow* access = window.showAccessWindow();
    OperatorsView* view = access->operatorsView();
    access->tabWidget()->setCurrentWidget(view);
    QPointer<OperatorsView> guard(view);
    const QString name = hit.name;
    selectWhenLoaded(
        view, view->operatorModel(),
        [guard, name] {
            if (!guard || !guard->selectOperator(name))
                return false;
            guard->operatorView()->setFocus(Qt::OtherFocusReason);
            return true;
        },
        [] { return true; });
}

void showRole(MainWindow& window, const model::SearchHit& hit)
{
    AccessWindow* access = window.showAccessWindow();
    RolesView* view = access->rolesView();
    access->tabWidget()->setCurrentWidget(view);
    QPointer<RolesView> guard(view);
    const QString name = hit.name;
    selectWhenLoaded(
        view, view->roleModel(),
        [guard, name] {
            if (!guard || !guard->selectRole(name))
                return false;
            guard->tableView()->setFocus(Qt::OtherFocusReason);
            return true;
        },
        [] { return true; });
}

} // namespace

void showSearchHit(MainWindow& window, const model::SearchHit& hit)
{
    using Kind = model::SearchHit::Kind;
    if (hit.kind == Kind::Operator) {
        showOperator(window, hit);
        return;
    }
    if (hit.kind == Kind::Role) {
        showRole(window, hit);
        return;
    }
    window.raise();
    window.activateWindow();
    if (!window.selectVault(hit.vault))
        return; // not (or no longer) in the tree
    switch (hit.kind) {
    case Kind::Vault:
        window.vaultTreeView()->setFocus(Qt::OtherFocusReason);
        break;
    case Kind::Key:
        showKey(window, hit);
        break;
    case Kind::Certificate:
        showCertificate(window, hit);
        break;
    case Kind::Operator:
    case Kind::Role:
        break;
    }
}

} // namespace custos::ui
