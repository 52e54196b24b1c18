#pragma once

// One custodian at a time (issue 7's restore, restore-blob and share drill): a key file with its
// password, or a card (pkcs11: URI, or token and object labels) with its PIN. "Present key" hands
// the credentials to the page's presenter, which decrypts off the GUI thread; the widget shows the
// holder and "k of M shares collected", or the error, and is ready for the next custodian. The
// password or PIN goes from its line edit straight into a SecureBuffer and the field is emptied.

#include "crypto/Outcome.h"
#include "crypto/SecureBuffer.h"
#include "crypto/sd/CustodianKey.h"
#include "model/services/SecurityDomainService.h"
#include "model/services/Services.h"
#include "model/session/ServiceHost.h"

#include <QCoro/QCoroTask>
#include <QStringList>
#include <QWidget>

#include <functional>
#include <memory>

class QLabel;
class QLineEdit;
class QListWidget;
class QPushButton;
class QRadioButton;
class QStackedWidget;

namespace custos::ui {

class InlineMessage;

// What a custodian entered. `secret` is the key file's password (empty: an unencrypted key) or the
// card's PIN; whoever opens the key clears it.
struct CustodianCredentials
{
    enum class Kind { KeyFile, Card };
    Kind kind = Kind::KeyFile;
    QString keyPath;
    QString cardUri; // pkcs11:token=...;object=...
    std::shared_ptr<crypto::SecureBuffer> secret;
};

// What one presentation gave, as the widget shows it.
struct CustodianPresentation
{
    QString holder;
    int sharesOpened = 0;
    int collected = -1; // -1: nothing is collected (the share drill)
    int required = 0;
    QStringList failedShares; // named, the others still count
};

// Opens a key file custodian on a QtConcurrent worker (the key file's KDF and the RSA parsing never
// run on the GUI thread). The password is wiped once used, whatever happens. A file key holds
// memory only, so it may be released on any thread.
QCoro::Task<Outcome<std::shared_ptr<crypto::sd::CustodianKey>>>
openKeyFileOffThread(QString keyPath, std::shared_ptr<crypto::SecureBuffer> password);

namespace detail {
template <typename T>
QCoro::Task<Outcome<T>> ready(Outcome<T> value)
{
    co_return value;
}

template <typename T, typename Use>
QCoro::Task<Outcome<T>> useCardOnServiceThread(model::Services* services, QString uri,
                                               std::shared_ptr<crypto::SecureBuffer> pin, Use use)
{
    auto opening = services->securityDomain().openTokenCustodian(uri, pin);
    Outcome<std::shared_ptr<crypto::sd::CustodianKey>> key = co_await opening;
    pin->clear();
    if (!key)
        co_return key.error();
    std::shared_ptr<crypto::sd::CustodianKey> card = key.take();
    auto using_ = use(*services, card);
    Outcome<T> result = co_await using_;
    card->wipe(); // logs out of the card here, on the service thread
    co_return result;
}
} // namespace detail

// A card custodian (pkcs11: URI, PIN) opened, used and wiped on the host's service thread, where
// the workspace's PKCS#11 module lives: `use(Services&, std::shared_ptr<CustodianKey>)` returns a
// QCoro::Task<Outcome<T>> (detail::ready wraps a plain Outcome). The key never reaches the GUI.
template <typename T, typename Use>
QCoro::Task<Outcome<T>> useCardCustodian(model::ServiceHost& host, QString uri,
                                         std::shared_ptr<crypto::SecureBuffer> pin, Use use)
{
    auto running =
        host.call([uri, pin, use](model::Services& s) { return detail::useCardOnServiceThread<T>(&s, uri, pin, use); });
    Outcome<T> result = co_await running;
    pin->clear();
    co_return result;
}

class CustodianInputWidget : public QWidget
{
    Q_OBJECT
public:
    using Presenter = std::function<QCoro::Task<Outcome<CustodianPresentation>>(CustodianCredentials)>;

    explicit CustodianInputWidget(QWidget* parent = nullptr);
    ~CustodianInputWidget() override;

    void setPresenter(Presenter presenter) { m_presenter = std::move(presenter); }
    // Cards need the workspace's PKCS#11 module: offered only with an open workspace.
    void setCardsAvailable(bool available);
    void setPresentText(const QString& text);
    // "k of M shares collected"; required <= 0 hides the line.
    void setProgress(int collected, int required);
    // No more custodians (the quorum is complete): the inputs are disabled, the secrets wiped.
    void setAcceptingKeys(bool accepting);

    bool isBusy() const { return m_busy; }
    // Each presentation, newest last: "Test Custodian 1: 1 share opened" or the error.
    QStringList history() const { return m_history; }
    void clearSecrets(); // the password and PIN fields emptied
    void reset();        // everything entered and shown forgotten (Back, Cancel)

Q_SIGNALS:
    void busyChanged(bool busy);
    void presented(const custos::ui::CustodianPresentation& presentation);
    void presentationFailed(const QString& message);

private:
    void updateState();
    void browse();
    void setBusy(bool busy);
    QCoro::Task<> present();
    CustodianCredentials takeCredentials();
    QString cardUri() const;

    Presenter m_presenter;
    QRadioButton* m_fileRadio = nullptr;
    QRadioButton* m_cardRadio = nullptr;
    QStackedWidget* m_stack = nullptr;
    QLineEdit* m_keyPathEdit = nullptr;
    QPushButton* m_browseButton = nullptr;
    QLineEdit* m_passwordEdit = nullptr;
    QLineEdit* m_cardEdit = nullptr;
    QLineEdit* m_objectEdit = nullptr;
    QLineEdit* m_pinEdit = nullptr;
    QPushButton* m_presentButton = nullptr;
    QLabel* m_progressLabel = nullptr;
    InlineMessage* m_message = nullptr;
    QListWidget* m_historyList = nullptr;
    QStringList m_history;
    bool m_busy = false;
    bool m_accepting = true;
    bool m_cardsAvailable = true;
};

} // namespace custos::ui
