#include "TokenObjectPicker.h"

#include "KeyImportSupport_p.h"
#include "crypto/import/TokenObjectSource.h"
#include "ui/security/SecretLineEdit.h"
#include "ui/security/SecretText.h"
#include "ui/widgets/InlineMessage.h"

#include <QCoro/QCoroFuture>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QLineEdit>
#include <QListWidget>
#include <QPointer>
#include <QProgressBar>
#include <QPushButton>
#include <QVBoxLayout>
#include <QtConcurrent>

namespace custos::ui {

namespace {

using crypto::import::KeyFileContents;
using crypto::import::TokenObjectEntry;
using crypto::import::TokenObjectSource;

// What one worker-thread open-and-list hands back (QFuture results must be copyable).
struct Listing
{
    std::shared_ptr<TokenObjectSource> source;
    QList<TokenObjectEntry> entries;
};

} // namespace

TokenObjectPicker::TokenObjectPicker(QWidget* parent) : QWidget(parent)
{
    m_moduleEdit = new QLineEdit(this);
    m_moduleEdit->setObjectName(QStringLiteral("modulePathLineEdit"));
    m_moduleEdit->setPlaceholderText(tr("e.g. /usr/lib/softhsm/libsofthsm2.so"));
    m_tokenEdit = new QLineEdit(this);
    m_tokenEdit->setObjectName(QStringLiteral("tokenLabelLineEdit"));
    m_pinEdit = new SecretLineEdit(this);
    m_pinEdit->setObjectName(QStringLiteral("tokenPinLineEdit"));
    m_pinEdit->setAccessibleName(tr("User PIN"));
    m_listButton = new QPushButton(tr("&List Objects"), this);
    m_listButton->setObjectName(QStringLiteral("listObjectsPushButton"));
    m_busy = new QProgressBar(this);
    m_busy->setObjectName(QStringLiteral("tokenBusyProgressBar"));
    m_busy->setRange(0, 0);
    m_busy->setTextVisible(false);
    m_busy->setMaximumHeight(8);
    m_busy->hide();
    m_objectList = new QListWidget(this);
    m_objectList->setObjectName(QStringLiteral("tokenObjectListWidget"));
    m_objectList->setAccessibleName(tr("Token objects"));
    m_message = new InlineMessage(this);
    m_message->setObjectName(QStringLiteral("tokenMessageLabel"));

    auto* form = new QFormLayout;
    form->setContentsMargins(0, 0, 0, 0);
    keyimport::addBuddyRow(form, this, tr("PKCS#11 &module:"), m_moduleEdit);
    keyimport::addBuddyRow(form, this, tr("Token &label:"), m_tokenEdit);
    keyimport::addBuddyRow(form, this, tr("User P&IN:"), m_pinEdit);
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addLayout(form);
    auto* row = new QHBoxLayout;
    row->addWidget(m_listButton);
    row->addWidget(m_busy, 1);
    layout->addLayout(row);
    layout->addWidget(m_objectList, 1);
    layout->addWidget(m_message);
    setTabOrder(m_moduleEdit, m_tokenEdit);
    setTabOrder(m_tokenEdit, m_pinEdit);
    setTabOrder(m_pinEdit, m_listButton);
    setTabOrder(m_listButton, m_objectList);

    auto updateButton = [this] {
        m_listButton->setEnabled(!m_moduleEdit->text().isEmpty() && !m_tokenEdit->text().isEmpty() &&
                                 !m_pinEdit->text().isEmpty());
    };
    connect(m_moduleEdit, &QLineEdit::textChanged, this, updateButton);
    connect(m_tokenEdit, &QLineEdit::textChanged, this, updateButton);
    connect(m_pinEdit, &QLineEdit::textChanged, this, updateButton);
    connect(m_pinEdit, &QLineEdit::returnPressed, m_listButton, &QPushButton::click);
    updateButton();
    connect(m_listButton, &QPushButton::clicked, this, [this] { listObjects(); });
    connect(m_objectList, &QListWidget::currentRowChanged, this, &TokenObjectPicker::selectionChanged);
}

TokenObjectPicker::~TokenObjectPicker()
{
    release();
}

void TokenObjectPicker::release()
{
    // The source logs out when destroyed: a PKCS#11 call, so never on the GUI thread.
    if (m_source)
        (void)QtConcurrent::run([source = std::move(m_source)]() mutable { source.reset(); });
    m_source.reset();
}

bool TokenObjectPicker::hasSelection() const
{
    const int row = m_objectList->currentRow();
    return m_source && row >= 0 && row < m_entries.size() && m_entries.at(row).importable;
}

QString TokenObjectPicker::selectedLabel() const
{
    const int row = m_objectList->currentRow();
    return row >= 0 && row < m_entries.size() ? tr("PKCS#11 object '%1'").arg(m_entries.at(row).label) : QString();
}

QWidget* TokenObjectPicker::lastField() const
{
    return m_objectList;
}

QCoro::Task<> TokenObjectPicker::listObjects()
{
    QPointer<TokenObjectPicker> guard(this);
    const int ticket = ++m_ticket;
    release();
    m_entries.clear();
    m_objectList->clear();
    m_message->clearMessage();
    m_busy->show();
    m_listButton->setEnabled(false);
    const QString module = m_moduleEdit->text();
    const QString token = m_tokenEdit->text();
    auto pin = std::make_shared<crypto::SecureBuffer>(takeSecret(m_pinEdit));
    QFuture<Outcome<Listing>> listing = QtConcurrent::run([module, token, pin]() -> Outcome<Listing> {
        auto opened = TokenObjectSource::open(module, token, *pin);
        pin->clear();
        if (!opened)
            return opened.error();
        Listing result;
        result.source = std::shared_ptr<TokenObjectSource>(std::move(opened.value()));
        auto entries = result.source->list();
        if (!entries) {
            // Released here, on the worker thread.
            result.source.reset();
            return entries.error();
        }
        result.entries = entries.value();
        return result;
    });
    Outcome<Listing> listed = co_await listing;
    if (!guard || ticket != m_ticket) {
        if (listed)
            (void)QtConcurrent::run([source = std::move(listed.value().source)]() mutable { source.reset(); });
        co_return;
    }
    m_busy->hide();
    m_listButton->setEnabled(true);
    if (!listed) {
        m_message->showError(listed.error().message);
        co_return;
    }
    m_source = std::move(listed.value().source);
    m_entries = listed.value().entries;
    for (const TokenObjectEntry& entry : std::as_const(m_entries)) {
        auto* item = new QListWidgetItem(tr("%1 — %2 (%3)").arg(entry.label, entry.description, entry.objectClass),
                                         m_objectList);
        if (!entry.importable) {
            item->setFlags(item->flags() & ~Qt::ItemIsEnabled);
            item->setToolTip(entry.whyNot);
            item->setText(item->text() + QStringLiteral(" — ") + entry.whyNot);
        }
    }
    if (m_entries.isEmpty())
        m_message->showHint(tr("The token holds no certificates or keys."));
    Q_EMIT selectionChanged();
}

QCoro::Task<Outcome<std::shared_ptr<const KeyFileContents>>> TokenObjectPicker::readSelected()
{
    if (!hasSelection())
        co_return makeError(ErrorKind::Invalid, tr("Pick an importable object of the token."));
    std::shared_ptr<TokenObjectSource> source = m_source;
    const TokenObjectEntry entry = m_entries.at(m_objectList->currentRow());
    QFuture<Outcome<std::shared_ptr<const KeyFileContents>>> reading =
        QtConcurrent::run([source, entry]() -> Outcome<std::shared_ptr<const KeyFileContents>> {
            auto read = source->read(entry);
            if (!read)
                return read.error();
            return std::make_shared<const KeyFileContents>(std::move(read.value()));
        });
    source.reset(); // the worker's copy and the picker's keep it
    Outcome<std::shared_ptr<const KeyFileContents>> contents = co_await reading;
    co_return contents;
}

} // namespace custos::ui
