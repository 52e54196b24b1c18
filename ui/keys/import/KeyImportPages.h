#pragma once

// The pages of KeyImportWizard, one .cpp each. Pages that wait for the service (the password page
// checks the password with a preview, the preview page parses, the commit page imports) start the
// call, keep Next or Finish disabled with a busy indicator, and drop the answer when the wizard's
// generation moved on (Cancel, Back, another source).

#include "model/domain/Vault.h"
#include "model/services/KeyImportService.h"

#include <QCoro/QCoroTask>
#include <QMap>
#include <QWizardPage>

class QButtonGroup;
class QCheckBox;
class QComboBox;
class QDateTimeEdit;
class QLabel;
class QLineEdit;
class QListWidget;
class QPlainTextEdit;
class QProgressBar;
class QPushButton;
class QRadioButton;
class QTableView;
class QTimer;

namespace custos::ui {

class InlineMessage;
class KeyImportWizard;
class TokenObjectPicker;

// 1. Where the key comes from: a file, pasted text, a PKCS#11 token object, or in bulk a folder
// (every regular file in it) or every key of one file.
class ImportSourcePage : public QWizardPage
{
    Q_OBJECT
public:
    enum class Mode { File, Paste, Token, Folder };
    explicit ImportSourcePage(KeyImportWizard* wizard);

    Mode mode() const;
    bool isComplete() const override;
    bool validatePage() override; // reads and detects; a token object is read off the GUI thread
    int nextId() const override;

private:
    void chooseFile();
    void chooseFolder();
    void updateState();
    bool useBytes(QByteArray bytes, const QString& fileName, const QString& label);
    bool useFolder(const QString& path);

    KeyImportWizard* m_wizard;
    QButtonGroup* m_modeGroup = nullptr;
    QLineEdit* m_fileEdit = nullptr;
    QPushButton* m_fileButton = nullptr;
    QCheckBox* m_bulkCheck = nullptr;
    QPlainTextEdit* m_pasteEdit = nullptr;
    TokenObjectPicker* m_tokenPicker = nullptr;
    QLineEdit* m_folderEdit = nullptr;
    QPushButton* m_folderButton = nullptr;
    InlineMessage* m_message = nullptr;
    bool m_tokenRead = false; // the picked token object's contents arrived: the next validatePage passes
};

// 2. The source's password (encrypted PKCS#8, traditional PEM, PKCS#12): checked by previewing
// with it; a wrong one is reported here and the field is empty again.
class ImportPasswordPage : public QWizardPage
{
    Q_OBJECT
public:
    explicit ImportPasswordPage(KeyImportWizard* wizard);

    void initializePage() override;
    void cleanupPage() override; // Back: the password is wiped
    bool isComplete() const override;
    bool validatePage() override;
    int nextId() const override;
    void wipe();

private:
    QCoro::Task<> check(int generation);

    KeyImportWizard* m_wizard;
    QLabel* m_description = nullptr;
    QLineEdit* m_passwordEdit = nullptr;
    QProgressBar* m_busy = nullptr;
    InlineMessage* m_message = nullptr;
    bool m_checking = false;
    bool m_checked = false;
};

// 3. What the source holds: format, encryption, warnings and each key (type, size or curve,
// fingerprint, certificate and chain, duplicates, refusal); several keys: pick one.
class ImportPreviewPage : public QWizardPage
{
    Q_OBJECT
public:
    explicit ImportPreviewPage(KeyImportWizard* wizard);

    void initializePage() override;
    void cleanupPage() override;
    bool isComplete() const override;
    bool validatePage() override;
    int nextId() const override;
    bool isLoading() const { return m_loading; }

private:
    QCoro::Task<> load(int generation);
    void showPreview();
    void showCandidate();

    KeyImportWizard* m_wizard;
    QProgressBar* m_busy = nullptr;
    QLabel* m_summary = nullptr;
    QListWidget* m_keysList = nullptr;
    QLabel* m_details = nullptr;
    InlineMessage* m_message = nullptr;
    bool m_loading = false;
};

// 4. Destination and policy: vault, name (checked as typed and against the vault's keys),
// protection within the vault's bound, exportable, key_ops the type supports, activation, expiry,
// tags; a .byok source asks for its KEK and is always HSM-protected.
class ImportDestinationPage : public QWizardPage
{
    Q_OBJECT
public:
    explicit ImportDestinationPage(KeyImportWizard* wizard);

    void initializePage() override;
    bool isComplete() const override;
    int nextId() const override;

    // The request's destination part (vault, name, kek, protection, ops, dates, tags).
    void fill(model::KeyImportRequest& request) const;
    QString vault() const;
    QString name() const;

private:
    void onVaultChanged();
    void scheduleNameCheck();
    QCoro::Task<> checkName(int ticket);
    QCoro::Task<> loadKeks(int ticket);
    void updateState();
    QString problem() const;
    QStringList possibleOperations() const;
    std::optional<model::Vault> selectedVault() const;
    bool isByok() const;

    KeyImportWizard* m_wizard;
    QComboBox* m_vaultCombo = nullptr;
    QLineEdit* m_nameEdit = nullptr;
    QWidget* m_protectionHolder = nullptr;
    QComboBox* m_protectionCombo = nullptr;
    QCheckBox* m_exportableCheck = nullptr;
    QWidget* m_opsBox = nullptr;
    QMap<QString, QCheckBox*> m_opChecks;
    QLabel* m_kekLabel = nullptr;
    QComboBox* m_kekCombo = nullptr;
    QCheckBox* m_notBeforeCheck = nullptr;
    QDateTimeEdit* m_notBeforeEdit = nullptr;
    QCheckBox* m_expiresCheck = nullptr;
    QDateTimeEdit* m_expiresEdit = nullptr;
    QLineEdit* m_tagsEdit = nullptr;
    QLabel* m_certificateNote = nullptr;
    InlineMessage* m_message = nullptr;
    QTimer* m_nameTimer = nullptr;
    int m_ticket = 0;      // the newest name check or KEK load
    QString m_checkedName; // "vault/name" the answer below is for
    bool m_nameTaken = false;
    bool m_nameChecked = false;
};

// 5. The same public key is in a vault already: add as a new version of it, import under the
// new name, or stop.
class ImportDuplicatesPage : public QWizardPage
{
    Q_OBJECT
public:
    explicit ImportDuplicatesPage(KeyImportWizard* wizard);

    void initializePage() override;
    bool validatePage() override;
    int nextId() const override;

    bool asVersion() const;
    std::optional<model::KeyImportDuplicate> target() const; // the key a new version goes to

private:
    KeyImportWizard* m_wizard;
    QLabel* m_description = nullptr;
    QRadioButton* m_versionRadio = nullptr;
    QComboBox* m_duplicateCombo = nullptr;
    QRadioButton* m_newNameRadio = nullptr;
    QRadioButton* m_stopRadio = nullptr;
    QList<model::KeyImportDuplicate> m_duplicates; // the active ones, in the combo's order
};

// 6. What will be imported, read only; Import commits.
class ImportReviewPage : public QWizardPage
{
    Q_OBJECT
public:
    explicit ImportReviewPage(KeyImportWizard* wizard);

    void initializePage() override;
    int nextId() const override;

private:
    KeyImportWizard* m_wizard;
    QPlainTextEdit* m_summary = nullptr;
};

// Bulk: every item with its vault and an editable name; Import commits them one by one.
class ImportBulkPage : public QWizardPage
{
    Q_OBJECT
public:
    explicit ImportBulkPage(KeyImportWizard* wizard);

    void initializePage() override;
    bool isComplete() const override;
    int nextId() const override;

private:
    void updateState();

    KeyImportWizard* m_wizard;
    QComboBox* m_vaultCombo = nullptr;
    QTableView* m_table = nullptr;
    InlineMessage* m_message = nullptr;
};

// 7. The import itself (audited by the service): progress, then the result, or per item in bulk.
class ImportCommitPage : public QWizardPage
{
    Q_OBJECT
public:
    explicit ImportCommitPage(KeyImportWizard* wizard);

    void initializePage() override;
    bool isComplete() const override;
    int nextId() const override;
    bool isDone() const { return m_done; }

private:
    QCoro::Task<> importOne(int generation);
    QCoro::Task<> importBulk(int generation);
    void finishWith(const QString& text, bool error);

    KeyImportWizard* m_wizard;
    QProgressBar* m_progress = nullptr;
    QLabel* m_result = nullptr;
    QTableView* m_table = nullptr;
    InlineMessage* m_message = nullptr;
    bool m_done = false;
};

} // namespace custos::ui
