#pragma once

#include "model/domain/Vault.h"
#include "model/services/KeyImportService.h"

#include <QList>
#include <QWizard>

#include <memory>
#include <optional>

namespace custos::model {
class ServiceHost;
}

namespace custos::ui {

class KeyImportBulkModel;

// What the wizard's pages share: the source as read, its password, the preview and the choice.
struct KeyImportState
{
    model::KeyImportSource source; // bytes or contents; the password is below
    QString sourceLabel;           // the file name, "pasted text" or the token object
    bool needsPassword = false;
    std::shared_ptr<crypto::SecureBuffer> password; // null until given; wiped on Back, Cancel and after use
    std::optional<model::KeyImportPreview> preview;
    int candidate = 0;     // index into preview->keys
    bool bulk = false;     // every key of the source, or every file of a folder
    QStringList bulkFiles; // folder mode: the files, absolute paths
    QList<model::Vault> vaults;

    model::KeyImportSource sourceWithPassword() const;
    const model::KeyImportCandidate* selected() const;
};

// Imports keys into a vault, page by page: source (a file, pasted text, a PKCS#11 token object, or
// a folder / several keys in bulk) → password when the source is encrypted → preview (parsed off
// the GUI thread) → destination and policy → duplicates (when the same public key is in a vault)
// → review → commit. Runs KeyImportService through the host; Cancel works on every page and drops
// results that arrive after it.
class KeyImportWizard : public QWizard
{
    Q_OBJECT
public:
    enum PageId {
        SourcePage,
        PasswordPage,
        PreviewPage,
        DestinationPage,
        DuplicatesPage,
        ReviewPage,
        BulkPage,
        CommitPage
    };

    KeyImportWizard(model::ServiceHost& host, const model::Vault& vault, QWidget* parent = nullptr);
    ~KeyImportWizard() override;

    model::ServiceHost& host() const { return m_host; }
    KeyImportState& state() { return m_state; }
    const KeyImportState& state() const { return m_state; }
    const model::Vault& initialVault() const { return m_vault; }
    KeyImportBulkModel* bulkModel() const { return m_bulkModel; }

    // The single import as the pages have it (Destination, Duplicates).
    model::KeyImportRequest request() const;

    // Bumped by Cancel and whenever the source changes: an answer for an older one is dropped.
    int generation() const { return m_generation; }
    void invalidate();      // new generation, preview dropped
    void wipePassword();    // the SecureBuffer and the page's field
    void reject() override; // wipes and invalidates before closing

Q_SIGNALS:
    void imported(const QString& vault, const QString& name); // one per committed key
    void vaultsLoaded();

private:
    QCoro::Task<> loadVaults();

    model::ServiceHost& m_host;
    model::Vault m_vault;
    KeyImportState m_state;
    KeyImportBulkModel* m_bulkModel = nullptr;
    int m_generation = 0;
};

} // namespace custos::ui
