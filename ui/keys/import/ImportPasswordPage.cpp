#include "KeyImportPages.h"
#include "KeyImportWizard.h"
#include "model/services/Services.h"
#include "model/session/ServiceHost.h"
#include "ui/security/SecretLineEdit.h"
#include "ui/security/SecretText.h"
#include "ui/widgets/InlineMessage.h"

#include <QFormLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPointer>
#include <QProgressBar>
#include <QVBoxLayout>

namespace custos::ui {

ImportPasswordPage::ImportPasswordPage(KeyImportWizard* wizard) : QWizardPage(wizard), m_wizard(wizard)
{
    setObjectName(QStringLiteral("importPasswordPage"));
    setTitle(tr("Password"));
    m_description = new QLabel(this);
    m_description->setObjectName(QStringLiteral("passwordDescriptionLabel"));
    m_description->setWordWrap(true);
    m_passwordEdit = new SecretLineEdit(this);
    m_passwordEdit->setObjectName(QStringLiteral("passwordLineEdit"));
    // The accessible name says what the field is for, never its value.
    m_passwordEdit->setAccessibleName(tr("Password of the key file"));
    m_busy = new QProgressBar(this);
    m_busy->setObjectName(QStringLiteral("passwordBusyProgressBar"));
    m_busy->setRange(0, 0);
    m_busy->setTextVisible(false);
    m_busy->hide();
    m_message = new InlineMessage(this);
    m_message->setObjectName(QStringLiteral("passwordMessageLabel"));

    auto* form = new QFormLayout;
    auto* label = new QLabel(tr("&Password:"), this);
    label->setBuddy(m_passwordEdit);
    form->addRow(label, m_passwordEdit);
    auto* layout = new QVBoxLayout(this);
    layout->addWidget(m_description);
    layout->addLayout(form);
    layout->addWidget(m_busy);
    layout->addWidget(m_message);
    layout->addStretch();
    connect(m_passwordEdit, &QLineEdit::textChanged, this, [this] {
        if (!m_passwordEdit->text().isEmpty())
            m_message->clearMessage();
        Q_EMIT completeChanged();
    });
}

void ImportPasswordPage::initializePage()
{
    m_description->setText(tr("%1 is encrypted. Enter its password; it is used to read the key and wiped afterwards.")
                               .arg(m_wizard->state().sourceLabel));
    m_checked = false;
    m_checking = false;
    m_busy->hide();
    m_message->clearMessage();
    m_passwordEdit->setFocus();
}

void ImportPasswordPage::cleanupPage()
{
    m_wizard->invalidate();
    m_wizard->wipePassword();
}

void ImportPasswordPage::wipe()
{
    m_passwordEdit->clear();
    m_checked = false;
    m_checking = false;
    m_busy->hide();
}

bool ImportPasswordPage::isComplete() const
{
    return !m_checking && !m_passwordEdit->text().isEmpty();
}

bool ImportPasswordPage::validatePage()
{
    if (m_checked) {
        m_checked = false;
        return true;
    }
    m_wizard->invalidate();
    KeyImportState& state = m_wizard->state();
    state.password = std::make_shared<crypto::SecureBuffer>(takeSecret(m_passwordEdit));
    m_checking = true;
    m_busy->show();
    m_message->showHint(tr("Reading the key with this password…"));
    Q_EMIT completeChanged();
    check(m_wizard->generation());
    return false;
}

QCoro::Task<> ImportPasswordPage::check(int generation)
{
    QPointer<ImportPasswordPage> guard(this);
    const model::KeyImportSource source = m_wizard->state().sourceWithPassword();
    const QString vault = m_wizard->initialVault().name;
    auto task =
        m_wizard->host().call([source, vault](model::Services& s) { return s.keyImports().preview(source, vault); });
    auto preview = co_await task;
    if (!guard || generation != m_wizard->generation())
        co_return;
    m_checking = false;
    m_busy->hide();
    if (!preview) {
        // Wrong or missing password (or a file that turned out broken): say so here, start over.
        m_wizard->wipePassword();
        m_message->showError(preview.error().message);
        m_passwordEdit->setFocus();
        Q_EMIT completeChanged();
        co_return;
    }
    m_message->clearMessage();
    m_wizard->state().preview = preview.value();
    m_checked = true;
    Q_EMIT completeChanged();
    m_wizard->next();
}

int ImportPasswordPage::nextId() const
{
    return KeyImportWizard::PreviewPage;
}

} // namespace custos::ui
