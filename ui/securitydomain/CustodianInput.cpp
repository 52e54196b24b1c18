#include "CustodianInput.h"

#include "CustodianInputSupport.h"
#include "crypto/sd/TokenCustodian.h"
#include "ui/security/SecretLineEdit.h"
#include "ui/security/SecretText.h"
#include "ui/widgets/InlineMessage.h"

#include <QButtonGroup>
#include <QCoreApplication>
#include <QCoro/QCoroFuture>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QPointer>
#include <QPushButton>
#include <QRadioButton>
#include <QStackedWidget>
#include <QVBoxLayout>
#include <QtConcurrent>

#include <exception>

namespace custos::ui {

namespace {

using KeyOutcome = Outcome<std::shared_ptr<crypto::sd::CustodianKey>>;

KeyOutcome openKeyFile(const QString& path, const std::shared_ptr<crypto::SecureBuffer>& password)
{
    try {
        auto opened = crypto::sd::openCustodianKeyFile(path, password->isEmpty() ? nullptr : password.get());
        password->clear();
        if (!opened)
            return opened.error();
        return std::shared_ptr<crypto::sd::CustodianKey>(opened.take());
    } catch (const std::exception& e) {
        password->clear();
        return makeError(ErrorKind::Failed, QStringLiteral("internal error: ") + QString::fromUtf8(e.what()));
    }
}

} // namespace

QCoro::Task<Outcome<std::shared_ptr<crypto::sd::CustodianKey>>>
openKeyFileOffThread(QString keyPath, std::shared_ptr<crypto::SecureBuffer> password)
{
    if (!password)
        password = std::make_shared<crypto::SecureBuffer>();
    if (keyPath.isEmpty()) {
        password->clear();
        co_return makeError(ErrorKind::Invalid, QCoreApplication::translate("custos::ui::CustodianInputWidget",
                                                                            "Choose the custodian's key file."));
    }
    QFuture<KeyOutcome> opening = QtConcurrent::run([keyPath, password]() { return openKeyFile(keyPath, password); });
    KeyOutcome key = co_await opening;
    co_return key;
}

CustodianInputWidget::CustodianInputWidget(QWidget* parent) : QWidget(parent)
{
    setObjectName(QStringLiteral("custodianInput"));

    m_fileRadio = new QRadioButton(tr("&Key file"), this);
    m_fileRadio->setObjectName(QStringLiteral("keyFileRadioButton"));
    m_fileRadio->setChecked(true);
    m_cardRadio = new QRadioButton(tr("C&ard (PKCS#11)"), this);
    m_cardRadio->setObjectName(QStringLiteral("cardRadioButton"));
    auto* kinds = new QButtonGroup(this);
    kinds->addButton(m_fileRadio);
    kinds->addButton(m_cardRadio);
    auto* kindRow = new QHBoxLayout;
    kindRow->addWidget(m_fileRadio);
    kindRow->addWidget(m_cardRadio);
    kindRow->addStretch();

    // Key file page.
    auto* filePage = new QWidget(this);
    m_keyPathEdit = new QLineEdit(filePage);
    m_keyPathEdit->setObjectName(QStringLiteral("keyPathLineEdit"));
    m_keyPathEdit->setPlaceholderText(tr("the custodian's private key (PEM); its .cer beside it"));
    m_browseButton = new QPushButton(tr("Br&owse…"), filePage);
    m_browseButton->setObjectName(QStringLiteral("browseKeyPushButton"));
    attachBrowse(m_browseButton, m_keyPathEdit, tr("Custodian Key File"), BrowseMode::Open,
                 tr("Private keys (*.key *.pem *.der);;All files (*)"));
    m_passwordEdit = new SecretLineEdit(filePage);
    m_passwordEdit->setObjectName(QStringLiteral("keyPasswordLineEdit"));
    m_passwordEdit->setAccessibleName(tr("Key file password"));
    m_passwordEdit->setPlaceholderText(tr("empty for an unencrypted key file"));
    auto* pathRow = new QHBoxLayout;
    pathRow->setContentsMargins(0, 0, 0, 0);
    pathRow->addWidget(m_keyPathEdit, 1);
    pathRow->addWidget(m_browseButton);
    auto* fileForm = new QFormLayout(filePage);
    fileForm->setContentsMargins(0, 0, 0, 0);
    auto* pathLabel = new QLabel(tr("Key &file:"), filePage);
    pathLabel->setBuddy(m_keyPathEdit);
    fileForm->addRow(pathLabel, pathRow);
    auto* passwordLabel = new QLabel(tr("Pass&word:"), filePage);
    passwordLabel->setBuddy(m_passwordEdit);
    fileForm->addRow(passwordLabel, m_passwordEdit);

    // Card page.
    auto* cardPage = new QWidget(this);
    m_cardEdit = new QLineEdit(cardPage);
    m_cardEdit->setObjectName(QStringLiteral("cardLineEdit"));
    m_cardEdit->setPlaceholderText(tr("pkcs11:token=…;object=… or the card's token label"));
    m_objectEdit = new QLineEdit(cardPage);
    m_objectEdit->setObjectName(QStringLiteral("cardObjectLineEdit"));
    m_objectEdit->setPlaceholderText(tr("the key's label on the card"));
    m_pinEdit = new SecretLineEdit(cardPage);
    m_pinEdit->setObjectName(QStringLiteral("cardPinLineEdit"));
    m_pinEdit->setAccessibleName(tr("Card PIN"));
    auto* cardForm = new QFormLayout(cardPage);
    cardForm->setContentsMargins(0, 0, 0, 0);
    auto* cardLabel = new QLabel(tr("&Card:"), cardPage);
    cardLabel->setBuddy(m_cardEdit);
    cardForm->addRow(cardLabel, m_cardEdit);
    auto* objectLabel = new QLabel(tr("Key &label:"), cardPage);
    objectLabel->setBuddy(m_objectEdit);
    cardForm->addRow(objectLabel, m_objectEdit);
    auto* pinLabel = new QLabel(tr("&PIN:"), cardPage);
    pinLabel->setBuddy(m_pinEdit);
    cardForm->addRow(pinLabel, m_pinEdit);

    m_stack = new QStackedWidget(this);
    m_stack->addWidget(filePage);
    m_stack->addWidget(cardPage);

    m_presentButton = new QPushButton(tr("&Present key"), this);
    m_presentButton->setObjectName(QStringLiteral("presentKeyPushButton"));
    auto* presentRow = new QHBoxLayout;
    presentRow->addStretch();
    presentRow->addWidget(m_presentButton);

    m_progressLabel = new QLabel(this);
    m_progressLabel->setObjectName(QStringLiteral("sharesCollectedLabel"));
    QFont bold = m_progressLabel->font();
    bold.setBold(true);
    m_progressLabel->setFont(bold);
    m_progressLabel->hide();

    m_message = new InlineMessage(this);
    m_message->setObjectName(QStringLiteral("custodianMessage"));

    m_historyList = new QListWidget(this);
    m_historyList->setObjectName(QStringLiteral("presentedListWidget"));
    m_historyList->setAccessibleName(tr("Custodians presented"));
    m_historyList->setMaximumHeight(110);

    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addLayout(kindRow);
    layout->addWidget(m_stack);
    layout->addLayout(presentRow);
    layout->addWidget(m_progressLabel);
    layout->addWidget(m_message);
    layout->addWidget(m_historyList);

    connect(m_fileRadio, &QRadioButton::toggled, this, [this](bool file) {
        m_stack->setCurrentIndex(file ? 0 : 1);
        clearSecrets();
        updateState();
    });
    for (QLineEdit* edit : {m_keyPathEdit, m_cardEdit, m_objectEdit})
        connect(edit, &QLineEdit::textChanged, this, &CustodianInputWidget::updateState);
    for (QLineEdit* edit : {m_passwordEdit, m_pinEdit, m_keyPathEdit})
        connect(edit, &QLineEdit::returnPressed, m_presentButton, &QPushButton::click);
    connect(m_presentButton, &QPushButton::clicked, this, [this] { present(); });
    updateState();
}

CustodianInputWidget::~CustodianInputWidget()
{
    clearSecrets();
}

void CustodianInputWidget::setCardsAvailable(bool available)
{
    m_cardsAvailable = available;
    m_cardRadio->setVisible(available);
    if (!available)
        m_fileRadio->setChecked(true);
    updateState();
}

void CustodianInputWidget::setPresentText(const QString& text)
{
    m_presentButton->setText(text);
}

void CustodianInputWidget::setProgress(int collected, int required)
{
    if (required <= 0) {
        m_progressLabel->clear();
        m_progressLabel->hide();
        return;
    }
    m_progressLabel->setText(tr("%1 of %2 shares collected").arg(collected).arg(required));
    m_progressLabel->show();
}

void CustodianInputWidget::setAcceptingKeys(bool accepting)
{
    m_accepting = accepting;
    if (!accepting)
        clearSecrets();
    updateState();
}

void CustodianInputWidget::clearSecrets()
{
    m_passwordEdit->clear();
    m_pinEdit->clear();
}

void CustodianInputWidget::reset()
{
    clearSecrets();
    m_keyPathEdit->clear();
    m_cardEdit->clear();
    m_objectEdit->clear();
    m_message->clearMessage();
    m_historyList->clear();
    m_history.clear();
    setProgress(0, 0);
    m_accepting = true;
    updateState();
}

QString CustodianInputWidget::cardUri() const
{
    const QString card = m_cardEdit->text().trimmed();
    if (crypto::sd::Pkcs11Uri::looksLikeUri(card))
        return card;
    crypto::sd::Pkcs11Uri uri;
    uri.token = card;
    uri.object = m_objectEdit->text().trimmed();
    return uri.toString();
}

void CustodianInputWidget::updateState()
{
    const bool card = m_cardRadio->isChecked();
    const bool uri = crypto::sd::Pkcs11Uri::looksLikeUri(m_cardEdit->text().trimmed());
    m_objectEdit->setEnabled(m_accepting && !m_busy && !uri);
    const bool entered =
        card ? !m_cardEdit->text().trimmed().isEmpty() && (uri || !m_objectEdit->text().trimmed().isEmpty())
             : !m_keyPathEdit->text().trimmed().isEmpty();
    const bool inputs = m_accepting && !m_busy;
    m_fileRadio->setEnabled(inputs);
    m_cardRadio->setEnabled(inputs);
    m_stack->setEnabled(inputs);
    m_presentButton->setEnabled(inputs && entered && m_presenter != nullptr);
}

void CustodianInputWidget::setBusy(bool busy)
{
    if (m_busy == busy)
        return;
    m_busy = busy;
    if (busy)
        m_message->showHint(tr("Decrypting this custodian's share…"));
    updateState();
    Q_EMIT busyChanged(busy);
}

CustodianCredentials CustodianInputWidget::takeCredentials()
{
    CustodianCredentials credentials;
    if (m_cardRadio->isChecked()) {
        credentials.kind = CustodianCredentials::Kind::Card;
        credentials.cardUri = cardUri();
        credentials.secret = std::make_shared<crypto::SecureBuffer>(takeSecret(m_pinEdit));
    } else {
        credentials.kind = CustodianCredentials::Kind::KeyFile;
        credentials.keyPath = m_keyPathEdit->text().trimmed();
        credentials.secret = std::make_shared<crypto::SecureBuffer>(takeSecret(m_passwordEdit));
    }
    clearSecrets(); // the other kind's field too
    return credentials;
}

QCoro::Task<> CustodianInputWidget::present()
{
    if (m_busy || !m_presenter || !m_presentButton->isEnabled())
        co_return;
    CustodianCredentials credentials = takeCredentials();
    std::shared_ptr<crypto::SecureBuffer> secret = credentials.secret;
    const QString source =
        credentials.kind == CustodianCredentials::Kind::Card ? credentials.cardUri : credentials.keyPath;
    QPointer<CustodianInputWidget> guard(this);
    setBusy(true);
    auto presenting = m_presenter(std::move(credentials));
    Outcome<CustodianPresentation> result = co_await presenting;
    secret->clear(); // whoever opened the key did already; this is the belt to those braces
    if (!guard)
        co_return;
    setBusy(false);
    clearSecrets();
    if (!result) {
        const QString message = result.error().message;
        m_message->showError(message);
        const QString line = tr("%1: %2").arg(source, message);
        m_history << line;
        m_historyList->addItem(line);
        m_historyList->scrollToBottom();
        Q_EMIT presentationFailed(message);
        co_return;
    }
    const CustodianPresentation& p = result.value();
    QString text = tr("%1 presented their key: %n share(s) opened.", nullptr, p.sharesOpened).arg(p.holder);
    if (!p.failedShares.isEmpty())
        text += QLatin1Char('\n') + tr("Not opened: %1").arg(p.failedShares.join(QStringLiteral("; ")));
    if (p.failedShares.isEmpty())
        m_message->showHint(text);
    else
        m_message->showError(text);
    const QString line = tr("%1: %n share(s) opened", nullptr, p.sharesOpened).arg(p.holder);
    m_history << line;
    m_historyList->addItem(line);
    m_historyList->scrollToBottom();
    if (p.collected >= 0)
        setProgress(p.collected, p.required);
    m_keyPathEdit->clear(); // ready for the next custodian
    m_cardEdit->clear();
    m_objectEdit->clear();
    Q_EMIT presented(p);
}

} // namespace custos::ui
