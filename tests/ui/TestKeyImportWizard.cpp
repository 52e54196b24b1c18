#include "HostedWorkspace.h"
#include "TestRegistry.h"

#include "crypto/byok/ByokFile.h"
#include "crypto/import/KeyFile.h"
#include "model/itemmodels/KeyListModel.h"
#include "model/services/AuditService.h"
#include "model/services/Services.h"
#include "ui/keys/KeyActions.h"
#include "ui/keys/KeysView.h"
#include "ui/keys/import/KeyImportBulkModel.h"
#include "ui/keys/import/KeyImportPages.h"
#include "ui/keys/import/KeyImportWizard.h"
#include "ui/mainwindow/MainWindow.h"
#include "ui/widgets/InlineMessage.h"

#include <QAbstractButton>
#include <QAbstractItemModelTester>
#include <QAction>
#include <QApplication>
#include <QCheckBox>
#include <QComboBox>
#include <QCryptographicHash>
#include <QDir>
#include <QFile>
#include <QJsonDocument>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QRadioButton>
#include <QSet>
#include <QSignalSpy>
#include <QTableView>
#include <QTemporaryDir>
#include <QTest>

using custos::ui::KeyImportWizard;
using Page = custos::ui::KeyImportWizard::PageId;

static void initKeyImportResources()
{
    Q_INIT_RESOURCE(custos);
}

class TestKeyImportWizard : public QObject
{
    Q_OBJECT

private:
    template <typename F>
    auto run(F f)
    {
        return custos::test::onServices(*m_host, std::move(f));
    }

    static QString dataFile(const QString& relative)
    {
        return QStringLiteral(CUSTOS_TEST_DATA_DIR "/import/") + relative;
    }

    // SHA-256 of the first key's SubjectPublicKeyInfo, read independently of the wizard.
    static QString fingerprintOf(const QString& path)
    {
        QFile file(path);
        if (!file.open(QIODevice::ReadOnly))
            return {};
        const auto contents = custos::crypto::import::readKeyFile(file.readAll(), nullptr);
        if (!contents || contents.value().keys.isEmpty())
            return {};
        return QString::fromLatin1(
            QCryptographicHash::hash(contents.value().keys.first().publicKeyDer, QCryptographicHash::Sha256).toHex());
    }

    custos::model::Vault vault()
    {
        auto shown = run([](custos::model::Services& s) { return s.vaults().show(QStringLiteral("payments")); });
        return shown ? shown.value() : custos::model::Vault{};
    }

    int keyCount()
    {
        auto keys = run([](custos::model::Services& s) { return s.keys().list(QStringLiteral("payments")); });
        return keys ? int(keys.value().size()) : -1;
    }

    std::unique_ptr<KeyImportWizard> makeWizard()
    {
        auto wizard = std::make_unique<KeyImportWizard>(*m_host, vault());
        m_tester = std::make_unique<QAbstractItemModelTester>(wizard->bulkModel(),
                                                              QAbstractItemModelTester::FailureReportingMode::QtTest);
        wizard->show();
        [&] { QVERIFY(QTest::qWaitForWindowActive(wizard.get())); }();
        return wizard;
    }

    template <typename T>
    static T* child(QWidget* parent, const char* name)
    {
        return parent->findChild<T*>(QLatin1String(name));
    }

    static void click(QWizard* wizard, QWizard::WizardButton which)
    {
        QAbstractButton* button = wizard->button(which);
        QVERIFY2(button->isEnabled() && button->isVisible(), qPrintable(button->objectName()));
        QTest::mouseClick(button, Qt::LeftButton);
    }

    static bool canAdvance(QWizard* wizard)
    {
        QAbstractButton* next = wizard->button(QWizard::NextButton);
        QAbstractButton* commit = wizard->button(QWizard::CommitButton);
        return (next->isVisible() && next->isEnabled()) || (commit->isVisible() && commit->isEnabled());
    }

    // Source page: a file, then Next.
    static void chooseFile(KeyImportWizard* wizard, const QString& path)
    {
        QCOMPARE(wizard->currentId(), int(Page::SourcePage));
        auto* edit = child<QLineEdit>(wizard, "filePathLineEdit");
        edit->setFocus();
        QTest::keyClicks(edit, path);
        click(wizard, QWizard::NextButton);
    }

    // From the source page to the destination page with the file's only key.
    static void toDestination(KeyImportWizard* wizard, const QString& path)
    {
        chooseFile(wizard, path);
        QTRY_COMPARE(wizard->currentId(), int(Page::PreviewPage));
        QTRY_VERIFY(wizard->button(QWizard::NextButton)->isEnabled());
        click(wizard, QWizard::NextButton);
        QTRY_COMPARE(wizard->currentId(), int(Page::DestinationPage));
    }

    static void setName(KeyImportWizard* wizard, const QString& name)
    {
        auto* edit = child<QLineEdit>(wizard, "nameLineEdit");
        QTRY_VERIFY(edit->hasFocus()); // the page gives it the focus once shown
        edit->selectAll();
        QTest::keyClick(edit, Qt::Key_Backspace);
        QTest::keyClicks(edit, name);
    }

    QTemporaryDir m_dir;
    std::unique_ptr<custos::model::ServiceHost> m_host;
    std::unique_ptr<QAbstractItemModelTester> m_tester;

private Q_SLOTS:
    void initTestCase()
    {
        initKeyImportResources();
        m_host = custos::test::makeHostedWorkspace(m_dir.filePath(QStringLiteral("ws")));
        QVERIFY(m_host);
        custos::model::VaultCreateRequest request(QStringLiteral("payments"));
        auto created = run([request](custos::model::Services& s) { return s.vaults().create(request); });
        QVERIFY2(created, errorText(created).constData());
        custos::model::KeyCreateRequest key;
        key.vault = QStringLiteral("payments");
        key.name = QStringLiteral("signing-1");
        key.kty = custos::crypto::KeyKind::Ec;
        auto made = run([key](custos::model::Services& s) { return s.keys().create(key); });
        QVERIFY2(made, errorText(made).constData());
    }

    void cleanup() { m_tester.reset(); }

    void cleanupTestCase() { m_host.reset(); }

    void importsAPemKeyFromFileToCommit()
    {
        const QString path = dataFile(QStringLiteral("good/ec-p256.pkcs8.pem"));
        const QString fingerprint = fingerprintOf(path);
        QVERIFY(!fingerprint.isEmpty());
        auto wizard = makeWizard();
        QSignalSpy imported(wizard.get(), &KeyImportWizard::imported);
        chooseFile(wizard.get(), path);
        QTRY_COMPARE(wizard->currentId(), int(Page::PreviewPage));
        auto* preview = static_cast<custos::ui::ImportPreviewPage*>(wizard->currentPage());
        QTRY_VERIFY(!preview->isLoading());
        auto* details = child<QLabel>(wizard.get(), "keyDetailsLabel");
        QVERIFY2(details->text().contains(fingerprint), qPrintable(details->text()));
        QVERIFY(details->text().contains(QStringLiteral("EC P-256")));
        QVERIFY(child<QLabel>(wizard.get(), "previewSummaryLabel")->text().contains(QStringLiteral("PKCS#8")));
        click(wizard.get(), QWizard::NextButton);

        QTRY_COMPARE(wizard->currentId(), int(Page::DestinationPage));
        QCOMPARE(child<QLineEdit>(wizard.get(), "nameLineEdit")->text(), QStringLiteral("ec-p256-pkcs8"));
        setName(wizard.get(), QStringLiteral("imported-1"));
        // EC keys sign and verify; encryption cannot be chosen.
        QVERIFY(child<QCheckBox>(wizard.get(), "signCheckBox")->isChecked());
        QVERIFY(!child<QCheckBox>(wizard.get(), "encryptCheckBox")->isEnabled());
        QTRY_VERIFY(wizard->button(QWizard::NextButton)->isEnabled());
        click(wizard.get(), QWizard::NextButton);

        QTRY_COMPARE(wizard->currentId(), int(Page::ReviewPage));
        const QString summary = child<QPlainTextEdit>(wizard.get(), "reviewSummaryTextEdit")->toPlainText();
        QVERIFY(summary.contains(QStringLiteral("imported-1")));
        QVERIFY(summary.contains(fingerprint));
        click(wizard.get(), QWizard::CommitButton);

        QTRY_COMPARE(wizard->currentId(), int(Page::CommitPage));
        auto* commit = static_cast<custos::ui::ImportCommitPage*>(wizard->currentPage());
        QTRY_VERIFY_WITH_TIMEOUT(commit->isDone(), 15000);
        QVERIFY2(!child<custos::ui::InlineMessage>(wizard.get(), "commitMessageLabel")->isError(),
                 qPrintable(child<QLabel>(wizard.get(), "commitMessageLabel")->text()));
        QCOMPARE(imported.count(), 1);
        QVERIFY(wizard->button(QWizard::FinishButton)->isEnabled());

        auto key = run([](custos::model::Services& s) {
            return s.keys().show(QStringLiteral("payments"), QStringLiteral("imported-1"));
        });
        QVERIFY2(key, errorText(key).constData());
        QCOMPARE(key.value().kty, custos::crypto::KeyKind::Ec);
        QCOMPARE(key.value().curve, QStringLiteral("P-256"));
        const QString stored = QString::fromLatin1(
            QCryptographicHash::hash(key.value().currentVersion.publicKeyDer, QCryptographicHash::Sha256).toHex());
        QCOMPARE(stored, fingerprint);

        // One audited KeyImport that names the fingerprint.
        auto events = run([](custos::model::Services& s) {
            custos::model::AuditFilter filter;
            filter.operation = QStringLiteral("KeyImport");
            filter.resourcePrefix = QStringLiteral("/vaults/payments/keys/imported-1");
            return s.audit().list(filter);
        });
        QVERIFY2(events, errorText(events).constData());
        QCOMPARE(events.value().size(), 1);
        QVERIFY(QJsonDocument(events.value().first().details).toJson().contains(fingerprint.toLatin1()));
    }

    void encryptedKeyAsksForThePassword()
    {
        auto wizard = makeWizard();
        chooseFile(wizard.get(), dataFile(QStringLiteral("good/ec-p384.pbkdf2.pem")));
        QTRY_COMPARE(wizard->currentId(), int(Page::PasswordPage));
        auto* password = child<QLineEdit>(wizard.get(), "passwordLineEdit");
        QCOMPARE(password->echoMode(), QLineEdit::Password);
        QTRY_COMPARE(QApplication::focusWidget(), password);
        QVERIFY(!wizard->button(QWizard::NextButton)->isEnabled());

        // A wrong password: the error is shown on this page and the field is empty again.
        QTest::keyClicks(password, QStringLiteral("wrong-password"));
        QVERIFY(!password->accessibleName().contains(QStringLiteral("wrong")));
        QTest::keyClick(password, Qt::Key_Return); // Enter advances
        auto* message = child<custos::ui::InlineMessage>(wizard.get(), "passwordMessageLabel");
        QTRY_VERIFY(message->isError() && message->isVisible());
        QVERIFY2(message->text().contains(QStringLiteral("password")), qPrintable(message->text()));
        QCOMPARE(wizard->currentId(), int(Page::PasswordPage));
        QVERIFY(password->text().isEmpty());
        QVERIFY(!wizard->state().password);

        // Typed, then Back: wiped.
        QTest::keyClicks(password, QStringLiteral("custos-test"));
        click(wizard.get(), QWizard::BackButton);
        QCOMPARE(wizard->currentId(), int(Page::SourcePage));
        QVERIFY(password->text().isEmpty());
        QVERIFY(!wizard->state().password);

        // The right one reads the key.
        click(wizard.get(), QWizard::NextButton);
        QTRY_COMPARE(wizard->currentId(), int(Page::PasswordPage));
        QVERIFY(password->text().isEmpty());
        QTest::keyClicks(password, QStringLiteral("custos-test"));
        QTest::keyClick(password, Qt::Key_Return);
        QTRY_COMPARE(wizard->currentId(), int(Page::PreviewPage));
        QVERIFY(password->text().isEmpty());
        QTRY_VERIFY(wizard->button(QWizard::NextButton)->isEnabled());
        QVERIFY(child<QLabel>(wizard.get(), "keyDetailsLabel")->text().contains(QStringLiteral("EC P-384")));
        QVERIFY(!child<QLabel>(wizard.get(), "previewSummaryLabel")->text().contains(QStringLiteral("none")));
        // Back from the preview drops the password too.
        click(wizard.get(), QWizard::BackButton);
        QCOMPARE(wizard->currentId(), int(Page::PasswordPage));
        QVERIFY(!wizard->state().password);
        QVERIFY(password->text().isEmpty());
    }

    void cancelOnEveryPageImportsNothing()
    {
        const int before = keyCount();
        QVERIFY(before > 0);
        const QString plain = dataFile(QStringLiteral("good/rsa2048.pkcs1.pem"));
        for (int stop : {int(Page::SourcePage), int(Page::PasswordPage), int(Page::PreviewPage),
                         int(Page::DestinationPage), int(Page::ReviewPage)}) {
            auto wizard = makeWizard();
            QSignalSpy rejected(wizard.get(), &QDialog::rejected);
            if (stop == int(Page::PasswordPage)) {
                chooseFile(wizard.get(), dataFile(QStringLiteral("good/ec-p384.pbkdf2.pem")));
                QTRY_COMPARE(wizard->currentId(), stop);
                QTest::keyClicks(child<QLineEdit>(wizard.get(), "passwordLineEdit"), QStringLiteral("custos-test"));
            } else if (stop != int(Page::SourcePage)) {
                chooseFile(wizard.get(), plain);
                QTRY_COMPARE(wizard->currentId(), int(Page::PreviewPage));
                if (stop != int(Page::PreviewPage)) {
                    QTRY_VERIFY(wizard->button(QWizard::NextButton)->isEnabled());
                    click(wizard.get(), QWizard::NextButton);
                    QTRY_COMPARE(wizard->currentId(), int(Page::DestinationPage));
                    setName(wizard.get(), QStringLiteral("cancelled-1"));
                    if (stop == int(Page::ReviewPage)) {
                        QTRY_VERIFY(wizard->button(QWizard::NextButton)->isEnabled());
                        click(wizard.get(), QWizard::NextButton);
                        QTRY_COMPARE(wizard->currentId(), int(Page::ReviewPage));
                    }
                }
            }
            click(wizard.get(), QWizard::CancelButton);
            QCOMPARE(rejected.count(), 1);
            QVERIFY(!wizard->state().password);
            QVERIFY(!wizard->isVisible());
        }
        // Cancel while the preview is still being read: the late answer is dropped.
        {
            auto wizard = makeWizard();
            chooseFile(wizard.get(), plain);
            QCOMPARE(wizard->currentId(), int(Page::PreviewPage));
            click(wizard.get(), QWizard::CancelButton);
            QTest::qWait(500);
            QVERIFY(!wizard->state().preview);
        }
        QCOMPARE(keyCount(), before);
    }

    void liveNameValidation()
    {
        auto wizard = makeWizard();
        toDestination(wizard.get(), dataFile(QStringLiteral("good/rsa2048.pkcs1.pem")));
        auto* message = child<custos::ui::InlineMessage>(wizard.get(), "destinationMessageLabel");
        auto* next = wizard->button(QWizard::NextButton);
        setName(wizard.get(), QStringLiteral("bad name!"));
        QVERIFY(message->isError());
        QVERIFY2(message->text().contains(QStringLiteral("letters, digits and dashes")), qPrintable(message->text()));
        QVERIFY(!next->isEnabled());
        // In use in the vault: checked against the service as it is typed.
        setName(wizard.get(), QStringLiteral("signing-1"));
        QTRY_VERIFY(message->text().contains(QStringLiteral("already")));
        QVERIFY(message->isError());
        QVERIFY(!next->isEnabled());
        setName(wizard.get(), QStringLiteral("fresh-1"));
        QTRY_VERIFY(next->isEnabled());
        QVERIFY(!message->isError());
        // Tags are checked too.
        auto* tags = child<QLineEdit>(wizard.get(), "tagsLineEdit");
        QTest::keyClicks(tags, QStringLiteral("owner"));
        QVERIFY(message->isError());
        QVERIFY(!next->isEnabled());
        QTest::keyClicks(tags, QStringLiteral("=pki"));
        QTRY_VERIFY(next->isEnabled());
        wizard->reject();
    }

    void duplicateBecomesANewVersion()
    {
        // imported-1 holds this key (the SEC1 DER file has the PKCS#8 file's key).
        auto wizard = makeWizard();
        auto* preview = wizard->page(Page::PreviewPage);
        chooseFile(wizard.get(), dataFile(QStringLiteral("good/ec-p256.sec1.der")));
        QTRY_COMPARE(wizard->currentId(), int(Page::PreviewPage));
        QTRY_VERIFY(preview->isComplete());
        QVERIFY(child<QLabel>(wizard.get(), "keyDetailsLabel")->text().contains(QStringLiteral("imported-1")));
        click(wizard.get(), QWizard::NextButton);
        QTRY_COMPARE(wizard->currentId(), int(Page::DestinationPage));
        setName(wizard.get(), QStringLiteral("dup-2"));
        QTRY_VERIFY(wizard->button(QWizard::NextButton)->isEnabled());
        click(wizard.get(), QWizard::NextButton);
        QTRY_COMPARE(wizard->currentId(), int(Page::DuplicatesPage));
        QVERIFY(
            child<QLabel>(wizard.get(), "duplicatesDescriptionLabel")->text().contains(QStringLiteral("imported-1")));
        QVERIFY(child<QRadioButton>(wizard.get(), "newVersionRadioButton")->isChecked());
        QVERIFY(child<QRadioButton>(wizard.get(), "newNameRadioButton")->text().contains(QStringLiteral("dup-2")));
        click(wizard.get(), QWizard::NextButton);
        QTRY_COMPARE(wizard->currentId(), int(Page::ReviewPage));
        QVERIFY(child<QPlainTextEdit>(wizard.get(), "reviewSummaryTextEdit")
                    ->toPlainText()
                    .contains(QStringLiteral("new version of key 'imported-1'")));
        click(wizard.get(), QWizard::CommitButton);
        auto* commit = static_cast<custos::ui::ImportCommitPage*>(wizard->page(Page::CommitPage));
        QTRY_VERIFY_WITH_TIMEOUT(commit->isDone(), 15000);
        QVERIFY2(!child<custos::ui::InlineMessage>(wizard.get(), "commitMessageLabel")->isError(),
                 qPrintable(child<QLabel>(wizard.get(), "commitMessageLabel")->text()));

        auto versions = run([](custos::model::Services& s) {
            return s.keys().versions(QStringLiteral("payments"), QStringLiteral("imported-1"));
        });
        QVERIFY2(versions, errorText(versions).constData());
        QCOMPARE(versions.value().size(), 2);
        auto other = run([](custos::model::Services& s) {
            return s.keys().show(QStringLiteral("payments"), QStringLiteral("dup-2"));
        });
        QVERIFY(!other);

        // Stop on the duplicates page closes the wizard without importing.
        const int before = keyCount();
        auto again = makeWizard();
        chooseFile(again.get(), dataFile(QStringLiteral("good/ec-p256.pkcs8.pem")));
        QTRY_COMPARE(again->currentId(), int(Page::PreviewPage));
        QTRY_VERIFY(again->button(QWizard::NextButton)->isEnabled());
        click(again.get(), QWizard::NextButton);
        setName(again.get(), QStringLiteral("dup-3"));
        QTRY_VERIFY(again->button(QWizard::NextButton)->isEnabled());
        click(again.get(), QWizard::NextButton);
        QTRY_COMPARE(again->currentId(), int(Page::DuplicatesPage));
        QSignalSpy rejected(again.get(), &QDialog::rejected);
        child<QRadioButton>(again.get(), "stopRadioButton")->click();
        click(again.get(), QWizard::NextButton);
        QCOMPARE(rejected.count(), 1);
        QCOMPARE(keyCount(), before);
    }

    void bulkFolderReportsTheBadFile()
    {
        QTemporaryDir folder;
        QVERIFY(QFile::copy(dataFile(QStringLiteral("good/ec-p256.jwk")), folder.filePath(QStringLiteral("web.jwk"))));
        QVERIFY(QFile::copy(dataFile(QStringLiteral("good/rsa2048.pkcs1.pem")),
                            folder.filePath(QStringLiteral("legacy-rsa.pem"))));
        QVERIFY(
            QFile::copy(dataFile(QStringLiteral("bad/not-a-key.txt")), folder.filePath(QStringLiteral("notes.txt"))));
        QVERIFY(QDir(folder.path()).mkdir(QStringLiteral("sub"))); // not recursive: ignored

        auto wizard = makeWizard();
        child<QRadioButton>(wizard.get(), "folderRadioButton")->click();
        QTest::keyClicks(child<QLineEdit>(wizard.get(), "folderPathLineEdit"), folder.path());
        click(wizard.get(), QWizard::NextButton);
        QTRY_COMPARE(wizard->currentId(), int(Page::BulkPage));
        auto* model = wizard->bulkModel();
        QCOMPARE(model->rowCount(), 3);
        QCOMPARE(model->items().at(0).name, QStringLiteral("legacy-rsa")); // by file name
        QCOMPARE(model->items().at(1).name, QStringLiteral("notes"));
        QCOMPARE(model->items().at(2).name, QStringLiteral("web"));
        // Names are edited in the table and checked.
        const QModelIndex name = model->index(2, custos::ui::KeyImportBulkModel::NameColumn);
        QVERIFY(model->setData(name, QStringLiteral("legacy-rsa")));
        QVERIFY(!wizard->button(QWizard::CommitButton)->isEnabled());
        QVERIFY(model->data(name, Qt::ToolTipRole).toString().contains(QStringLiteral("row 1")));
        QVERIFY(model->setData(name, QStringLiteral("bulk-web")));
        QVERIFY(wizard->button(QWizard::CommitButton)->isEnabled());
        QCOMPARE(model->data(model->index(0, custos::ui::KeyImportBulkModel::VaultColumn)).toString(),
                 QStringLiteral("payments"));
        click(wizard.get(), QWizard::CommitButton);

        auto* commit = static_cast<custos::ui::ImportCommitPage*>(wizard->page(Page::CommitPage));
        QTRY_VERIFY_WITH_TIMEOUT(commit->isDone(), 30000);
        using Status = custos::ui::KeyImportBulkItem::Status;
        QCOMPARE(model->items().at(0).status, Status::Imported);
        QCOMPARE(model->items().at(1).status, Status::Failed);
        QVERIFY2(model->items().at(1).result.contains(QStringLiteral("not a key file")),
                 qPrintable(model->items().at(1).result));
        QCOMPARE(model->items().at(2).status, Status::Imported);
        QVERIFY(!(model->flags(name) & Qt::ItemIsEditable)); // fixed once imported
        for (const QString& key : {QStringLiteral("legacy-rsa"), QStringLiteral("bulk-web")}) {
            auto shown =
                run([key](custos::model::Services& s) { return s.keys().show(QStringLiteral("payments"), key); });
            QVERIFY2(shown, errorText(shown).constData());
        }
        auto notes = run([](custos::model::Services& s) {
            return s.keys().show(QStringLiteral("payments"), QStringLiteral("notes"));
        });
        QVERIFY(!notes);
    }

    void pastedKeySetImportsInBulk()
    {
        QFile set(dataFile(QStringLiteral("good/set.jwks")));
        QVERIFY(set.open(QIODevice::ReadOnly));
        auto wizard = makeWizard();
        child<QRadioButton>(wizard.get(), "pasteRadioButton")->click();
        auto* paste = child<QPlainTextEdit>(wizard.get(), "pasteTextEdit");
        paste->setPlainText(QString::fromUtf8(set.readAll()));
        child<QCheckBox>(wizard.get(), "bulkCheckBox")->click();
        click(wizard.get(), QWizard::NextButton);
        QTRY_COMPARE(wizard->currentId(), int(Page::PreviewPage));
        QTRY_VERIFY(wizard->button(QWizard::NextButton)->isEnabled());
        auto* keys = child<QListWidget>(wizard.get(), "keysListWidget");
        QCOMPARE(keys->count(), 3);
        QVERIFY(keys->isVisible());
        click(wizard.get(), QWizard::NextButton);
        QTRY_COMPARE(wizard->currentId(), int(Page::BulkPage));
        auto* model = wizard->bulkModel();
        QCOMPARE(model->rowCount(), 3);
        QStringList names;
        for (const auto& item : model->items())
            names << item.name;
        QVERIFY2(names.first().startsWith(QStringLiteral("JWK")), qPrintable(names.join(QLatin1Char(' '))));
        click(wizard.get(), QWizard::CommitButton);
        auto* commit = static_cast<custos::ui::ImportCommitPage*>(wizard->page(Page::CommitPage));
        QTRY_VERIFY_WITH_TIMEOUT(commit->isDone(), 30000);
        for (const auto& item : model->items()) {
            QVERIFY2(item.status == custos::ui::KeyImportBulkItem::Status::Imported,
                     qPrintable(item.name + QStringLiteral(": ") + item.result));
            const QString name = item.name;
            auto shown =
                run([name](custos::model::Services& s) { return s.keys().show(QStringLiteral("payments"), name); });
            QVERIFY2(shown, errorText(shown).constData());
        }
    }

    void tokenSourceReportsAMissingModule()
    {
        auto wizard = makeWizard();
        child<QRadioButton>(wizard.get(), "tokenRadioButton")->click();
        QVERIFY(!wizard->button(QWizard::NextButton)->isEnabled());
        auto* list = child<QPushButton>(wizard.get(), "listObjectsPushButton");
        QVERIFY(!list->isEnabled());
        QTest::keyClicks(child<QLineEdit>(wizard.get(), "modulePathLineEdit"),
                         QStringLiteral("/nonexistent/libpkcs11.so"));
        QTest::keyClicks(child<QLineEdit>(wizard.get(), "tokenLabelLineEdit"), QStringLiteral("source"));
        auto* pin = child<QLineEdit>(wizard.get(), "tokenPinLineEdit");
        QCOMPARE(pin->echoMode(), QLineEdit::Password);
        QTest::keyClicks(pin, QStringLiteral("1234"));
        QTest::keyClick(pin, Qt::Key_Return); // lists
        QVERIFY(pin->text().isEmpty());       // the PIN went into a SecureBuffer
        auto* message = child<custos::ui::InlineMessage>(wizard.get(), "tokenMessageLabel");
        QTRY_VERIFY(message->isError() && !message->text().isEmpty());
        QVERIFY2(message->text().contains(QStringLiteral("/nonexistent/libpkcs11.so")), qPrintable(message->text()));
        QCOMPARE(wizard->currentId(), int(Page::SourcePage));
        QVERIFY(!wizard->button(QWizard::NextButton)->isEnabled());
        wizard->reject();
    }

    void keyboardReachesEveryControl()
    {
        auto wizard = makeWizard();
        // Source: the file field, then Enter advances.
        QTest::keyClick(wizard.get(), Qt::Key_F, Qt::AltModifier);
        QTRY_VERIFY(child<QRadioButton>(wizard.get(), "fileRadioButton")->hasFocus());
        QTest::keyClick(QApplication::focusWidget(), Qt::Key_Tab);
        QCOMPARE(QApplication::focusWidget(), child<QLineEdit>(wizard.get(), "filePathLineEdit"));
        QTest::keyClicks(QApplication::focusWidget(), dataFile(QStringLiteral("good/ec-p256.jwk")));
        QTest::keyClick(QApplication::focusWidget(), Qt::Key_Return);
        QTRY_COMPARE(wizard->currentId(), int(Page::PreviewPage));
        QTRY_VERIFY(wizard->button(QWizard::NextButton)->isEnabled());
        QTest::keyClick(wizard.get(), Qt::Key_Return);
        QTRY_COMPARE(wizard->currentId(), int(Page::DestinationPage));
        QTRY_COMPARE(QApplication::focusWidget(), child<QLineEdit>(wizard.get(), "nameLineEdit"));

        QTRY_VERIFY(wizard->button(QWizard::NextButton)->isEnabled()); // the name was checked
        // Tab from the name field around the page reaches every enabled control.
        QSet<QString> reached;
        for (int i = 0; i < 40; ++i) {
            QWidget* focus = QApplication::focusWidget();
            QVERIFY(focus);
            reached.insert(focus->objectName());
            QTest::keyClick(focus, Qt::Key_Tab);
        }
        for (const char* name :
             {"vaultComboBox", "nameLineEdit", "protectionComboBox", "signCheckBox", "verifyCheckBox",
              "notBeforeCheckBox", "expiresCheckBox", "tagsLineEdit", "nextPushButton", "cancelPushButton"})
            QVERIFY2(reached.contains(QLatin1String(name)),
                     qPrintable(QStringList(reached.values()).join(QLatin1Char(' '))));
        QVERIFY(!reached.contains(QStringLiteral("encryptCheckBox"))); // EC: disabled
        // Enter on a field advances once the page is complete.
        child<QLineEdit>(wizard.get(), "nameLineEdit")->setFocus();
        setName(wizard.get(), QStringLiteral("keyboard-import"));
        QTRY_VERIFY(wizard->button(QWizard::NextButton)->isEnabled());
        QTest::keyClick(child<QLineEdit>(wizard.get(), "nameLineEdit"), Qt::Key_Return);
        QTRY_VERIFY(wizard->currentId() == int(Page::ReviewPage) || wizard->currentId() == int(Page::DuplicatesPage));
        wizard->reject();
    }

    void importActionOpensTheWizard()
    {
        custos::ui::MainWindow window(*m_host);
        window.show();
        QVERIFY(QTest::qWaitForWindowActive(&window));
        QVERIFY(QTest::qWaitFor([&] { return window.selectVault(QStringLiteral("payments")); }, 10000));
        QAction* action = window.keyActions()->importKey();
        QCOMPARE(action->shortcut(), QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_I));
        QVERIFY(action->isEnabled());
        QTest::keyClick(&window, Qt::Key_I, Qt::ControlModifier | Qt::ShiftModifier);
        KeyImportWizard* wizard = nullptr;
        QTRY_VERIFY((wizard = window.findChild<KeyImportWizard*>()) && wizard->isVisible());
        QVERIFY(wizard->windowTitle().contains(QStringLiteral("payments")));
        // Imported through the window: the keys view lists and selects the new key.
        toDestination(wizard, dataFile(QStringLiteral("good/aes256.hex")));
        setName(wizard, QStringLiteral("from-window"));
        QTRY_VERIFY(wizard->button(QWizard::NextButton)->isEnabled());
        click(wizard, QWizard::NextButton);
        QTRY_COMPARE(wizard->currentId(), int(Page::ReviewPage));
        click(wizard, QWizard::CommitButton);
        auto* commit = static_cast<custos::ui::ImportCommitPage*>(wizard->page(Page::CommitPage));
        QTRY_VERIFY_WITH_TIMEOUT(commit->isDone(), 15000);
        click(wizard, QWizard::FinishButton);
        QTRY_VERIFY(window.keysView()->keyModel()->indexOf(QStringLiteral("from-window")).isValid());
        QTRY_COMPARE(window.keysView()->selectedKey()->name, QStringLiteral("from-window"));
        QCOMPARE(window.keysView()->selectedKey()->kty, custos::crypto::KeyKind::Aes);
    }

    void byokFileAsksForItsKek()
    {
        custos::model::KeyCreateRequest r;
        r.vault = QStringLiteral("payments");
        r.name = QStringLiteral("kek");
        r.kty = custos::crypto::KeyKind::Rsa;
        r.size = 2048;
        r.keyOps = {QStringLiteral("import")};
        auto kek = run([r](custos::model::Services& s) { return s.keys().create(r); });
        QVERIFY2(kek, errorText(kek).constData());
        QFile source(dataFile(QStringLiteral("good/rsa2048.pkcs1.pem")));
        QVERIFY(source.open(QIODevice::ReadOnly));
        auto target = custos::crypto::import::readKeyFile(source.readAll(), nullptr);
        QVERIFY(target);
        auto ciphertext = custos::crypto::byok::wrapForKek(kek.value().currentVersion.publicKeyDer,
                                                           target.value().keys.first().privateKey);
        QVERIFY2(ciphertext, errorText(ciphertext).constData());
        custos::crypto::byok::ByokFile file;
        file.kid = kek.value().kid();
        file.ciphertext = ciphertext.value();
        file.generator = QStringLiteral("TestKeyImportWizard");
        QTemporaryDir folder;
        QFile out(folder.filePath(QStringLiteral("moved.byok")));
        QVERIFY(out.open(QIODevice::WriteOnly));
        out.write(custos::crypto::byok::toJson(file));
        out.close();

        auto wizard = makeWizard();
        chooseFile(wizard.get(), out.fileName());
        QTRY_COMPARE(wizard->currentId(), int(Page::PreviewPage));
        QTRY_VERIFY(wizard->button(QWizard::NextButton)->isEnabled());
        QVERIFY(child<QLabel>(wizard.get(), "previewSummaryLabel")->text().contains(kek.value().kid()));
        click(wizard.get(), QWizard::NextButton);
        QTRY_COMPARE(wizard->currentId(), int(Page::DestinationPage));
        // The KEK is offered (the vault's keys whose key_ops are exactly [import]); HSM only.
        auto* kekCombo = child<QComboBox>(wizard.get(), "kekComboBox");
        QTRY_COMPARE(kekCombo->currentText(), QStringLiteral("kek"));
        QCOMPARE(kekCombo->count(), 1);
        auto* protection = child<QComboBox>(wizard.get(), "protectionComboBox");
        QVERIFY(!protection->isEnabled());
        QCOMPARE(protection->currentText(), QStringLiteral("HSM"));
        QVERIFY(!child<QWidget>(wizard.get(), "operationsGroupBox")->isVisible());
        QCOMPARE(child<QLineEdit>(wizard.get(), "nameLineEdit")->text(), QStringLiteral("moved"));
        QTRY_VERIFY(wizard->button(QWizard::NextButton)->isEnabled());
        click(wizard.get(), QWizard::NextButton);
        QTRY_COMPARE(wizard->currentId(), int(Page::ReviewPage));
        QVERIFY(child<QPlainTextEdit>(wizard.get(), "reviewSummaryTextEdit")
                    ->toPlainText()
                    .contains(QStringLiteral("kek")));
        click(wizard.get(), QWizard::CommitButton);
        auto* commit = static_cast<custos::ui::ImportCommitPage*>(wizard->page(Page::CommitPage));
        QTRY_VERIFY_WITH_TIMEOUT(commit->isDone(), 15000);
        QVERIFY2(!child<custos::ui::InlineMessage>(wizard.get(), "commitMessageLabel")->isError(),
                 qPrintable(child<QLabel>(wizard.get(), "commitMessageLabel")->text()));
        auto moved = run([](custos::model::Services& s) {
            return s.keys().show(QStringLiteral("payments"), QStringLiteral("moved"));
        });
        QVERIFY2(moved, errorText(moved).constData());
        QCOMPARE(moved.value().kty, custos::crypto::KeyKind::Rsa);
        QCOMPARE(moved.value().protection, custos::model::Protection::Hsm);
        QCOMPARE(moved.value().currentVersion.publicKeyDer, target.value().keys.first().publicKeyDer);
    }

    void importActionNeedsTheImportPermission()
    {
        auto added =
            custos::test::addOperatorWithRoles(*m_host, QStringLiteral("auditor"), {QStringLiteral("Crypto Auditor")});
        QVERIFY2(added, errorText(added).constData());
        auto switched = custos::test::switchOperator(*m_host, QStringLiteral("auditor"));
        QVERIFY2(switched, errorText(switched).constData());
        {
            custos::ui::KeyActions actions(*m_host);
            actions.setVault(vault());
            QVERIFY(!actions.importKey()->isEnabled());
            QVERIFY2(actions.importKey()->toolTip().contains(QStringLiteral("keys/import/action")),
                     qPrintable(actions.importKey()->toolTip()));
        }
        auto back = custos::test::switchOperator(*m_host, QStringLiteral("admin"));
        QVERIFY2(back, errorText(back).constData());
        custos::ui::KeyActions actions(*m_host);
        actions.setVault(vault());
        QVERIFY(actions.importKey()->isEnabled());
        QVERIFY(actions.applicable().contains(actions.importKey()));
    }

    void screenshot()
    {
        // Documentation: CUSTOS_SCREENSHOT_KEY_IMPORT=docs/screenshots/key-import.png test_ui TestKeyImportWizard
        const QString path = qEnvironmentVariable("CUSTOS_SCREENSHOT_KEY_IMPORT");
        if (path.isEmpty())
            QSKIP("set CUSTOS_SCREENSHOT_KEY_IMPORT to a PNG path to write one");
        auto wizard = makeWizard();
        wizard->resize(760, 600);
        chooseFile(wizard.get(), dataFile(QStringLiteral("good/ec-p256.cert-and-key.pem")));
        QTRY_COMPARE(wizard->currentId(), int(Page::PreviewPage));
        QTRY_VERIFY(wizard->currentPage()->isComplete());
        QTest::qWait(100);
        QVERIFY(wizard->grab().save(path));
    }
};

CUSTOS_REGISTER_TEST(TestKeyImportWizard)
#include "TestKeyImportWizard.moc"
