#include "HostedWorkspace.h"
#include "OutcomeText.h"
#include "TestRegistry.h"

#include "model/itemmodels/EffectiveAccessHolderModel.h"
#include "model/itemmodels/EffectiveAccessModel.h"
#include "model/services/Services.h"
#include "ui/access/EffectiveAccessView.h"
#include "ui/widgets/InlineMessage.h"

#include <QAbstractItemModelTester>
#include <QApplication>
#include <QComboBox>
#include <QLineEdit>
#include <QPushButton>
#include <QRadioButton>
#include <QStringListModel>
#include <QTemporaryDir>
#include <QTest>
#include <QTreeView>

using custos::model::EffectiveAccessHolderModel;
using custos::model::EffectiveAccessModel;
using custos::ui::EffectiveAccessView;

namespace {
const QString kVault = QStringLiteral("payments");
const QString kKey = QStringLiteral("signing-1");
const QString kKeyScope = QStringLiteral("/vaults/payments/keys/signing-1");
} // namespace

class TestEffectiveAccessView : public QObject
{
    Q_OBJECT

private:
    template <typename F>
    auto run(F f)
    {
        return custos::test::onServices(*m_host, std::move(f));
    }

    std::unique_ptr<EffectiveAccessView> makeView()
    {
        auto view = std::make_unique<EffectiveAccessView>(*m_host);
        m_testers.clear();
        for (QAbstractItemModel* model : {static_cast<QAbstractItemModel*>(view->principalModel()),
                                          static_cast<QAbstractItemModel*>(view->holderModel()),
                                          static_cast<QAbstractItemModel*>(view->resourceModel())})
            m_testers.push_back(std::make_unique<QAbstractItemModelTester>(
                model, QAbstractItemModelTester::FailureReportingMode::QtTest));
        view->resize(900, 600);
        view->show();
        [&] { QVERIFY(QTest::qWaitForWindowExposed(view.get())); }();
        return view;
    }

    // Picks `principal` in the combo by typing its name, as a keyboard user does.
    static void pickPrincipal(EffectiveAccessView& view, const QString& principal)
    {
        QComboBox* combo = view.principalCombo();
        QTRY_VERIFY(combo->findData(principal) >= 0);
        combo->setFocus();
        // Typing searches the items; keys typed within the input interval add to the last search.
        QTest::qWait(QApplication::keyboardInputInterval() + 50);
        QTest::keyClicks(combo, principal);
        QCOMPARE(combo->currentData().toString(), principal);
    }

    static QString displayAt(const QAbstractItemModel* model, const QModelIndex& index, int column)
    {
        return model->index(index.row(), column, index.parent()).data().toString();
    }

    std::unique_ptr<custos::model::ServiceHost> m_host;
    std::vector<std::unique_ptr<QAbstractItemModelTester>> m_testers;
    QTemporaryDir m_dir;

private Q_SLOTS:
    void initTestCase()
    {
        m_host = custos::test::makeHostedWorkspace(m_dir.filePath(QStringLiteral("ws")));
        QVERIFY(m_host);
        custos::model::VaultCreateRequest vault;
        vault.name = kVault;
        auto vaultCreated = run([vault](custos::model::Services& s) { return s.vaults().create(vault); });
        QVERIFY2(vaultCreated, errorText(vaultCreated).constData());
        custos::model::KeyCreateRequest key;
        key.vault = kVault;
        key.name = kKey;
        key.kty = custos::crypto::KeyKind::Ec;
        auto seeded = run([key](custos::model::Services& s) { return s.keys().create(key); });
        QVERIFY2(seeded, errorText(seeded).constData());
        // carol: Crypto User on the key itself; dave: through the group "signers" on the vault.
        auto carol = custos::test::addOperatorWithRoles(*m_host, QStringLiteral("carol"),
                                                        {QStringLiteral("Crypto User")}, kKeyScope);
        QVERIFY2(carol, errorText(carol).constData());
        auto dave = custos::test::addOperatorWithRoles(*m_host, QStringLiteral("dave"), {});
        QVERIFY2(dave, errorText(dave).constData());
        auto grouped = run([](custos::model::Services& s) -> QCoro::Task<custos::Outcome<void>> {
            auto adding = s.groups().addGroup(QStringLiteral("signers"));
            auto added = co_await adding;
            if (!added)
                co_return added.error();
            auto joining = s.groups().setMember(QStringLiteral("signers"), QStringLiteral("dave"), false);
            auto joined = co_await joining;
            if (!joined)
                co_return joined.error();
            auto assigning = s.roles().assign(QStringLiteral("signers"), QStringLiteral("Crypto User"),
                                              QStringLiteral("/vaults/payments"));
            auto assigned = co_await assigning;
            if (!assigned)
                co_return assigned.error();
            co_return custos::Outcome<void>{};
        });
        QVERIFY2(grouped, errorText(grouped).constData());
    }

    void cleanup() { m_testers.clear(); }

    void cleanupTestCase() { m_host.reset(); }

    void pickingAPrincipalShowsWhatTheyCanDoAndThroughWhich()
    {
        auto view = makeView();
        pickPrincipal(*view, QStringLiteral("carol"));
        EffectiveAccessModel* model = view->principalModel();
        QTRY_VERIFY(model->indexOfPermission(kKeyScope, QStringLiteral("keys/sign/action")).isValid());
        const QModelIndex sign = model->indexOfPermission(kKeyScope, QStringLiteral("keys/sign/action"));
        QCOMPARE(sign.data(EffectiveAccessModel::RolesRole).toStringList(), QStringList{QStringLiteral("Crypto User")});
        QCOMPARE(displayAt(model, sign, EffectiveAccessModel::RoleColumn), QStringLiteral("Crypto User"));
        QCOMPARE(displayAt(model, sign, EffectiveAccessModel::ThroughColumn), QStringLiteral("direct"));
        QCOMPARE(displayAt(model, sign, EffectiveAccessModel::ExpiresColumn), QStringLiteral("never"));
        // Only where it was granted, and not what Crypto User lacks.
        QCOMPARE(model->rowCount(), 1);
        QVERIFY(!model->indexOfPermission(kKeyScope, QStringLiteral("keys/export/action")).isValid());
        QVERIFY(view->principalView()->isExpanded(model->indexOfScope(kKeyScope)));

        // dave holds it through the group, at the vault.
        pickPrincipal(*view, QStringLiteral("dave"));
        QTRY_VERIFY(
            model->indexOfPermission(QStringLiteral("/vaults/payments"), QStringLiteral("keys/sign/action")).isValid());
        const QModelIndex viaGroup =
            model->indexOfPermission(QStringLiteral("/vaults/payments"), QStringLiteral("keys/sign/action"));
        QCOMPARE(viaGroup.data(EffectiveAccessModel::ThroughRole).toStringList(),
                 QStringList{QStringLiteral("signers")});
        QCOMPARE(displayAt(model, viaGroup, EffectiveAccessModel::ThroughColumn), QStringLiteral("group signers"));
        QVERIFY(!model->indexOfScope(kKeyScope).isValid());

        // The group itself is a principal too.
        pickPrincipal(*view, QStringLiteral("signers"));
        QTRY_VERIFY(model->indexOfPermission(QStringLiteral("/vaults/payments"), QStringLiteral("keys/decrypt/action"))
                        .isValid());
    }

    void anAssignmentChangeReloadsTheShownPrincipal()
    {
        auto view = makeView();
        pickPrincipal(*view, QStringLiteral("carol"));
        EffectiveAccessModel* model = view->principalModel();
        QTRY_VERIFY(model->indexOfScope(kKeyScope).isValid());
        const QString vaultScope = QStringLiteral("/vaults/payments");
        auto assigned = run([vaultScope](custos::model::Services& s) {
            return s.roles().assign(QStringLiteral("carol"), QStringLiteral("Crypto Auditor"), vaultScope);
        });
        QVERIFY2(assigned, errorText(assigned).constData());
        QTRY_VERIFY(model->indexOfPermission(vaultScope, QStringLiteral("audit/read")).isValid());
        auto unassigned = run([vaultScope](custos::model::Services& s) {
            return s.roles().unassign(QStringLiteral("carol"), QStringLiteral("Crypto Auditor"), vaultScope);
        });
        QVERIFY2(unassigned, errorText(unassigned).constData());
        QTRY_VERIFY(!model->indexOfScope(vaultScope).isValid());
        QVERIFY(model->indexOfScope(kKeyScope).isValid());
    }

    void pickingAKeyShowsWhoCanSignItAndThroughWhich()
    {
        auto view = makeView();
        QTest::mouseClick(view->findChild<QRadioButton*>(QStringLiteral("byResourceRadioButton")), Qt::LeftButton);
        QVERIFY(view->resourceEdit()->isVisible());
        // The completer offers the key's path.
        QTRY_VERIFY(view->resourceModel()->stringList().contains(kKeyScope));
        QTest::keyClicks(view->resourceEdit(), kKeyScope);
        QCOMPARE(view->permissionCombo()->currentData().toString(), QStringLiteral("keys/sign/action"));
        QTest::mouseClick(view->findChild<QPushButton*>(QStringLiteral("showHoldersPushButton")), Qt::LeftButton);

        EffectiveAccessHolderModel* holders = view->holderModel();
        QTRY_VERIFY(holders->indexOf(QStringLiteral("dave"), QStringLiteral("Crypto User"), QStringLiteral("signers"))
                        .isValid());
        const QModelIndex carol = holders->indexOf(QStringLiteral("carol"), QStringLiteral("Crypto User"));
        QVERIFY(carol.isValid());
        QCOMPARE(displayAt(holders, carol, EffectiveAccessHolderModel::ThroughColumn), QStringLiteral("direct"));
        QCOMPARE(displayAt(holders, carol, EffectiveAccessHolderModel::ScopeColumn), kKeyScope);
        const QModelIndex dave = holders->indexOf(QStringLiteral("dave"), QStringLiteral("Crypto User"));
        QCOMPARE(displayAt(holders, dave, EffectiveAccessHolderModel::ThroughColumn), QStringLiteral("group signers"));
        QCOMPARE(displayAt(holders, dave, EffectiveAccessHolderModel::ScopeColumn), QStringLiteral("/vaults/payments"));
        // The init operator holds Crypto User at "/".
        const QModelIndex admin = holders->indexOf(QStringLiteral("admin"), QStringLiteral("Crypto User"));
        QVERIFY(admin.isValid());
        QCOMPARE(displayAt(holders, admin, EffectiveAccessHolderModel::ScopeColumn), QStringLiteral("/"));

        // keys/export/action: Crypto Officer only (admin), not carol or dave.
        view->permissionCombo()->setFocus();
        QTest::keyClicks(view->permissionCombo(), QStringLiteral("keys/exp"));
        QCOMPARE(view->permissionCombo()->currentData().toString(), QStringLiteral("keys/export/action"));
        QTest::mouseClick(view->findChild<QPushButton*>(QStringLiteral("showHoldersPushButton")), Qt::LeftButton);
        QTRY_COMPARE(holders->permission(), QStringLiteral("keys/export/action"));
        QTRY_VERIFY(!holders->isLoading());
        QVERIFY(holders->indexOf(QStringLiteral("admin"), QStringLiteral("Crypto Officer")).isValid());
        QVERIFY(!holders->indexOf(QStringLiteral("carol"), QStringLiteral("Crypto User")).isValid());
        QVERIFY(!holders->indexOf(QStringLiteral("dave"), QStringLiteral("Crypto User")).isValid());
    }

    void anInvalidResourceIsExplained()
    {
        auto view = makeView();
        QTest::mouseClick(view->findChild<QRadioButton*>(QStringLiteral("byResourceRadioButton")), Qt::LeftButton);
        QTest::keyClicks(view->resourceEdit(), QStringLiteral("payments/signing-1"));
        QTest::keyClick(view->resourceEdit(), Qt::Key_Return);
        auto* message = view->findChild<custos::ui::InlineMessage*>(QStringLiteral("effectiveAccessMessageLabel"));
        QVERIFY(message->isError());
        QVERIFY2(message->text().contains(QStringLiteral("/vaults/V/keys/K")), qPrintable(message->text()));
        QCOMPARE(view->holderModel()->rowCount(), 0);
    }

    void withoutRoleAssignmentReadTheDenialIsShown()
    {
        auto added =
            custos::test::addOperatorWithRoles(*m_host, QStringLiteral("erin"), {QStringLiteral("Certificate User")});
        QVERIFY2(added, errorText(added).constData());
        auto switched = custos::test::switchOperator(*m_host, QStringLiteral("erin"));
        QVERIFY2(switched, errorText(switched).constData());
        {
            auto view = makeView();
            view->showPrincipal(QStringLiteral("carol"));
            auto* message = view->findChild<custos::ui::InlineMessage*>(QStringLiteral("effectiveAccessMessageLabel"));
            QTRY_VERIFY(message->isError());
            QVERIFY2(message->text().contains(QStringLiteral("roleAssignments/read/action")),
                     qPrintable(message->text()));
            QCOMPARE(view->principalModel()->rowCount(), 0);
        }
        auto back = custos::test::switchOperator(*m_host, QStringLiteral("admin"));
        QVERIFY2(back, errorText(back).constData());
    }
};

CUSTOS_REGISTER_TEST(TestEffectiveAccessView)
#include "TestEffectiveAccessView.moc"
